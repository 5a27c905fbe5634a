"""The plan evaluation report as PDF (LibreOffice from the .docx): selectable Chinese, same content,
and a table of contents whose page numbers are the pages the chapters start on.

Few conversions (about 1–3 s each): the content itself is checked on the Word file.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import re

import pdfplumber
import pytest

from kechuang.reports.document import Document, Heading, PageBreak, Paragraph
from kechuang.reports.plan_report import build_plan_report
from kechuang.reports.render import render
from kechuang.reports.render.pdf import uno_python
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


def require_uno() -> None:
    """The page numbers need python3-uno, which scripts/ensure_libreoffice.sh installs (make test)."""
    require_soffice()
    if uno_python():
        return
    if os.environ.get("KECHUANG_ALLOW_NO_SOFFICE") == "1":
        pytest.skip("python3-uno is not installed and KECHUANG_ALLOW_NO_SOFFICE=1")
    pytest.fail(
        "python3-uno is needed for the PDF's contents page numbers: run `bash scripts/ensure_libreoffice.sh`"
    )


def _lines(page) -> list[str]:
    return [re.sub(r"\s+", "", line) for line in (page.extract_text() or "").splitlines()]


def test_pdf_contents_give_each_chapter_the_page_it_starts_on(admin_user, plan):
    require_uno()
    document = build_plan_report(plan.pk, AS_OF, user=admin_user)
    chapters = [
        re.sub(r"\s+", "", b.text) for b in document.blocks if isinstance(b, Heading) and b.level <= 2
    ]

    with pdfplumber.open(io.BytesIO(render(document, "pdf"))) as pdf:
        pages = [_lines(p) for p in pdf.pages]

    contents = pages[1]
    assert contents[0] == "目录"
    assert len(chapters) >= 4
    for chapter in chapters:
        entry = next((line for line in contents if line.startswith(chapter)), None)
        assert entry is not None, f"{chapter} missing from the contents: {contents}"
        listed = re.fullmatch(re.escape(chapter) + r"[.…·]*(\d+)", entry)
        assert listed, f"no page number for {chapter}: {entry}"
        found = next(n for n, lines in enumerate(pages[2:], start=3) if chapter in lines)
        assert int(listed.group(1)) == found, (
            f"{chapter}: contents say page {listed.group(1)}, it is on page {found}"
        )


def test_pdf_without_uno_still_made_with_the_chapters_listed_and_a_warning(monkeypatch, caplog):
    require_soffice()
    monkeypatch.setenv("KECHUANG_UNO_PYTHON", "")  # as on a server without python3-uno
    chapters = ["一、总体情况", "二、规划目标完成情况"]
    blocks = [b for c in chapters for b in (Heading(c), Paragraph("正文。"), PageBreak())]
    document = Document("测试报告", "", "区科委", dt.date(2025, 6, 30), "测试", blocks=blocks)

    with caplog.at_level(logging.WARNING, logger="kechuang.reports.render.pdf"):
        data = render(document, "pdf")

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        contents = _lines(pdf.pages[1])
    assert contents[1:3] == chapters  # listed, without page numbers
    assert "python3-uno" in caplog.text
