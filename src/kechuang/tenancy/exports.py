"""The audit trail as export rows: the entries the /audit/ page lists under the same filters."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kechuang.common.exports import Column

Table = tuple[list[Column], Iterable[list[Any]]]


def audit_table(entries: Iterable[Any]) -> Table:
    """One line per change, its field changes joined as the page shows them (原值 → 新值)."""
    columns = [
        Column("时间"),
        Column("操作人"),
        Column("操作"),
        Column("对象类型"),
        Column("对象"),
        Column("变更"),
    ]
    rows = (
        [
            a.at,
            a.user_name,
            a.action_label,
            a.model_label,
            a.object_label,
            "；".join(f"{label}：{text}" for label, text in a.changes_shown),
        ]
        for a in entries
    )
    return columns, rows
