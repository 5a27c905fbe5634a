"""Checks every upload passes before and while it is parsed: size, type judged by content, expansion, rows.

A zip-based file (.xlsx, .docx) is judged by its table of contents before any
part is unpacked: every part, the whole, and how much each part grows are
capped relative to the upload limit, so a few hundred kilobytes cannot turn
into gigabytes. Sheets are then streamed with a cap on rows and columns; the
size a sheet declares for itself is ignored.

Framework-free on purpose (the plan reader uses ``zip_problem`` too). These
checks run inside the limited child of ``kechuang.common.sandbox``: reading a
zip's table of contents is itself work a hostile file can inflate.
"""

from __future__ import annotations

import io
import struct
import warnings
import zipfile
from collections.abc import Sequence

# One part may unpack to this many times the upload limit, all parts together to this many.
PART_FACTOR = 5
TOTAL_FACTOR = 10
# Office parts shrink 5-30x; deflate cannot do better than ~1030x. Above this a part is a bomb.
MAX_RATIO = 100
RATIO_FROM_BYTES = 1024 * 1024  # small parts (styles, a header of repeats) may compress better
MAX_PARTS = 5_000
EXCEL_MAX_ROWS = 1_048_576  # Excel's own limit: no real sheet has more rows
MAX_COLUMNS = 64

_NOT_XLSX = "文件不是 Excel（.xlsx）格式"


class UploadProblem(ValueError):
    """A file refused while it was read; ``kind`` says why for callers that word it their own way.

    Kinds: ``not_xlsx``, ``expanded`` (zip too large or too compressed), ``damaged``, ``rows``.
    """

    def __init__(self, message: str, kind: str = "") -> None:
        super().__init__(message, kind)
        self.message = message
        self.kind = kind

    def __str__(self) -> str:
        return self.message


def size_label(n: int) -> str:
    """A byte count as people read upload limits: 20 MB, 512 KB."""
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.4g} MB"
    if n >= 1024:
        return f"{n / 1024:.4g} KB"
    return f"{n} 字节"


def too_large_upload(size: int, limit: int) -> str | None:
    """The reason a file of ``size`` bytes is refused, or None; checked before it is read into memory."""
    if size > limit:
        return f"文件过大（{size_label(size)}），上限为 {size_label(limit)}"
    return None


def too_large(data: bytes, limit: int) -> str | None:
    """The reason a file is refused for its size, or None."""
    return too_large_upload(len(data), limit)


def _declared_parts(data: bytes) -> int | None:
    """The number of parts the zip's end record declares, read without building the directory."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return None
    return struct.unpack_from("<H", data, end + 10)[0]


def zip_problem(data: bytes, *, upload_limit: int, kind: str = "文件") -> str | None:
    """Why a zip-based upload (``kind``: "Excel 文件", "Word 文件") must not be unpacked, or None.

    Caps: each part ≤ ``PART_FACTOR`` × ``upload_limit`` unpacked, all parts ≤
    ``TOTAL_FACTOR`` × ``upload_limit``, no part of 1 MB or more growing over
    ``MAX_RATIO`` times, at most ``MAX_PARTS`` parts. The sizes checked are
    the ones the zip declares; Python's ``zipfile`` never unpacks more than a
    part declares, so a part cannot lie its way past them. A damaged zip is
    not judged here (the format reader says it is damaged).
    """
    parts = _declared_parts(data)
    if parts is not None and parts >= 0xFFFF:  # zip64: beyond any office file of upload size
        return f"{kind}包含的部件过多，请检查文件后重新上传"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return None
    if len(infos) > MAX_PARTS:
        return f"{kind}包含的部件过多，请检查文件后重新上传"
    part_cap = PART_FACTOR * upload_limit
    total_cap = TOTAL_FACTOR * upload_limit
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > part_cap or total > total_cap:
            return f"{kind}解压后过大（超过 {size_label(part_cap if info.file_size > part_cap else total_cap)}），请拆分后上传"
        if info.file_size >= RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(1, info.compress_size):
            return f"{kind}压缩比异常（解压后是原来的 {info.file_size // max(1, info.compress_size)} 倍），疑似恶意文件，已拒绝"
    return None


def xlsx_problem(data: bytes, *, upload_limit: int) -> str | None:
    """Why ``data`` is not an .xlsx workbook (a zip holding ``xl/workbook.xml``) safe to unpack, or None."""
    if not data.startswith(b"PK"):
        return _NOT_XLSX
    problem = zip_problem(data, upload_limit=upload_limit, kind="Excel 文件")
    if problem:
        return problem
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return _NOT_XLSX
    if "xl/workbook.xml" not in names:
        return _NOT_XLSX
    return None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_sheets(
    data: bytes,
    *,
    upload_limit: int,
    names: Sequence[str] = (),
    first_if_missing: bool = False,
    max_rows: int,
    header_rows: int = 1,
    max_cols: int = MAX_COLUMNS,
) -> dict[str, list[tuple[int, tuple]]]:
    """The non-blank rows of the named sheets, as ``{sheet: [(Excel row number, values), ...]}``.

    Only sheets in ``names`` that exist are read; with ``first_if_missing`` the
    first sheet is read when none of them exists (or ``names`` is empty).
    Values are what Excel shows (no formulas), at most ``max_cols`` per row.
    A non-blank row below row ``header_rows + max_rows`` refuses the file,
    saying how many rows are allowed. Never holds more than the rows it returns:
    the sheet is streamed and its declared size (``<dimension>``) is ignored.
    Raises :class:`UploadProblem`.
    """
    problem = xlsx_problem(data, upload_limit=upload_limit)
    if problem:
        kind = "not_xlsx" if problem == _NOT_XLSX else "expanded"
        raise UploadProblem(problem, kind)
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        # openpyxl warns about styles and extensions other programs write; they do not matter here.
        warnings.simplefilter("ignore")
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except MemoryError:  # the child's memory limit: its parent says so, not "damaged"
            raise
        except Exception as exc:  # openpyxl raises many kinds of error for a damaged file
            raise UploadProblem("Excel 文件已损坏，无法读取", "damaged") from exc
        try:
            titles = [title for title in names if title in workbook.sheetnames]
            if not titles and first_if_missing:
                if not workbook.worksheets:
                    raise UploadProblem("Excel 文件中没有工作表", "damaged")
                titles = [workbook.worksheets[0].title]
            return {
                title: _stream_rows(
                    workbook[title], max_rows=max_rows, header_rows=header_rows, max_cols=max_cols
                )
                for title in titles
            }
        except (UploadProblem, MemoryError):
            raise
        except Exception as exc:  # a sheet that breaks while being streamed
            raise UploadProblem("Excel 文件已损坏，无法读取", "damaged") from exc
        finally:
            workbook.close()


def _stream_rows(sheet: object, *, max_rows: int, header_rows: int, max_cols: int) -> list[tuple[int, tuple]]:
    # A sheet may declare A1:XFD1048576 for a few cells; openpyxl would then pad every row
    # (and every gap) to that size. Forget the declaration and fix the width ourselves.
    sheet.reset_dimensions()
    last_row = header_rows + max_rows
    rows: list[tuple[int, tuple]] = []
    blank_seen: object = None
    for number, values in enumerate(sheet.iter_rows(max_col=max_cols, values_only=True), start=1):
        if number > EXCEL_MAX_ROWS:  # a row numbered 10⁹ would otherwise mean 10⁹ blank rows to walk
            raise UploadProblem(f"工作表“{sheet.title}”的行数超过 Excel 的上限，文件可能已损坏", "rows")
        if values is blank_seen:  # openpyxl fills gaps with one shared blank row: skip it cheaply
            continue
        if all(_blank(v) for v in values):
            blank_seen = values
            continue
        if number > last_row:
            raise UploadProblem(
                f"工作表“{sheet.title}”超过 {max_rows} 行上限（第 {number} 行仍有数据），请拆分后上传", "rows"
            )
        rows.append((number, tuple(values)))
    return rows
