"""A district may let the liaisons of its towns and parks review their carriers' monthly reports.

Off (the default): a liaison reads the report but may not approve or return it. On: the
liaison of the carrier's town may; another town's liaison still cannot even see it, and
correcting an approved report stays with the district administrator. The switch is the
district administrator's, on a Chinese settings page, and every change is audited.
"""

from __future__ import annotations

import pytest

from kechuang.collection.models import CarrierReport, ReviewSettings
from kechuang.tenancy.models import AuditEntry, Membership, Role
from tests.collection.conftest import VALID, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted_a(world, form):
    from kechuang.collection.domain import open_report, submit_report

    report, _ = open_report(carrier=world["carrier_a"], period="2025-05", form=form)
    return submit_report(report, values=VALID, acting_user=world["operator_a"])


@pytest.fixture
def liaison_y(world, django_user_model):
    user = django_user_model.objects.create_user("liaison_y", "liaison_y@example.org")
    Membership.objects.create(user=user, role=Role.LIAISON, area=world["town_y"])
    return user


def _turn(client, world, on: bool):
    login(client, world["district_admin"])
    body = {"change_threshold": "30", **({"liaison_review": "on"} if on else {})}
    return client.post(f"/collection/settings/{world['jinshan'].pk}/", body, follow=True)


def test_without_delegation_the_liaison_may_not_review(client, world, submitted_a):
    login(client, world["liaison_x"])

    page = client.get(f"/collection/reports/{submitted_a.pk}/").content.decode()
    approve = client.post(f"/collection/reports/{submitted_a.pk}/review/", {"decision": "approve"})

    assert "review-form" not in page
    assert approve.status_code == 403
    submitted_a.refresh_from_db()
    assert submitted_a.status == "submitted"


def test_with_delegation_the_towns_liaison_approves_and_returns(client, world, form, submitted_a):
    page = _turn(client, world, on=True).content.decode()
    assert "月报审核设置已保存" in page
    entry = AuditEntry.objects.get(model="collection.reviewsettings")
    assert entry.changes_shown == [("联络员可审核本镇（园区）载体月报", "关闭 → 开启")]
    login(client, world["liaison_x"])

    page = client.get(f"/collection/reports/{submitted_a.pk}/").content.decode()
    returned = client.post(
        f"/collection/reports/{submitted_a.pk}/review/", {"decision": "return", "comment": "请附融资凭证"}
    )

    assert "review-form" in page
    assert returned.status_code == 302
    submitted_a.refresh_from_db()
    assert (submitted_a.status, submitted_a.reviewed_by) == ("returned", world["liaison_x"])
    from kechuang.collection.domain import submit_report

    submit_report(submitted_a, values=VALID, acting_user=world["operator_a"])
    client.post(f"/collection/reports/{submitted_a.pk}/review/", {"decision": "approve"})
    submitted_a.refresh_from_db()
    assert submitted_a.status == "approved"
    # correcting approved figures is not delegated
    correct = client.post(f"/collection/reports/{submitted_a.pk}/correct/", {"tenants": "1", "reason": "x"})
    assert correct.status_code == 403


def test_delegation_stops_at_the_liaisons_own_town(client, world, submitted, liaison_y, submitted_a):
    _turn(client, world, on=True)
    login(client, liaison_y)

    other_town = client.post(f"/collection/reports/{submitted_a.pk}/review/", {"decision": "approve"})
    own_town = client.post(f"/collection/reports/{submitted.pk}/review/", {"decision": "approve"})

    assert other_town.status_code == 404
    assert own_town.status_code == 302
    assert CarrierReport.objects.get(pk=submitted_a.pk).status == "submitted"
    assert CarrierReport.objects.get(pk=submitted.pk).status == "approved"


def test_turning_delegation_off_takes_the_right_away(client, world, submitted_a):
    _turn(client, world, on=True)
    _turn(client, world, on=False)
    login(client, world["liaison_x"])

    approve = client.post(f"/collection/reports/{submitted_a.pk}/review/", {"decision": "approve"})

    assert approve.status_code == 403
    assert ReviewSettings.objects.get(district=world["jinshan"]).liaison_review is False
    assert AuditEntry.objects.filter(model="collection.reviewsettings").count() == 2


def test_only_the_districts_administrator_opens_the_settings(client, world, django_user_model):
    other = django_user_model.objects.create_user("songjiang_admin", "sj@example.org")
    Membership.objects.create(user=other, role=Role.DISTRICT_ADMIN, area=world["songjiang"])
    url = f"/collection/settings/{world['jinshan'].pk}/"
    statuses = {}
    for who in ("liaison_x", "viewer_x", "operator_a"):
        login(client, world[who])
        statuses[who] = client.post(url, {"liaison_review": "on", "change_threshold": "30"}).status_code
    login(client, other)
    statuses["other_district"] = client.get(url).status_code
    login(client, world["district_admin"])
    page = client.get(url).content.decode()

    assert statuses == {"liaison_x": 404, "viewer_x": 404, "operator_a": 404, "other_district": 404}
    assert not ReviewSettings.objects.exists()
    assert "联络员可审核本镇（园区）载体月报" in page and "大幅变动提示阈值（%）" in page


def test_a_bad_threshold_is_refused_in_chinese(client, world):
    login(client, world["district_admin"])

    response = client.post(f"/collection/settings/{world['jinshan'].pk}/", {"change_threshold": "0"})

    assert response.status_code == 400
    assert "确保该值大于或等于1" in response.content.decode()
    assert not ReviewSettings.objects.exists()
