"""`kechuang run-scheduled`: reports due and overdue, tasks nearing their deadline year, certificates
expiring in 90 and 30 days; run twice, it reminds and mails once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from kechuang.cli import main
from kechuang.notifications.models import Notification
from kechuang.plans.models import Plan, Task, TaskOwner
from kechuang.registry.models import Enterprise, Qualification, QualificationType
from kechuang.registry.uscc import make_uscc
from tests.notifications.conftest import kinds

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_world(world, other_admin):
    hnte = QualificationType.objects.get(code="hnte")
    here = Enterprise.objects.create(
        uscc=make_uscc(1, division="310116"), name="朱泾新材料", area=world["town_x"]
    )
    far = Enterprise.objects.create(
        uscc=make_uscc(2, division="310117"), name="松江智造", area=world["songjiang"]
    )
    for n, e in enumerate((here, far)):
        # valid three years from issue: through 2025-12-31
        Qualification.objects.create(
            enterprise=e, type=hnte, certificate_no=f"GR202331{n}", issued_on=dt.date(2023, 1, 1)
        )
    plan = Plan.objects.create(
        title="朱泾镇科技创新行动计划",
        area=world["town_x"],
        period_start=2021,
        period_end=2025,
        status="published",
    )
    task = Task.objects.create(plan=plan, position=1, code="1", goal="建设孵化器", deadline=2025)
    TaskOwner.objects.create(task=task, position=0, name="朱泾镇")
    Task.objects.create(plan=plan, position=2, code="2", goal="已完成的任务", deadline=2025, status="done")
    return {**world, "other_admin": other_admin, "plan": plan, "here": here}


def _run(day: str, capsys) -> str:
    assert main(["run-scheduled", "--date", day]) == 0
    return capsys.readouterr().out


def test_running_twice_reminds_and_mails_once(due_world, capsys):
    w = due_world
    out = _run("2025-10-15", capsys)

    # September's reports were due on 10 October: both carriers' operators hear it is overdue
    assert kinds(w["operator_a"]) == ["report_overdue"] and kinds(w["operator_b"]) == ["report_overdue"]
    assert (
        Notification.objects.get(recipient=w["operator_a"]).title
        == "2025年9月月报已逾期（截止2025年10月10日），请尽快填报"
    )
    # the town's liaison and the district follow its task and its enterprise's certificate
    for who in ("liaison_x", "district_admin"):
        assert sorted(kinds(w[who])) == ["cert_expiring", "task_due"], who
    task_note = Notification.objects.get(recipient=w["liaison_x"], kind="task_due")
    assert task_note.title == "《朱泾镇科技创新行动计划》有 1 项任务将于2025年底到期（还有 77 天）"
    cert_note = Notification.objects.get(recipient=w["liaison_x"], kind="cert_expiring")
    assert cert_note.title == "朱泾新材料的高新技术企业资质将于2025年12月31日到期"
    assert cert_note.link == f"/registry/enterprises/{w['here'].pk}/"
    # 松江区 hears of its own enterprise only; the viewer acts on nothing and hears nothing
    assert [n.title for n in Notification.objects.filter(recipient=w["other_admin"])] == [
        "松江智造的高新技术企业资质将于2025年12月31日到期"
    ]
    assert kinds(w["viewer_x"]) == []
    assert len(mail.outbox) == 7
    assert "新通知 2 条" in out and "邮件：发送 7 封" in out

    out = _run("2025-10-15", capsys)
    assert Notification.objects.count() == 7 and len(mail.outbox) == 7
    assert "邮件：发送 0 封" in out

    # within 30 days of the year's end: the second reminder, once; November's reports are not due yet
    _run("2025-12-05", capsys)
    _run("2025-12-05", capsys)
    assert sorted(kinds(w["liaison_x"])) == ["cert_expiring", "cert_expiring", "task_due", "task_due"]
    assert kinds(w["operator_a"]) == ["report_overdue"]
    assert len(mail.outbox) == 12


def test_reports_due_within_three_days(world, capsys):
    _run("2025-06-08", capsys)  # May's reports are due on 10 June
    note = Notification.objects.get(recipient=world["operator_a"])
    assert (note.kind, note.title) == ("report_due", "2025年5月月报将于2025年6月10日截止，请尽快填报")
    _run("2025-06-09", capsys)
    assert Notification.objects.filter(recipient=world["operator_a"]).count() == 1
    _run("2025-06-06", capsys)
    assert Notification.objects.filter(recipient=world["operator_a"]).count() == 1


def test_a_renewed_certificate_is_not_reminded(due_world, capsys):
    hnte = QualificationType.objects.get(code="hnte")
    Qualification.objects.create(enterprise=due_world["here"], type=hnte, issued_on=dt.date(2025, 9, 1))
    _run("2025-10-15", capsys)
    assert kinds(due_world["liaison_x"]) == ["task_due"]
