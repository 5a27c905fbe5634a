"""Indicator values from the rows of a table `unit,indicator,value`, with row-numbered Chinese errors.

All rows are checked before anything is used: one bad row rejects the file (nothing half-read).
Row numbers count the header as row 1, as a spreadsheet shows them. Turning a file's bytes into
rows is the caller's part: the command line reads its own local file with the csv module; a page
taking an upload must do it in the limited child (kechuang.common.untrusted), like every upload.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

HEADERS = {
    "unit": "unit",
    "单位": "unit",
    "参评单位": "unit",
    "indicator": "indicator",
    "指标": "indicator",
    "指标代码": "indicator",
    "value": "value",
    "数值": "value",
    "值": "value",
}


class DataError(ValueError):
    """A data file that cannot be used; ``errors`` lists "第 N 行 列名：原因" lines."""

    def __init__(self, errors: list[str]):
        super().__init__("；".join(errors))
        self.errors = errors


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030, the encodings Excel on Chinese Windows writes."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise DataError(["错误：文件编码无法识别，请另存为 UTF-8 或 GBK 编码的 CSV"]) from exc


def parse_number(text: str) -> float | None:
    """A finite number, allowing thousands separators and full-width digits; None if not a number."""
    cleaned = text.strip().replace(",", "").replace("，", "")
    cleaned = cleaned.translate(str.maketrans("０１２３４５６７８９．－＋", "0123456789.-+"))
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def read_values(table: Iterable[Sequence[str]], known_codes: Iterable[str]) -> dict[str, dict[str, float]]:
    """unit → indicator code → value from the header row and data rows; DataError lists every bad
    row (unknown indicator, non-numeric value, a unit and indicator given twice, an empty unit)."""
    known = set(known_codes)
    rows = [["" if cell is None else str(cell) for cell in row] for row in table]
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise DataError(["错误：文件为空，应有表头 unit,indicator,value"])
    header = [HEADERS.get(cell.strip().lower()) for cell in rows[0]]
    missing = [name for name in ("unit", "indicator", "value") if name not in header]
    if missing:
        raise DataError(
            [f"第 1 行：表头应为 unit,indicator,value（或 单位,指标,数值），缺少 {'、'.join(missing)}"]
        )
    col = {name: header.index(name) for name in ("unit", "indicator", "value")}
    values: dict[str, dict[str, float]] = {}
    first_row: dict[tuple[str, str], int] = {}
    errors: list[str] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: (row[i].strip() if i < len(row) else "") for name, i in col.items()}
        unit, code, raw = cells["unit"], cells["indicator"], cells["value"]
        if not unit:
            errors.append(f"第 {number} 行 unit：参评单位为空")
            continue
        if code not in known:
            errors.append(f"第 {number} 行 indicator：方案中没有指标“{code}”")
            continue
        value = parse_number(raw)
        if value is None:
            errors.append(f"第 {number} 行 value：“{raw}”不是数字")
            continue
        if (unit, code) in first_row:
            errors.append(
                f"第 {number} 行：参评单位“{unit}”的指标“{code}”重复（第 {first_row[unit, code]} 行已有）"
            )
            continue
        first_row[unit, code] = number
        values.setdefault(unit, {})[code] = value
    if errors:
        raise DataError(errors)
    if not values:
        raise DataError(["错误：文件中没有数据行"])
    return values


def check_coverage(values: dict[str, dict[str, float]], indicators: Iterable[tuple[str, str]]) -> None:
    """A scheme indicator nobody has a value for would score every unit alike and hide a wrong
    code or a forgotten column: refuse it, naming the indicator."""
    present = {code for per_unit in values.values() for code in per_unit}
    errors = [
        f"错误：方案中的指标“{name}”（{code}）在数据文件中没有任何数值"
        for code, name in indicators
        if code not in present
    ]
    if errors:
        raise DataError(errors)
