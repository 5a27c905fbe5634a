"""A ``Document`` as PDF: the Word file converted by LibreOffice on the server (docs/reports.md).

Why LibreOffice from the .docx rather than a second layout engine: the PDF then has exactly the
content, order and page layout of the Word file the office edits (one renderer to keep right),
and the project already installs LibreOffice and runs it sandboxed for reading .doc plans — the
same invocation (private profile per conversion, time limit, no network, process group killed)
is reused here. The office's Chinese faces are mapped onto Noto CJK by ``fonts.conf``, so the
text is embedded as real, selectable text.
"""

from __future__ import annotations

from kechuang.reader.deadline import Deadline
from kechuang.reader.errors import ReaderError
from kechuang.reader.formats.legacy import NO_CONVERTER, soffice_convert
from kechuang.reports.document import Document
from kechuang.reports.render import fonts
from kechuang.reports.render.docx import render_docx

PDF_SECONDS = 120.0


class PdfFailed(RuntimeError):
    """LibreOffice is missing or could not convert the report (message in Chinese)."""


def docx_to_pdf(data: bytes, *, seconds: float = PDF_SECONDS) -> bytes:
    try:
        return soffice_convert(
            data,
            "docx",
            "pdf:writer_pdf_Export",
            "pdf",
            Deadline(seconds),
            env={"FONTCONFIG_FILE": str(fonts.FONTS_CONF)},
        )
    except ReaderError as exc:
        if str(exc) == NO_CONVERTER:
            raise PdfFailed(
                "服务器未安装 LibreOffice，无法生成 PDF；请下载 Word 版本，或请管理员运行 scripts/ensure_libreoffice.sh"
            ) from exc
        raise PdfFailed(f"PDF 生成失败：{exc}") from exc


def render_pdf(document: Document, template: bytes | None = None) -> bytes:
    return docx_to_pdf(render_docx(document, template))
