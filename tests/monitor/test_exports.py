"""Monitoring exports with hand-checked figures (tests.monitor.builders): the comparison and a plan's
overview download the numbers the pages show, as numbers, with the unit in the header."""

from __future__ import annotations

import pytest

from kechuang.plans.models import Plan
from tests.common.exporting import column, csv_rows, page_texts, xlsx_rows
from tests.monitor.builders import AS_OF, add_indicator, build_plan

pytestmark = pytest.mark.django_db
AT = f"?at={AS_OF.isoformat()}"


@pytest.fixture
def plan(shanghai):
    return build_plan(shanghai["jinshan"])


def test_the_comparison_exports_each_areas_latest_value_and_goal_as_numbers(admin_client, shanghai, plan):
    other = Plan.objects.create(
        title="松江区科技创新规划", area=shanghai["songjiang"], period_start=2021, period_end=2025
    )
    add_indicator(
        other,
        "R&D经费支出占GDP比重",
        unit="%",
        category="",
        source="",
        target=5.0,
        baseline=4.0,
        figures={2023: 4.5},
        catalog="RD_INTENSITY",
    )
    url = f"/monitor/compare/{AT}&catalog=RD_INTENSITY"

    shown = page_texts(admin_client.get(url), "//table[@class='data compare']/tbody/tr/td[2]")
    rows = xlsx_rows(admin_client.get(url + "&format=xlsx"))

    assert column(rows, "地区") == shown == ["松江区", "金山区"]
    assert column(rows, "最新值") == [4.5, 2.1]
    assert column(rows, "目标值") == [5, 3]
    assert "最新值（%）" in rows[0]


def test_a_plans_overview_exports_the_filtered_sorted_rows_with_completion_in_percent(admin_client, plan):
    url = f"/monitor/plans/{plan.pk}/{AT}&sort=completion&dir=desc"

    shown = page_texts(admin_client.get(url), "//table[contains(@class,'overview')]/tbody/tr/td[1]/a")
    rows = csv_rows(admin_client.get(url + "&format=csv"))
    behind = xlsx_rows(admin_client.get(f"/monitor/plans/{plan.pk}/{AT}&status=seriously_behind&format=xlsx"))

    assert column(rows, "指标") == shown
    completion = dict(zip(column(rows, "指标"), column(rows, "完成率"), strict=True))
    assert completion["高新技术企业数"] == "60.0"  # 100 → 160 of 200
    assert completion["技术合同成交额"] == ""  # no figures: an empty cell, not a dash
    assert column(behind, "指标") == ["研发经费投入强度"]
    assert column(behind, "完成率") == [10.0]
    assert column(behind, "计量单位") == ["%"]
