"""The generated reports as export rows: the reports the /reports/ page lists, all pages of them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kechuang.common.exports import Column

Table = tuple[list[Column], Iterable[list[Any]]]


def reports_table(reports: Iterable[Any]) -> Table:
    """One line per kept report file, with the columns of the page's table (its download link left out)."""
    columns = [
        Column("报告"),
        Column("报告类型"),
        Column("地区"),
        Column("格式"),
        Column("数据截至"),
        Column("生成人"),
        Column("生成时间"),
        Column("含模拟数据"),
    ]
    rows = (
        [
            r.title,
            r.kind_label,
            r.area.name,
            r.get_fmt_display(),
            r.as_of,
            r.requested_by_name,
            r.created_at,
            r.simulated,
        ]
        for r in reports
    )
    return columns, rows
