"""Upload checks shared by every import: size and content type."""

from __future__ import annotations

import io
import random
import zipfile

import pytest
from openpyxl import Workbook

from kechuang.common.uploads import (
    UploadProblem,
    read_sheets,
    size_label,
    too_large,
    xlsx_problem,
    zip_problem,
)


def _xlsx() -> bytes:
    buf = io.BytesIO()
    Workbook().save(buf)
    return buf.getvalue()


def _zip(name: str, content: bytes = b"x") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, content)
    return buf.getvalue()


LIMIT = 20 * 1024 * 1024


def test_a_real_workbook_passes():
    assert xlsx_problem(_xlsx(), upload_limit=LIMIT) is None


def test_other_content_is_refused_whatever_its_name():
    assert xlsx_problem(b"\x89PNG\r\n\x1a\n...", upload_limit=LIMIT) == "文件不是 Excel（.xlsx）格式"
    assert xlsx_problem(b"PK\x03\x04 broken", upload_limit=LIMIT) == "文件不是 Excel（.xlsx）格式"
    assert xlsx_problem(_zip("word/document.xml"), upload_limit=LIMIT) == "文件不是 Excel（.xlsx）格式"


def test_a_part_that_unpacks_beyond_five_times_the_upload_limit_is_refused():
    big = _zip("xl/workbook.xml", random.Random(1).randbytes(1_000_000))  # hardly compresses

    assert xlsx_problem(big, upload_limit=100_000) == "Excel 文件解压后过大（超过 488.3 KB），请拆分后上传"
    assert xlsx_problem(big, upload_limit=200_000) is None


def test_parts_that_together_unpack_beyond_ten_times_the_upload_limit_are_refused():
    noise = random.Random(2)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", b"<workbook/>")
        for n in range(11):
            zf.writestr(f"xl/worksheets/sheet{n}.xml", noise.randbytes(100_000))

    assert (
        zip_problem(buf.getvalue(), upload_limit=25_000, kind="Excel 文件")
        == "Excel 文件解压后过大（超过 244.1 KB），请拆分后上传"
    )
    assert zip_problem(buf.getvalue(), upload_limit=120_000) is None


def test_a_part_that_grows_a_hundredfold_is_a_bomb_whatever_the_limit():
    bomb = _zip("word/document.xml", b"0" * 2_000_000)

    problem = zip_problem(bomb, upload_limit=LIMIT, kind="Word 文件")

    assert problem is not None and problem.startswith("Word 文件压缩比异常（解压后是原来的")
    assert problem.endswith("倍），疑似恶意文件，已拒绝")


def test_a_zip_with_thousands_of_parts_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for n in range(5_001):
            zf.writestr(f"p{n}", b"")

    assert zip_problem(buf.getvalue(), upload_limit=LIMIT) == "文件包含的部件过多，请检查文件后重新上传"


def test_sheets_are_streamed_without_blank_rows_and_cut_at_the_column_cap():
    wb = Workbook()
    ws = wb.active
    ws.title = "企业"
    ws.append(["代码", "名称"])
    ws.cell(row=4, column=1, value="甲")
    ws.cell(row=4, column=80, value="远处")
    buf = io.BytesIO()
    wb.save(buf)

    sheets = read_sheets(buf.getvalue(), upload_limit=LIMIT, names=("企业", "资质"), max_rows=10)

    assert list(sheets) == ["企业"]
    assert [(n, v[:2], len(v)) for n, v in sheets["企业"]] == [
        (1, ("代码", "名称"), 64),
        (4, ("甲", None), 64),
    ]


def test_a_row_past_the_limit_refuses_the_file_saying_how_many_rows_are_allowed():
    wb = Workbook()
    wb.active.title = "企业"
    for n in range(1, 13):
        wb.active.append([f"第{n}行"])
    buf = io.BytesIO()
    wb.save(buf)

    with pytest.raises(UploadProblem) as refused:
        read_sheets(buf.getvalue(), upload_limit=LIMIT, names=("企业",), max_rows=10, header_rows=1)

    assert str(refused.value) == "工作表“企业”超过 10 行上限（第 12 行仍有数据），请拆分后上传"


def test_size_reasons_read_like_limits():
    assert size_label(20 * 1024 * 1024) == "20 MB"
    assert size_label(512 * 1024) == "512 KB"
    assert too_large(b"x" * 2048, 1024) == "文件过大（2 KB），上限为 1 KB"
    assert too_large(b"x", 1024) is None
