"""A mail server that is down never loses the action: the report is submitted, the e-mail waits in
the queue with the error for the administrator to see, and a later run sends it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django.utils import timezone

from kechuang.cli import main
from kechuang.collection.models import CarrierReport
from kechuang.notifications.models import Notification, OutgoingEmail
from tests.notifications.conftest import PERIOD, VALID, login

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class RefusingBackend(BaseEmailBackend):
    """An SMTP server that refuses connections."""

    def open(self):
        raise ConnectionRefusedError("邮件服务器拒绝连接")

    def send_messages(self, messages):
        raise ConnectionRefusedError("邮件服务器拒绝连接")


@pytest.fixture
def refusing(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    return settings


def _submit(client, world, committing):
    login(client, world["operator_a"])
    client.post(f"/collection/carriers/{world['carrier_a'].pk}/open/", {"period": PERIOD})
    report = CarrierReport.objects.get(carrier=world["carrier_a"], period=PERIOD)
    with committing():
        response = client.post(
            f"/collection/reports/{report.pk}/", {**{k: str(v) for k, v in VALID.items()}, "action": "submit"}
        )
    return report, response


def test_a_refused_send_keeps_the_action_and_a_later_run_sends_it(
    client, world, committing, refusing, admin_user, capsys
):
    report, response = _submit(client, world, committing)

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
    assert Notification.objects.filter(recipient=world["district_admin"]).count() == 1
    row = OutgoingEmail.objects.get()
    assert (row.status, row.attempts, row.to_address) == ("pending", 1, "district@example.org")
    assert "ConnectionRefusedError: 邮件服务器拒绝连接" in row.last_error
    assert mail.outbox == []

    # the administrator sees it waiting, with the error
    admin_client = Client()
    admin_client.force_login(admin_user)
    listing = admin_client.get("/admin/notifications/outgoingemail/").content.decode()
    assert "district@example.org" in listing and "邮件服务器拒绝连接" in listing and "待发送" in listing
    assert "有 1 封通知邮件未能发送" in admin_client.get("/notifications/").content.decode()

    # the server is back; a run before the retry time sends nothing, one after it sends the mail once
    refusing.EMAIL_BACKEND = LOCMEM
    assert main(["run-scheduled"]) == 0
    assert mail.outbox == []
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=6), tick=False):
        assert main(["run-scheduled"]) == 0
        assert main(["run-scheduled"]) == 0
    assert [m.to for m in mail.outbox] == [["district@example.org"]]
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == ("sent", 2, "")
    assert "邮件：发送 1 封" in capsys.readouterr().out


def test_after_the_last_attempt_the_mail_is_marked_failed_and_can_be_sent_again(
    client, world, committing, refusing, admin_user
):
    refusing.KECHUANG_EMAIL_MAX_ATTEMPTS = 2
    _submit(client, world, committing)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=6), tick=False):
        main(["run-scheduled"])
    row = OutgoingEmail.objects.get()
    assert (row.status, row.attempts) == ("failed", 2)
    admin_client = Client()
    admin_client.force_login(admin_user)
    listing = admin_client.get("/admin/notifications/outgoingemail/?status__exact=failed").content.decode()
    assert "district@example.org" in listing and "失败" in listing

    refusing.EMAIL_BACKEND = LOCMEM
    admin_client.post(
        "/admin/notifications/outgoingemail/", {"action": "send_again", "_selected_action": [str(row.pk)]}
    )
    main(["run-scheduled"])
    row.refresh_from_db()
    assert row.status == "sent" and len(mail.outbox) == 1
