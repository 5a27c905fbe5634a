"""Monitoring and public pages through the real HTTP stack (Django's test client)."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth import get_user_model

from kechuang.observations.domain import record_observation
from kechuang.observations.monitoring import count_by_status, judge_plan
from kechuang.plans.enums import PlanStatus
from kechuang.plans.models import Indicator, Plan
from kechuang.tenancy.models import Membership, Role
from tests.monitor.builders import AS_OF, add_indicator, build_plan

pytestmark = pytest.mark.django_db
AT = f"?at={AS_OF.isoformat()}"


def _counts(html: str) -> dict[str, int]:
    """The status cards at the top of a page: code → count."""
    found = re.findall(
        r'data-status="(\w+)"><span class="word">[^<]*</span><span class="count">(\d+)</span>', html
    )
    return {code: int(n) for code, n in found}


def _row_statuses(html: str) -> list[str]:
    return re.findall(r'<tr class="row-\w+" data-status="(\w+)">', html)


@pytest.fixture
def plan(shanghai):
    return build_plan(shanghai["jinshan"])


@pytest.fixture
def songjiang_viewer(shanghai, client):
    user = get_user_model().objects.create_user("sj", password="pw-sj-12345")
    Membership.objects.create(user=user, role=Role.VIEWER, area=shanghai["songjiang"])
    client.force_login(user)
    return client


def test_monitoring_requires_login(client, plan):
    response = client.get(f"/monitor/plans/{plan.pk}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/monitor/plans/")


def test_overview_counts_match_the_engine(admin_client, plan):
    expected = {k: v for k, v in count_by_status(judge_plan(plan, as_of=AS_OF)).items() if v}

    html = admin_client.get(f"/monitor/plans/{plan.pk}/{AT}").content.decode()

    counts = _counts(html)
    assert (
        {k: v for k, v in counts.items() if v}
        == expected
        == {
            "ahead": 1,
            "on_track": 1,
            "seriously_behind": 1,
            "no_data": 1,
        }
    )
    assert _row_statuses(html) == ["ahead", "seriously_behind", "no_data", "on_track"]


def test_overview_filters_by_category_and_responsible_unit(admin_client, plan):
    by_category = admin_client.get(f"/monitor/plans/{plan.pk}/{AT}&category=创新主体").content.decode()
    by_unit = admin_client.get(f"/monitor/plans/{plan.pk}/{AT}&unit=区科委").content.decode()

    assert _row_statuses(by_category) == ["ahead", "on_track"]
    assert "研发经费投入强度</a>" not in by_category.split('<table class="data overview">')[1]
    assert _row_statuses(by_unit) == ["ahead", "no_data"]
    assert "显示 2 / 4 个目标" in by_unit


def test_overview_sorts_by_completion_descending(admin_client, plan):
    html = admin_client.get(f"/monitor/plans/{plan.pk}/{AT}&sort=completion&dir=desc").content.decode()

    # completion 0.6, 0.5, 0.1; no data sorts as the largest
    assert _row_statuses(html) == ["no_data", "ahead", "on_track", "seriously_behind"]


def test_overview_shows_alerts_after_a_slip(admin_client, plan):
    html = admin_client.get(f"/monitor/plans/{plan.pk}/{AT}").content.decode()

    assert "预警（" in html
    assert "状态由“超前”降为“正常”" in html


def test_alerts_page_lists_slips_and_likely_misses(admin_client, plan):
    html = admin_client.get(f"/monitor/alerts/{AT}").content.decode()

    assert plan.title in html
    assert "科技小巨人企业" in html and "状态下降" in html
    assert "研发经费投入强度" in html and "预计难以完成" in html
    assert "高新技术企业数</a>" not in html


def test_indicator_page_has_chart_data_and_history(admin_client, plan):
    indicator = Indicator.objects.get(plan=plan, name="高新技术企业数")
    record_observation(
        indicator=indicator,
        area=plan.area,
        period="2023",
        value=161,
        source="statistics",
        reason="统计局更正",
    )

    response = admin_client.get(f"/monitor/indicators/{indicator.pk}/{AT}")

    html = response.content.decode()
    option = json.loads(
        re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', html).group(1)
    )
    series = {s["name"]: s["data"] for s in option["series"]}
    assert option["xAxis"]["data"] == ["2020", "2021", "2022", "2023", "2024", "2025"]
    assert series["实际值"] == [None, 120, 140, 161, None, None]
    assert series["目标路径"] == [100, 120, 140, 160, 180, 200]
    assert series["目标值"] == [None, None, None, None, None, 200]
    assert series["预测值"][3] == 161 and series["预测值"][5] is not None
    assert series["预测区间"][5] > 0
    assert "vendor/echarts/echarts.min.js" in html
    assert "160 → 161" in html and "统计局更正" in html
    assert "统计数据" in html  # the figure's source


def test_task_board_lists_each_task_once_and_filters_by_owner(admin_client, plan):
    everything = admin_client.get(f"/monitor/plans/{plan.pk}/tasks/{AT}").content.decode()
    one_unit = admin_client.get(f"/monitor/plans/{plan.pk}/tasks/{AT}&owner=区人社局").content.decode()

    assert everything.count("建设高质量孵化器") == 1  # two owners, one row
    assert re.findall(r'<option value="([^"]*)"', everything) == ["", "区科委", "山阳镇", "区人社局"]
    assert "完成选址论证" in everything
    assert "举办创新创业大赛" in one_unit and "完成选址论证" not in one_unit


def test_comparison_across_two_districts(admin_client, shanghai, plan):
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

    html = admin_client.get(f"/monitor/compare/{AT}&catalog=RD_INTENSITY").content.decode()

    option = json.loads(
        re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', html).group(1)
    )
    # Ranked, highest on top (ECharts draws the first category at the bottom), each with its year.
    assert [name.split("\n")[0] for name in option["yAxis"]["data"]] == ["金山区", "松江区"]
    assert all(name.endswith("年）") for name in option["yAxis"]["data"])
    assert [d["value"] for d in option["series"][0]["data"]] == [2.1, 4.5]
    assert option["series"][1]["data"] == [3.0, 5.0]
    assert "松江区科技创新规划" in html and plan.title in html


def test_user_of_songjiang_cannot_see_a_jinshan_plan(songjiang_viewer, plan):
    indicator = plan.indicators.first()

    responses = [
        songjiang_viewer.get(url)
        for url in (
            f"/monitor/plans/{plan.pk}/",
            f"/monitor/plans/{plan.pk}/tasks/",
            f"/monitor/indicators/{indicator.pk}/",
        )
    ]
    listing = songjiang_viewer.get("/monitor/").content.decode()
    alerts = songjiang_viewer.get(f"/monitor/alerts/{AT}").content.decode()

    assert [r.status_code for r in responses] == [404, 404, 404]
    assert plan.title not in listing
    assert plan.title not in alerts


def test_public_page_needs_no_login_and_shows_published_plans_only(client, shanghai, plan):
    draft = build_plan(shanghai["songjiang"], title="松江区规划草稿", status=PlanStatus.DRAFT)

    index = client.get("/public/")
    detail = client.get(f"/public/plans/{plan.pk}/?at=2025-01-15")
    hidden = client.get(f"/public/plans/{draft.pk}/")

    assert index.status_code == 200
    assert plan.title in index.content.decode()
    assert "松江区规划草稿" not in index.content.decode()
    assert hidden.status_code == 404
    html = detail.content.decode()
    assert "20（2023）" in html  # the final 2023 figure, not the provisional 29 for 2024
    assert "29" not in re.sub(r"<[^>]+>", " ", html).split()
    assert "初步数" not in html.replace("不含初步数", "")


def test_public_page_hides_simulated_figures(client, shanghai):
    plan = Plan.objects.create(
        title="演示规划",
        area=shanghai["jinshan"],
        period_start=2021,
        period_end=2025,
        status=PlanStatus.PUBLISHED,
    )
    add_indicator(
        plan,
        "模拟指标",
        unit="家",
        category="",
        source="",
        target=99,
        baseline=10,
        figures={2022: 77},
        simulated=True,
    )

    html = client.get(f"/public/plans/{plan.pk}/{AT}").content.decode()

    # The figure as text on the page (not inside a link: the plan's own id may contain 77).
    assert "77" not in re.sub(r"<[^>]+>", " ", html)
    assert "暂无" in html


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # each one query for the header's unread-notification count; /monitor/ one more than the
        # public page: which figures are simulated (demo); /monitor/ and alerts one for the open cases;
        # /monitor/ three for the overdue tasks (tasks, their owners, their updates), one for the towns
        ("/monitor/", 14),
        ("/monitor/alerts/", 10),  # the alerts' cases, one query for all plans
        # the status legend reads the thresholds in force: one query; the plans are read first as
        # references (to count and page thousands), then as models for those judged and those shown
        ("/public/", 10),
    ],
)
def test_list_views_query_count_is_constant(admin_client, shanghai, django_assert_num_queries, url, queries):
    build_plan(shanghai["jinshan"], title="一")
    with django_assert_num_queries(queries):
        admin_client.get(url + AT)
    build_plan(shanghai["jinshan"], title="二")
    build_plan(shanghai["songjiang"], title="三")
    with django_assert_num_queries(queries):
        response = admin_client.get(url + AT)
    assert "三" in response.content.decode()


def test_overview_query_count_is_constant(admin_client, shanghai, django_assert_num_queries):
    small = Plan.objects.create(title="小", area=shanghai["jinshan"], period_start=2021, period_end=2025)
    add_indicator(small, "一", unit="家", category="", source="", target=10, figures={2022: 3})
    big = build_plan(shanghai["jinshan"])
    with django_assert_num_queries(10):  # +1 the header's unread count, +1 the plan's alert cases
        admin_client.get(f"/monitor/plans/{small.pk}/{AT}")
    with django_assert_num_queries(10):
        admin_client.get(f"/monitor/plans/{big.pk}/{AT}")


def test_a_missed_target_whose_year_is_over_is_not_called_a_forecast(admin_client, plan):
    add_indicator(
        plan,
        "工程技术研究中心",
        unit="家",
        category="创新平台",
        source="区科委",
        target=80,
        baseline=60,
        figures={2021: 61, 2022: 62},
        year=2022,
    )

    overview = admin_client.get(f"/monitor/plans/{plan.pk}/{AT}").content.decode()
    alerts = admin_client.get(f"/monitor/alerts/{AT}").content.decode()

    item = overview.split("工程技术研究中心</a>")[1].split("</li>")[0]
    # A verdict (62 of 80 in 2022 = 77.5 %), not a pace or a forecast.
    assert "2022年目标未完成，仅达到目标的77.5%" in item and "预测" not in item
    assert "目标年未完成" in alerts


def test_a_forecast_of_a_count_is_a_whole_number_and_of_a_share_keeps_two_places(plan):
    """3.43 家 is nonsense on a page; 2.17 % is not."""
    from kechuang.observations.monitoring.dashboard import annotate_cells

    rows = list(judge_plan(plan, as_of=AS_OF))
    annotate_cells(rows)
    forecasts = {r.indicator.name: r.cells.forecast for r in rows if r.progress.forecast_value is not None}

    assert re.fullmatch(r"[\d,]+", forecasts["高新技术企业数"]), forecasts
    assert re.fullmatch(r"\d+\.\d\d", forecasts["研发经费投入强度"]), forecasts


def test_a_target_with_only_its_baseline_figure_shows_dashes_not_zero_progress(admin_client, shanghai):
    from kechuang.plans.models import Plan
    from tests.monitor.builders import add_indicator

    plan = Plan.objects.create(
        title="仅有基期数据的规划",
        area=shanghai["jinshan"],
        period_start=2021,
        period_end=2025,
        status="published",
    )
    add_indicator(
        plan,
        "众创空间数",
        unit="家",
        category="载体",
        source="区科委",
        target=30,
        baseline=20,
        figures={2020: 20},
    )
    body = admin_client.get(f"/monitor/plans/{plan.pk}/?at=2026-12-01").content.decode()
    row = body[body.index("众创空间数") :]
    row = row[: row.index("</tr>")]
    import re

    text = re.sub(r"<[^>]+>", " ", row)
    assert "待数据" in text
    assert "0.0%" not in text and "—" in text
    assert "pbar" not in row  # no empty progress bar either
