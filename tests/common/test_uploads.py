"""Upload checks shared by every import: size and content type."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

from kechuang.common.uploads import size_label, too_large, xlsx_problem


def _xlsx() -> bytes:
    buf = io.BytesIO()
    Workbook().save(buf)
    return buf.getvalue()


def _zip(name: str, content: bytes = b"x") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, content)
    return buf.getvalue()


def test_a_real_workbook_passes():
    assert xlsx_problem(_xlsx()) is None


def test_other_content_is_refused_whatever_its_name():
    assert xlsx_problem(b"\x89PNG\r\n\x1a\n...") == "文件不是 Excel（.xlsx）格式"
    assert xlsx_problem(b"PK\x03\x04 broken") == "文件不是 Excel（.xlsx）格式"
    assert xlsx_problem(_zip("word/document.xml")) == "文件不是 Excel（.xlsx）格式"


def test_a_workbook_that_unpacks_too_large_is_refused():
    bomb = _zip("xl/workbook.xml", b"0" * 2_000_000)

    assert xlsx_problem(bomb, max_expanded=1_000_000) == "Excel 文件解压后过大，请拆分后上传"


def test_size_reasons_read_like_limits():
    assert size_label(20 * 1024 * 1024) == "20 MB"
    assert size_label(512 * 1024) == "512 KB"
    assert too_large(b"x" * 2048, 1024) == "文件过大（2 KB），上限为 1 KB"
    assert too_large(b"x", 1024) is None
