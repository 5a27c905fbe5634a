"""Verdicts, the previous period's record, ceilings, ranges, the legend, the method page and the
thresholds form, through the real HTTP stack (issue 9, parts 1–4)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model

from kechuang.observations.domain import record_observation
from kechuang.observations.models import ProgressSettings
from kechuang.observations.monitoring import load_thresholds
from kechuang.observations.progress import Thresholds
from kechuang.plans.enums import PlanStatus
from kechuang.plans.models import Indicator, Plan, Target
from kechuang.tenancy.models import AuditEntry, Membership, Role

pytestmark = pytest.mark.django_db

AT = "?at=2026-06-30"  # every year of a 2021–2025 plan is over


def _counts(html: str) -> dict[str, int]:
    found = re.findall(
        r'data-status="(\w+)"><span class="word">[^<]*</span><span class="count">(\d+)</span>', html
    )
    return {code: int(n) for code, n in found}


def _figures(indicator: Indicator, area, figures: dict[int, float], source: str = "statistics") -> None:
    for year, value in figures.items():
        record_observation(indicator=indicator, area=area, period=str(year), value=value, source=source)


@pytest.fixture
def plan(shanghai):
    """金山区“十四五” as the demo reads it: 2021 and 2025 goals of its own, and the 十三五 completion
    table (2020 goals with their 2020 results) that the document reports on."""
    area = shanghai["jinshan"]
    plan = Plan.objects.create(
        title="金山区科技创新“十四五”规划",
        area=area,
        period_start=2021,
        period_end=2025,
        status=PlanStatus.PUBLISHED,
    )
    hnte = Indicator.objects.create(plan=plan, position=1, name="高新技术企业总数", unit="家")
    Target.objects.create(indicator=hnte, year=2021, value=1000)  # 969 → 96.9 % → 基本完成
    Target.objects.create(indicator=hnte, year=2025, value=1500)  # 1520 → 已完成
    _figures(hnte, area, {2021: 969, 2022: 1068, 2023: 1234, 2024: 1351, 2025: 1520})
    awards = Indicator.objects.create(plan=plan, position=2, name="获得市级以上科学技术奖励项目", unit="个")
    Target.objects.create(indicator=awards, year=2025, value=80)  # 66.93 → 83.7 % → 未完成
    _figures(awards, area, {2024: 65.04, 2025: 66.93})
    rd = Indicator.objects.create(plan=plan, position=3, name="全社会研发经费支出占GDP比重", unit="%")
    Target.objects.create(indicator=rd, year=2025, value=3.0)  # no 2025 figure yet → 待数据
    _figures(rd, area, {2023: 2.76, 2024: 2.83})
    # The 十三五 completion table: 2020 goals inside this 2021–2025 plan.
    for pos, (name, unit, goal, result, text) in enumerate(
        [
            ("高新技术企业数量", "家", 400, 936, "400"),
            ("全社会研发经费支出占全区生产总值的比例", "%", 2.6, 2.61, "2.6-3"),
            ("每万人发明专利拥有量", "件", 30, 23.5, "30"),
        ],
        start=10,
    ):
        ind = Indicator.objects.create(
            plan=plan, position=pos, name=name, unit=unit, baseline_year=2015, baseline_value=goal / 2
        )
        Target.objects.create(
            indicator=ind, year=2020, value=goal, text=text, stretch_value=3.0 if text == "2.6-3" else None
        )
        _figures(ind, area, {2020: result}, source="plan_document")
    return plan


@pytest.fixture
def district_admin(shanghai, client):
    user = get_user_model().objects.create_user("jsadmin", password="pw-jsadmin-123")
    Membership.objects.create(user=user, role=Role.DISTRICT_ADMIN, area=shanghai["jinshan"])
    client.force_login(user)
    return client


# --- part 1: verdicts ----------------------------------------------------------------------------


def test_overview_shows_verdicts_once_the_years_are_over(admin_client, plan):
    html = admin_client.get(f"/monitor/plans/{plan.pk}/{AT}").content.decode()

    assert _counts(html) == {"met": 1, "nearly_met": 1, "missed": 1, "awaiting_data": 1}
    rows = re.findall(r'<tr class="row-\w+" data-status="(\w+)">', html)
    assert rows == ["nearly_met", "met", "missed", "awaiting_data"]
    table = html.split('<table class="data overview">')[1].split("</table>")[0]
    for pace in ("超前", "正常", "滞后", "严重滞后"):
        assert f">{pace}<" not in table  # no pace band for a year that is over
    # The note beside a status agrees with it: 基本完成 with its share, never 正常.
    note = re.search(r'title="([^"]*)">基本完成<', html).group(1)
    assert "96.9%" in note and "正常" not in note


def test_alerts_use_the_same_verdict_words(admin_client, plan):
    overview = admin_client.get(f"/monitor/plans/{plan.pk}/{AT}").content.decode()
    alerts = admin_client.get(f"/monitor/alerts/{AT}").content.decode()

    listed = overview.split("预警（")[1].split("</section>")[0]
    assert "2025年目标未完成，仅达到目标的83.7%" in listed
    assert "2021年" not in listed  # 基本完成 is a result to report, not an alert
    table = alerts.split('<table class="data alerts">')[1].split("</table>")[0]
    assert "目标年未完成" in table and ">未完成<" in table
    assert "高新技术企业总数" not in table
    assert "预计难以完成" not in table  # a verdict is not called a forecast


def test_public_page_counts_verdicts_of_this_plan_only(client, plan):
    index = client.get(f"/public/{AT}").content.decode()
    page = client.get(f"/public/plans/{plan.pk}/{AT}").content.decode()

    row = re.sub(r"<[^>]+>", "", index.split(plan.title)[1].split("</li>")[0])  # the plan's card, as read
    assert "已完成 1" in row and "基本完成 1" in row and "未完成 1" in row and "待数据 1" in row
    assert "量化目标 4 项" in row  # four targets of this plan, not seven
    assert _counts(page) == {"met": 1, "nearly_met": 1, "missed": 1, "awaiting_data": 1}


# --- part 2: the previous period's record ---------------------------------------------------------


def test_earlier_period_targets_are_a_record_apart_and_never_counted(admin_client, plan):
    html = admin_client.get(f"/monitor/plans/{plan.pk}/{AT}").content.decode()
    monitor = admin_client.get(f"/monitor/{AT}").content.decode()

    section = html.split("<h2>上期完成情况</h2>")[1].split("</section>")[0]
    assert "高新技术企业数量" in section and "936（2020年）" in section
    assert re.findall(r'<span class="status status-(\w+)">', section) == ["met", "met", "missed"]
    assert "挑战值 3" in section  # the 2.6-3 range keeps its upper end
    overview_table = html.split('<table class="data overview">')[1].split("</table>")[0]
    assert "2020年" not in overview_table
    assert "显示 4 / 4 个目标" in html
    assert sum(_counts(monitor).values()) == 4  # the overview tiles count this plan's targets only
    alerts = html.split("预警（")[1].split("</section>")[0]
    assert "每万人发明专利拥有量" not in alerts  # an earlier period's miss is no alert of this plan


def test_public_plan_shows_the_earlier_record_apart(client, plan):
    html = client.get(f"/public/plans/{plan.pk}/{AT}").content.decode()

    section = html.split("<h2>上期完成情况</h2>")[1].split("</section>")[0]
    assert "每万人发明专利拥有量" in section and "未完成" in section
    main_table = html.split('<table class="data public-targets">')[1].split("</table>")[0]
    assert "高新技术企业数量" not in main_table


def test_a_plan_whose_only_goals_are_earlier_has_no_statuses(admin_client, shanghai):
    only = Plan.objects.create(title="旧表", area=shanghai["jinshan"], period_start=2021, period_end=2025)
    ind = Indicator.objects.create(plan=only, position=1, name="众创孵化空间", unit="家")
    Target.objects.create(indicator=ind, year=2020, value=20)

    html = admin_client.get(f"/monitor/plans/{only.pk}/{AT}").content.decode()

    assert _counts(html) == {}
    assert "上期完成情况" in html and "暂无2020年数据" in html


# --- part 3: ceilings and ranges -------------------------------------------------------------------


@pytest.fixture
def action_plan(shanghai):
    """宝山区 2024–2026 action plan: two ceilings and a range goal, judged in mid-2025."""
    area = shanghai["jinshan"]
    plan = Plan.objects.create(title="三年行动计划", area=area, period_start=2024, period_end=2026)
    vacancy = Indicator.objects.create(
        plan=plan, position=1, name="载体平均空置率", unit="%", baseline_year=2023, baseline_value=13.63
    )
    Target.objects.create(indicator=vacancy, year=2026, value=15, comparator="<=")
    _figures(vacancy, area, {2024: 14.65})
    cycle = Indicator.objects.create(
        plan=plan, position=2, name="立项办理周期", unit="个工作日", baseline_year=2023, baseline_value=58
    )
    Target.objects.create(indicator=cycle, year=2026, value=60, comparator="<=")
    _figures(cycle, area, {2024: 63})
    clusters = Indicator.objects.create(
        plan=plan, position=3, name="产业集群", unit="个", baseline_year=2023, baseline_value=1
    )
    Target.objects.create(indicator=clusters, year=2026, value=2, stretch_value=3, text="力争形成2-3个")
    _figures(clusters, area, {2024: 2})
    return plan


def test_ceilings_say_within_or_over_and_the_trend(admin_client, action_plan):
    html = admin_client.get(f"/monitor/plans/{action_plan.pk}/?at=2025-06-30").content.decode()

    rows = re.findall(r'<tr class="row-\w+" data-status="(\w+)">(.*?)</tr>', html, re.S)
    by_code = {code: body for code, body in rows}
    assert ">未超上限，但趋势上升<" in by_code["ceiling_rising"]
    assert (
        '<td class="completion-cell">100.0%<' in by_code["ceiling_rising"]
    )  # 15/14.65 would be 102.4 %; it got worse
    assert ">超出上限<" in by_code["over_ceiling"]
    assert ">已完成<" not in by_code["ceiling_rising"]


def test_range_goal_shows_its_stretch(admin_client, action_plan):
    html = admin_client.get(f"/monitor/plans/{action_plan.pk}/?at=2025-06-30").content.decode()

    row = html.split("产业集群</a>")[1].split("</tr>")[0]
    assert "2026年 不低于 2" in row and "挑战值 3" in row
    assert ">已完成<" in row  # judged on the lower end: 2 reached


# --- part 4: legend, method page, thresholds form ------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/monitor/",
        "/monitor/plans/{pk}/",
        "/monitor/alerts/",
        "/monitor/compare/",
        "/monitor/indicators/{ind}/",
    ],
)
def test_every_dashboard_page_carries_the_legend_with_thresholds(admin_client, plan, url):
    ind = plan.indicators.order_by("position").first().pk
    html = admin_client.get(url.format(pk=plan.pk, ind=ind) + AT).content.decode()

    legend = html.split('<aside class="legend"')[1].split("</aside>")[0]
    assert "基本完成</a>达到目标的95%及以上" in legend
    assert "进度比≥110%" in legend
    assert 'href="/monitor/method/#status-missed"' in legend


def test_public_pages_carry_the_legend_linking_the_public_method_page(client, plan):
    for url in ("/public/", f"/public/plans/{plan.pk}/"):
        html = client.get(url + AT).content.decode()
        legend = html.split('<aside class="legend"')[1].split("</aside>")[0]
        assert 'href="/public/method/#status-nearly_met"' in legend
        assert "/monitor/" not in legend


def test_method_page_explains_with_the_thresholds_in_force(admin_client, client):
    ProgressSettings(thresholds={**Thresholds().to_dict(), "nearly_met": 0.9, "ahead": 1.2}).save()

    internal = admin_client.get("/monitor/method/").content.decode()
    public = client.get("/public/method/").content.decode()

    for html in (internal, public):
        assert "时序进度" in html and "达标概率" in html
        assert 'id="status-nearly_met"' in html
        assert "达到目标的90%及以上" in html
        assert "进度比不低于120%" in html
    assert "修改评估阈值" in internal and "修改评估阈值" not in public


def _form(**changes) -> dict[str, str]:
    from kechuang.observations.monitor_forms import ThresholdsForm
    from kechuang.observations.monitoring.settings import settings_version

    data = {k: str(v) for k, v in ThresholdsForm.initial_from(load_thresholds(), settings_version()).items()}
    data.update(changes)
    return data


def test_settings_form_saves_and_records_the_change(admin_client, shanghai):
    response = admin_client.post("/monitor/settings/", _form(nearly_met="90", ahead="120"))

    assert response.status_code == 302
    assert (load_thresholds().nearly_met, load_thresholds().ahead) == (0.9, 1.2)
    entry = AuditEntry.objects.get(model="observations.progresssettings")
    assert entry.changes == {"基本完成线": ["95%", "90%"], "超前线（进度比）": ["110%", "120%"]}
    assert "基本完成线" in admin_client.get("/audit/").content.decode()


def test_settings_form_shows_the_current_values_in_percent(admin_client):
    html = admin_client.get("/monitor/settings/").content.decode()

    assert 'name="nearly_met" value="95"' in html
    assert 'name="ahead" value="110"' in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ahead": "90"}, "ahead", "超前线须不低于正常线"),
        ({"behind": "99"}, "on_track", "正常线须不低于滞后线"),
        ({"nearly_met": "120"}, "nearly_met", "基本完成线须在 0% 至 100% 之间"),
        ({"nearly_met": "-5"}, "nearly_met", "基本完成线须在 0% 至 100% 之间"),
        ({"nearly_met": "九十五"}, "nearly_met", "基本完成线须为数字"),
        ({"likelihood_red": "60"}, "likelihood_red", "红色预警线须不高于预警线"),
        ({"forecast_min_points": "2"}, "forecast_min_points", "预测最少数据点须为不小于 3 的整数"),
        ({"confidence": "100"}, "confidence", "预测区间置信水平须大于 0% 且小于 100%"),
    ],
)
def test_settings_form_refuses_bad_input_and_changes_nothing(admin_client, changes, field, message):
    before = load_thresholds()

    response = admin_client.post("/monitor/settings/", _form(**changes))

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html and "未保存任何阈值" in html
    assert load_thresholds() == before
    assert not ProgressSettings.objects.exists()
    assert not AuditEntry.objects.filter(model="observations.progresssettings").exists()


def test_a_stale_settings_form_is_refused_with_409(admin_client):
    stale = _form(nearly_met="90")
    ProgressSettings(thresholds={**Thresholds().to_dict(), "nearly_met": 0.8}).save()  # someone else

    response = admin_client.post("/monitor/settings/", stale)

    assert response.status_code == 409
    assert "已被其他管理员修改" in response.content.decode()
    assert load_thresholds().nearly_met == 0.8


def test_thresholds_apply_to_every_district_so_only_the_system_administrator_changes_them(
    client, shanghai, district_admin
):
    """A district administrator's change would move every other district's verdicts: refused."""
    assert district_admin.get("/monitor/settings/").status_code == 403
    assert district_admin.post("/monitor/settings/", _form(nearly_met="50")).status_code == 403
    assert "仅系统管理员可以修改" in district_admin.get("/monitor/settings/").content.decode()
    assert load_thresholds().nearly_met == 0.95


def test_changed_tolerance_changes_the_verdict_on_the_page(admin_client, plan):
    admin_client.post("/monitor/settings/", _form(nearly_met="97"))

    html = admin_client.get(f"/monitor/plans/{plan.pk}/{AT}").content.decode()

    assert _counts(html) == {"met": 1, "missed": 2, "awaiting_data": 1}  # 96.9 % < 97 %
    assert "达到目标的97%及以上" in html


def test_the_admin_sends_administrators_to_the_chinese_form(admin_client):
    response = admin_client.get("/admin/observations/progresssettings/")

    assert response.status_code == 302 and response["Location"] == "/monitor/settings/"


def test_as_of_date_still_gives_pace_before_the_year_is_over(admin_client, plan):
    html = admin_client.get(f"/monitor/plans/{plan.pk}/?at={dt.date(2024, 6, 30)}").content.decode()

    # The 2021 goal is over (a verdict); the 2025 ones are still to come (a pace band or none):
    # 936→… 1234 in 2023 from 969 in 2021 is r ≈ 1.12 on the compound path → 超前.
    assert _counts(html) == {"nearly_met": 1, "ahead": 1, "no_data": 1, "undeterminable": 1}
