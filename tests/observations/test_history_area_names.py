"""A figure's history names its area as it was called in the figure's period (区划调整)."""

from __future__ import annotations

import datetime as dt

import pytest

from kechuang.observations.domain import record_observation
from kechuang.plans.models import Indicator, Plan
from kechuang.tenancy.domain.area_changes import merge_areas, rename_area

pytestmark = pytest.mark.django_db


def test_the_history_page_says_what_the_area_was_called_then(admin_client, shanghai):
    jinshan = shanghai["jinshan"]
    plan = Plan.objects.create(title="金山区科技创新规划", area=jinshan, period_start=2021, period_end=2025)
    indicator = Indicator.objects.create(plan=plan, name="高新技术企业数量", unit="家", position=1)
    old = record_observation(indicator=indicator, area=jinshan, period="2023", value=512, source="statistics")
    rename_area(jinshan, "金山新区", dt.date(2024, 7, 1), today=dt.date(2024, 7, 1))
    new = record_observation(indicator=indicator, area=jinshan, period="2024", value=530, source="statistics")

    then = admin_client.get(f"/observations/{old.observation.pk}/history/").content.decode()
    now = admin_client.get(f"/observations/{new.observation.pk}/history/").content.decode()

    assert "金山区（今：金山新区） · 2023" in then
    assert "· 金山新区 · 2024" in now

    merge_areas(jinshan, shanghai["songjiang"], dt.date(2025, 1, 1), today=dt.date(2025, 1, 1))
    merged = admin_client.get(f"/observations/{old.observation.pk}/history/").content.decode()
    assert "金山区（今：金山新区）（已撤并，2025年1月1日） · 2023" in merged
