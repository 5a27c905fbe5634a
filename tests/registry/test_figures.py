"""Registry figures flow into observations with source "registry"."""

from __future__ import annotations

import datetime as dt

import pytest

from kechuang.observations.models import Observation
from kechuang.registry.domain import add_qualification, save_carrier, save_enterprise
from kechuang.registry.figures import refresh_registry_observations
from tests.registry.conftest import uscc

pytestmark = pytest.mark.django_db


def _values(code, year):
    return {
        o.area.name: o.value
        for o in Observation.objects.filter(catalog__code=code, period=str(year), source="registry")
    }


def test_refresh_registry_observations_records_year_end_hnte_and_carrier_counts(shanghai, qtypes):
    e, _ = save_enterprise(acting_user=None, uscc=uscc(1), name="甲", area=shanghai["town"])
    add_qualification(e, qtype=qtypes["hnte"], issued_on=dt.date(2021, 3, 1))
    save_carrier(acting_user=None, name="孵化器", kind="incubator", level="national", area=shanghai["town"])
    save_carrier(
        acting_user=None, name="众创空间", kind="maker_space", level="district", area=shanghai["songjiang"]
    )

    changed = refresh_registry_observations(year=2023)
    again = refresh_registry_observations(year=2023)
    refresh_registry_observations(year=2024)

    assert changed > 0
    assert again == 0
    assert _values("HNTE_COUNT", 2023) == {"上海市": 1.0, "金山区": 1.0, "朱泾镇": 1.0, "松江区": 0.0}
    assert _values("HNTE_COUNT", 2024) == {"上海市": 0.0, "金山区": 0.0, "朱泾镇": 0.0, "松江区": 0.0}
    assert _values("INCUBATORS", 2023)["金山区"] == 1.0
    assert _values("CARRIERS", 2023)["上海市"] == 2.0
