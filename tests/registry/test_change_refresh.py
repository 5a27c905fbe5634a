"""A registry change and the figures it moves are one transaction: if the figures cannot be
recomputed, the change is not saved either, so the counts never disagree with the records."""

from __future__ import annotations

import datetime as dt

import pytest

from kechuang.registry import figures
from kechuang.registry.models import Qualification, Tenancy


@pytest.fixture
def broken_refresh(monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("figures unavailable")

    monkeypatch.setattr(figures, "refresh_registry_observations", fail)


def test_page_tenant_entry_is_undone_when_figures_fail(client, world, broken_refresh):
    client.force_login(world.operator_a)
    before = Tenancy.objects.count()

    with pytest.raises(RuntimeError):
        client.post(
            f"/registry/carriers/{world.carrier_a.pk}/tenants/",
            {"enterprise_uscc": world.e_b.uscc, "entered_on": "2024-03-01"},
        )

    assert Tenancy.objects.count() == before


def test_api_qualification_is_undone_when_figures_fail(client, world, broken_refresh):
    client.force_login(world.admin)
    before = Qualification.objects.count()

    with pytest.raises(RuntimeError):
        client.post(
            f"/api/registry/enterprises/{world.e_a.pk}/qualifications",
            {"type": "hnte", "certificate_no": "GR2024777", "issued_on": "2024-06-01"},
            content_type="application/json",
        )

    assert Qualification.objects.count() == before


def test_api_tenant_exit_is_undone_when_figures_fail(client, world, broken_refresh):
    client.force_login(world.operator_a)

    with pytest.raises(RuntimeError):
        client.patch(
            f"/api/registry/tenants/{world.t_a.pk}",
            {"left_on": "2024-12-31", "exit_reason": "graduated"},
            content_type="application/json",
        )

    world.t_a.refresh_from_db()
    assert world.t_a.left_on is None and world.t_a.entered_on == dt.date(2023, 1, 1)
