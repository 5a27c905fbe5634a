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


def plot_ranking_table(rows: Sequence[Any], measure: Any) -> Table:
    """地块亩均排名: the ranking page's table, every plot of the area (unranked ones last)."""
    columns = [
        Column("排名"),
        Column("地块编号"),
        Column("地块名称"),
        Column("所在街镇/园区"),
        Column("面积", "亩"),
        Column("状态"),
        Column(measure.label, measure.unit),
        Column("亩均产值", "万元/亩"),
        Column("亩均税收", "万元/亩"),
        Column("亩均研发投入", "万元/亩"),
        Column("单位产值能耗", "吨标准煤/万元"),
        Column("企业数"),
        Column("标记"),
    ]

    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 4)

    rows_out = (
        [
            r.rank,
            r.plot.code,
            r.plot.name,
            r.plot.area.name,
            r.area_mu,
            r.plot.get_status_display(),
            rounded(r.measure(measure.code)),
            rounded(r.output_per_mu),
            rounded(r.tax_per_mu),
            rounded(r.rd_per_mu),
            rounded(r.energy_per_output),
            len(r.enterprises),
            "；".join(
                x
                for x in (
                    "闲置：" + r.idle_reason if r.idle else "",
                    "低效：" + r.inefficient_reason if r.inefficient else "",
                )
                if x
            ),
        ]
        for r in rows
    )
    return columns, rows_out
