"""A small district for evaluation runs: three incubators with tenants, certificates and approved reports."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

REPORT = {
    "tenants": 10,
    "new_entries": 1,
    "graduates": 0,
    "tech_smes": 3,
    "hnte_tenants": 1,
    "occupancy": 80.0,
    "financing": 100.0,
    "events": 2,
    "mentors": 5,
    "ip_count": 2,
    "staff": 60,
}


def _report(carrier, period: str, **values: float) -> None:
    from kechuang.collection.domain import active_form, approve_report, open_report, submit_report

    report, _ = open_report(carrier=carrier, period=period, form=active_form())
    submit_report(report, values={**REPORT, **values}, acting_user=None)
    approve_report(report, acting_user=None)


@pytest.fixture
def district(shanghai, django_user_model):
    from kechuang.registry.domain import add_qualification, add_tenant, save_carrier, save_enterprise
    from kechuang.registry.models import QualificationType
    from kechuang.registry.uscc import make_uscc
    from kechuang.tenancy.models import Area, Membership, Role

    jinshan, town = shanghai["jinshan"], shanghai["town"]
    other_town = Area.objects.create(code="310116002", name="枫泾镇", kind="town", parent=jinshan)
    park = Area.objects.create(code="310116003", name="碳谷绿湾产业园", kind="park", parent=jinshan)

    def carrier(name: str, area, floor: int, kind: str = "incubator"):
        c, _ = save_carrier(
            acting_user=None, name=name, kind=kind, level="district", area=area, operator="运营公司"
        )
        c.floor_area = floor
        c.save()
        return c

    a = carrier("朱泾科创孵化器", town, 10000)
    b = carrier("枫泾智造孵化器", other_town, 5000)
    c = carrier("湾区新材料孵化器", park, 20000)
    maker = carrier("碳谷众创空间", park, 2000, kind="maker_space")
    hnte = QualificationType.objects.get(code="hnte")
    n = 0
    for host, count, graduated in ((a, 3, 1), (b, 1, 0), (c, 2, 0)):
        for k in range(count):
            n += 1
            e, _ = save_enterprise(
                acting_user=None,
                uscc=make_uscc(n, division="310116"),
                name=f"{host.name}企业{k}",
                area=host.area,
            )
            if k == 0:
                add_qualification(e, qtype=hnte, certificate_no=f"GR{n:04d}", issued_on=dt.date(2023, 5, 1))
            left = dt.date(2024, 6, 30) if k < graduated else None
            add_tenant(
                host,
                enterprise=e,
                entered_on=dt.date(2023, 1, 1),
                **({"left_on": left, "exit_reason": "graduated"} if left else {}),
            )
    _report(a, "2024-01", tenants=12, events=3, financing=300.0)
    _report(a, "2024-02", tenants=14, events=1, financing=100.0, occupancy=90.0)
    _report(b, "2024-01", tenants=4, events=1, financing=50.0, occupancy=70.0)
    # no report for c: its monthly indicators are missing
    users = {}
    users["admin"] = django_user_model.objects.create_user("qu_admin", "a@example.org", first_name="区管理员")
    Membership.objects.create(user=users["admin"], role=Role.DISTRICT_ADMIN, area=jinshan)
    users["viewer"] = django_user_model.objects.create_user("qu_viewer", "v@example.org")
    Membership.objects.create(user=users["viewer"], role=Role.VIEWER, area=jinshan)
    users["liaison"] = django_user_model.objects.create_user("zhen_liaison", "l@example.org")
    Membership.objects.create(user=users["liaison"], role=Role.LIAISON, area=town)
    users["operator"] = django_user_model.objects.create_user("op_a", "o@example.org")
    Membership.objects.create(user=users["operator"], role=Role.CARRIER_OPERATOR, area=town, carrier=a)
    users["other_admin"] = django_user_model.objects.create_user("song_admin", "s@example.org")
    Membership.objects.create(user=users["other_admin"], role=Role.DISTRICT_ADMIN, area=shanghai["songjiang"])
    return SimpleNamespace(
        jinshan=jinshan, town=town, other_town=other_town, park=park, a=a, b=b, c=c, maker=maker, users=users
    )
