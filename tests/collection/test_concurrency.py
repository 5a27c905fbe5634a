"""Two submissions of the same report at once: one row, one submission, the other refused."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from kechuang.collection import domain
from kechuang.collection.models import CarrierReport, ReportRevision
from tests.collection.conftest import PERIOD, VALID

requires_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks across threads need PostgreSQL"
)


@requires_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_submissions_do_not_duplicate(world, form):
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def file_report() -> None:
        try:
            barrier.wait()
            report, _ = domain.open_report(carrier=world["carrier_a"], period=PERIOD, form=form)
            domain.submit_report(report, values=VALID, acting_user=world["operator_a"])
            outcomes.append("submitted")
        except domain.ReportStateError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=file_report) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes) == ["refused", "submitted"]
    assert CarrierReport.objects.filter(carrier=world["carrier_a"], period=PERIOD).count() == 1
    assert ReportRevision.objects.filter(action="submit").count() == 1
