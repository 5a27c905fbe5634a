"""The home page per role, through the HTTP stack: each role's numbers, scoped to what it may see;
the header shows only what the role may use; 填报 never reopens a submitted month as a form."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from kechuang.collection.domain import open_report, return_report, save_draft, submit_report
from kechuang.collection.home import current_period
from kechuang.plans.enums import PlanStatus
from kechuang.registry.domain import add_qualification
from tests.access.world import REPORT_VALUES, build_world

pytestmark = pytest.mark.django_db

_TILE = re.compile(r'tile-label">([^<]*)</span><strong class="tile-count">([^<]*)</strong>')


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(django_user_model):
    w = build_world(django_user_model)
    today = timezone.localdate()
    period = current_period(today)
    w.period = period
    # This month: the town's carrier has filed; the other town's has a draft only.
    now, _ = open_report(carrier=w.carrier, period=period, form=w.form)
    submit_report(now, values=REPORT_VALUES, acting_user=None)
    w.current_report = now
    draft, _ = open_report(carrier=w.other_carrier, period=period, form=w.form)
    save_draft(draft, values={"tenants": 3}, acting_user=None)
    # Another district: one report waiting for its own administrator.
    far, _ = open_report(carrier=w.far_carrier, period=period, form=w.form)
    submit_report(far, values=REPORT_VALUES, acting_user=None)
    # A plan submitted for the district's approval.
    w.duplicate.status = PlanStatus.PENDING
    w.duplicate.save(update_fields=["status"])
    # A 高企 certificate of the town's enterprise lapsing in about 40 days.
    add_qualification(
        w.enterprise,
        qtype=w.hnte,
        certificate_no="GR20249999",
        issued_on=today.replace(year=today.year - 3) + dt.timedelta(days=40),
    )
    return w


def _tiles(client, user) -> dict[str, str]:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return {label: count for label, count in _TILE.findall(response.content.decode())}


def _label(period: str) -> str:
    return f"{int(period[:4])}年{int(period[5:7])}月月报报送"


def test_district_administrator_sees_this_months_work_as_numbers(client, world):
    tiles = _tiles(client, world.users["admin_here"])
    # The May report waiting from before, and this month's: both in the town of this district.
    assert tiles["待审核月报"] == "2"
    assert tiles["待审批规划"] == "1"
    assert tiles["逾期任务"] == "2"  # the town plan's and the district plan's task, due 2025
    assert tiles["即将到期的高企证书"] == "1"
    assert tiles[_label(world.period)] == "1/2"
    assert "预警" in tiles


def test_another_districts_administrator_sees_none_of_this_districts_numbers(client, world):
    tiles = _tiles(client, world.users["admin_other"])
    assert tiles["待审核月报"] == "1"  # their own district's carrier only
    assert tiles["待审批规划"] == "0"
    assert tiles["逾期任务"] == "1"
    assert tiles["即将到期的高企证书"] == "0"
    assert tiles[_label(world.period)] == "1/1"


def test_each_tile_opens_the_list_behind_it(client, world):
    client.force_login(world.users["admin_here"])
    page = client.get("/").content.decode()
    for url in (
        "/collection/?status=submitted",
        "/plans/?status=pending",
        "/registry/renewals/?months=3",
        f"/collection/completeness/?period={world.period}",
        f"/monitor/plans/{world.published.plan.pk}/tasks/?status=delayed",
    ):
        assert f'href="{url}"' in page
    pending = client.get("/plans/?status=pending").content.decode()
    assert world.duplicate.title in pending and "泗泾" not in pending
    assert pending.count("<tr>") - 1 == 1  # one plan row
    board = client.get(f"/monitor/plans/{world.published.plan.pk}/tasks/?status=delayed").content.decode()
    assert "建设孵化器" in board and "逾期" in board
    renewals = client.get("/registry/renewals/?months=3").content.decode()
    assert world.enterprise.name in renewals


def test_liaison_sees_their_town_carriers_enterprises_and_tasks(client, world):
    client.force_login(world.users["liaison_here"])
    page = client.get("/").content.decode()
    tiles = dict(_TILE.findall(page))
    assert tiles[f"{int(world.period[:4])}年{int(world.period[5:7])}月月报已报送"] == "1/1"
    assert tiles["企业"] == "1"
    assert world.carrier.name in page and "已提交" in page
    assert world.other_carrier.name not in page  # another town's carrier
    assert "金山区科技创新规划" in page  # the district plan names the town: its tasks are listed
    assert world.published.plan.title in page
    assert "待审核月报" not in page  # no administrator's tiles


def test_another_towns_liaison_sees_their_own_town_only(client, world):
    client.force_login(world.users["liaison_other"])
    page = client.get("/").content.decode()
    assert world.other_carrier.name in page and "草稿" in page
    assert world.carrier.name not in page
    assert world.enterprise.name not in page
    assert world.published.plan.title not in page


def test_operator_sees_this_months_report_and_earlier_months(client, world):
    client.force_login(world.users["op_here"])
    page = client.get("/").content.decode()
    assert "已提交" in page and "等待区级审核" in page
    assert "开始填报" not in page and "继续填报" not in page
    assert "2025年5月" in page and "2025年3月" in page  # earlier months
    assert re.search(r'在孵企业</span><strong class="tile-count">1<', page)
    assert world.other_carrier.name not in page


def test_operator_sees_why_a_report_was_returned(client, world):
    return_report(world.current_report, comment="在孵企业数与上月差距过大，请核实", acting_user=None)
    client.force_login(world.users["op_here"])
    page = client.get("/").content.decode()
    assert "退回意见：在孵企业数与上月差距过大，请核实" in page
    assert "修改后重新提交" in page
    listing = client.get("/collection/").content.decode()
    assert "修改后重新提交" in listing and "在孵企业数与上月差距过大" in listing


def test_operator_fill_button_does_not_reopen_a_submitted_month(client, world):
    """The month already submitted: the report list shows its status, not a 填报 button to its form."""
    client.force_login(world.users["op_here"])
    listing = client.get("/collection/").content.decode()
    assert "等待区级审核" in listing
    assert 'action="/collection/carriers/' not in listing
    # The other carrier's operator has a draft: 继续填报 leads to the draft itself.
    client.force_login(world.users["op_other"])
    listing = client.get("/collection/").content.decode()
    assert "继续填报" in listing and 'action="/collection/carriers/' not in listing


def test_operator_with_no_report_yet_starts_one(client, world):
    world.current_report.delete()
    client.force_login(world.users["op_here"])
    page = client.get("/").content.decode()
    assert "开始填报" in page and f'value="{world.period}"' in page


def test_viewer_sees_plans_in_scope(client, world):
    client.force_login(world.users["viewer"])
    page = client.get("/").content.decode()
    assert world.published.plan.title in page and "金山区科技创新规划" in page
    assert world.far_plan.plan.title not in page
    assert world.draft.plan.title not in page
    assert "待审核月报" not in page


NAV = {
    "规划": "/plans/",
    "监测总览": "/monitor/",
    "数据录入": "/observations/",
    "企业": "/registry/enterprises/",
}


def _nav(client, user) -> str:
    client.force_login(user)
    page = client.get("/").content.decode()
    return page.split("<nav>")[1].split("</nav>")[0]


def test_navigation_shows_only_what_the_role_may_use(client, world):
    operator = _nav(client, world.users["op_here"])
    for href in NAV.values():
        assert f'href="{href}"' not in operator
    assert ">填报<" in operator and ">我的载体<" in operator
    viewer = _nav(client, world.users["viewer"])
    assert 'href="/observations/"' not in viewer
    assert 'href="/plans/"' in viewer and 'href="/monitor/"' in viewer
    for role in ("admin_here", "liaison_here"):
        nav = _nav(client, world.users[role])
        for href in NAV.values():
            assert f'href="{href}"' in nav
        assert ">孵化月报<" in nav
    # The audit trail is the district administrator's: the link shows for them alone.
    assert 'href="/audit/"' in _nav(client, world.users["admin_here"])
    for role in ("liaison_here", "viewer", "op_here"):
        assert 'href="/audit/"' not in _nav(client, world.users[role])


def test_operator_report_list_offers_no_area_progress_page(client, world):
    """Operators have no area: the filing-progress page would be empty for them, so it is not offered."""
    client.force_login(world.users["op_here"])
    assert "填报进度" not in client.get("/collection/").content.decode()
    client.force_login(world.users["admin_here"])
    assert "填报进度" in client.get("/collection/").content.decode()


def test_a_user_without_any_role_is_told_whom_to_ask(client, world, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", "nobody@example.org")
    client.force_login(nobody)
    page = client.get("/").content.decode()
    assert "尚未分配地区或载体" in page
    nav = page.split("<nav>")[1].split("</nav>")[0]
    assert 'href="/plans/"' not in nav and 'href="/collection/"' not in nav


def test_liaison_sees_their_towns_figures_beside_the_district_plans_goals(client, world):
    """A town's 高企 count beside the district's, with its share and the district plan's goal."""
    from kechuang.observations.domain import record_observation
    from kechuang.observations.enums import Source
    from kechuang.plans.models import CatalogIndicator

    hnte, _ = CatalogIndicator.objects.get_or_create(
        code="HNTE_TEST", defaults={"name_zh": "高企数", "unit": "家"}
    )
    indicator = world.district_plan.indicator
    indicator.catalog = hnte
    indicator.save(update_fields=["catalog"])
    for area, value in ((world.town, 120), (world.district, 480), (world.other_town, 77)):
        record_observation(catalog=hnte, area=area, period="2024", value=value, source=Source.STATISTICS)

    client.force_login(world.users["liaison_here"])
    page = client.get("/").content.decode()
    section = page[page.index("本地数据与上级规划目标") :]
    section = section[: section.index("</table>")]
    assert indicator.name in section and world.district_plan.plan.title in section
    assert "120 家" in section and "480 家" in section
    assert "25.0%" in section  # 120 of 480
    assert "77" not in section  # the other town's figure is not this town's business

    # Another town's liaison sees their own figures only, never this town's.
    client.force_login(world.users["liaison_other"])
    other = client.get("/").content.decode()
    assert "120 家" not in other

    # Without a figure of its own the town is told so in one line, not a table of blanks.
    from kechuang.observations.models import Observation

    Observation.objects.filter(area=world.town).delete()
    client.force_login(world.users["liaison_here"])
    assert "暂无本地有数据的对照指标" in client.get("/").content.decode()
