"""Reading an uploaded area or account table (.xlsx or .csv) in the limited child process."""

from __future__ import annotations

import csv
import io
from pathlib import PurePath

from kechuang.common.untrusted import untrusted_parser
from kechuang.common.uploads import MAX_COLUMNS, UploadProblem, read_sheets

Table = list[tuple[int, list[object]]]


class TableRefused(ValueError):
    """The upload is not a readable table (message in Chinese)."""


@untrusted_parser
def read_upload_table(data: bytes, filename: str, *, upload_limit: int, max_rows: int) -> Table:
    """The non-blank rows of the first sheet of a workbook, or of a CSV, as (row number, values)."""
    suffix = PurePath(filename or "").suffix.lower()
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableRefused("不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV 后再导入")
    if suffix in (".xlsx", ".xlsm"):
        try:
            sheets = read_sheets(
                data,
                upload_limit=upload_limit,
                first_if_missing=True,
                max_rows=max_rows,
                max_cols=MAX_COLUMNS,
            )
        except UploadProblem as exc:
            raise TableRefused(str(exc)) from None
        (rows,) = sheets.values()
        return [(number, list(values)) for number, values in rows]
    if suffix not in (".csv", ".txt") or data.startswith(b"PK\x03\x04") or b"\x00" in data[:8192]:
        raise TableRefused("只支持 Excel（.xlsx）或 CSV（.csv）文件")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TableRefused("无法识别 CSV 文件的编码，请另存为 UTF-8 或 GB18030（GBK）编码")
    table: Table = []
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text, newline="")), 1):
            if number > max_rows + 1:
                raise TableRefused(f"文件超过 {max_rows} 行上限，请拆分后导入")
            table.append((number, list(values)))
    except csv.Error:
        raise TableRefused("CSV 文件格式错误：请检查引号是否成对、单元格是否过长") from None
    return table
