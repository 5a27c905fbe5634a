"""The staff dashboards through the HTTP stack: every status segment and count on the overview opens
the list behind it, the plan page sorts and filters through its URL and picks its date from a list,
the comparison says each value's year, and the area page shows that town and no other."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re

import pytest

from kechuang.observations.monitoring.visuals import as_of_choices
from kechuang.plans.models import Plan
from tests.monitor.builders import AS_OF, add_indicator, build_plan

pytestmark = pytest.mark.django_db

AT = f"?at={AS_OF.isoformat()}"


def _row_statuses(html: str) -> list[str]:
    return re.findall(r'<tr class="row-\w+" data-status="(\w+)">', html)


def _segments(html: str, plan_pk: int) -> dict[str, tuple[str, int]]:
    """The plan's status-bar segments on the overview: status → (link, count)."""
    found = re.findall(
        rf'<a class="seg seg-(\w+)" href="(/monitor/plans/{plan_pk}/\?[^"]+)" data-status="\w+"[^>]*>(\d+)</a>',
        html,
    )
    return {code: (htmllib.unescape(url), int(n)) for code, url, n in found}


@pytest.fixture
def plan(shanghai):
    return build_plan(shanghai["jinshan"])


def test_each_status_segment_opens_exactly_the_targets_of_that_status(admin_client, plan):
    overview = admin_client.get(f"/monitor/{AT}").content.decode()
    segments = _segments(overview, plan.pk)

    expected = {
        "ahead": ["高新技术企业数"],
        "on_track": ["科技小巨人企业"],
        "seriously_behind": ["研发经费投入强度"],
        "no_data": ["技术合同成交额"],
    }

    assert {code: n for code, (_, n) in segments.items()} == {code: len(v) for code, v in expected.items()}
    for code, (url, _count) in segments.items():
        page = admin_client.get(url).content.decode()
        table = page.split('<table class="data overview">')[1]
        names = re.findall(r'<a href="/monitor/indicators/\d+/">([^<]+)</a>', table)
        assert _row_statuses(page) == [code] * len(expected[code])
        assert names == expected[code]
        assert f"at={AS_OF.isoformat()}" in url  # the list is read at the same date


def test_a_status_tile_on_the_overview_keeps_only_plans_with_that_status(admin_client, shanghai, plan):
    other = Plan.objects.create(
        title="松江区小规划", area=shanghai["songjiang"], period_start=2021, period_end=2025
    )
    add_indicator(other, "专利数", unit="件", category="", source="", target=100)  # 无数据 only

    page = admin_client.get(f"/monitor/{AT}&status=seriously_behind").content.decode()
    everything = admin_client.get(f"/monitor/{AT}").content.decode()

    assert plan.title in page and "松江区小规划" not in page
    assert "松江区小规划" in everything
    assert 'href="?status=seriously_behind&amp;at=' in everything  # the tile is a link


def test_alert_and_overdue_counts_open_their_lists(admin_client, shanghai, plan):
    other = build_plan(shanghai["songjiang"], title="松江区规划")
    at = "2025-03-31"  # the task due in 2024 is overdue by then
    overview = admin_client.get(f"/monitor/?at={at}").content.decode()

    overdue = re.search(
        rf'href="([^"]*/monitor/plans/{plan.pk}/tasks/[^"]*)" data-list="overdue-tasks">(\d+)<', overview
    )
    alerts = re.search(rf'href="([^"]*plan={plan.pk}[^"]*)" data-list="alerts">(\d+)<', overview)
    board = admin_client.get(htmllib.unescape(overdue.group(1))).content.decode()
    alert_page = admin_client.get(htmllib.unescape(alerts.group(1))).content.decode()

    assert int(overdue.group(2)) == 1
    assert "举办创新创业大赛" in board and "建设高质量孵化器" not in board
    listed = alert_page.count('<tr class="row-')  # one row per alerting target of the plan
    assert int(alerts.group(2)) == listed >= 1
    assert plan.title in alert_page and other.title not in alert_page
    assert "仅显示规划" in alert_page


def test_sorting_orders_rows_and_says_so_to_screen_readers(admin_client, plan):
    url = f"/monitor/plans/{plan.pk}/{AT}"
    asc = admin_client.get(url + "&sort=indicator").content.decode()
    desc = admin_client.get(url + "&sort=indicator&dir=desc").content.decode()

    names_asc = re.findall(
        r'<a href="/monitor/indicators/\d+/">([^<]+)</a>', asc.split('<table class="data overview"')[1]
    )
    names_desc = re.findall(
        r'<a href="/monitor/indicators/\d+/">([^<]+)</a>', desc.split('<table class="data overview"')[1]
    )

    assert names_asc == sorted(names_asc) and len(names_asc) == 4
    assert names_desc == list(reversed(names_asc))
    assert re.search(r'aria-sort="ascending"><a class="sortable sorted"[^>]*data-sort="indicator"', asc)
    assert re.search(r'aria-sort="descending"><a class="sortable sorted"[^>]*data-sort="indicator"', desc)
    assert 'aria-sort="none"' in asc and "↕" in asc


def test_filters_and_sort_persist_in_the_url(admin_client, plan):
    page = admin_client.get(
        f"/monitor/plans/{plan.pk}/{AT}&category=创新主体&sort=completion&dir=desc"
    ).content.decode()

    assert len(_row_statuses(page)) == 2
    assert '<input type="hidden" name="sort" value="completion">' in page
    assert '<input type="hidden" name="dir" value="desc">' in page
    # A status tile keeps the category and the sort.
    tile = re.search(r'<a href="(\?[^"]+)" title="查看“超前”的目标"', page).group(1)
    assert "category=" in tile and "sort=completion" in tile and "status=ahead" in tile


def test_plan_rows_carry_a_trend_line_and_a_progress_bar(admin_client, plan):
    page = admin_client.get(f"/monitor/plans/{plan.pk}/{AT}&sort=indicator").content.decode()

    assert page.count('<svg class="spark"') == 3  # three indicators have two or more annual figures
    assert "2021—2023年走势：2021年 120家、2022年 140家、2023年 160家" in page
    assert page.count('class="pbar') >= 2
    assert 'class="pbar behind"' in page  # 研发经费投入强度: 10 % done against about 60 % expected


def test_as_of_picker_offers_month_quarter_and_year_ends_and_keeps_a_typed_date():
    groups = as_of_choices(dt.date(2025, 8, 15), dt.date(2024, 6, 30), first_year=2021)
    by_title = {g.title: [c.value for c in g.choices] for g in groups}

    assert by_title["今天"] == ["2025-08-15"]
    assert by_title["月末"][:3] == ["2025-07-31", "2025-06-30", "2025-05-31"]
    assert by_title["季末"][:3] == ["2025-06-30", "2025-03-31", "2024-09-30"]
    assert by_title["年末"] == ["2024-12-31", "2023-12-31", "2022-12-31", "2021-12-31"]
    assert [c.value for g in groups for c in g.choices if c.selected] == ["2024-06-30"]

    odd = as_of_choices(dt.date(2025, 8, 15), dt.date(2024, 6, 17), first_year=2021)
    assert odd[1].title == "指定日期" and odd[1].choices[0].selected


def test_plan_page_picker_shows_the_date_of_the_page(admin_client, plan):
    page = admin_client.get(f"/monitor/plans/{plan.pk}/?at=2023-12-31&category=创新投入").content.decode()

    assert '<form method="get" class="as-of-picker"' in page
    assert re.search(r'<option value="2023-12-31" selected>2023年末</option>', page)
    assert '<input type="hidden" name="category" value="创新投入">' in page


def test_comparison_shows_each_values_year_and_flags_different_years(admin_client, shanghai, plan):
    other = Plan.objects.create(
        title="松江区科技创新规划", area=shanghai["songjiang"], period_start=2021, period_end=2030
    )
    add_indicator(
        other,
        "R&D经费支出占GDP比重",
        unit="%",
        category="",
        source="",
        target=5.0,
        baseline=4.0,
        figures={2022: 4.5},
        catalog="RD_INTENSITY",
        year=2030,
    )
    page = admin_client.get(f"/monitor/compare/{AT}&catalog=RD_INTENSITY").content.decode()

    assert "各地区最新值的年份不同（2022年、2023年）" in page
    assert "各规划的目标年份不同（2025年、2030年）" in page
    assert "年份不同</span>" in page
    assert 'id="trend-chart"' in page and "2021年" in page.split("compare-trend")[1]


def test_area_page_shows_that_towns_carriers_and_not_anothers(client, django_user_model):
    from tests.access.world import build_world

    w = build_world(django_user_model)
    client.force_login(w.users["liaison_here"])
    page = client.get(f"/monitor/areas/{w.town.pk}/").content.decode()
    refused = client.get(f"/monitor/areas/{w.other_town.pk}/")
    client.force_login(w.users["admin_here"])
    as_admin = client.get(f"/monitor/areas/{w.other_town.pk}/").content.decode()

    assert w.carrier.name in page and w.other_carrier.name not in page
    assert w.enterprise.name in page and w.enterprise_other.name not in page
    assert w.published.plan.title in page
    assert refused.status_code == 404
    assert w.other_carrier.name in as_admin and w.carrier.name not in as_admin


def test_comparison_ranks_the_towns_below_with_each_figures_period(admin_client, shanghai, plan):
    from kechuang.observations.domain import record_observation
    from kechuang.plans.models import CatalogIndicator
    from kechuang.tenancy.models import Area

    entry = CatalogIndicator.objects.get(code="RD_INTENSITY")
    other = Area.objects.create(code="310116002", name="枫泾镇", kind="town", parent=shanghai["jinshan"])
    far = Area.objects.create(code="310117001", name="泗泾镇", kind="town", parent=shanghai["songjiang"])
    for area, period, value in ((shanghai["town"], "2023", 1.5), (other, "2022", 2.5), (other, "2021", 2.0)):
        record_observation(catalog=entry, area=area, period=period, value=value, source="statistics")
    record_observation(catalog=entry, area=far, period="2023", value=9.0, source="statistics")

    page = admin_client.get(f"/monitor/compare/{AT}&catalog=RD_INTENSITY").content.decode()
    towns = page.split('<table class="data compare-towns">')[1].split("</table>")[0]

    assert re.findall(r'data-area="([^"]+)"', towns) == ["枫泾镇", "朱泾镇"]  # 泗泾镇 is below no plan here
    assert "2022年" in towns and "2023年" in towns and "期间不同" in towns
    assert 'id="town-trend"' in page


def test_area_page_lists_a_screenful_of_enterprises_and_links_to_the_rest(client, django_user_model):
    from kechuang.home.area import ENTERPRISES_SHOWN
    from kechuang.registry.domain import save_enterprise
    from kechuang.registry.uscc import make_uscc
    from tests.access.world import build_world

    w = build_world(django_user_model)
    extra = ENTERPRISES_SHOWN + 3
    for n in range(extra):
        save_enterprise(
            acting_user=None,
            uscc=make_uscc(100 + n, division="310116"),
            name=f"朱泾测试企业{n:02d}有限公司",
            area=w.town,
            industry="新材料",
            address=f"朱泾镇测试路{n}号",
            contact_name=f"联系人{n}",
            contact_phone=f"1390000{n:04d}",
        )
    client.force_login(w.users["liaison_here"])
    page = client.get(f"/monitor/areas/{w.town.pk}/").content.decode()
    listed = page.split('id="area-enterprises"')[1].split("</section>")[0]
    total = extra + 1  # and the world's own enterprise of the town

    assert f"企业（{total} 家）" in listed
    assert (
        listed.count("/registry/enterprises/") - listed.count("/registry/enterprises/?") == ENTERPRISES_SHOWN
    )
    assert f"仅列出前 {ENTERPRISES_SHOWN} 家" in listed and f"查看全部 {total} 家" in listed
    full = client.get(f"/registry/enterprises/?area={w.town.pk}").content.decode()
    assert all(f"朱泾测试企业{n:02d}有限公司" in full for n in range(extra))


def test_overview_without_plans_in_scope_says_so_instead_of_an_empty_table(client, django_user_model):
    from tests.access.world import build_world

    w = build_world(django_user_model)
    client.force_login(w.users["liaison_other"])  # a town with no plan of its own
    empty = client.get("/monitor/").content.decode()
    client.force_login(w.users["liaison_here"])
    listed = client.get("/monitor/").content.decode()

    assert "您的范围内没有施行中或待审核的规划" in empty and "共 0 个规划" not in empty
    assert "monitor-plans" not in empty and "导出 CSV" not in empty
    assert "没有可查看的规划" not in empty  # said once, in the line above, not twice
    assert "共 3 个规划" in listed and "monitor-plans" in listed
    assert "上级规划中点名本街镇的任务" in listed


def test_chart_caption_names_only_what_the_chart_draws(admin_client, shanghai):
    plan = build_plan(shanghai["jinshan"])
    trend = add_indicator(
        plan,
        "有趋势的指标",
        unit="家",
        category="",
        source="",
        target=100,
        baseline=40,
        figures={2020: 40, 2021: 50, 2022: 58, 2023: 70},
    )
    bare = add_indicator(plan, "无基期无数据的指标", unit="家", category="", source="", target=100)

    def caption(indicator) -> str:
        page = admin_client.get(f"/monitor/indicators/{indicator.pk}/{AT}").content.decode()
        return page.split('id="indicator-chart"')[1].split('<p class="note">')[1].split("</p>")[0]

    assert caption(trend) == (
        "实线为实际值，虚线为从基期到目标的直线路径，橙色点线为目标年预测值，阴影为其预测区间，菱形为目标值。"
    )
    assert caption(bare) == "菱形为目标值。"  # no figure, no baseline, no forecast: none promised
