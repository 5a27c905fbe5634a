"""Upgrading a database from before areas, roles, tokens and the audit trail moved to tenancy:
every row survives, foreign keys still hold, and the stored audit labels follow the move."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("tenancy", None),
    ("registry", "0008_api_token_expires_required"),
    ("plans", "0008_task_suggestions"),
    ("observations", "0003_observation_version"),
]
AFTER = [("registry", "0009_areas_roles_audit_move_to_tenancy")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


@pytest.fixture
def back_to_latest():
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_rows_survive_the_move_to_tenancy(back_to_latest):
    old = _migrate(BEFORE)
    Area = old.get_model("registry", "Area")
    User = old.get_model("auth", "User")
    Membership = old.get_model("registry", "Membership")
    AuditEntry = old.get_model("registry", "AuditEntry")
    Carrier = old.get_model("registry", "Carrier")
    Plan = old.get_model("plans", "Plan")
    district = Area.objects.create(code="330302", name="鹿城区", kind="district")
    town = Area.objects.create(code="330302001", name="五马街道", kind="town", parent=district)
    user = User.objects.create(username="liaison")
    Membership.objects.create(user=user, role="liaison", area=town)
    carrier = Carrier.objects.create(name="鹿城科创孵化器", kind="incubator", level="district", area=town)
    Plan.objects.create(title="鹿城区科技创新规划", area=district, period_start=2021, period_end=2025)
    AuditEntry.objects.create(
        user_name="管理员", action="issue_token", model="registry.apitoken", object_id="1"
    )
    AuditEntry.objects.create(
        user_name="管理员", action="update", model="registry.carrier", object_id=str(carrier.pk)
    )

    new = _migrate(AFTER)
    Area = new.get_model("tenancy", "Area")
    assert list(Area.objects.order_by("code").values_list("name", "parent__name")) == [
        ("鹿城区", None),
        ("五马街道", "鹿城区"),
    ]
    assert new.get_model("tenancy", "Membership").objects.get().area.name == "五马街道"
    assert new.get_model("registry", "Carrier").objects.get().area.name == "五马街道"
    assert new.get_model("plans", "Plan").objects.get().area.name == "鹿城区"
    labels = set(new.get_model("tenancy", "AuditEntry").objects.values_list("model", flat=True))
    assert labels == {"tenancy.apitoken", "registry.carrier"}  # moved model relabelled, others kept
