"""Year-by-year statistics tables → series (one per statistic row).

A header row of years (or a first column of years) marks the table; rows like
"较…增长(%)" are their own series, named after the statistic above them.
"""

from __future__ import annotations

import re

from kechuang.reader.blocks import Table
from kechuang.reader.extract.numbers import clean_value, split_name_unit, squeeze, to_number

_YEAR_CELL = re.compile(r"^\s*((?:19|20)\d{2})\s*年?(?:底|末)?\s*$")
_YEAR_LABEL = re.compile(r"^(年份|年度|统计年份|指标\s*[/／\\]\s*年份)$")
_DERIVED = re.compile(r"^(较|比|同比|环比|增长|增速|增幅|其中|占比)")


def _years(cells: list[str]) -> dict[int, int]:
    out = {}
    for ix, cell in enumerate(cells):
        m = _YEAR_CELL.match(cell)
        if m:
            out[ix] = int(m.group(1))
    return out


def is_series_table(table: Table, plan: tuple[int, int] | None) -> bool:
    """≥3 year columns (or rows) and no 目标 in the header; all before the plan starts,
    unless the header row is labelled 年份 (a statistics table may reach into the plan's first year)."""
    if not table.rows:
        return False
    header = table.rows[0]
    years = _years(header)
    if len(years) < 3:
        years = _years([r[0] if r else "" for r in table.rows[1:]])
        if len(years) < 3:
            return False
    if any(re.search(r"目标|预期|规划", c) for c in header):
        return False
    if _YEAR_LABEL.match(squeeze(header[0]) if header else ""):
        return True
    return not (plan and max(years.values()) >= plan[0])


def read_series(table: Table) -> list[dict]:
    header = table.rows[0]
    years = _years(header)
    if len(years) >= 3:
        rows = [
            (r[0] if r else "", {years[ix]: r[ix] for ix in years if ix < len(r)}) for r in table.rows[1:]
        ]
    else:  # transposed: years down the first column, one statistic per column
        rows = []
        for col in range(1, len(header)):
            values = {}
            for r in table.rows[1:]:
                m = _YEAR_CELL.match(r[0]) if r else None
                if m and col < len(r):
                    values[int(m.group(1))] = r[col]
            rows.append((header[col], values))
    out: list[dict] = []
    main_name = ""
    for label, cells in rows:
        label = squeeze(label)
        if not label:
            continue
        name, unit = split_name_unit(label)
        if _DERIVED.match(name) and main_name:
            name = main_name + name
        else:
            main_name = name
        points = []
        for year, cell in sorted(cells.items()):
            value = to_number(cell) if cell.strip() not in ("/", "-", "—", "") else None
            if value is not None:
                points.append({"year": year, "value": clean_value(value)})
                if unit is None and cell.strip().endswith(("%", "％")):
                    unit = "%"
        if points:
            out.append({"name": name, "unit": unit, "points": points})
    return out
