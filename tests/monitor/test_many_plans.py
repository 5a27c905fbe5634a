"""A province's or the nation's plans: pages count from stored judgements and show one screen at a time."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from kechuang.observations.monitoring import judge_plans
from kechuang.observations.stored import refresh
from kechuang.plans.models import Plan
from kechuang.tenancy.models import Area
from tests.monitor.builders import add_indicator

pytestmark = pytest.mark.django_db

N = 53  # more than one page (50)


@pytest.fixture
def many(shanghai):
    """N districts, each with a published plan: one high-tech-enterprise target, figures up to 2025."""
    plans = []
    for k in range(N):
        area = Area.objects.create(
            code=f"31{k + 200:04d}", name=f"测试区{k:02d}", kind="district", parent=shanghai["city"]
        )
        plan = Plan.objects.create(
            title=f"测试区{k:02d}规划", area=area, period_start=2021, period_end=2025, status="published"
        )
        add_indicator(
            plan,
            "高新技术企业数",
            unit="家",
            category="",
            source="",
            target=200,
            baseline=100,
            figures={2024: 150 + k, 2025: 150 + 2 * k},
            catalog="HNTE_COUNT",
        )
        plans.append(plan)
    refresh.rebuild()
    return plans


def test_the_national_overview_pages_the_plans_and_counts_them_all(admin_client, many):
    first = admin_client.get("/monitor/").content.decode()
    second = admin_client.get("/monitor/?page=2").content.decode()

    assert f"共 {N} 个规划" in first
    shown = lambda html: set(re.findall(r"测试区\d\d规划", html))  # noqa: E731
    assert len(shown(first)) == 50 and len(shown(second)) == N - 50
    assert not shown(first) & shown(second)
    assert "第 2/2 页" in second and 'rel="prev"' in second


def test_the_national_comparison_ranks_every_area_and_shows_a_page_of_ranks(admin_client, many):
    judged = judge_plans(many, as_of=timezone.localdate(), stored=False)
    best = max(many, key=lambda p: judged[p.pk][0].progress.latest_value)

    first = admin_client.get("/monitor/compare/?catalog=HNTE_COUNT").content.decode()
    last = admin_client.get("/monitor/compare/?catalog=HNTE_COUNT&page=2").content.decode()

    ranks = [
        int(n) for n in re.findall(r"<tr class=\"row-\w+\" data-area=\"[^\"]+\">\s*<td>(\d+)</td>", first)
    ]
    assert ranks == list(range(1, 51))
    assert re.search(rf'data-area="{best.area.name}">\s*<td>1</td>', first)  # the highest value ranks first
    assert re.findall(r"<td>(\d+)</td>\s*<td>测试区", last)[:1] == ["51"]
    assert f"{150 + 2 * (N - 1)}（2025年）" in first  # the latest value and its year, from storage


def test_the_public_index_pages_the_areas(client, many):
    first = client.get("/public/").content.decode()
    second = client.get("/public/?page=2").content.decode()

    assert first.count('class="area-group"') == 30 and second.count('class="area-group"') == 23
    assert "第 1/2 页" in first
