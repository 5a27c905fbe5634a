"""The task board: each task once with all its owners, states on the evaluation date (逾期 included),
an owner filter, and a town's people seeing the district tasks that name their town."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from kechuang.plans.enums import PlanStatus
from kechuang.plans.models import Plan, Task, TaskOwner, TaskUpdate
from kechuang.plans.tasks import report_task_progress
from kechuang.tenancy.models import Area, Membership, Role

pytestmark = pytest.mark.django_db

EIGHT = ["区科委", "亭林镇", "朱泾镇", "漕泾镇", "张堰镇", "吕巷镇", "廊下镇", "山阳镇"]


def _task(plan: Plan, n: int, goal: str, owners: list[str], deadline: int | None, progress: int = 0) -> Task:
    task = Task.objects.create(plan=plan, position=n, code=str(n), goal=goal, deadline=deadline)
    for k, name in enumerate(owners):
        TaskOwner.objects.create(task=task, position=k, name=name)
    if progress:
        TaskUpdate.objects.create(
            task=task, reported_on=dt.date(2024, 3, 31), unit=owners[0], text="已启动", progress=progress
        )
    return task


@pytest.fixture
def plan(shanghai):
    plan = Plan.objects.create(
        title="金山区科创载体三年行动方案",
        area=shanghai["jinshan"],
        period_start=2024,
        period_end=2026,
        status=PlanStatus.PUBLISHED,
    )
    _task(plan, 1, "各镇科创载体建设全覆盖", EIGHT, 2026, progress=30)
    _task(plan, 2, "举办创新创业大赛", ["区人社局"], 2024)  # never reported, deadline passed
    _task(plan, 3, "建成概念验证中心", ["区科委", "山阳镇"], 2024, progress=60)
    _task(plan, 4, "引进孵化领军人才", ["区委组织部", "各镇（园区）"], 2025)
    done = _task(plan, 5, "设立孵化基金", ["区科委"], 2024)
    report_task_progress(
        done, reported_on=dt.date(2024, 10, 8), unit="区科委", text="基金已设立", progress=100
    )
    return plan


def _rows(html: str) -> list[tuple[str, str]]:
    """(task goal, state word) of every row on the board."""
    rows = re.findall(r'<tr class="task-\w+">(.*?)</tr>', html, flags=re.S)
    out = []
    for row in rows:
        goal = re.search(r'<td class="goal">([^<]+)', row).group(1)
        state = re.search(r'<span class="task-state task-\w+">([^<]+)</span>', row).group(1)
        out.append((goal, state))
    return out


def _counts(html: str) -> dict[str, int]:
    return {w: int(n) for w, n in re.findall(r'<li class="task-\w+[^"]*">(\S+) <strong>(\d+)</strong>', html)}


def test_states_on_the_evaluation_date_mark_tasks_past_their_year_as_overdue(admin_client, plan):
    mid_2024 = admin_client.get(f"/monitor/plans/{plan.pk}/tasks/?at=2024-06-30").content.decode()
    in_2025 = admin_client.get(f"/monitor/plans/{plan.pk}/tasks/?at=2025-03-31").content.decode()

    assert _rows(mid_2024) == [
        ("各镇科创载体建设全覆盖", "进行中"),
        ("举办创新创业大赛", "未启动"),
        ("建成概念验证中心", "进行中"),
        ("引进孵化领军人才", "未启动"),
        ("设立孵化基金", "未启动"),  # its 100% came in October
    ]
    assert _rows(in_2025) == [
        ("各镇科创载体建设全覆盖", "进行中"),
        ("举办创新创业大赛", "逾期"),  # 2024 is over and nothing was done
        ("建成概念验证中心", "逾期"),  # 60% when its year ended
        ("引进孵化领军人才", "未启动"),
        ("设立孵化基金", "已完成"),
    ]
    assert _counts(in_2025) == {"逾期": 2, "进行中": 1, "未启动": 1, "已完成": 1}
    assert '<li class="task-delayed has">逾期 <strong>2</strong></li>' in in_2025


def test_a_task_with_eight_owners_is_one_row_naming_all_of_them(admin_client, plan):
    html = admin_client.get(f"/monitor/plans/{plan.pk}/tasks/?at=2025-03-31").content.decode()

    row = re.search(
        r'<tr class="task-\w+">((?:(?!</tr>).)*各镇科创载体建设全覆盖.*?)</tr>', html, re.S
    ).group(1)
    assert html.count("各镇科创载体建设全覆盖") == 1
    assert re.findall(r'<span class="owner[^"]*">([^<]+)</span>', row) == EIGHT


def test_owner_filter_offers_every_unit_once_and_keeps_the_tasks_it_shares(admin_client, plan):
    html = admin_client.get(f"/monitor/plans/{plan.pk}/tasks/?at=2025-03-31&owner=山阳镇").content.decode()

    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]+)</option>', html)
    assert options[0] == ("", "全部单位")
    names = [v for v, _ in options[1:]]
    assert len(names) == len(set(names)) == 11
    assert ("山阳镇", "山阳镇") in options and 'value="山阳镇" selected' in html
    assert [goal for goal, _ in _rows(html)] == ["各镇科创载体建设全覆盖", "建成概念验证中心"]
    assert _counts(html) == {"逾期": 1, "进行中": 1, "未启动": 0, "已完成": 0}


def _person(django_user_model, name: str, role: str, area: Area) -> Client:
    user = django_user_model.objects.create_user(name, password=f"pw-{name}-123")
    Membership.objects.create(user=user, role=role, area=area)
    client = Client()
    client.force_login(user)
    return client


def test_town_liaison_sees_the_district_tasks_that_name_their_town(plan, shanghai, django_user_model):
    liaison = _person(django_user_model, "zj-liaison", Role.LIAISON, shanghai["town"])  # 朱泾镇

    response = liaison.get(f"/monitor/plans/{plan.pk}/tasks/?at=2025-03-31")
    monitor = liaison.get("/monitor/").content.decode()

    html = response.content.decode()
    assert response.status_code == 200
    assert [goal for goal, _ in _rows(html)] == ["各镇科创载体建设全覆盖", "引进孵化领军人才"]
    assert "只列出点名朱泾镇" in html
    assert '<span class="owner own">朱泾镇</span>' in html
    assert '<span class="owner own">各镇（园区）</span>' in html
    assert "举办创新创业大赛" not in html and "区人社局" not in html  # not theirs, not even in the filter
    assert f'href="/monitor/plans/{plan.pk}/tasks/"' in monitor  # found from the overview
    assert liaison.get(f"/monitor/plans/{plan.pk}/").status_code == 404  # the rest of the plan stays closed


def test_a_liaison_whose_town_no_task_names_gets_404(plan, shanghai, django_user_model):
    plan.tasks.filter(goal="引进孵化领军人才").delete()  # the only "各镇" task
    fengjing = Area.objects.create(code="310116002", name="枫泾镇", kind="town", parent=shanghai["jinshan"])
    liaison = _person(django_user_model, "fj-liaison", Role.LIAISON, fengjing)

    assert liaison.get(f"/monitor/plans/{plan.pk}/tasks/").status_code == 404
    assert plan.title not in liaison.get("/monitor/").content.decode()


def test_a_draft_district_plan_stays_closed_to_the_town(plan, shanghai, django_user_model):
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.DRAFT)
    liaison = _person(django_user_model, "zj-liaison", Role.LIAISON, shanghai["town"])

    assert liaison.get(f"/monitor/plans/{plan.pk}/tasks/").status_code == 404


def test_district_people_see_every_task_and_no_town_view(plan, shanghai, django_user_model):
    viewer = _person(django_user_model, "js-viewer", Role.VIEWER, shanghai["jinshan"])

    html = viewer.get(f"/monitor/plans/{plan.pk}/tasks/?at=2025-03-31").content.decode()

    assert len(_rows(html)) == 5
    assert 'name="scope"' not in html and "owner own" not in html


def test_someone_of_district_and_town_chooses_the_town_view_or_all(plan, shanghai, django_user_model):
    both = _person(django_user_model, "both", Role.VIEWER, shanghai["jinshan"])
    Membership.objects.create(
        user=Membership.objects.get(user__username="both").user, role=Role.LIAISON, area=shanghai["town"]
    )

    default = both.get(f"/monitor/plans/{plan.pk}/tasks/?at=2025-03-31").content.decode()
    everything = both.get(f"/monitor/plans/{plan.pk}/tasks/?at=2025-03-31&scope=all").content.decode()

    assert '<option value="mine" selected>与本街镇相关</option>' in default
    assert len(_rows(default)) == 2
    assert len(_rows(everything)) == 5


def test_the_public_page_calls_a_task_past_its_year_overdue(client, plan):
    html = client.get(f"/public/plans/{plan.pk}/?at=2025-03-31").content.decode()

    rows = re.findall(
        r'<tr><td class="opt">\d+</td><td>([^<]+)</td>.*?</td><td>\d+</td><td>(?:<strong[^>]*>⚠ )?([^<]+)',
        html,
    )
    assert ("举办创新创业大赛", "逾期") in rows
    assert ("设立孵化基金", "已完成") in rows
