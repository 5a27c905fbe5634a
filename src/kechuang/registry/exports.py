"""The registry tables as export rows: what the enterprise, renewal, carrier and tenant pages list.

Each function takes the rows the page's view built (its access checks and filters applied) and
returns columns and rows for ``common.exports.table_response``; nothing here queries on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from kechuang.common.exports import Column

Table = tuple[list[Column], Iterable[list[Any]]]


def enterprises_table(enterprises: Iterable[Any]) -> Table:
    """企业登记库: the same columns as the page, every filtered enterprise (not only one page)."""
    columns = [
        Column("企业名称"),
        Column("统一社会信用代码"),
        Column("地区"),
        Column("行业"),
        Column("培育阶段"),
    ]
    rows = (
        [e.name, e.uscc, e.area.name, e.industry, e.get_stage_display() if e.stage else ""]
        for e in enterprises
    )
    return columns, rows


def renewals_table(certificates: Iterable[Any]) -> Table:
    """高新技术企业证书到期跟进."""
    columns = [
        Column("企业"),
        Column("地区"),
        Column("证书编号"),
        Column("发证日期"),
        Column("有效期至"),
        Column("联系人"),
        Column("联系电话"),
    ]
    rows = (
        [
            q.enterprise.name,
            q.enterprise.area.name,
            q.certificate_no,
            q.issued_on,
            q.valid_until,
            q.enterprise.contact_name,
            q.enterprise.contact_phone,
        ]
        for q in certificates
    )
    return columns, rows


def carriers_table(carriers: Sequence[Any]) -> Table:
    """科创载体: each carrier with its current tenants counted."""
    columns = [
        Column("名称"),
        Column("类型"),
        Column("级别"),
        Column("地区"),
        Column("运营主体"),
        Column("面积", "㎡"),
        Column("在孵企业", "家"),
        Column("状态"),
    ]
    rows = [
        [
            c.name,
            c.get_kind_display(),
            c.get_level_display(),
            c.area.name,
            c.operator,
            c.floor_area,
            len(c.current),
            "运营中" if c.active else "已停止",
        ]
        for c in carriers
    ]
    return columns, rows


def tenants_table(tenancies: Sequence[Any]) -> Table:
    """A carrier's tenants as its page lists them (``access.tenant_rows``: no contact, no stage)."""
    columns = [
        Column("企业"),
        Column("统一社会信用代码"),
        Column("所属行业"),
        Column("入驻日期"),
        Column("毕业/退出日期"),
        Column("状态"),
    ]
    rows = [
        [
            t.name,
            t.uscc,
            t.industry,
            t.entered_on,
            t.left_on,
            (t.exit_reason_label or "已退出") if t.left_on else "在孵",
        ]
        for t in tenancies
    ]
    return columns, rows
