"""Monthly reports tell the right people: submitted → the district's reviewers; returned (with the
comment) and approved → the carrier's operator; nobody of another town, carrier or district."""

from __future__ import annotations

import pytest
from django.core import mail

from kechuang.collection.models import CarrierReport
from kechuang.notifications.models import Notification
from tests.notifications.conftest import PERIOD, VALID, kinds, login, mail_to

pytestmark = pytest.mark.django_db


def _submit(client, world, committing):
    login(client, world["operator_a"])
    client.post(f"/collection/carriers/{world['carrier_a'].pk}/open/", {"period": PERIOD})
    report = CarrierReport.objects.get(carrier=world["carrier_a"], period=PERIOD)
    with committing():
        response = client.post(
            f"/collection/reports/{report.pk}/", {**{k: str(v) for k, v in VALID.items()}, "action": "submit"}
        )
    assert response.status_code == 302
    return report


def test_a_submitted_report_reaches_its_districts_reviewers_only(client, world, committing, other_admin):
    report = _submit(client, world, committing)

    assert kinds(world["district_admin"]) == ["report_submitted"]
    note = Notification.objects.get(recipient=world["district_admin"])
    assert note.title == "甲孵化器提交了2025年5月月报，请审核"
    assert note.link == f"/collection/reports/{report.pk}/"
    for who in ("operator_a", "operator_b", "liaison_x", "viewer_x"):
        assert kinds(world[who]) == [], who
    assert kinds(other_admin) == []

    [email] = mail.outbox
    assert email.to == ["district@example.org"]
    assert email.subject == "【科创平台】甲孵化器提交了2025年5月月报，请审核"
    assert f"/collection/reports/{report.pk}/" in email.body
    # no figure of the report in the mail: the reviewer reads them on the page
    for figure in ("1200.5", "85.5", "320"):
        assert figure not in email.body


def test_a_returned_report_tells_the_operator_with_the_comment(client, world, committing):
    report = _submit(client, world, committing)
    mail.outbox.clear()
    login(client, world["district_admin"])
    with committing():
        client.post(
            f"/collection/reports/{report.pk}/review/", {"decision": "return", "comment": "在孵企业数偏低"}
        )

    assert kinds(world["operator_a"]) == ["report_returned"]
    note = Notification.objects.get(recipient=world["operator_a"])
    assert note.title == "2025年5月月报被退回，请修改后重新提交"
    assert "退回意见：在孵企业数偏低" in note.body
    assert kinds(world["operator_b"]) == [] and kinds(world["liaison_x"]) == []
    [email] = mail.outbox
    assert email.to == ["op_a@example.org"] and "退回意见：在孵企业数偏低" in email.body

    # the operator sees it in the header and the inbox
    login(client, world["operator_a"])
    home = client.get("/").content.decode()
    assert 'aria-label="1 条未读"' in home
    inbox = client.get("/notifications/").content.decode()
    assert "2025年5月月报被退回" in inbox and "在孵企业数偏低" in inbox


def test_an_approved_report_is_in_the_inbox_and_by_default_not_mailed(client, world, committing):
    report = _submit(client, world, committing)
    mail.outbox.clear()
    login(client, world["district_admin"])
    with committing():
        client.post(f"/collection/reports/{report.pk}/review/", {"decision": "approve", "comment": ""})

    assert kinds(world["operator_a"]) == ["report_approved"]
    assert kinds(world["operator_b"]) == []
    assert mail.outbox == []  # 月报审核通过 is not e-mailed unless the operator asks for it


def test_the_operator_turns_email_off_and_gets_the_inbox_only(client, world, committing):
    operator = world["operator_a"]
    login(client, operator)
    page = client.get("/notifications/settings/").content.decode()
    assert "月报被退回" in page and "规划提交审核" not in page  # an operator is offered the report kinds only
    client.post("/notifications/settings/", {"report_due": "on", "report_overdue": "on"})  # 退回 unticked
    report = _submit(client, world, committing)
    mail.outbox.clear()

    login(client, world["district_admin"])
    with committing():
        client.post(f"/collection/reports/{report.pk}/review/", {"decision": "return", "comment": "请补充"})

    assert kinds(operator) == ["report_returned"]
    assert mail_to("op_a@example.org") == []


def test_the_operator_turns_approval_mail_on(client, world, committing):
    login(client, world["operator_a"])
    client.post("/notifications/settings/", {"report_approved": "on", "report_returned": "on"})
    report = _submit(client, world, committing)
    login(client, world["district_admin"])
    with committing():
        client.post(f"/collection/reports/{report.pk}/review/", {"decision": "approve", "comment": ""})
    assert [m.subject for m in mail_to("op_a@example.org")] == ["【科创平台】2025年5月月报已审核通过"]
