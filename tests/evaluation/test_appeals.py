"""Appeals: only the unit files, only against a confirmed run; only the district decides; the
frozen run never changes and the effective results carry the adjustment, re-ranked and marked."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kechuang.evaluation.appeals import accept_appeal, effective_results, file_appeal
from kechuang.evaluation.domain import run_scheme
from kechuang.evaluation.models import Appeal, AppealEvidence, EvaluationRun, RunAdjustment
from kechuang.notifications.models import Notification
from kechuang.tenancy.domain.audit import RuleError
from kechuang.tenancy.models import AuditEntry
from tests.common import sample_files
from tests.evaluation.money_world import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(shanghai, django_user_model):
    return build(shanghai, django_user_model)


def url(w, unit: str, run=None) -> str:
    return f"/evaluation/runs/{(run or w.run).pk}/units/{unit}/appeal/"


def test_operator_files_an_appeal_with_evidence_and_the_district_is_told(client, w):
    client.force_login(w.people.op_b)
    page = client.get(url(w, w.kb))
    assert page.status_code == 200
    html = page.content.decode()
    assert "乙孵化器 · 评价结果申诉" in html and "良好" in html

    response = client.post(
        url(w, w.kb),
        {
            "reason": "场地面积统计有误",
            "evidence_text": "实际面积 12000 平方米",
            "file": SimpleUploadedFile("租赁合同.pdf", sample_files.pdf()),
        },
    )
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/evaluation/appeals/{appeal.pk}/"
    assert (appeal.unit, appeal.status, appeal.unit_name) == (w.kb, "pending", "乙孵化器")
    assert AppealEvidence.objects.get(appeal=appeal).original_name == "租赁合同.pdf"
    entry = AuditEntry.objects.get(model="evaluation.appeal", action="appeal")
    assert entry.area_id == w.district.pk and entry.changes["原评级"] == "良好"
    notes = Notification.objects.filter(kind="appeal_filed")
    assert {n.recipient.username for n in notes} == {"admin"}
    # The filer sees their appeal and downloads their evidence.
    detail = client.get(f"/evaluation/appeals/{appeal.pk}/").content.decode()
    assert "场地面积统计有误" in detail and "待处理" in detail and "提交处理结果" not in detail
    evidence = AppealEvidence.objects.get()
    download = client.get(f"/evaluation/appeals/evidence/{evidence.pk}/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == sample_files.pdf()
    download.close()


def test_a_draft_run_or_another_units_result_is_refused_in_chinese(client, w, shanghai):
    client.force_login(w.people.op_a)
    refused = client.post(url(w, w.kb), {"reason": "不服"})
    assert refused.status_code == 403
    assert "只能对本单位的评价结果提出申诉" in refused.content.decode()

    draft = run_scheme(w.run.scheme, w.run.values, year=w.year, units=w.run.units)
    page = client.post(url(w, w.ka, draft), {"reason": "不服"})
    assert page.status_code == 400
    assert "该次评价尚未确认，不能申诉" in page.content.decode()
    with pytest.raises(RuleError, match="尚未确认"):
        file_appeal(draft, w.ka, acting_user=w.people.op_a, reason="不服")
    assert Appeal.objects.count() == 0
    # The district itself is not the unit either.
    client.force_login(w.people.admin)
    assert client.post(url(w, w.ka), {"reason": "代为申诉"}).status_code == 403
    assert Appeal.objects.count() == 0


def test_a_town_liaison_appeals_for_their_town_only(client, w):
    client.force_login(w.people.liaison)
    town_key, other_key = f"area:{w.town.pk}", f"area:{w.other_town.pk}"
    assert client.post(url(w, town_key, w.town_run), {"reason": "统计口径不同"}).status_code == 302
    assert client.post(url(w, other_key, w.town_run), {"reason": "代邻镇申诉"}).status_code == 403
    assert list(Appeal.objects.values_list("unit", flat=True)) == [town_key]


def test_one_pending_appeal_per_unit_and_an_empty_reason_is_refused(client, w):
    client.force_login(w.people.op_a)
    empty = client.post(url(w, w.ka), {"reason": "  "})
    assert empty.status_code == 400
    assert client.post(url(w, w.ka), {"reason": "理由一"}).status_code == 302
    again = client.post(url(w, w.ka), {"reason": "理由二"})
    assert again.status_code == 400 and "已有一件待处理的申诉" in again.content.decode()
    assert Appeal.objects.count() == 1


def test_only_the_district_decides_and_a_rejection_needs_a_reason(client, w):
    appeal = file_appeal(w.run, w.kb, acting_user=w.people.op_b, reason="数据有误")
    decide = f"/evaluation/appeals/{appeal.pk}/decide/"
    body = {"decision": "reject", "reason": "材料不足"}
    for person in (w.people.op_b, w.people.liaison, w.people.viewer):
        client.force_login(person)
        assert client.post(decide, body).status_code in (403, 404)
    client.force_login(w.people.admin_other)
    assert client.post(decide, body).status_code == 404
    appeal.refresh_from_db()
    assert appeal.status == "pending"

    client.force_login(w.people.admin)
    assert "提交处理结果" in client.get(f"/evaluation/appeals/{appeal.pk}/").content.decode()
    missing = client.post(decide, {"decision": "reject", "reason": ""})
    assert missing.status_code == 400
    assert client.post(decide, body).status_code == 302
    appeal.refresh_from_db()
    assert (appeal.status, appeal.decision_reason, appeal.decided_by_name) == (
        "rejected",
        "材料不足",
        "admin",
    )
    told = Notification.objects.get(kind="appeal_decided")
    assert told.recipient == w.people.op_b and "已被驳回" in told.title
    assert AuditEntry.objects.filter(model="evaluation.appeal", action="appeal_reject").exists()
    again = client.post(decide, {"decision": "accept", "reason": "改判", "score": "90"})
    assert again.status_code == 400 and "该申诉已处理" in again.content.decode()
    assert not RunAdjustment.objects.exists()


def test_acceptance_adjusts_the_effective_results_but_never_the_frozen_run(client, w):
    frozen = list(w.run.results)
    appeal = file_appeal(w.run, w.kb, acting_user=w.people.op_b, reason="漏报在孵企业")
    client.force_login(w.people.admin)
    bad = client.post(
        f"/evaluation/appeals/{appeal.pk}/decide/", {"decision": "accept", "reason": "核实", "score": "120"}
    )
    assert bad.status_code == 400 and "应在 0 至 100 之间" in bad.content.decode()
    ok = client.post(
        f"/evaluation/appeals/{appeal.pk}/decide/",
        {"decision": "accept", "reason": "核实后补计在孵企业", "score": "100", "rating": "优秀"},
    )
    assert ok.status_code == 302

    run = EvaluationRun.objects.get(pk=w.run.pk)
    assert run.results == frozen  # the run itself is unchanged
    rows = {r["unit"]: r for r in effective_results(run)}
    assert (rows[w.kb]["score"], rows[w.kb]["rank"], rows[w.kb]["rating"]) == (100, 1, "优秀")
    assert rows[w.kb]["note"] == "经申诉调整" and rows[w.kb]["original"]["rating"] == "良好"
    assert rows[w.ka]["rank"] == 1  # tied at 100: both first, competition ranking
    assert rows[w.kc]["rank"] == 3 and not rows[w.kc]["adjusted"]
    adjustment = RunAdjustment.objects.get()
    assert (adjustment.old_score, adjustment.old_rating, adjustment.score) == (70.0, "良好", 100.0)
    entry = AuditEntry.objects.get(model="evaluation.runadjustment", action="adjust")
    assert entry.changes["rating"] == ["良好", "优秀"]
    assert "已被采纳" in Notification.objects.get(kind="appeal_decided").title
    # The district's list shows it, and the filer's page shows the adjusted result.
    listing = client.get(f"/evaluation/runs/{run.pk}/appeals/").content.decode()
    assert "已采纳" in listing and "经申诉调整" in listing
    client.force_login(w.people.op_b)
    mine = client.get(f"/evaluation/appeals/{appeal.pk}/").content.decode()
    assert "核实后补计在孵企业" in mine and "良好 → 优秀" in mine


def test_a_rating_the_scheme_does_not_give_is_refused(w):
    appeal = Appeal.objects.create(run=w.run, unit=w.kc, unit_name="丙众创空间", reason="数据有误")
    with pytest.raises(RuleError, match="不是该方案的评级"):
        accept_appeal(appeal, acting_user=w.people.admin, reason="改", rating="卓越")
    with pytest.raises(RuleError, match="至少填写一项"):
        accept_appeal(appeal, acting_user=w.people.admin, reason="改")


def test_others_cannot_read_an_appeal_or_its_evidence(client, w):
    appeal = file_appeal(
        w.run,
        w.kb,
        acting_user=w.people.op_b,
        reason="数据有误",
        upload=SimpleUploadedFile("照片.png", sample_files.png()),
    )
    evidence = AppealEvidence.objects.get()
    for person in (w.people.op_a, w.people.liaison_other, w.people.admin_other):
        client.force_login(person)
        assert client.get(f"/evaluation/appeals/{appeal.pk}/").status_code == 404
        assert client.get(f"/evaluation/appeals/evidence/{evidence.pk}/").status_code == 404
        assert client.get(f"/evaluation/runs/{w.run.pk}/appeals/").status_code == 404


def test_a_file_that_is_not_evidence_is_refused_and_nothing_is_saved(client, w):
    client.force_login(w.people.op_a)
    response = client.post(
        url(w, w.ka),
        {
            "reason": "数据有误",
            "file": SimpleUploadedFile("证据.pdf", b"<html><script>alert(1)</script></html>"),
        },
    )
    assert response.status_code == 400
    assert "只能上传 PDF、PNG 或 JPEG 图片、Excel（.xlsx）文件" in response.content.decode()
    assert Appeal.objects.count() == 0 and AppealEvidence.objects.count() == 0
