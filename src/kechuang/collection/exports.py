"""The monthly-report tables as export rows: the report list and the completeness page.

Built from what the page's view already fetched (its access checks and filters applied).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kechuang.collection.queries import Completeness
from kechuang.common.exports import Column

Table = tuple[list[Column], list[list[Any]]]


def reports_table(reports: Iterable[Any]) -> Table:
    """月报列表: the reports the page lists under the same filters."""
    columns = [Column("期间"), Column("载体"), Column("地区"), Column("状态"), Column("提交时间")]
    rows = [
        [r.period, r.carrier.name, r.carrier.area.name, r.get_status_display(), r.submitted_at]
        for r in reports
    ]
    return columns, rows


def completeness_table(data: Completeness) -> Table:
    """填报进度: each operating carrier with whether its month is filed, area by area as on the page."""
    columns = [Column("地区"), Column("载体"), Column("是否已报"), Column("月报状态"), Column("逾期")]
    rows = []
    for group in data.areas:
        for carrier, report in group.missing:
            status = report.get_status_display() if report is not None else "未填报"
            rows.append([group.area.name, carrier.name, "未报", status, data.overdue])
        for carrier, report in group.filed:
            rows.append([group.area.name, carrier.name, "已报", report.get_status_display(), False])
    return columns, rows
