"""The hostile files of test_hostile_uploads.py sent as attachments to a monthly report and a task update.

An attachment is stored, never opened: only its signature and, for an .xlsx, its zip
directory are read, in the limited child. So a file is either refused with a Chinese
reason, leaving the database as it was, or — when it is a well-formed file of an allowed
kind whose danger lies in opening it (a sheet declaring a million rows, a 5,000-page
PDF) — stored and only ever served back as a download of its real type.
"""

from __future__ import annotations

import logging
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kechuang.collection.models import ReportAttachment
from kechuang.evaluation.models import AppealEvidence, EvidenceFile
from kechuang.plans.models import TaskUpdateAttachment
from tests.common.test_hostile_uploads import (
    HOSTILE,
    SECONDS_CEILING,
    child_runs,
    database_state,
    hostile_file,
)

pytestmark = pytest.mark.django_db

WRONG_TYPE = "只能上传 PDF、PNG 或 JPEG 图片、Excel（.xlsx）文件"
EXPANDED = "Excel 文件解压后过大（超过 50 MB），请拆分后上传"
# kind → the reason it is refused, or None: an allowed kind, stored and served as a download only.
EXPECTED = {
    "xlsx_bomb": EXPANDED,
    "xlsx_dimension": None,
    "xlsx_nested": None,
    "docx_bomb": EXPANDED,
    "docx_nested": WRONG_TYPE,
    "html_nested": WRONG_TYPE,
    "html_unclosed": WRONG_TYPE,
    "html_huge": "附件过大（19 MB），每个附件不能超过 10 MB",
    "doc_garbage": WRONG_TYPE,
    "pdf_5000_pages": None,
}
SERVED_AS = {
    "xlsx_dimension": "spreadsheetml",
    "xlsx_nested": "spreadsheetml",
    "pdf_5000_pages": "application/pdf",
}


@pytest.fixture
def places(shanghai, django_user_model, settings):
    """A carrier's draft report with its operator, and a task of a town plan with the town's liaison."""
    from kechuang.collection.domain import active_form, open_report
    from kechuang.plans.models import Plan, Task
    from kechuang.registry.models import Carrier
    from kechuang.tenancy.models import Membership, Role

    settings.KECHUANG_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
    town = shanghai["town"]
    carrier = Carrier.objects.create(name="甲孵化器", kind="incubator", level="national", area=town)
    operator = django_user_model.objects.create_user("operator", "operator@example.org")
    Membership.objects.create(user=operator, role=Role.CARRIER_OPERATOR, area=town, carrier=carrier)
    liaison = django_user_model.objects.create_user("liaison", "liaison@example.org")
    Membership.objects.create(user=liaison, role=Role.LIAISON, area=town)
    plan = Plan.objects.create(
        title="朱泾镇科技创新行动方案", area=town, period_start=2024, period_end=2026, status="published"
    )
    task = Task.objects.create(plan=plan, position=1, code="1", goal="建设孵化器", deadline=2026)
    report = open_report(carrier=carrier, period="2025-05", form=active_form())[0]
    from kechuang.evaluation.domain import confirm_run, import_scheme, run_scheme

    # A district scheme whose evaluator enters a value with evidence.
    admin = django_user_model.objects.create_user("district_admin", "admin@example.org")
    Membership.objects.create(user=admin, role=Role.DISTRICT_ADMIN, area=town.parent)
    scheme = import_scheme(
        {
            "name": "孵化器评价",
            "subject": "incubator_comprehensive",
            "pillars": [{"name": "孵化绩效", "indicators": [{"code": "safety", "name": "安全生产"}]}],
        },
        area=town.parent,
    )
    # A confirmed evaluation of the carrier, against which its operator files an appeal with evidence.
    appealed = import_scheme(
        {
            "name": "孵化载体绩效评价",
            "pillars": [{"name": "成效", "indicators": [{"code": "x", "name": "指标"}]}],
        },
        area=town,
    )
    unit = f"carrier:{carrier.pk}"
    run = run_scheme(
        appealed,
        {unit: {"x": 1}},
        year=2025,
        units={unit: {"kind": "carrier", "id": carrier.pk, "name": carrier.name, "area_id": town.pk}},
    )
    confirm_run(run)
    return {
        "operator": operator,
        "liaison": liaison,
        "admin": admin,
        "report": report,
        "task": task,
        "scheme": scheme,
        "carrier": carrier,
        "run": run,
        "unit": unit,
    }


def _post(client, places: dict, page: str, name: str, data: bytes):
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    if page == "evaluation_evidence":
        body = {
            "year": "2025",
            "unit": f"carrier:{places['carrier'].pk}",
            "code": "safety",
            "value": "0",
            "evidence_note": "安全检查记录",
            "evidence": upload,
        }
        return client.post(f"/evaluation/schemes/{places['scheme'].pk}/entries/", body, follow=True)
    if page == "report_attachment":
        return client.post(
            f"/collection/reports/{places['report'].pk}/attachments/", {"file": upload}, follow=True
        )
    if page == "appeal_evidence":
        return client.post(
            f"/evaluation/runs/{places['run'].pk}/units/{places['unit']}/appeal/",
            {"reason": "数据有误", "file": upload},
            follow=True,
        )
    body = {
        "reported_on": "2025-03-31",
        "unit": "朱泾镇",
        "text": "已开工",
        "progress": "10",
        "attachment": upload,
    }
    return client.post(f"/observations/tasks/{places['task'].pk}/update/", body, follow=True)


@pytest.mark.parametrize("kind", HOSTILE)
@pytest.mark.parametrize(
    "page", ["report_attachment", "task_attachment", "evaluation_evidence", "appeal_evidence"]
)
def test_a_hostile_attachment_is_refused_or_stored_inert(client, places, caplog, page, kind):
    name, data = hostile_file(kind, "collection", places["report"].carrier_id)
    who = {"task_attachment": "liaison", "evaluation_evidence": "admin"}
    client.force_login(places[who.get(page, "operator")])
    before = database_state()
    caplog.set_level(logging.DEBUG, logger="kechuang.sandbox")

    started = time.monotonic()
    response = _post(client, places, page, name, data)
    elapsed = time.monotonic() - started

    assert response.status_code in (200, 400)
    assert elapsed < SECONDS_CEILING
    expected = EXPECTED[kind]
    runs = child_runs(caplog)
    if expected is not None:
        assert expected in response.content.decode()
        assert database_state() == before
        if kind != "html_huge":  # refused for its size before anything reads it
            assert [run.name.rsplit(".", 1)[-1] for run in runs] == ["sniff_attachment"]
        return
    model, url = {
        "report_attachment": (ReportAttachment, "/collection/attachments/{}/"),
        "task_attachment": (TaskUpdateAttachment, "/observations/tasks/attachments/{}/"),
        "evaluation_evidence": (EvidenceFile, "/evaluation/evidence/{}/"),
        "appeal_evidence": (AppealEvidence, "/evaluation/appeals/evidence/{}/"),
    }[page]
    stored = model.objects.get()
    url = url.format(stored.pk)
    download = client.get(url)
    assert download.status_code == 200
    assert SERVED_AS[kind] in download["Content-Type"]
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == data
