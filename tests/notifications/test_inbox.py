"""The inbox: one's own notifications only, newest first, paged; mark one or all read; open the thing."""

from __future__ import annotations

import pytest

from kechuang.notifications.domain import notify
from kechuang.notifications.models import Notification
from tests.notifications.conftest import login

pytestmark = pytest.mark.django_db


def test_the_inbox_pages_marks_read_and_opens_the_link(client, world):
    op = world["operator_a"]
    for i in range(25):
        notify([op], "report_approved", f"第{i}条通知", "载体：甲孵化器", "/collection/")
    notify([world["operator_b"]], "report_approved", "别人的通知", "", "/collection/")
    login(client, op)

    first = client.get("/notifications/").content.decode()
    assert "第24条通知" in first and "第5条通知" in first and "第4条通知" not in first
    assert "共 25 条" in first and "别人的通知" not in first
    assert "25 条未读" in first
    assert "第4条通知" in client.get("/notifications/?page=2").content.decode()

    newest = Notification.objects.filter(recipient=op).first()
    response = client.get(f"/notifications/{newest.pk}/")
    assert response.status_code == 302 and response["Location"] == "/collection/"
    newest.refresh_from_db()
    assert newest.read_at is not None

    second = Notification.objects.filter(recipient=op, read_at__isnull=True).first()
    client.post(f"/notifications/{second.pk}/read/", {"next": "/notifications/?page=2"})
    assert Notification.objects.filter(recipient=op, read_at__isnull=True).count() == 23
    assert "只看未读" in client.get("/notifications/").content.decode()
    assert "共 23 条" in client.get("/notifications/?unread=1").content.decode()

    page = client.post("/notifications/read-all/", follow=True).content.decode()
    assert "已将 23 条通知标为已读" in page
    assert 'class="count"' not in page  # the header's count is gone
    assert not Notification.objects.filter(recipient=op, read_at__isnull=True).exists()
    assert Notification.objects.get(recipient=world["operator_b"]).read_at is None


def test_nobody_opens_or_marks_another_persons_notification(client, world):
    [theirs] = notify([world["operator_b"]], "report_approved", "别人的通知", "", "/collection/")
    login(client, world["operator_a"])
    assert client.get(f"/notifications/{theirs.pk}/").status_code == 404
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_link_off_the_site_is_not_followed(client, world):
    [note] = notify([world["operator_a"]], "report_approved", "通知", "", "//evil.example.org/")
    login(client, world["operator_a"])
    assert client.get(f"/notifications/{note.pk}/")["Location"] == "/notifications/"


def test_an_inactive_user_and_the_actor_are_not_notified(world):
    world["liaison_x"].is_active = False
    world["liaison_x"].save()
    made = notify(
        [world["liaison_x"], world["viewer_x"], world["operator_a"]],
        "plan_published",
        "规划发布",
        exclude=world["operator_a"],
    )
    assert [n.recipient for n in made] == [world["viewer_x"]]
