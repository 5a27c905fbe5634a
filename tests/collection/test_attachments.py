"""Attachments on monthly reports and task updates: checked by content and size, stored under the data
folder with random names, downloadable only by those who may see the report or task."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kechuang.collection import domain
from kechuang.collection.models import ReportAttachment
from kechuang.plans.models import TaskUpdateAttachment
from kechuang.tenancy.models import AuditEntry, Membership, Role
from tests.collection.conftest import PERIOD, VALID, login
from tests.common import sample_files
from tests.responses import finish

pytestmark = pytest.mark.django_db

WRONG_TYPE = "只能上传 PDF、PNG 或 JPEG 图片、Excel（.xlsx）文件"


@pytest.fixture
def draft(world, form):
    return domain.open_report(carrier=world["carrier_a"], period=PERIOD, form=form)[0]


@pytest.fixture
def liaison_y(world, django_user_model):
    user = django_user_model.objects.create_user("liaison_y", "liaison_y@example.org")
    Membership.objects.create(user=user, role=Role.LIAISON, area=world["town_y"])
    return user


def _upload(client, report, name: str, data: bytes):
    return client.post(
        f"/collection/reports/{report.pk}/attachments/", {"file": SimpleUploadedFile(name, data)}, follow=True
    )


@pytest.mark.parametrize(
    ("name", "data", "kind", "content_type"),
    [
        ("租赁合同.pdf", sample_files.pdf(), "pdf", "application/pdf"),
        ("场地照片.png", sample_files.png(), "png", "image/png"),
        ("在孵企业名单.xlsx", sample_files.xlsx(), "xlsx", "spreadsheetml"),
    ],
)
def test_a_real_pdf_image_or_workbook_is_stored_privately_and_downloadable(
    client, world, draft, settings, name, data, kind, content_type
):
    login(client, world["operator_a"])

    page = _upload(client, draft, name, data)

    assert f"已上传附件“{name}”" in page.content.decode()
    attachment = ReportAttachment.objects.get(report=draft)
    assert (attachment.kind, attachment.original_name, attachment.size) == (kind, name, len(data))
    path = Path(settings.KECHUANG_ATTACHMENT_DIR) / attachment.stored_name
    assert path.read_bytes() == data
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert name not in attachment.stored_name and len(attachment.stored_name) >= 36
    assert not str(path).startswith(str(settings.MEDIA_ROOT)) and not str(path).startswith(
        str(settings.STATIC_ROOT)
    )
    assert AuditEntry.objects.filter(action="attach", object_id=str(attachment.pk)).exists()
    download = client.get(f"/collection/attachments/{attachment.pk}/")
    assert download.status_code == 200 and content_type in download["Content-Type"]
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == data


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("年度报告.pdf", sample_files.exe()),
        ("照片.png", sample_files.html()),
        ("报表.xlsx", b"PK\x03\x04junk"),
    ],
)
def test_a_renamed_program_or_page_is_refused_by_its_content(client, world, draft, name, data):
    login(client, world["operator_a"])

    page = _upload(client, draft, name, data).content.decode()

    assert WRONG_TYPE in page
    assert not ReportAttachment.objects.exists()


def test_an_oversize_file_is_refused_with_the_limit(client, world, draft, settings):
    settings.KECHUANG_MAX_ATTACHMENT_BYTES = 1024
    login(client, world["operator_a"])

    page = _upload(client, draft, "大文件.pdf", sample_files.pdf() + b"0" * 2048).content.decode()

    assert "附件过大" in page and "每个附件不能超过 1 KB" in page
    assert not ReportAttachment.objects.exists()


def test_a_hostile_name_is_cleaned_for_display_and_download(client, world, draft):
    login(client, world["operator_a"])

    _upload(client, draft, '../../etc/<script>"x".exe.pdf', sample_files.pdf())

    attachment = ReportAttachment.objects.get()
    assert attachment.original_name == "_script_x_.exe.pdf"
    download = client.get(f"/collection/attachments/{attachment.pk}/")
    assert (
        "<" not in download["Content-Disposition"]
        and "/" not in download["Content-Disposition"].split("filename")[1]
    )
    finish(download)


def test_the_file_reaches_the_operator_and_reviewers_and_nobody_else(client, world, draft, liaison_y):
    login(client, world["operator_a"])
    _upload(client, draft, "合同.pdf", sample_files.pdf())
    url = f"/collection/attachments/{ReportAttachment.objects.get().pk}/"

    statuses = {}
    for who in ("operator_a", "district_admin", "liaison_x", "viewer_x", "operator_b"):
        login(client, world[who])
        response = client.get(url)
        statuses[who] = response.status_code
        finish(response)
    login(client, liaison_y)
    statuses["liaison_y"] = client.get(url).status_code
    client.logout()
    anonymous = client.get(url)

    assert statuses == {
        "operator_a": 200,
        "district_admin": 200,
        "liaison_x": 200,
        "viewer_x": 200,
        "operator_b": 404,
        "liaison_y": 404,
    }
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")


def test_attachments_are_added_and_removed_only_while_the_report_can_be_edited(
    client, world, draft, settings, django_capture_on_commit_callbacks
):
    login(client, world["operator_a"])
    _upload(client, draft, "合同.pdf", sample_files.pdf())
    attachment = ReportAttachment.objects.get()
    domain.submit_report(draft, values=VALID, acting_user=world["operator_a"])

    late = client.post(
        f"/collection/reports/{draft.pk}/attachments/",
        {"file": SimpleUploadedFile("补充.pdf", sample_files.pdf())},
    )
    removal = client.post(f"/collection/attachments/{attachment.pk}/delete/")

    assert (late.status_code, removal.status_code) == (403, 403)
    assert list(ReportAttachment.objects.values_list("original_name", flat=True)) == ["合同.pdf"]

    domain.return_report(draft, comment="请补充", acting_user=world["district_admin"])
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the deletion is committed
        client.post(f"/collection/attachments/{attachment.pk}/delete/")
    assert not ReportAttachment.objects.exists()
    assert not (Path(settings.KECHUANG_ATTACHMENT_DIR) / attachment.stored_name).exists()
    assert AuditEntry.objects.filter(action="detach").exists()


def test_another_carriers_operator_cannot_attach_or_delete(client, world, draft):
    login(client, world["operator_a"])
    _upload(client, draft, "合同.pdf", sample_files.pdf())
    attachment = ReportAttachment.objects.get()
    login(client, world["operator_b"])

    upload = client.post(
        f"/collection/reports/{draft.pk}/attachments/",
        {"file": SimpleUploadedFile("x.pdf", sample_files.pdf())},
    )
    removal = client.post(f"/collection/attachments/{attachment.pk}/delete/")

    assert (upload.status_code, removal.status_code) == (404, 404)
    assert ReportAttachment.objects.count() == 1


@pytest.fixture
def task(world):
    from kechuang.plans.models import Plan, Task

    plan = Plan.objects.create(
        title="朱泾镇科技创新行动方案",
        area=world["town_x"],
        period_start=2024,
        period_end=2026,
        status="published",
    )
    return Task.objects.create(plan=plan, position=1, code="1", goal="建设孵化器", deadline=2026)


def test_a_task_update_carries_evidence_seen_only_by_those_who_see_the_task(client, world, task, liaison_y):
    login(client, world["liaison_x"])
    body = {"reported_on": "2025-03-31", "unit": "朱泾镇", "text": "已选址", "progress": "20"}

    refused = client.post(
        f"/observations/tasks/{task.pk}/update/",
        {**body, "attachment": SimpleUploadedFile("批复.pdf", sample_files.html())},
    )
    accepted = client.post(
        f"/observations/tasks/{task.pk}/update/",
        {**body, "attachment": SimpleUploadedFile("批复.pdf", sample_files.pdf())},
        follow=True,
    )

    assert refused.status_code == 200 and WRONG_TYPE in refused.content.decode()
    attachment = TaskUpdateAttachment.objects.get()
    assert task.updates.count() == 1  # the refused file recorded no progress either
    assert "批复.pdf" in accepted.content.decode()
    url = f"/observations/tasks/attachments/{attachment.pk}/"
    ok = client.get(url)
    assert ok.status_code == 200 and ok["Content-Type"] == "application/pdf"
    finish(ok)
    for who in (liaison_y, world["operator_a"]):
        login(client, who)
        assert client.get(url).status_code == 404
