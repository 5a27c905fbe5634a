"""公众监督: a message from the public page reaches the district's administrators, who answer it
in the platform; an answer they publish appears beside the plan. No login; abuse is limited."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from kechuang.notifications.models import Notification
from kechuang.public.feedback import PER_HOUR
from kechuang.public.models import Feedback
from kechuang.tenancy.models import Membership, Role

pytestmark = pytest.mark.django_db

MESSAGE = "希望公开每年新增高新技术企业的名单"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def district_admins(shanghai, django_user_model):
    here = django_user_model.objects.create_user(
        "jsadmin", password="pw-jsadmin-123", first_name="金山管理员"
    )
    Membership.objects.create(user=here, area=shanghai["jinshan"], role=Role.DISTRICT_ADMIN)
    other = django_user_model.objects.create_user("sjadmin", password="pw-sjadmin-123")
    Membership.objects.create(user=other, area=shanghai["songjiang"], role=Role.DISTRICT_ADMIN)
    return here, other


def _post(client, plan, **fields):
    data = {"message": MESSAGE, "name": "张先生", "contact": "13800000000", "website": "", **fields}
    return client.post(f"/public/plans/{plan.pk}/", data)


def test_message_is_stored_and_the_districts_administrators_are_told(public_plan, district_admins):
    here, other = district_admins
    response = _post(Client(enforce_csrf_checks=False), public_plan)
    assert response.status_code == 302
    item = Feedback.objects.get()
    assert item.message == MESSAGE and item.contact == "13800000000" and "." not in item.client_key
    notes = Notification.objects.filter(kind="public_feedback")
    assert [n.recipient for n in notes] == [here]
    assert notes[0].link == f"/public/feedback/{item.pk}/"


def test_the_form_needs_its_csrf_token(public_plan):
    assert _post(Client(enforce_csrf_checks=True), public_plan).status_code == 403
    assert not Feedback.objects.exists()


def test_too_many_messages_from_one_address_are_refused(public_plan):
    client = Client()
    for _ in range(PER_HOUR):
        assert _post(client, public_plan).status_code == 302
    response = _post(client, public_plan)
    assert response.status_code == 400 and "留言过于频繁" in response.content.decode()
    assert Feedback.objects.count() == PER_HOUR
    assert _post(Client(REMOTE_ADDR="10.1.2.3"), public_plan).status_code == 302  # another address


def test_too_long_or_robot_messages_are_not_stored(public_plan):
    client = Client()
    response = _post(client, public_plan, message="长" * 1001)
    assert response.status_code == 400 and "1000" in response.content.decode()
    assert _post(client, public_plan, website="http://spam.example").status_code == 302  # looks accepted
    assert not Feedback.objects.exists()


def test_administrator_answers_and_publishes_beside_the_plan(public_plan, district_admins):
    here, other = district_admins
    _post(Client(), public_plan)
    item = Feedback.objects.get()
    staff = Client()
    staff.force_login(other)
    assert staff.get(f"/public/feedback/{item.pk}/").status_code == 404  # another district's
    assert MESSAGE not in staff.get("/public/feedback/").content.decode()
    staff.force_login(here)
    assert MESSAGE in staff.get("/public/feedback/").content.decode()
    page = Client().get(f"/public/plans/{public_plan.pk}/").content.decode()
    assert MESSAGE not in page  # not answered yet
    response = staff.post(f"/public/feedback/{item.pk}/", {"answer": "名单将随年度公报公布", "public": "on"})
    assert response.status_code == 302
    page = Client().get(f"/public/plans/{public_plan.pk}/").content.decode()
    assert MESSAGE in page and "名单将随年度公报公布" in page
    assert "张先生" not in page and "13800000000" not in page
    staff.post(f"/public/feedback/{item.pk}/", {"answer": "名单将随年度公报公布"})  # unpublished again
    assert MESSAGE not in Client().get(f"/public/plans/{public_plan.pk}/").content.decode()


def test_feedback_pages_are_for_district_administrators(public_plan, django_user_model, shanghai):
    viewer = django_user_model.objects.create_user("viewer1", password="pw-viewer-123")
    Membership.objects.create(user=viewer, area=shanghai["jinshan"], role=Role.VIEWER)
    client = Client()
    assert client.get("/public/feedback/").status_code == 302  # to the login page
    client.force_login(viewer)
    assert client.get("/public/feedback/").status_code == 403
