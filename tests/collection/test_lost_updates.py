"""Two people editing the same monthly report: the second is shown both values and asked; every draft edit is kept."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from kechuang.collection import domain
from kechuang.collection.models import CarrierReport
from kechuang.tenancy.domain.tokens import issue_api_token
from kechuang.tenancy.models import Membership, Role
from tests.collection.conftest import PERIOD, VALID

pytestmark = pytest.mark.django_db


def named(user, name: str):
    user.first_name = name
    user.save(update_fields=["first_name"])
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def draft(world, form):
    report, _ = domain.open_report(carrier=world["carrier_a"], period=PERIOD, form=form)
    domain.save_draft(report, values={"tenants": 30, "events": 2}, acting_user=world["operator_a"])
    return report


@pytest.fixture
def zhang(world):
    return named(world["operator_a"], "张三")


@pytest.fixture
def li(world):
    return named(world["liaison_x"], "李四")


def opened(client: Client, report: CarrierReport) -> dict:
    """The report's form as the browser holds it after opening the page: every field, the hidden version too."""
    page = client.get(f"/collection/reports/{report.pk}/").content.decode()
    version = re.search(r'name="_version" value="(\d+)"', page)
    assert version, "the form carries the version it was opened at"
    values = {k: "" for k in VALID}
    values.update({k: str(v) for k, v in report.values.items()})
    return {**values, "_version": version.group(1)}


def test_second_save_of_a_stale_draft_shows_both_values_and_saves_nothing(world, draft, zhang, li):
    zhang_form, li_form = opened(zhang, draft), opened(li, draft)

    first = zhang.post(f"/collection/reports/{draft.pk}/", {**zhang_form, "tenants": "45", "action": "save"})
    second = li.post(f"/collection/reports/{draft.pk}/", {**li_form, "tenants": "40", "action": "save"})

    page = second.content.decode()
    assert first.status_code == 302
    assert second.status_code == 409
    assert re.search(
        r"该数据已被张三于 \d{4}-\d\d-\d\d \d\d:\d\d 修改为 在孵企业数 45，您的输入为 在孵企业数 40，请确认后重新保存",
        page,
    )
    assert "当前已保存（张三" in page and "您的输入" in page
    draft.refresh_from_db()
    assert draft.values["tenants"] == 45
    assert 'value="40"' in page  # the person's input is kept in the form, ready to confirm


def test_confirming_saves_and_the_history_keeps_every_draft_edit(world, draft, zhang, li):
    zhang_form, li_form = opened(zhang, draft), opened(li, draft)
    zhang.post(f"/collection/reports/{draft.pk}/", {**zhang_form, "tenants": "45", "action": "save"})
    conflict = li.post(f"/collection/reports/{draft.pk}/", {**li_form, "tenants": "40", "action": "save"})
    version = re.search(r'name="_version" value="(\d+)"', conflict.content.decode()).group(1)

    confirmed = li.post(
        f"/collection/reports/{draft.pk}/",
        {**li_form, "_version": version, "tenants": "40", "action": "save"},
    )

    assert confirmed.status_code == 302
    draft.refresh_from_db()
    assert draft.values["tenants"] == 40
    edits = list(draft.revisions.filter(action="edit").order_by("pk"))
    assert [(e.user_name, e.old_values.get("tenants"), e.new_values["tenants"]) for e in edits] == [
        ("op_a", None, 30),
        ("张三", 30, 45),
        ("李四", 45, 40),
    ]
    history = li.get(f"/collection/reports/{draft.pk}/").content.decode()
    assert "在孵企业数：30 → 45" in history and "在孵企业数：45 → 40" in history
    assert "张三" in history and "李四" in history


def test_submitting_over_a_newer_draft_is_refused(world, draft, zhang, li):
    li_form = opened(li, draft)
    zhang.post(
        f"/collection/reports/{draft.pk}/", {**opened(zhang, draft), "tenants": "45", "action": "save"}
    )

    response = li.post(
        f"/collection/reports/{draft.pk}/",
        {**li_form, **{k: str(v) for k, v in VALID.items()}, "action": "submit"},
    )

    draft.refresh_from_db()
    assert response.status_code == 409
    assert (draft.status, draft.values["tenants"]) == ("draft", 45)


def test_stale_correction_of_an_approved_report_is_refused(world, form, submitted, django_user_model):
    other = django_user_model.objects.create_user("district2", first_name="王五")
    Membership.objects.create(user=other, role=Role.DISTRICT_ADMIN, area=world["jinshan"])
    approved = domain.approve_report(submitted, acting_user=world["district_admin"])
    wang, chief = named(other, "王五"), named(world["district_admin"], "赵六")
    page = chief.get(f"/collection/reports/{approved.pk}/").content.decode()
    version = re.search(r'name="_version" value="(\d+)"', page).group(1)
    base = {k: str(v) for k, v in VALID.items()}
    wang.post(
        f"/collection/reports/{approved.pk}/correct/",
        {**base, "tenants": "41", "reason": "核实", "_version": version},
    )

    response = chief.post(
        f"/collection/reports/{approved.pk}/correct/",
        {**base, "tenants": "44", "reason": "更正", "_version": version},
    )

    approved.refresh_from_db()
    assert response.status_code == 409
    assert "该数据已被王五于" in response.content.decode()
    assert approved.values["tenants"] == 41


@pytest.fixture
def api(world):
    _, raw = issue_api_token(world["operator_a"], name="园区系统")
    client = Client()

    def call(method: str, body: object = None, **headers: str):
        url = f"/api/collection/carriers/{world['carrier_a'].pk}/reports/{PERIOD}"
        kwargs = {"content_type": "application/json", "HTTP_AUTHORIZATION": f"Bearer {raw}", **headers}
        if body is not None:
            kwargs["data"] = json.dumps(body)
        return getattr(client, method)(url, **kwargs)

    return call


def test_api_put_with_a_stale_version_gets_409_with_the_current_values(world, draft, api):
    read = api("get").json()
    domain.save_draft(draft, values={"tenants": 45}, acting_user=world["liaison_x"])

    stale = api("put", {"values": {"tenants": 40}, "version": read["version"]})
    stale_header = api("put", {"values": {"tenants": 40}}, HTTP_IF_MATCH=f'"{read["version"]}"')

    body = stale.json()
    assert stale.status_code == 409 and stale_header.status_code == 409
    assert body["detail"].startswith("该数据已被liaison_x于")
    assert body["current"]["values"] == {"tenants": 45}
    assert body["current"]["version"] == read["version"] + 1
    assert body["yours"] == {"tenants": 40}
    draft.refresh_from_db()
    assert draft.values == {"tenants": 45}

    fresh = api("put", {"values": {"tenants": 40}, "version": body["current"]["version"]})
    assert (fresh.status_code, fresh.json()["values"], fresh.json()["version"]) == (
        200,
        {"tenants": 40},
        read["version"] + 2,
    )


def test_api_refuses_an_if_match_that_is_not_a_version(world, draft, api):
    response = api("put", {"values": {"tenants": 40}}, HTTP_IF_MATCH='"abc"')

    assert response.status_code == 400
    assert "If-Match 请求头应为版本号" in response.json()["detail"]
    draft.refresh_from_db()
    assert draft.values == {"tenants": 30, "events": 2}
