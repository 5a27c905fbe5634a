"""The plan evaluation report as PDF (LibreOffice from the .docx): selectable Chinese, same content.

Kept to one conversion (about 1–2 s): the content itself is checked on the Word file.
"""

from __future__ import annotations

import io

import pdfplumber
import pytest

from kechuang.reports.plan_report import build_plan_report
from kechuang.reports.render import render
from tests.monitor.builders import AS_OF
from tests.reader.officegen import require_soffice
from tests.reports.pages import overview_rows

pytestmark = pytest.mark.django_db


def test_pdf_has_the_page_figures_as_selectable_chinese_text(admin_client, admin_user, plan):
    require_soffice()
    page = overview_rows(admin_client.get(f"/monitor/plans/{plan.pk}/?at={AS_OF}").content.decode())
    document = build_plan_report(plan.pk, AS_OF, user=admin_user)

    data = render(document, "pdf")

    assert data.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        width, height = pdf.pages[0].width, pdf.pages[0].height
        pages = [p.extract_text() or "" for p in pdf.pages]
        fonts = {c["fontname"] for p in pdf.pages for c in p.chars}
    text = "\n".join(pages).replace("\n", "")
    assert (round(width), round(height)) == (595, 842)  # A4
    assert "模拟数据" in pages[0]
    assert "目 录" in pages[1] or "目  录" in pages[1]
    assert "第 3 页" in pages[2].replace("\n", "")
    assert any("CJK" in f for f in fonts)
    for p in page:
        if "HYPERLINK" in p["indicator"]:
            continue
        assert p["indicator"] in text
        assert p["status"] in text
    assert "6 项目标中，超前 1 项，正常 2 项" in text.replace(" ", " ")
