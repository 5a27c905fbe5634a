"""The evaluation result notice through the report layer: Word, PDF and Excel from one document,
with the effective ranking (appeals marked), the rating counts and the approved subsidies."""

from __future__ import annotations

import io

import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook

from kechuang.evaluation.appeals import accept_appeal
from kechuang.evaluation.domain import run_scheme
from kechuang.evaluation.models import Appeal
from kechuang.evaluation.subsidies import approve_payment_list, compute_payment_list, save_rules
from kechuang.reports.evaluation_notice import build_notice
from kechuang.reports.kinds import ReportRefused
from kechuang.reports.models import GeneratedReport
from kechuang.reports.render import render
from tests.evaluation.money_world import build
from tests.evaluation.test_subsidies import RULES
from tests.reader.officegen import require_soffice

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(shanghai, django_user_model):
    w = build(shanghai, django_user_model)
    appeal = Appeal.objects.create(run=w.run, unit=w.kc, unit_name="丙众创空间", reason="数据漏报")
    accept_appeal(appeal, acting_user=w.people.admin, reason="核实", score="75", rating="良好")
    save_rules(w.district, w.year, RULES, acting_user=None)
    approve_payment_list(compute_payment_list(w.run, acting_user=None), acting_user=w.people.admin)
    return w


def _docx_text(data: bytes) -> str:
    doc = WordDocument(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append("|".join(c.text for c in row.cells))
    return "\n".join(parts)


def test_the_notice_in_word_and_excel_has_ranking_ratings_and_subsidies(w):
    document = build_notice(w.run.pk, user=w.people.admin)
    assert document.title == f"金山区{w.year}年度孵化载体绩效评价结果通知"
    text = _docx_text(render(document, "docx"))
    assert "1|甲孵化器|100.00|优秀|" in text
    assert "2|丙众创空间|75.00|良好|经申诉调整" in text  # re-ranked above 乙 (70)
    assert "3|乙孵化器|70.00|良好|" in text
    assert "良好|2|丙众创空间、乙孵化器" in text
    # 丙 is now 良好, for which the rules give a maker space nothing: 80 + 80 + 0
    assert "合计 160 万元" in text and "甲孵化器|优秀|80|" in text and "合计|—|160|" in text

    book = load_workbook(io.BytesIO(render(document, "xlsx")))
    assert {"评价结果与排名", "评级分布", "补助金额"} <= set(book.sheetnames)
    ranking = [list(r) for r in book["评价结果与排名"].iter_rows(values_only=True)]
    assert ["名次", "参评单位", "得分", "评级", "备注"] in ranking
    assert [2, "丙众创空间", 75, "良好", "经申诉调整"] in ranking
    money = [list(r) for r in book["补助金额"].iter_rows(values_only=True)]
    assert any(r[:3] == ["合计", None, 160] for r in money)


def test_the_notice_in_pdf(w):
    require_soffice()
    import pdfplumber

    data = render(build_notice(w.run.pk, user=w.people.admin), "pdf")
    assert data.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "".join((p.extract_text() or "") for p in pdf.pages).replace("\n", "")
    assert "评价结果与排名" in text and "丙众创空间" in text and "经申诉调整" in text


def test_generated_and_kept_through_the_reports_page_for_those_who_see_the_district(w, client):
    client.force_login(w.people.viewer)
    response = client.post("/reports/generate/evaluation_notice/", {"run": str(w.run.pk), "format": "xlsx"})
    assert response.status_code == 302
    kept = GeneratedReport.objects.get()
    assert (kept.kind, kept.kind_label, kept.area_id) == ("evaluation_notice", "评价结果通知", w.district.pk)
    client.force_login(w.people.op_a)
    refused = client.post("/reports/generate/evaluation_notice/", {"run": str(w.run.pk), "format": "docx"})
    assert refused.status_code in (400, 403)
    assert GeneratedReport.objects.count() == 1


def test_a_draft_run_has_no_notice(w):
    draft = run_scheme(w.run.scheme, w.run.values, year=w.year, units=w.run.units)
    with pytest.raises(ReportRefused, match="尚未确认"):
        build_notice(draft.pk, user=w.people.admin)
