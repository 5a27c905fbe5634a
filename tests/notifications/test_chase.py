"""催报 on the completeness page: one press reminds every late carrier in the presser's areas."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

from kechuang.collection.domain import open_report, submit_report
from kechuang.notifications.models import Notification
from kechuang.registry.models import Carrier
from kechuang.tenancy.models import AuditEntry
from tests.notifications.conftest import PERIOD, VALID, kinds, login, mail_to

pytestmark = pytest.mark.django_db

URL = "/collection/completeness/remind/"


def test_the_district_reminds_every_late_carrier_at_once(client, world, form, committing):
    login(client, world["district_admin"])
    page = client.get(f"/collection/completeness/?period={PERIOD}").content.decode()
    assert "一键催报" in page
    with committing():
        response = client.post(URL, {"period": PERIOD}, follow=True)

    assert "已向 2 家未报载体的 2 位运营人员发出催报" in response.content.decode()
    for op, carrier in (("operator_a", "甲孵化器"), ("operator_b", "乙众创空间")):
        note = Notification.objects.get(recipient=world[op])
        assert note.kind == "report_overdue"
        assert note.title == f"催报：{carrier}2025年5月月报尚未提交"
        assert "已于2025年6月10日截止" in note.body
        [email] = mail_to(f"op_{op[-1]}@example.org")
        assert email.subject == f"【科创平台】催报：{carrier}2025年5月月报尚未提交"
    audit = AuditEntry.objects.filter(action="remind").order_by("object_repr")
    assert [(a.object_repr, a.user_name, a.changes) for a in audit] == [
        ("乙众创空间", "district", {"period": [None, PERIOD], "reminded": [None, 1]}),
        ("甲孵化器", "district", {"period": [None, PERIOD], "reminded": [None, 1]}),
    ]

    # pressed again the same day: nobody is told twice
    mail.outbox.clear()
    with committing():
        again = client.post(URL, {"period": PERIOD}, follow=True).content.decode()
    assert "2 家今天已催报过，未重复发送" in again
    assert Notification.objects.count() == 2 and mail.outbox == []


def test_a_liaison_reminds_the_late_carriers_of_their_town_only(client, world, form, committing):
    Carrier.objects.create(name="丙加速器", kind="accelerator", level="district", area=world["town_x"])
    login(client, world["liaison_x"])
    with committing():
        page = client.post(URL, {"period": PERIOD}, follow=True).content.decode()

    assert kinds(world["operator_a"]) == ["report_overdue"]
    assert kinds(world["operator_b"]) == []  # 山阳镇's carrier is not this liaison's
    assert mail_to("op_b@example.org") == []
    assert "已向 1 家未报载体的 1 位运营人员发出催报" in page
    assert "1 家没有运营方账号，请另行联系：丙加速器" in page


def test_a_carrier_that_filed_is_not_reminded(client, world, form, committing):
    report, _ = open_report(carrier=world["carrier_b"], period=PERIOD, form=form)
    submit_report(report, values=VALID, acting_user=world["operator_b"])
    Notification.objects.all().delete()
    login(client, world["district_admin"])
    with committing():
        client.post(URL, {"period": PERIOD})
    assert kinds(world["operator_a"]) == ["report_overdue"]
    assert kinds(world["operator_b"]) == []


@pytest.mark.parametrize("who", ["viewer_x", "operator_a"])
def test_roles_that_may_not_chase_are_refused_and_see_no_button(client, world, form, who):
    login(client, world[who])
    assert "一键催报" not in client.get(f"/collection/completeness/?period={PERIOD}").content.decode()
    assert client.post(URL, {"period": PERIOD}).status_code == 403
    assert Notification.objects.count() == 0
    assert not AuditEntry.objects.filter(action="remind").exists()


def test_a_month_not_yet_being_reported_cannot_be_chased(client, world, form):
    login(client, world["district_admin"])
    page = client.post(URL, {"period": "2099-01"}, follow=True).content.decode()
    assert "尚未开始填报，不能催报" in page
    assert Notification.objects.count() == 0


class CountingBackend(LocmemBackend):
    """The test mailbox, counting the connections made to it."""

    made = 0

    def __init__(self, *args, **kwargs):
        type(self).made += 1
        super().__init__(*args, **kwargs)


def test_one_press_sends_all_its_mail_over_one_connection(client, world, form, committing, settings):
    settings.EMAIL_BACKEND = f"{__name__}.CountingBackend"
    CountingBackend.made = 0
    login(client, world["district_admin"])
    with committing():
        client.post(URL, {"period": PERIOD})
    assert len(mail.outbox) == 2
    assert CountingBackend.made == 1
