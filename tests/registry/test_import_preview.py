"""Enterprise workbook import in two steps through the HTTP stack: a preview, then the uploader's confirmation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kechuang.common.models import PendingUpload
from kechuang.registry.models import Enterprise, Qualification
from kechuang.tenancy.models import AuditEntry
from tests.registry.conftest import uscc
from tests.registry.test_imports import workbook

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def the_file(world) -> bytes:
    return workbook(
        [
            (uscc(1), "甲科技有限公司", "朱泾镇", "新材料", "", "", "", "", None),  # unchanged
            (uscc(2), "乙科技有限公司", "枫泾镇", "人工智能", "", "", "", "", None),  # industry changes
            (uscc(700), "丙科技", "朱泾镇", "", "", "", "", "", None),  # new
        ],
        [
            (uscc(2), "hnte", "GR2023001", dt.date(2023, 5, 1), None),  # unchanged
            (uscc(700), "hnte", "GR2024009", dt.date(2024, 3, 1), None),  # new
        ],
    )


def snapshot() -> list:
    return [
        list(Enterprise.objects.order_by("pk").values_list("uscc", "name", "industry", "area_id")),
        list(Qualification.objects.order_by("pk").values_list("enterprise_id", "certificate_no")),
        AuditEntry.objects.count(),
    ]


def preview(client, data: bytes):
    return client.post(
        "/registry/import/", {"file": SimpleUploadedFile("企业.xlsx", data, content_type=XLSX)}
    )


def test_preview_sorts_rows_and_writes_nothing(client, world):
    client.force_login(world.admin)
    before = snapshot()

    response = preview(client, the_file(world))

    page = response.content.decode()
    p = response.context["preview"]
    assert [r.uscc for r in p.enterprises["add"]] == [uscc(700)]
    assert [(r.uscc, r.changes) for r in p.enterprises["change"]] == [
        (uscc(2), (("所属行业", "生物医药", "人工智能"),))
    ]
    assert [r.uscc for r in p.enterprises["same"]] == [uscc(1)]
    assert [r.uscc for r in p.qualifications["add"]] == [uscc(700)]
    assert [r.uscc for r in p.qualifications["same"]] == [uscc(2)]
    assert "所属行业：<del>生物医药</del> → <ins>人工智能</ins>" in page
    assert "企业：新增 1 家，变更 1 家，未变 1 家；资质：新增 1 条，变更 0 条，未变 1 条" in page
    assert snapshot() == before


def test_confirm_writes_exactly_the_preview(client, world):
    client.force_login(world.admin)
    token = preview(client, the_file(world)).context["token"]

    body = client.post("/registry/import/confirm/", {"token": token, "action": "confirm"}).content.decode()

    assert "新增企业 1 家，更新 1 家；新增资质 1 条，更新 0 条" in body
    assert Enterprise.objects.get(uscc=uscc(2)).industry == "人工智能"
    assert Enterprise.objects.get(uscc=uscc(700)).qualifications.get().certificate_no == "GR2024009"
    assert AuditEntry.objects.get(action="import").user == world.admin
    assert not PendingUpload.objects.exists()


def test_confirm_by_another_user_is_refused(client, world):
    client.force_login(world.admin)
    token = preview(client, the_file(world)).context["token"]
    before = snapshot()
    client.force_login(world.liaison_x)

    response = client.post("/registry/import/confirm/", {"token": token, "action": "confirm"})

    assert response.status_code == 403
    assert snapshot() == before


def test_a_change_after_the_preview_stops_the_confirm(client, world):
    client.force_login(world.admin)
    token = preview(client, the_file(world)).context["token"]
    Enterprise.objects.filter(uscc=uscc(1)).update(name="甲科技（已更名）")

    response = client.post("/registry/import/confirm/", {"token": token, "action": "confirm"})

    assert response.status_code == 409
    page = response.content.decode()
    assert "预览之后数据已有变化" in page
    assert "企业名称：<del>甲科技（已更名）</del> → <ins>甲科技有限公司</ins>" in page
    assert not Enterprise.objects.filter(uscc=uscc(700)).exists()


def test_cancel_writes_nothing(client, world):
    client.force_login(world.admin)
    token = preview(client, the_file(world)).context["token"]
    before = snapshot()

    client.post("/registry/import/confirm/", {"token": token, "action": "cancel"})

    assert snapshot() == before
    assert not PendingUpload.objects.exists()
