"""Registry changes go through domain functions that refuse bad input and record who did what."""

from __future__ import annotations

import datetime as dt

import pytest

from kechuang.registry.domain import (
    RegistryError,
    add_qualification,
    add_tenant,
    move_enterprise_stage,
    save_carrier,
    save_enterprise,
    update_tenancy,
)
from kechuang.registry.models import Enterprise
from kechuang.tenancy.models import AuditEntry
from tests.registry.conftest import uscc

pytestmark = pytest.mark.django_db


def test_save_enterprise_refuses_wrong_check_character_with_reason(shanghai):
    good = uscc(7)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")

    with pytest.raises(RegistryError) as exc:
        save_enterprise(acting_user=None, uscc=bad, name="某公司", area=shanghai["town"])

    assert str(exc.value) == f"统一社会信用代码：校验位应为 {good[-1]}，实际为 {bad[-1]}"
    assert Enterprise.objects.count() == 0


def test_save_enterprise_refuses_a_second_enterprise_with_the_same_code(shanghai):
    save_enterprise(acting_user=None, uscc=uscc(7), name="甲", area=shanghai["town"])

    with pytest.raises(RegistryError) as exc:
        save_enterprise(acting_user=None, uscc=uscc(7).lower(), name="乙", area=shanghai["town"])

    assert str(exc.value) == f"统一社会信用代码：{uscc(7)} 已登记"


def test_audit_entry_records_who_and_what_changed(shanghai, admin_user):
    e, _ = save_enterprise(acting_user=admin_user, uscc=uscc(7), name="甲", area=shanghai["town"])

    _, changed = save_enterprise(acting_user=admin_user, enterprise=e, name="甲（更名）", industry="新材料")
    _, unchanged = save_enterprise(acting_user=admin_user, enterprise=e, name="甲（更名）")

    entries = list(AuditEntry.objects.filter(model="registry.enterprise", object_id=str(e.pk)).order_by("pk"))
    assert (changed, unchanged) == (True, False)
    assert [(a.action, a.user, a.user_name) for a in entries] == [
        ("create", admin_user, "chief"),
        ("update", admin_user, "chief"),
    ]
    assert entries[1].changes == {"name": ["甲", "甲（更名）"], "industry": ["", "新材料"]}
    assert entries[0].changes["uscc"] == [None, uscc(7)]


def test_add_qualification_computes_validity_and_is_idempotent(shanghai, qtypes):
    e, _ = save_enterprise(acting_user=None, uscc=uscc(7), name="甲", area=shanghai["town"])

    q1, created = add_qualification(
        e, qtype=qtypes["hnte"], certificate_no="GR1", issued_on=dt.date(2020, 2, 29)
    )
    q2, again = add_qualification(
        e, qtype=qtypes["hnte"], certificate_no="GR1", issued_on=dt.date(2020, 2, 29)
    )
    sme, _ = add_qualification(e, qtype=qtypes["tech_sme"], year=2024)

    assert (created, again, q1.pk == q2.pk) == (True, False, True)
    assert q1.valid_until == dt.date(2023, 2, 27)
    assert (sme.issued_on, sme.valid_until) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert AuditEntry.objects.filter(model="registry.qualification").count() == 2


def test_add_qualification_requires_the_dates_its_type_needs(shanghai, qtypes):
    e, _ = save_enterprise(acting_user=None, uscc=uscc(7), name="甲", area=shanghai["town"])

    with pytest.raises(RegistryError) as no_date:
        add_qualification(e, qtype=qtypes["hnte"], certificate_no="GR1")
    with pytest.raises(RegistryError) as no_year:
        add_qualification(e, qtype=qtypes["tech_sme"])

    assert str(no_date.value) == "高新技术企业：须填写发证/认定日期"
    assert str(no_year.value) == "科技型中小企业：须填写登记年度"


def test_move_enterprise_stage_keeps_history_and_refuses_going_back_in_time(shanghai):
    e, _ = save_enterprise(acting_user=None, uscc=uscc(7), name="甲", area=shanghai["town"])
    move_enterprise_stage(e, stage="surveyed", since=dt.date(2023, 1, 1))
    move_enterprise_stage(e, stage="cultivating", since=dt.date(2024, 1, 1))

    repeated = move_enterprise_stage(e, stage="cultivating", since=dt.date(2024, 6, 1))
    with pytest.raises(RegistryError):
        move_enterprise_stage(e, stage="recognised", since=dt.date(2023, 6, 1))

    assert repeated is None
    assert [(s.stage, s.since) for s in e.ladder.all()] == [
        ("surveyed", dt.date(2023, 1, 1)),
        ("cultivating", dt.date(2024, 1, 1)),
    ]
    assert Enterprise.objects.get(pk=e.pk).stage == "cultivating"


def test_tenancy_exit_needs_a_reason_and_a_date_after_entry(shanghai):
    carrier, _ = save_carrier(
        acting_user=None, name="孵化器", kind="incubator", level="district", area=shanghai["town"]
    )
    e, _ = save_enterprise(acting_user=None, uscc=uscc(7), name="甲", area=shanghai["town"])
    tenancy, _ = add_tenant(carrier, enterprise=e, entered_on=dt.date(2023, 1, 1))

    with pytest.raises(RegistryError) as early:
        update_tenancy(tenancy, left_on=dt.date(2022, 1, 1), exit_reason="graduated")
    with pytest.raises(RegistryError) as twice:
        add_tenant(carrier, enterprise=e, entered_on=dt.date(2023, 5, 1))
    _, changed = update_tenancy(tenancy, left_on=dt.date(2024, 6, 30), exit_reason="graduated")

    assert str(early.value) == "退出日期 2022-01-01 不能早于入驻日期 2023-01-01"
    assert str(twice.value) == "甲 已是该载体的在孵企业"
    assert changed is True
