"""The national overview compiles its small queries once per process (`fetch_prepared`): what it
shows must still be what the database holds on every request, never what it held when compiled."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from kechuang.notifications.domain import notify
from kechuang.notifications.enums import Kind
from kechuang.observations.models import AlertCase
from kechuang.observations.monitor_views import PLANS_PER_PAGE
from kechuang.observations.stored import refresh
from kechuang.plans.models import Plan, Task
from kechuang.tenancy.models import Area
from tests.monitor.builders import build_plan


def _overview(client) -> str:
    response = client.get("/monitor/")
    assert response.status_code == 200
    return response.content.decode()


def _unread(page: str) -> str | None:
    found = re.search(r'class="notices">通知(?:<span class="count"[^>]*>(\d+)</span>)?', page)
    assert found, "the header's 通知 link is on the page"
    return found.group(1)


def _open_cases(page: str) -> tuple[int, int]:
    found = re.search(r"未办结预警事项 (\d+) 项</a>(?:，其中<a[^>]*>逾期 (\d+) 项)?", page)
    assert found, "the overview counts the open cases"
    return int(found.group(1)), int(found.group(2) or 0)


@pytest.mark.django_db
def test_a_superusers_overview_shows_each_change_on_the_next_request(shanghai, admin_client, admin_user):
    plan = build_plan(shanghai["jinshan"])
    Task.objects.filter(plan=plan).delete()  # no task due: the overview then asks no more
    refresh.rebuild()
    before = _overview(admin_client)
    assert "共 1 个规划" in before
    cases, late = _open_cases(before)  # today's alerts opened cases (no deadline yet)
    assert late == 0 and "共有逾期任务" not in before
    assert "佘山镇" not in before and _unread(before) is None

    # A second plan in force, with a town below its district; an open case past its deadline;
    # a task of an earlier year not done; a notification for the superuser.
    other = build_plan(shanghai["songjiang"], title="松江区科技创新“十四五”规划")
    Area.objects.create(code="310117001", name="佘山镇", kind="town", parent=shanghai["songjiang"])
    refresh.rebuild()
    AlertCase.objects.create(
        plan=other,
        target=other.indicators.get(name="研发经费投入强度").targets.get(),
        first_seen=dt.date(2024, 6, 30),
        last_seen=dt.date(2024, 6, 30),
        status_text="严重滞后",
        state="assigned",
        due_on=timezone.localdate() - dt.timedelta(days=1),
    )
    Task.objects.create(plan=plan, goal="建设科创载体", deadline=timezone.localdate().year - 1)
    Task.objects.filter(plan=other).delete()
    notify([admin_user], Kind.ALERT, "新的预警事项")

    after = _overview(admin_client)
    assert "共 2 个规划" in after
    now_cases, now_late = _open_cases(after)
    assert now_cases > cases and now_late == 1  # the other plan's alerts, and the case past its deadline
    assert "共有逾期任务 1 项" in after
    assert "佘山镇" in after
    assert _unread(after) == "1"


@pytest.mark.django_db
def test_a_page_of_every_plan_shows_renamed_plans_and_areas_on_the_next_request(shanghai, admin_client):
    for k in range(PLANS_PER_PAGE + 5):
        Plan.objects.create(
            title=f"测试规划{k:02d}",
            area=shanghai["jinshan"],
            period_start=2021,
            period_end=2025,
            status="published",
        )
    refresh.rebuild()
    second = admin_client.get("/monitor/?page=2").content.decode()
    assert "测试规划54" in second and "测试规划00" not in second  # ordered by title within a period
    assert '<a href="/monitor/areas/{}/">金山区</a>'.format(shanghai["jinshan"].pk) in second

    Plan.objects.filter(title="测试规划54").update(title="测试规划54（修订）")
    Area.objects.filter(pk=shanghai["jinshan"].pk).update(name="金山新区")
    again = admin_client.get("/monitor/?page=2").content.decode()
    assert "测试规划54（修订）" in again and "金山新区" in again and "金山区<" not in again
