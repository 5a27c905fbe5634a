"""Observation import in two steps through the HTTP stack: a preview first, writes only on confirmation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kechuang.common.models import PendingUpload
from kechuang.observations.domain import record_observation
from kechuang.observations.models import Observation, ObservationRevision
from kechuang.plans.models import Indicator, Plan
from kechuang.tenancy.models import Membership, Role

pytestmark = pytest.mark.django_db

CSV = (
    "地区,指标,期间,数值,来源\r\n"
    "金山区,高新技术企业数量,2022,500,统计数据\r\n"  # unchanged
    "金山区,高新技术企业数量,2023,530,统计数据\r\n"  # 512 → 530
    "金山区,研发投入强度,2023,4.1,统计数据\r\n"  # new
).encode("utf-8-sig")


@pytest.fixture
def plan(shanghai):
    plan = Plan.objects.create(
        title="金山区科技创新规划", area=shanghai["jinshan"], period_start=2021, period_end=2025
    )
    hnte = Indicator.objects.create(plan=plan, name="高新技术企业数量", unit="家", position=1)
    Indicator.objects.create(plan=plan, name="研发投入强度", unit="%", position=2)
    record_observation(indicator=hnte, area=plan.area, period="2022", value=500, source="statistics")
    record_observation(indicator=hnte, area=plan.area, period="2023", value=512, source="statistics")
    return plan


def member(django_user_model, username, role, area):
    user = django_user_model.objects.create_user(username, password=f"pw-{username}-123")
    Membership.objects.create(user=user, role=role, area=area)
    return user


@pytest.fixture
def admin(django_user_model, shanghai):
    return member(django_user_model, "jsadmin", Role.DISTRICT_ADMIN, shanghai["jinshan"])


def saved() -> dict:
    return {(o.indicator.name, o.period): o.value for o in Observation.objects.all()}


BEFORE = {("高新技术企业数量", "2022"): 500.0, ("高新技术企业数量", "2023"): 512.0}


def preview(client, plan, data: bytes = CSV):
    return client.post(
        f"/observations/plans/{plan.pk}/import/",
        {"file": SimpleUploadedFile("年报.csv", data, content_type="text/csv")},
    )


def confirm(client, plan, token: str, **extra):
    return client.post(
        f"/observations/plans/{plan.pk}/import/confirm/",
        {"token": token, "action": "confirm", **extra},
        follow=True,
    )


def test_preview_lists_added_changed_and_unchanged_rows_and_writes_nothing(client, plan, admin):
    client.force_login(admin)
    revisions = ObservationRevision.objects.count()

    response = preview(client, plan)

    page = response.content.decode()
    p = response.context["preview"]
    assert [(r.row, r.indicator, r.period, r.value) for r in p.added] == [(4, "研发投入强度", "2023", 4.1)]
    assert [(r.row, r.period, r.old_value, r.value) for r in p.changed] == [(3, "2023", 512.0, 530.0)]
    assert [(r.row, r.period) for r in p.unchanged] == [(2, "2022")]
    assert "尚未写入任何数据" in page
    assert "<del>512</del> → <ins>530</ins>" in page
    assert "修改原因" in page
    assert saved() == BEFORE
    assert ObservationRevision.objects.count() == revisions


def test_confirm_writes_exactly_the_preview_with_the_reason(client, plan, admin):
    client.force_login(admin)
    token = preview(client, plan).context["form"].initial["token"]

    response = confirm(client, plan, token, reason="统计局年报更正")

    assert "已导入 3 条（新增 1，更正 1，未变 1）" in response.content.decode()
    assert saved() == {**BEFORE, ("高新技术企业数量", "2023"): 530.0, ("研发投入强度", "2023"): 4.1}
    rev = ObservationRevision.objects.get(action="update")
    assert (rev.old_value, rev.new_value, rev.changed_by) == (512.0, 530.0, admin)
    assert rev.reason == "统计局年报更正（从文件“年报.csv”导入）"
    assert not PendingUpload.objects.exists()
    # The token is spent: confirming again writes nothing more and says why.
    again = confirm(client, plan, token, reason="再来")
    assert "导入预览已过期或已确认过" in again.content.decode()
    assert ObservationRevision.objects.filter(action="update").count() == 1


def test_a_correcting_file_needs_a_reason(client, plan, admin):
    client.force_login(admin)
    token = preview(client, plan).context["form"].initial["token"]

    response = confirm(client, plan, token)

    assert response.status_code == 400
    assert "文件会更正已有数值，请填写修改原因" in response.content.decode()
    assert saved() == BEFORE


def test_a_file_of_new_rows_needs_no_reason(client, plan, admin):
    client.force_login(admin)
    data = "地区,指标,期间,数值,来源\r\n金山区,研发投入强度,2024,4.3,统计数据\r\n".encode()
    token = preview(client, plan, data).context["form"].initial["token"]

    confirm(client, plan, token)

    assert saved() == {**BEFORE, ("研发投入强度", "2024"): 4.3}


def test_confirm_by_another_user_is_refused(client, plan, admin, django_user_model, shanghai):
    client.force_login(admin)
    token = preview(client, plan).context["form"].initial["token"]
    colleague = member(django_user_model, "colleague", Role.DISTRICT_ADMIN, shanghai["jinshan"])
    client.force_login(colleague)

    response = client.post(
        f"/observations/plans/{plan.pk}/import/confirm/", {"token": token, "action": "confirm", "reason": "x"}
    )

    assert response.status_code == 403
    assert saved() == BEFORE
    assert PendingUpload.objects.filter(token=token).exists()  # still the uploader's to confirm


def test_a_figure_changed_after_the_preview_stops_the_confirm(client, plan, admin):
    client.force_login(admin)
    token = preview(client, plan).context["form"].initial["token"]
    hnte = plan.indicators.get(name="高新技术企业数量")
    record_observation(
        indicator=hnte, area=plan.area, period="2023", value=520, source="statistics", reason="核对"
    )

    response = client.post(
        f"/observations/plans/{plan.pk}/import/confirm/",
        {"token": token, "action": "confirm", "reason": "年报"},
    )

    assert response.status_code == 409
    assert "预览之后数据已有变化" in response.content.decode()
    assert "<del>520</del> → <ins>530</ins>" in response.content.decode()
    assert saved() == {**BEFORE, ("高新技术企业数量", "2023"): 520.0}
    # Confirming the new preview writes it.
    confirm(client, plan, token, reason="年报")
    assert saved()[("高新技术企业数量", "2023")] == 530.0


def test_cancel_discards_the_file(client, plan, admin):
    client.force_login(admin)
    token = preview(client, plan).context["form"].initial["token"]

    client.post(f"/observations/plans/{plan.pk}/import/confirm/", {"token": token, "action": "cancel"})

    assert not PendingUpload.objects.exists()
    assert saved() == BEFORE


def test_an_expired_preview_cannot_be_confirmed(client, plan, admin):
    client.force_login(admin)
    token = preview(client, plan).context["form"].initial["token"]
    PendingUpload.objects.update(expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))

    response = confirm(client, plan, token, reason="x")

    assert "导入预览已过期或已确认过，请重新上传文件" in response.content.decode()
    assert saved() == BEFORE
