"""The demo loader for monthly reports is idempotent and leaves the latest month part-filed."""

from __future__ import annotations

import pytest

from kechuang.collection.demo import load_collection_demo
from kechuang.collection.models import CarrierReport
from kechuang.observations.models import Observation

pytestmark = pytest.mark.django_db


def test_demo_reports_are_approved_and_idempotent(world):
    created = load_collection_demo(months=3)
    again = load_collection_demo(months=3)

    statuses = sorted(CarrierReport.objects.values_list("status", flat=True))
    assert created == CarrierReport.objects.count()
    assert again == 0
    assert statuses.count("approved") >= 4
    assert Observation.objects.filter(source="monthly_report", area=world["jinshan"]).exists()
