"""Plans: submitted → the district administrators who may publish; published and withdrawn → everyone
who reads the plan's area, and the people of a town its tasks name; nobody else."""

from __future__ import annotations

import pytest
from django.core import mail

from kechuang.notifications.models import Notification
from kechuang.plans.models import Indicator, Plan, Target, Task, TaskOwner
from tests.notifications.conftest import kinds, login, mail_to

pytestmark = pytest.mark.django_db


def _plan(area, title: str) -> Plan:
    plan = Plan.objects.create(title=title, area=area, period_start=2021, period_end=2025, status="draft")
    ind = Indicator.objects.create(plan=plan, position=1, name="高新技术企业数", unit="家")
    Target.objects.create(indicator=ind, year=2025, value=200, comparator=">=", kind="level")
    task = Task.objects.create(plan=plan, position=1, code="1", goal="建设孵化器", deadline=2025)
    TaskOwner.objects.create(task=task, position=0, name="区科委")
    return plan


def test_a_plan_submitted_for_approval_reaches_the_districts_administrators(
    client, world, committing, other_admin
):
    plan = _plan(world["town_x"], "朱泾镇科技创新行动计划")
    login(client, world["liaison_x"])
    with committing():
        assert client.post(f"/plans/{plan.pk}/submit/").status_code == 302

    note = Notification.objects.get(recipient=world["district_admin"])
    assert (note.kind, note.title, note.link) == (
        "plan_submitted",
        "《朱泾镇科技创新行动计划》已提交审核，等待发布",
        f"/plans/{plan.pk}/",
    )
    # a plan awaiting approval is the reviewers' alone: the viewer, operators and other districts hear nothing
    for who in ("liaison_x", "viewer_x", "operator_a", "operator_b"):
        assert kinds(world[who]) == [], who
    assert kinds(other_admin) == []
    assert [m.to for m in mail.outbox] == [["district@example.org"]]


def test_publishing_and_withdrawing_tell_those_who_read_the_area(client, world, committing, other_admin):
    plan = _plan(world["town_x"], "朱泾镇科技创新行动计划")
    login(client, world["district_admin"])
    with committing():
        client.post(f"/plans/{plan.pk}/publish/", {"reason": "经区科委主任办公会审议通过"})
    plan.refresh_from_db()
    assert plan.status == "published"

    for who in ("liaison_x", "viewer_x"):
        note = Notification.objects.get(recipient=world[who])
        assert note.kind == "plan_published" and note.title == "《朱泾镇科技创新行动计划》已发布"
        assert "发布理由：经区科委主任办公会审议通过" in note.body
    assert kinds(world["district_admin"]) == []  # who published it
    for who in ("operator_a", "operator_b"):
        assert kinds(world[who]) == [], who
    assert kinds(other_admin) == []
    assert mail.outbox == []  # 规划发布 is inbox-only by default

    with committing():
        client.post(f"/plans/{plan.pk}/withdraw/", {"reason": "上级规划调整"})
    assert kinds(world["liaison_x"]) == ["plan_withdrawn", "plan_published"]
    assert "撤回理由：上级规划调整" in Notification.objects.filter(recipient=world["viewer_x"]).first().body
    assert sorted(m.to[0] for m in mail.outbox) == ["liaison_x@example.org", "viewer_x@example.org"]
    assert kinds(other_admin) == [] and kinds(world["operator_b"]) == []


def test_a_district_plan_tells_the_town_its_tasks_name(client, world, committing, django_user_model):
    from kechuang.tenancy.models import Membership, Role

    liaison_y = django_user_model.objects.create_user("liaison_y", "liaison_y@example.org")
    Membership.objects.create(user=liaison_y, role=Role.LIAISON, area=world["town_y"])
    plan = _plan(world["jinshan"], "金山区科技创新规划")
    TaskOwner.objects.create(task=plan.tasks.get(), position=1, name="朱泾镇")
    login(client, world["district_admin"])
    with committing():
        client.post(f"/plans/{plan.pk}/publish/", {"reason": "区政府批准"})

    note = Notification.objects.get(recipient=world["liaison_x"])
    assert note.title == "《金山区科技创新规划》已发布，其中 1 项任务涉及本地区"
    assert note.link == f"/monitor/plans/{plan.pk}/tasks/"
    assert kinds(liaison_y) == []  # 山阳镇 is not named
    assert kinds(world["operator_a"]) == []
    assert mail_to("liaison_y@example.org") == []
