"""Registry fixtures: two towns, two carriers, their operators, a liaison, a viewer, an administrator."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from kechuang.registry.domain import (
    add_qualification,
    add_tenant,
    occupy_plot,
    record_plot_figures,
    save_carrier,
    save_enterprise,
    save_plot,
)
from kechuang.registry.models import QualificationType
from kechuang.registry.uscc import make_uscc
from kechuang.tenancy.models import Area, Membership, Role


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    # Django's default PBKDF2 costs ~0.3 s per user; production keeps the default (settings.py).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def uscc(n: int, division: str = "310116") -> str:
    return make_uscc(n, division=division)


@pytest.fixture
def qtypes(db):
    return {t.code: t for t in QualificationType.objects.all()}


@pytest.fixture
def world(shanghai, django_user_model, qtypes):
    """Town X (朱泾镇) with carrier A and enterprise eA; town Y (枫泾镇) with carrier B and enterprise eB."""
    town_x = shanghai["town"]
    town_y = Area.objects.create(code="310116002", name="枫泾镇", kind="town", parent=shanghai["jinshan"])
    carrier_a, _ = save_carrier(
        acting_user=None,
        name="朱泾孵化器",
        kind="incubator",
        level="district",
        area=town_x,
        operator="甲公司",
    )
    carrier_b, _ = save_carrier(
        acting_user=None,
        name="枫泾众创空间",
        kind="maker_space",
        level="municipal",
        area=town_y,
        operator="乙公司",
    )
    e_a, _ = save_enterprise(
        acting_user=None, uscc=uscc(1), name="甲科技有限公司", area=town_x, industry="新材料"
    )
    e_b, _ = save_enterprise(
        acting_user=None, uscc=uscc(2), name="乙科技有限公司", area=town_y, industry="生物医药"
    )
    add_qualification(e_b, qtype=qtypes["hnte"], certificate_no="GR2023001", issued_on=dt.date(2023, 5, 1))
    t_a, _ = add_tenant(carrier_a, enterprise=e_a, entered_on=dt.date(2023, 1, 1))
    t_b, _ = add_tenant(carrier_b, enterprise=e_b, entered_on=dt.date(2023, 2, 1))

    def user(name: str, role: str | None, area: Area | None = None, carrier=None):
        u = django_user_model.objects.create_user(name, f"{name}@example.org", f"pw-{name}-123")
        if role:
            Membership.objects.create(user=u, role=role, area=area or carrier.area, carrier=carrier)
        return u

    return SimpleNamespace(
        town_x=town_x,
        town_y=town_y,
        jinshan=shanghai["jinshan"],
        songjiang=shanghai["songjiang"],
        carrier_a=carrier_a,
        carrier_b=carrier_b,
        e_a=e_a,
        e_b=e_b,
        t_a=t_a,
        t_b=t_b,
        admin=user("district", Role.DISTRICT_ADMIN, shanghai["jinshan"]),
        liaison_x=user("liaison_x", Role.LIAISON, town_x),
        viewer=user("viewer", Role.VIEWER, shanghai["jinshan"]),
        operator_a=user("operator_a", Role.CARRIER_OPERATOR, carrier=carrier_a),
        operator_b=user("operator_b", Role.CARRIER_OPERATOR, carrier=carrier_b),
        nobody=user("nobody", None),
    )


# --- land plots -----------------------------------------------------------------


def plot(world, code: str, mu: str, status: str = "producing", area=None):
    p, _ = save_plot(
        acting_user=world.admin,
        area=area or world.town_x,
        code=code,
        name=f"{code}号地块",
        area_mu=mu,
        land_use="industrial",
        status=status,
    )
    return p


def figures(world, p, enterprise, year=2024, **values):
    return record_plot_figures(p, enterprise=enterprise, year=year, acting_user=world.admin, **values)[0]


@pytest.fixture
def plots(world):
    """Five plots in production (tax per mu 10, 4, 6, 8, 12), one idle by status, one without output,
    one under construction."""
    p1 = plot(world, "A1", "10")
    figures(world, p1, world.e_a, output=1000, tax=100, rd_spending=50, energy=200, employees=40)
    p2 = plot(world, "A2", "20", area=world.town_y)
    figures(world, p2, world.e_a, output=300, tax=30)
    figures(world, p2, world.e_b, output=500, tax=50, rd_spending="12.5")
    p6 = plot(world, "A6", "10")
    figures(world, p6, world.e_a, output=600, tax=60)
    p7 = plot(world, "A7", "10")
    figures(world, p7, world.e_a, output=800, tax=80)
    p8 = plot(world, "A8", "10")
    figures(world, p8, world.e_a, output=900, tax=120)
    idle = plot(world, "B1", "5", status="idle")
    empty = plot(world, "B2", "8")
    occupy_plot(empty, enterprise=world.e_b, started_on=dt.date(2020, 1, 1))
    figures(world, empty, world.e_b, output=0, tax=0)
    building = plot(world, "B3", "30", status="building")
    return {
        "p1": p1,
        "p2": p2,
        "p6": p6,
        "p7": p7,
        "p8": p8,
        "idle": idle,
        "empty": empty,
        "building": building,
    }
