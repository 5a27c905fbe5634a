"""Upgrading a database made by an earlier release (the migrations of commit f5170ab: before
notifications, alert cases, attachments and stored reports) with the current code: every figure, every
revision and every audit entry survives unchanged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# Each app's latest migration as of the earlier release (None: the app had no tables yet).
EARLIER_RELEASE = [
    ("common", "0001_demo_record"),
    ("tenancy", "0001_initial"),
    ("notifications", None),
    ("plans", "0009_area_moves_to_tenancy"),
    ("observations", "0004_area_moves_to_tenancy"),
    ("registry", "0009_areas_roles_audit_move_to_tenancy"),
    ("collection", "0003_carrier_report_version"),
    ("reports", None),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_figures_revisions_and_audit_survive_the_upgrade():
    old = _migrate(EARLIER_RELEASE)
    Area = old.get_model("tenancy", "Area")
    Plan = old.get_model("plans", "Plan")
    Indicator = old.get_model("plans", "Indicator")
    Observation = old.get_model("observations", "Observation")
    Revision = old.get_model("observations", "ObservationRevision")
    AuditEntry = old.get_model("tenancy", "AuditEntry")
    User = old.get_model("auth", "User")
    user = User.objects.create(username="liaison", first_name="联络员")
    district = Area.objects.create(code="330302", name="鹿城区", kind="district")
    plan = Plan.objects.create(title="鹿城区科技创新规划", area=district, period_start=2021, period_end=2025)
    indicator = Indicator.objects.create(plan=plan, name="高新技术企业数", unit="家")
    for year, values in ((2022, [110.0, 112.0]), (2023, [130.0])):
        obs = Observation.objects.create(
            indicator=indicator,
            area=district,
            period=str(year),
            period_kind="year",
            year=year,
            period_end=dt.date(year, 12, 31),
            value=values[-1],
            source="statistics",
            status="final",
            entered_by=user,
            version=len(values),
        )
        previous = None
        for value in values:
            Revision.objects.create(
                observation=obs,
                action="create" if previous is None else "update",
                old_value=previous,
                new_value=value,
                changed_by=user,
                changed_by_name="联络员",
                reason="年报更正" if previous else "",
            )
            previous = value
    AuditEntry.objects.create(
        user=user,
        user_name="联络员",
        action="update",
        model="plans.plan",
        object_id=str(plan.pk),
        changes={"title": ["旧名", "鹿城区科技创新规划"]},
        area=district,
    )

    def rows():
        return (
            sorted(
                Observation.objects.values_list("pk", "indicator_id", "area_id", "period", "value", "version")
            ),
            sorted(Revision.objects.values_list("pk", "observation_id", "old_value", "new_value", "reason")),
            sorted(
                AuditEntry.objects.values_list("pk", "user_id", "action", "model", "object_id", "changes")
            ),
        )

    before = rows()
    assert [len(r) for r in before] == [2, 3, 1]

    new = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    Observation = new.get_model("observations", "Observation")
    Revision = new.get_model("observations", "ObservationRevision")
    AuditEntry = new.get_model("tenancy", "AuditEntry")
    assert rows() == before
    assert new.get_model("plans", "Indicator").objects.get().plan.title == "鹿城区科技创新规划"
