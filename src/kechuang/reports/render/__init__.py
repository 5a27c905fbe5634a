"""Every report in every format through one entry: ``render(document, fmt, template=None)``.

Renderers know blocks, not reports (``reports.document``): Word (``docx``), PDF (the Word file
converted by LibreOffice, ``pdf``) and Excel (one sheet per table, ``xlsx``). The stored-report
pages, the API and the ``kechuang report`` command all call ``render``.
"""

from __future__ import annotations

import re

from kechuang.reports.document import Document

FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word 文档"),
    "pdf": ("application/pdf", "PDF 文件"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel 表格"),
}
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


class UnknownFormat(ValueError):
    pass


def _check(fmt: str) -> None:
    if fmt not in FORMATS:
        raise UnknownFormat(f"不支持的格式“{fmt}”，可选：Word（docx）、PDF（pdf）、Excel（xlsx）")


def render(document: Document, fmt: str, template: bytes | None = None) -> bytes:
    """The report as a file's bytes; ``template`` a .docx of styles and cover (Word and PDF only)."""
    _check(fmt)
    if fmt == "docx":
        from kechuang.reports.render.docx import render_docx

        return render_docx(document, template)
    if fmt == "pdf":
        from kechuang.reports.render.pdf import render_pdf

        return render_pdf(document, template)
    from kechuang.reports.render.xlsx import render_xlsx

    return render_xlsx(document)


def content_type(fmt: str) -> str:
    _check(fmt)
    return FORMATS[fmt][0]


def file_name(document: Document, fmt: str) -> str:
    """A Chinese file name: the report's title and date, e.g. 金山区…评估报告（2024年6月30日）.docx."""
    _check(fmt)
    d = document.as_of
    title = _UNSAFE.sub("", document.title).strip() or "报告"
    return f"{title[:80]}（{d.year}年{d.month}月{d.day}日）.{fmt}"
