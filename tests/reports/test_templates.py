"""Word templates an administrator replaces from the admin: checked on upload, used by the renderer."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kechuang.reports.models import ReportTemplate
from kechuang.reports.plan_report import build_plan_report
from kechuang.reports.render import render
from kechuang.reports.render.docx import TemplateInvalid, validate_template
from kechuang.reports.word_templates import template_for
from tests.monitor.builders import AS_OF

pytestmark = pytest.mark.django_db

ADD = "/admin/reports/reporttemplate/add/"


def _template(*, cover: bool = True, headings: bool = True) -> bytes:
    doc = docx.Document()
    if cover:
        doc.add_paragraph("{{发文单位}}")
        doc.add_paragraph("关于{{标题}}的报告")
        doc.add_paragraph("{{日期}}")
    if not headings:
        styles = doc.styles.element
        for style in list(styles):
            if style.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}styleId") in (
                "Heading1",
                "Heading2",
            ):
                styles.remove(style)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_upload_of_a_file_that_is_not_word_is_refused_in_chinese(admin_client):
    response = admin_client.post(
        ADD,
        {
            "kind": "plan",
            "name": "坏模板",
            "active": "on",
            "file": SimpleUploadedFile("模板.docx", b"not a zip"),
        },
    )

    assert response.status_code == 200
    assert "不是 Word 文档" in response.content.decode()
    assert not ReportTemplate.objects.exists()


def test_upload_without_heading_styles_names_what_is_missing(admin_client):
    response = admin_client.post(
        ADD,
        {
            "kind": "plan",
            "name": "缺样式",
            "active": "on",
            "file": SimpleUploadedFile("模板.docx", _template(headings=False)),
        },
    )

    assert "模板缺少样式：标题 1、标题 2" in response.content.decode()
    assert not ReportTemplate.objects.exists()


def test_a_good_template_is_stored_and_gives_the_report_its_cover(admin_client, plan):
    response = admin_client.post(
        ADD,
        {
            "kind": "plan",
            "name": "区科委红头",
            "active": "on",
            "file": SimpleUploadedFile("红头.docx", _template()),
        },
    )
    assert response.status_code == 302
    template = template_for("plan")
    document = build_plan_report(plan.pk, AS_OF)

    doc = docx.Document(io.BytesIO(render(document, "docx", template)))

    texts = [p.text for p in doc.paragraphs]
    assert texts[:3] == ["金山区", f"关于{document.title}的报告", "2024年6月30日"]
    assert "一、总体情况" in texts


def test_a_damaged_docx_is_refused_by_the_renderer_too():
    with pytest.raises(TemplateInvalid, match="已损坏"):
        validate_template(b"PK\x03\x04" + b"\x00" * 100)
