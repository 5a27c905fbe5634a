"""A district whose May 2025 reports are known by hand, for the bulletin tests.

金山区 (310116) with 朱泾镇 and 山阳镇; 松江区 next door files too and must never count.

| carrier | town | April (approved) | May |
|---|---|---|---|
| 甲孵化器 | 朱泾镇 | tenants 30, occupancy 70 | approved, tenants 40, occupancy 80, filed 06-05 |
| 乙众创空间 | 山阳镇 | tenants 20, occupancy 80 | approved, tenants 25, occupancy 90, first filed 06-15 (late) |
| 丙孵化器 | 朱泾镇 | tenants 10, occupancy 90 | filed 06-08, returned 06-09, filed again: awaiting review |
| 丁创业空间 | 山阳镇 | — | nothing (逾期未报 once 06-10 has passed) |
| 泗泾创业园 | 松江区 | — | approved, tenants 99 (another district) |

Deadline of May: 2025-06-10; the tests judge on TODAY = 2025-06-20.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from tests.monitor.builders import add_indicator, build_plan

TODAY = dt.date(2025, 6, 20)
SHANGHAI = ZoneInfo("Asia/Shanghai")
BASE = {
    "tenants": 40,
    "new_entries": 2,
    "graduates": 1,
    "tech_smes": 5,
    "hnte_tenants": 3,
    "occupancy": 85.5,
    "financing": 1200.5,
    "events": 4,
    "mentors": 9,
    "ip_count": 7,
    "staff": 320,
}


def at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=SHANGHAI)


def file_report(carrier, period: str, *, on: dt.date, approve: bool = True, **values):
    """File (and approve) a report as of ``on``: the submission is dated that day."""
    from kechuang.collection.domain import active_form, approve_report, open_report, submit_report
    from kechuang.collection.models import CarrierReport, ReportRevision

    report, _ = open_report(carrier=carrier, period=period, form=active_form())
    submit_report(report, values={**BASE, **values}, acting_user=None)
    ReportRevision.objects.filter(report=report, action="submit").update(at=at(on))
    CarrierReport.objects.filter(pk=report.pk).update(submitted_at=at(on))
    if approve:
        report.refresh_from_db()
        approve_report(report, acting_user=None)
    report.refresh_from_db()
    return report


def member(django_user_model, name: str, role: str, area, carrier=None):
    from kechuang.tenancy.models import Membership

    user = django_user_model.objects.create_user(name, f"{name}@example.org")
    Membership.objects.create(user=user, role=role, area=area, carrier=carrier)
    return user


@pytest.fixture
def district(shanghai, django_user_model):
    from kechuang.collection.domain import return_report, submit_report
    from kechuang.collection.models import ReportRevision
    from kechuang.registry.domain import add_tenant, save_carrier, save_enterprise
    from kechuang.registry.uscc import make_uscc
    from kechuang.tenancy.models import Area, AuditEntry, Role

    town = shanghai["town"]
    town_y = Area.objects.create(code="310116002", name="山阳镇", kind="town", parent=shanghai["jinshan"])
    far_town = Area.objects.create(code="310117001", name="泗泾镇", kind="town", parent=shanghai["songjiang"])

    def carrier(name, kind, level, area):
        return save_carrier(acting_user=None, name=name, kind=kind, level=level, area=area)[0]

    a = carrier("甲孵化器", "incubator", "national", town)
    b = carrier("乙众创空间", "maker_space", "municipal", town_y)
    c = carrier("丙孵化器", "incubator", "district", town)
    d = carrier("丁创业空间", "maker_space", "district", town_y)
    far = carrier("泗泾创业园", "incubator", "district", far_town)
    # Registered before May: their audit entries are dated in March.
    AuditEntry.objects.filter(model="registry.carrier").update(at=at(dt.date(2025, 3, 1)))

    file_report(a, "2025-04", on=dt.date(2025, 5, 6), tenants=30, occupancy=70)
    file_report(b, "2025-04", on=dt.date(2025, 5, 7), tenants=20, occupancy=80)
    file_report(c, "2025-04", on=dt.date(2025, 5, 8), tenants=10, occupancy=90, new_entries=1, graduates=1)
    may_a = file_report(a, "2025-05", on=dt.date(2025, 6, 5), tenants=40, occupancy=80)
    may_b = file_report(b, "2025-05", on=dt.date(2025, 6, 15), tenants=25, occupancy=90)
    may_c = file_report(c, "2025-05", on=dt.date(2025, 6, 8), approve=False, tenants=12, occupancy=95)
    return_report(may_c, comment="在孵企业数与登记库不符，请核对", acting_user=None)
    ReportRevision.objects.filter(report=may_c, action="return").update(at=at(dt.date(2025, 6, 9)))
    may_c.refresh_from_db()
    submit_report(may_c, values={**BASE, "tenants": 12, "occupancy": 95}, acting_user=None)
    ReportRevision.objects.filter(report=may_c, action="submit", at__gt=at(dt.date(2025, 6, 9))).update(
        at=at(dt.date(2025, 6, 12))
    )
    file_report(far, "2025-05", on=dt.date(2025, 6, 3), tenants=99)

    def enterprise(n, name, area, division="310116"):
        return save_enterprise(acting_user=None, uscc=make_uscc(n, division=division), name=name, area=area)[
            0
        ]

    e1 = enterprise(1, "朱泾新材料科技有限公司", town)
    e2 = enterprise(2, "朱泾智能装备有限公司", town)
    e3 = enterprise(3, "山阳生物医药有限公司", town_y)
    e4 = enterprise(4, "泗泾电子有限公司", far_town, "310117")
    add_tenant(a, enterprise=e1, entered_on=dt.date(2025, 5, 12))
    add_tenant(
        a,
        enterprise=e2,
        entered_on=dt.date(2024, 1, 1),
        left_on=dt.date(2025, 5, 20),
        exit_reason="graduated",
    )
    add_tenant(b, enterprise=e3, entered_on=dt.date(2025, 4, 2))
    add_tenant(far, enterprise=e4, entered_on=dt.date(2025, 5, 3))
    # A carrier registered in May, and one of 松江区 registered in May too.
    new = carrier("戊加速器", "accelerator", "district", town_y)
    far_new = carrier("泗泾众创空间", "maker_space", "district", far_town)
    AuditEntry.objects.filter(model="registry.carrier", object_id__in=[str(new.pk), str(far_new.pk)]).update(
        at=at(dt.date(2025, 5, 15))
    )

    users = {
        "admin": member(django_user_model, "admin_j", Role.DISTRICT_ADMIN, shanghai["jinshan"]),
        "admin_other": member(django_user_model, "admin_s", Role.DISTRICT_ADMIN, shanghai["songjiang"]),
        "liaison": member(django_user_model, "liaison_x", Role.LIAISON, town),
        "viewer": member(django_user_model, "viewer_j", Role.VIEWER, shanghai["jinshan"]),
        "operator": member(django_user_model, "op_a", Role.CARRIER_OPERATOR, town, a),
    }
    return SimpleNamespace(
        **shanghai,
        town_y=town_y,
        far_town=far_town,
        a=a,
        b=b,
        c=c,
        d=d,
        far=far,
        new=new,
        e1=e1,
        e2=e2,
        e3=e3,
        may_a=may_a,
        may_b=may_b,
        may_c=may_c,
        users=users,
    )


# The plan report tests: a plan with known figures (tests.monitor.builders), plus one simulated
# indicator and one whose name Excel would read as a formula.
@pytest.fixture
def plan(shanghai):
    plan = build_plan(shanghai["jinshan"])
    add_indicator(
        plan,
        "众创空间数量",
        unit="个",
        category="创新载体",
        source="区科委",
        target=40,
        baseline=20,
        figures={2021: 24, 2022: 28, 2023: 31},
        simulated=True,
    )
    add_indicator(
        plan, '=HYPERLINK("http://x")', unit="项", category="其他", source="区科委", target=5, baseline=1
    )
    return plan
