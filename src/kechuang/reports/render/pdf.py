"""A ``Document`` as PDF: the Word file converted by LibreOffice on the server (docs/reports.md).

Why LibreOffice from the .docx rather than a second layout engine: the PDF then has exactly the
content, order and page layout of the Word file the office edits (one renderer to keep right),
and the project already installs LibreOffice and runs it sandboxed for reading .doc plans — the
same invocation (private profile per conversion, time limit, no network, process group killed)
is reused here. The office's Chinese faces are mapped onto Noto CJK by ``fonts.conf``, so the
text is embedded as real, selectable text.

The table of contents: the .docx carries a TOC field whose written result has no page numbers
(Word fills them in when it updates the field). ``--convert-to`` would print that result as is, so
the conversion runs ``uno_pdf.py`` with a Python that has LibreOffice's UNO bridge (Debian's
``python3-uno``): it updates the document's indexes before exporting, and the PDF's contents show
the page of every heading. Without that Python the PDF is still made, its contents without page
numbers, and a warning is logged.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import subprocess
from pathlib import Path

from kechuang.reader.deadline import Deadline
from kechuang.reader.errors import ReaderError
from kechuang.reader.formats.legacy import (
    CONVERT_FAILED,
    NO_CONVERTER,
    find_soffice,
    soffice_convert,
    soffice_run,
)
from kechuang.reports.document import Document
from kechuang.reports.render import fonts
from kechuang.reports.render.docx import render_docx

logger = logging.getLogger(__name__)

PDF_SECONDS = 120.0
UNO_SCRIPT = Path(__file__).with_name("uno_pdf.py")
NO_UNO = (
    "No Python with LibreOffice's UNO bridge (python3-uno): the PDF's table of contents has no page "
    "numbers (run scripts/ensure_libreoffice.sh, or set KECHUANG_UNO_PYTHON)"
)


class PdfFailed(RuntimeError):
    """LibreOffice is missing or could not convert the report (message in Chinese)."""


def uno_python() -> str | None:
    """A Python that can ``import uno``: ``KECHUANG_UNO_PYTHON`` if set (empty means none), else the
    one LibreOffice ships beside ``soffice`` (its own builds) or the system's ``python3`` (Debian)."""
    configured = os.environ.get("KECHUANG_UNO_PYTHON")
    if configured is not None:
        return configured if configured and _imports_uno(configured) else None
    candidates = []
    soffice = find_soffice()
    if soffice:
        candidates.append(str(Path(os.path.realpath(soffice)).with_name("python")))
    candidates += ["/usr/bin/python3", shutil.which("python3") or ""]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK) and _imports_uno(candidate):
            return candidate
    return None


@functools.cache
def _imports_uno(python: str) -> bool:
    """Asked once per process (installing python3-uno takes effect at the next start)."""
    try:
        probe = subprocess.run(  # noqa: S603 - a fixed interpreter path and a fixed statement
            [python, "-I", "-c", "import uno"], capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return probe.returncode == 0


def docx_to_pdf(data: bytes, *, seconds: float = PDF_SECONDS) -> bytes:
    deadline = Deadline(seconds)
    env = {"FONTCONFIG_FILE": str(fonts.FONTS_CONF)}
    try:
        python = uno_python()
        if python is not None:
            try:
                return soffice_run(data, "docx", "pdf", _uno_command(python), deadline, env=env)
            except ReaderError as exc:
                if str(exc) != CONVERT_FAILED:
                    raise
                logger.warning(
                    "PDF with updated contents failed; converting without page numbers in the contents"
                )
        else:
            logger.warning(NO_UNO)
        return soffice_convert(data, "docx", "pdf:writer_pdf_Export", "pdf", deadline, env=env)
    except ReaderError as exc:
        if str(exc) == NO_CONVERTER:
            raise PdfFailed(
                "服务器未安装 LibreOffice，无法生成 PDF；请下载 Word 版本，或请管理员运行 scripts/ensure_libreoffice.sh"
            ) from exc
        raise PdfFailed(f"PDF 生成失败：{exc}") from exc


def _uno_command(python: str):
    def command(soffice: list[str], source: Path, result: Path) -> list[str]:
        return [python, "-I", str(UNO_SCRIPT), str(source), str(result), *soffice]

    return command


def render_pdf(document: Document, template: bytes | None = None) -> bytes:
    return docx_to_pdf(render_docx(document, template))
