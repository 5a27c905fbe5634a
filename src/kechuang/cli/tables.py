"""Reading a table the operator gives a command (.csv or .xlsx) into numbered rows.

The file is the operator's own, but it is still read with the capped workbook
reader (``common.uploads.read_sheets``): a huge or damaged file is refused with
a message rather than filling memory.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Callable
from pathlib import Path

from kechuang.common.uploads import UploadProblem, read_sheets

Table = list[tuple[int, list[object]]]
FILE_LIMIT = 50 * 1024 * 1024


class TableError(ValueError):
    """The file could not be read as a table (message in Chinese)."""


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError("无法识别 CSV 文件的编码，请另存为 UTF-8 或 GB18030（GBK）编码")


def read_table_file(path: Path, *, max_rows: int) -> Table:
    """The rows of ``path`` as (row number, values): the first sheet of a workbook, or a CSV."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TableError(f"无法读取文件 {path}：{exc.strerror}") from None
    if len(data) > FILE_LIMIT:
        raise TableError(f"文件 {path} 过大")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm") or data.startswith(b"PK\x03\x04"):
        try:
            sheets = read_sheets(data, upload_limit=FILE_LIMIT, first_if_missing=True, max_rows=max_rows)
        except UploadProblem as exc:
            raise TableError(str(exc)) from None
        (rows,) = sheets.values()
        return [(number, list(values)) for number, values in rows]
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableError("不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV")
    text = _decode(data)
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise TableError(f"CSV 文件格式错误：{exc}") from None
    if len(rows) > max_rows + 1:
        raise TableError(f"文件超过 {max_rows} 行上限，请拆分后导入")
    return [(number, list(values)) for number, values in enumerate(rows, start=1)]


def run_table_import(
    path: Path,
    *,
    max_rows: int,
    parse: Callable[[Table], list],
    check: Callable[[list], list[str]],
    write: Callable[[list], object],
    error: type[Exception],
    check_only: bool,
    done: str,
) -> int:
    """The shared shape of `kechuang areas import` and `kechuang users import`: read the file, parse
    its rows, then only check them (--check) or write them all; errors by row, nothing written."""

    try:
        table = read_table_file(path, max_rows=max_rows)
    except TableError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    try:
        rows = parse(table)
        if check_only:
            errors = check(rows)
            if errors:
                raise error(errors)
            print(f"校验通过：共 {len(rows)} 行")
            return 0
        result = write(rows)
    except error as exc:
        for line in exc.errors:
            print(line, file=sys.stderr)
        print("未写入任何数据", file=sys.stderr)
        return 1
    print(f"{done}：{result.summary()}")
    return 0
