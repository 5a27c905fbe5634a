"""Reading an observation file: .xlsx or .csv bytes to raw rows, finding the header row."""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import PurePath

from django.conf import settings

from kechuang.common.untrusted import LimitExceeded, untrusted_parser
from kechuang.common.uploads import MAX_COLUMNS, UploadProblem, read_sheets, size_label
from kechuang.observations.imports.rows import (
    COLUMN_LABELS,
    HEADER_MAP,
    HEADER_SEARCH_ROWS,
    MAX_ROWS,
    REQUIRED_FIELDS,
    ImportFileError,
    RawRow,
)

Table = list[tuple[int, list[object]]]


def parse_observation_file(data: bytes, filename: str) -> list[RawRow]:
    """Read an .xlsx or .csv file into raw rows; refuse files that are not what they claim to be.

    The type is decided by content, not by name: a workbook must be a zip holding
    ``xl/workbook.xml``; a CSV must decode as text (UTF-8, UTF-8 with BOM or GB18030).
    Raises ``ImportFileError`` for anything unreadable. Blank rows are skipped.
    The bytes are read in a limited child process (``read_table``).
    """
    limit = settings.KECHUANG_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise ImportFileError(f"文件超过 {size_label(limit)} 上限")
    if not data:
        raise ImportFileError("文件为空")
    try:
        table = read_table(data, filename, upload_limit=limit)
    except LimitExceeded as exc:
        raise ImportFileError(str(exc)) from None
    return _rows_from_table(table)


@untrusted_parser
def read_table(data: bytes, filename: str, *, upload_limit: int) -> Table:
    """The file's non-blank rows as (Excel row number, values), read in a limited child process."""
    suffix = PurePath(filename or "").suffix.lower()
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError("不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV 后再导入")
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(data, upload_limit)
    if suffix in (".csv", ".txt"):
        if data.startswith(b"PK\x03\x04"):
            raise ImportFileError(f"文件“{filename}”不是 CSV 文本文件")
        return _read_csv(data)
    raise ImportFileError("只支持 Excel（.xlsx）或 CSV（.csv）文件")


def _read_xlsx(data: bytes, upload_limit: int) -> Table:
    try:
        sheets = read_sheets(
            data,
            upload_limit=upload_limit,
            first_if_missing=True,
            max_rows=MAX_ROWS,
            header_rows=HEADER_SEARCH_ROWS,
            max_cols=MAX_COLUMNS,
        )
    except UploadProblem as exc:
        raise ImportFileError(str(exc)) from None
    (rows,) = sheets.values()
    return [(number, list(values)) for number, values in rows]


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    elif b"\x00" in data[:8192]:
        raise ImportFileError("文件不是 CSV 文本文件")
    else:
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise ImportFileError("无法识别 CSV 文件的编码，请另存为 UTF-8 或 GB18030（GBK）编码")


def _read_csv(data: bytes) -> Table:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    if "，" in first_line and "," not in first_line and "\t" not in first_line:
        delimiter = "，"  # headers typed with a Chinese keyboard
    table: list[tuple[int, list[object]]] = []
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1):
            if number > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise ImportFileError(f"文件超过 {MAX_ROWS} 行上限，请拆分后导入")
            table.append((number, list(values)))
    except csv.Error as exc:
        raise ImportFileError("CSV 文件格式错误：请检查引号是否成对、单元格是否过长") from exc
    return table


def _header_key(cell: object) -> str:
    text = unicodedata.normalize("NFKC", str(cell or "")).strip().lower()
    return text.replace(" ", "").replace("*", "")


def _find_header(table: Table) -> tuple[int, dict[str, int]]:
    for index, (_, values) in enumerate(table[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for position, cell in enumerate(values):
            name = HEADER_MAP.get(_header_key(cell))
            if name is None:
                continue
            if name in columns:
                raise ImportFileError(f"表头中“{COLUMN_LABELS[name]}”列重复")
            columns[name] = position
        if columns:
            missing = [f"{COLUMN_LABELS[f]}（{f}）" for f in REQUIRED_FIELDS if f not in columns]
            if missing:
                raise ImportFileError(f"表头缺少列：{'、'.join(missing)}")
            return index, columns
    raise ImportFileError(
        "找不到表头：第一行应为 地区、指标、期间、数值、来源（或 area, indicator, period, value, source）"
    )


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _rows_from_table(table: Table) -> list[RawRow]:
    header_index, columns = _find_header(table)
    rows: list[RawRow] = []
    for number, values in table[header_index + 1 :]:
        if all(_blank(v) for v in values):
            continue
        cells = {name: values[pos] if pos < len(values) else None for name, pos in columns.items()}
        rows.append(RawRow(row=number, **cells))
    if len(rows) > MAX_ROWS:
        raise ImportFileError(f"文件超过 {MAX_ROWS} 行上限，请拆分后导入")
    if not rows:
        raise ImportFileError("文件中没有数据行")
    return rows
