"""The monthly 孵化动态 bulletin (孵化动态月报简报) of an area: who filed, the month's totals of every
form field against the previous month, the leading carriers, late and returned reports, and the
month's changes in the carrier and tenant registry.

The narrative is written by rules from the figures (``narrative``), never copied from a report.
The public version (``public=True``) leaves out the demo's simulated carriers, enterprise names,
reviewers' return comments and the carrier-by-carrier late list. Figures: ``bulletin_figures``.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kechuang.collection.domain import ReportError, active_form, check_period
from kechuang.collection.enums import Aggregation
from kechuang.common.demo import demo_ids
from kechuang.registry.models import Carrier, ExitReason
from kechuang.reports import bulletin_text as text
from kechuang.reports.bulletin_figures import BulletinFigures, gather
from kechuang.reports.document import Column, Document, Heading, Paragraph, Table
from kechuang.reports.kinds import ReportKind, ReportParam, ReportRefused, register
from kechuang.reports.shared import (
    Param,
    SheetNames,
    month_display,
    percent_change,
    require_area_reader,
    resolve_area,
)
from kechuang.tenancy.models import Area

PARAMS = (
    Param("area", "地区代码", "310116", "区、街镇或园区的代码"),
    Param("month", "月份", "2025-05", "YYYY-MM，简报所报告的月份"),
)
SUB = "一二三四五六七八九十"
APPROVED_NOTE = (
    "注：主要指标和载体排名只统计审核通过的月报；已提交待审核、已退回和草稿中的数字不计入。"
    "本月与上月的审核通过载体不尽相同时，增减含报送范围不同的影响。"
)


def check_month(month: str, today: dt.date) -> str:
    """The month as ``YYYY-MM``; refused when it is not a month or has not begun."""
    try:
        period = check_period(str(month or "").strip())
    except ReportError as exc:
        raise ReportRefused(f"月份有误：{exc}") from exc
    if period > f"{today.year:04d}-{today.month:02d}":
        raise ReportRefused(f"{month_display(period)}尚未到来，没有可报告的月报")
    return period


def build_bulletin(
    area: Area | str,
    month: str,
    *,
    user: object | None,
    public: bool = False,
    today: dt.date | None = None,
) -> Document:
    """The bulletin of ``area`` (and the areas below it) for ``month`` ('YYYY-MM').

    Raises ``ReportRefused`` for an unknown area, a month that is malformed or not yet begun, an
    area without carriers and a month nobody filed; ``PermissionDenied`` when ``user`` may not
    read the area (``shared.require_area_reader``). Reads only.
    """
    today = today or timezone.localdate()
    area = resolve_area(area)
    require_area_reader(user, area)
    period = check_month(month, today)
    try:
        form = active_form()
    except ReportError as exc:
        raise ReportRefused(str(exc)) from exc
    demo = demo_ids(Carrier)
    figures = gather(
        area,
        period,
        form,
        today=today,
        excluded_carriers=demo if public else set(),
        simulated_carriers=set() if public else demo,
    )
    when = month_display(period)
    if not figures.months:
        raise ReportRefused(f"{area.name}没有在运营的科创载体，无法生成{when}孵化动态月报简报")
    if not figures.filed:
        raise ReportRefused(
            f"{area.name}{when}没有载体报送孵化动态月报（已提交或已审核通过的均无），无法生成简报"
        )
    doc = Document(
        title=f"{area.name}孵化动态月报简报",
        subtitle=f"{when}" + ("（公开版）" if public else ""),
        issuer=f"{area.name}科技主管部门",
        as_of=today,
        source=f"科创载体孵化动态月报（{form.name}，审核通过数据）；科创载体与在孵企业登记库",
        simulated=figures.simulated,
        kind="bulletin",
    )
    sheet = SheetNames()
    doc.blocks.append(Paragraph(text.narrative(figures)))
    if figures.simulated:
        doc.blocks.append(Paragraph("本简报含演示载体的模拟数据，仅供演示，不作为正式统计。", "warning"))
    if public:
        doc.blocks.append(Paragraph("公开版：不含模拟数据，不列企业名称和审核意见。", "note"))
    _filing(doc, figures, sheet, public)
    _totals(doc, figures, sheet)
    _ranking(doc, figures, sheet)
    _late(doc, figures, sheet, public)
    _registry(doc, figures, sheet, public)
    return doc


# --- sections -------------------------------------------------------------------------------


def _filing(doc: Document, f: BulletinFigures, sheet: SheetNames, public: bool) -> None:
    doc.blocks += [Heading("一、填报情况"), Paragraph(text.filing_sentence(f))]
    groups: dict[int, list] = {}
    for m in f.months:
        groups.setdefault(m.carrier.area_id, []).append(m)
    rows = []
    for months in groups.values():
        filed = sum(m.filed for m in months)
        approved = sum(1 for m in months if m.filed and m.report.status == "approved")
        rows.append(
            [
                months[0].carrier.area.name,
                len(months),
                filed,
                approved,
                filed - approved,
                len(months) - filed,
                text.rate(filed, len(months)),
            ]
        )
    rows.append(
        ["合计", f.due, f.filed, f.approved_count, f.awaiting, len(f.missing), text.rate(f.filed, f.due)]
    )
    doc.blocks.append(
        Table(
            "报送情况（按地区）",
            [
                Column("地区"),
                Column("应报", "家", True),
                Column("已报", "家", True),
                Column("其中审核通过", "家", True),
                Column("待审核", "家", True),
                Column("未报", "家", True),
                Column("报送率", "%", True),
            ],
            rows,
            marks=[""] * (len(rows) - 1) + ["total"],
            sheet=sheet("报送情况"),
            note=f"已报指已提交或已审核通过；截止日为 {f.deadline:%Y-%m-%d}。",
        )
    )
    if f.missing and not public:
        doc.blocks.append(
            Table(
                "未报载体",
                [Column("载体"), Column("所在地区"), Column("状态")],
                [[m.carrier.name, m.carrier.area.name, m.state] for m in f.missing],
                marks=["overdue" if m.late else "" for m in f.missing],
                sheet=sheet("未报载体"),
            )
        )


def _totals(doc: Document, f: BulletinFigures, sheet: SheetNames) -> None:
    doc.blocks.append(Heading("二、主要指标"))
    rows = []
    for t in f.totals:
        if not t.field.numeric:
            rows.append([t.field.label, t.field.unit, "文字项，不汇总", None, None, None, None, None])
            continue
        word = "平均" if t.field.aggregation == Aggregation.MEAN else "合计"
        rows.append(
            [
                t.field.label,
                t.field.unit,
                word,
                t.current,
                t.previous,
                t.change,
                percent_change(t.current, t.previous),
                t.count,
            ]
        )
    doc.blocks.append(
        Table(
            f"{month_display(f.period)}主要指标（审核通过月报汇总）",
            [
                Column("指标"),
                Column("单位"),
                Column("汇总方式"),
                Column("本月", numeric=True),
                Column("上月", numeric=True),
                Column("增减", numeric=True),
                Column("增减幅度", "%", True),
                Column("本月填报载体", "家", True),
            ],
            rows,
            sheet=sheet("主要指标"),
            note=APPROVED_NOTE,
        )
    )
    doc.blocks.append(Paragraph(APPROVED_NOTE, "note"))


def _ranking(doc: Document, f: BulletinFigures, sheet: SheetNames) -> None:
    doc.blocks.append(Heading("三、载体排名"))
    for i, t in enumerate(f.main):
        label = f"（{SUB[i]}）{t.field.label}" if i < len(SUB) else t.field.label
        doc.blocks.append(Heading(label, 2))
        entries = f.ranking.get(t.field.code, [])
        if not entries:
            doc.blocks.append(Paragraph("本月没有审核通过的数据。"))
            continue
        doc.blocks.append(
            Table(
                f"{t.field.label}前{len(entries)}位载体",
                [
                    Column("名次", numeric=True),
                    Column("载体"),
                    Column("所在地区"),
                    Column("本月", t.field.unit, True),
                    Column("上月", t.field.unit, True),
                ],
                [[e.rank, e.carrier.name, e.carrier.area.name, e.value, e.previous] for e in entries],
                sheet=sheet(f"排名-{t.field.label}"),
                note="按本月审核通过的数值从高到低排列，数值相同并列。",
            )
        )


def _late(doc: Document, f: BulletinFigures, sheet: SheetNames, public: bool) -> None:
    doc.blocks += [Heading("四、迟报与退回"), Paragraph(text.late_sentence(f))]
    if public:
        return
    if f.late:
        doc.blocks.append(
            Table(
                "逾期情况",
                [
                    Column("载体"),
                    Column("所在地区"),
                    Column("情况"),
                    Column("首次提交日期"),
                    Column("逾期天数", "天", True),
                ],
                [
                    [
                        m.carrier.name,
                        m.carrier.area.name,
                        "逾期提交" if m.filed else f"逾期未报（{m.state}）",
                        f"{m.first_submitted:%Y-%m-%d}" if m.first_submitted else "",
                        m.days_late,
                    ]
                    for m in f.late
                ],
                marks=["" if m.filed else "overdue" for m in f.late],
                sheet=sheet("逾期情况"),
            )
        )
    if f.returned:
        doc.blocks.append(
            Table(
                "退回情况",
                [
                    Column("载体"),
                    Column("所在地区"),
                    Column("退回日期"),
                    Column("退回意见"),
                    Column("当前状态"),
                ],
                [
                    [r.carrier.name, r.carrier.area.name, f"{r.on:%Y-%m-%d}", r.comment, r.state]
                    for r in f.returned
                ],
                sheet=sheet("退回情况"),
            )
        )


def _registry(doc: Document, f: BulletinFigures, sheet: SheetNames, public: bool) -> None:
    doc.blocks += [Heading("五、载体与在孵企业变动"), Paragraph(text.registry_sentence(f))]
    rows = []
    for t in f.tenants:
        graduated = sum(1 for x in t.left if x.exit_reason == ExitReason.GRADUATED)
        rows.append(
            [
                t.carrier.name,
                t.carrier.area.name,
                len(t.entered),
                graduated,
                len(t.left) - graduated,
                t.at_end,
            ]
        )
    doc.blocks.append(
        Table(
            "在孵企业变动（按载体）",
            [
                Column("载体"),
                Column("所在地区"),
                Column("新入驻", "家", True),
                Column("毕业", "家", True),
                Column("其他退出", "家", True),
                Column("月末在孵", "家", True),
            ],
            rows,
            sheet=sheet("在孵企业变动"),
            note="据科创载体与在孵企业登记库的入驻、退出日期统计。",
        )
    )
    if not public:
        detail = []
        for t in f.tenants:
            detail += [
                [t.carrier.name, x.enterprise.name, "入驻", f"{x.entered_on:%Y-%m-%d}"] for x in t.entered
            ]
            detail += [
                [
                    t.carrier.name,
                    x.enterprise.name,
                    x.get_exit_reason_display() or "退出",
                    f"{x.left_on:%Y-%m-%d}",
                ]
                for x in t.left
            ]
        if detail:
            doc.blocks.append(
                Table(
                    "入驻与退出明细",
                    [Column("载体"), Column("企业"), Column("变动"), Column("日期")],
                    detail,
                    sheet=sheet("入驻与退出明细"),
                )
            )
    if f.carrier_changes:
        doc.blocks.append(
            Table(
                "载体登记变动",
                [Column("载体"), Column("所在地区"), Column("日期"), Column("变动")],
                [[c.name, c.area_name, f"{c.on:%Y-%m-%d}", c.what] for c in f.carrier_changes],
                sheet=sheet("载体登记变动"),
            )
        )
    else:
        doc.blocks.append(Paragraph("本月登记库中没有新登记或变更的载体。"))


BULLETIN = register(
    ReportKind(
        code="bulletin",
        label="孵化动态月报简报",
        build=build_bulletin,
        params=(
            ReportParam("area", "--area", "地区代码或名称，如 310116"),
            ReportParam("month", "--month", "月份，YYYY-MM"),
        ),
    )
)
