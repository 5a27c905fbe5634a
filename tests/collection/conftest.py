"""Personas and carriers for the monthly report tests: two towns, a carrier in each, every role."""

from __future__ import annotations

import pytest

PERIOD = "2025-05"
VALID = {
    "tenants": 40,
    "new_entries": 3,
    "graduates": 2,
    "tech_smes": 12,
    "hnte_tenants": 5,
    "occupancy": 85.5,
    "financing": 1200.5,
    "events": 4,
    "mentors": 9,
    "ip_count": 7,
    "staff": 320,
}


@pytest.fixture
def form(db):
    from kechuang.collection.domain import active_form

    return active_form()


@pytest.fixture
def world(shanghai, django_user_model):
    """金山区 with 朱泾镇 (X) and 山阳镇 (Y); carrier A in X, carrier B in Y, and one user per role."""
    from kechuang.registry.models import Carrier
    from kechuang.tenancy.models import Area, Membership, Role

    town_x = shanghai["town"]
    town_y = Area.objects.create(code="310116002", name="山阳镇", kind="town", parent=shanghai["jinshan"])
    carrier_a = Carrier.objects.create(name="甲孵化器", kind="incubator", level="national", area=town_x)
    carrier_b = Carrier.objects.create(name="乙众创空间", kind="maker_space", level="municipal", area=town_y)

    def user(name: str, role: str, area: Area, carrier: Carrier | None = None) -> object:
        u = django_user_model.objects.create_user(name, f"{name}@example.org")  # no password: hashing is slow
        Membership.objects.create(user=u, role=role, area=area, carrier=carrier)
        return u

    return {
        **shanghai,
        "town_x": town_x,
        "town_y": town_y,
        "carrier_a": carrier_a,
        "carrier_b": carrier_b,
        "operator_a": user("op_a", Role.CARRIER_OPERATOR, town_x, carrier_a),
        "operator_b": user("op_b", Role.CARRIER_OPERATOR, town_y, carrier_b),
        "liaison_x": user("liaison_x", Role.LIAISON, town_x),
        "viewer_x": user("viewer_x", Role.VIEWER, town_x),
        "district_admin": user("district", Role.DISTRICT_ADMIN, shanghai["jinshan"]),
    }


@pytest.fixture
def submitted(world, form):
    """Carrier B's May report, submitted by its operator."""
    from kechuang.collection.domain import open_report, submit_report

    report, _ = open_report(carrier=world["carrier_b"], period=PERIOD, form=form)
    return submit_report(report, values=VALID, acting_user=world["operator_b"])


def login(client, user):
    client.force_login(user)
    return client
