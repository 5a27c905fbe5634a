"""The annual S&T development report (年度科技创新发展报告) of an area: every published plan's
targets judged at the year's end, the catalogue indicators over the years beside the other areas
of the city, the enterprise ladder and next year's 高企 renewals, the carriers, and the alerts.

The narrative is composed from the figures by fixed rules (``annual_text``); nothing is copied
from a plan document. ``public=True``: final, non-simulated figures only (as the public progress
page), no enterprise names and no alert-case handling (an internal work list).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kechuang.observations.access import figure_filter, public_figure_filter
from kechuang.observations.models import AlertCase
from kechuang.observations.monitoring import dashboard, judge_plans
from kechuang.observations.monitoring.explain import alert_reasons
from kechuang.observations.monitoring.rows import ALERT_WORDS, STATUS_ORDER
from kechuang.observations.monitoring.simulated import mark_simulated
from kechuang.observations.progress import STATUS_WORDS
from kechuang.registry.models import CarrierKind, CarrierLevel
from kechuang.registry.queries import (
    carrier_counts,
    expiring_certificates,
    ladder_funnel,
    tenant_counts,
    valid_hnte_count,
)
from kechuang.reports import annual_text as text
from kechuang.reports.annual_figures import compare_indicators, plans_of_year
from kechuang.reports.document import Chart, Column, Document, Heading, Paragraph, Series, Table
from kechuang.reports.kinds import ReportKind, ReportParam, ReportRefused, register
from kechuang.reports.shared import Param, SheetNames, require_area_reader, resolve_area
from kechuang.tenancy.models import Area

PARAMS = (
    Param("area", "地区代码", "310116", "区、街镇或园区的代码"),
    Param("year", "年份", "2024", "报告的年度；当年的报告截至今天"),
)
SUB = "一二三四五六七八九十"


def check_year(year: object, today: dt.date) -> int:
    try:
        value = int(str(year).strip().removesuffix("年"))
    except (TypeError, ValueError):
        raise ReportRefused(f"年份“{year}”无法识别，应为四位数字，例如 2024") from None
    if value < 1949:
        raise ReportRefused(f"年份 {value} 超出合理范围")
    if value > today.year:
        raise ReportRefused(f"{value}年尚未到来，没有可报告的内容")
    return value


def build_annual(
    area: Area | str,
    year: int | str,
    *,
    user: object | None,
    public: bool = False,
    today: dt.date | None = None,
) -> Document:
    """The annual report of ``area`` (and below) for ``year``, judged at 31 December (today for the
    current year). Raises ``ReportRefused`` for an unknown area, a year not yet begun or a year
    with nothing to report; ``PermissionDenied`` when ``user`` may not read the area. Reads only.
    """
    today = today or timezone.localdate()
    area = resolve_area(area)
    require_area_reader(user, area)
    year = check_year(year, today)
    as_of = min(dt.date(year, 12, 31), today)
    # The year-end position: judged on the first day after the year, so that the year's own
    # figures count (the engine uses a year's figure only once the year is over).
    judged_at = min(dt.date(year + 1, 1, 1), today)
    plans = plans_of_year(area, year, user=user)
    figures = public_figure_filter() if public else (figure_filter(user) if user is not None else None)
    rows_by_plan = judge_plans(
        plans, as_of=judged_at, include_provisional=not public, include_simulated=not public, figures=figures
    )
    all_rows = [r for rows in rows_by_plan.values() for r in rows]
    simulated = False if public else mark_simulated(all_rows, figures=figures)
    comparisons, peer_words = compare_indicators(area, year, plans, user=user, public=public)
    comparisons = [c for c in comparisons if c.has_data()]
    simulated = simulated or any(cell.simulated for c in comparisons for cell in c.cells.values())
    ladder = text.Ladder(
        funnel=ladder_funnel(area, year),
        hnte_start=valid_hnte_count(area, dt.date(year - 1, 12, 31)),
        hnte_end=valid_hnte_count(area, as_of),
        renewals=list(
            expiring_certificates(area, 12, today=dt.date(year + 1, 1, 1)).filter(valid_until__year=year + 1)
        ),
        year=year,
    )
    tenants_end, graduates_end = tenant_counts(area, as_of)
    graduates_in_year = graduates_end - tenant_counts(area, dt.date(year - 1, 12, 31))[1]
    carriers = text.Carriers(carrier_counts(area), tenants_end, graduates_in_year)
    alerts = dashboard.alert_rows(all_rows)
    if not (plans or comparisons or ladder.any() or tenants_end or graduates_in_year):
        raise ReportRefused(
            f"{area.name}{year}年没有可报告的内容：没有在实施的已发布规划、指标数据、企业梯度培育或在孵企业记录"
        )
    doc = Document(
        title=f"{area.name}{year}年度科技创新发展报告",
        subtitle=f"数据截至{as_of:%Y年%m月%d日}" + ("（公开版）" if public else ""),
        issuer=f"{area.name}科技主管部门",
        as_of=as_of,
        source="已发布规划及其监测评估；统计数据与孵化动态月报汇总；科创载体与企业登记库",
        simulated=simulated,
        kind="annual",
    )
    sheet = SheetNames()
    doc.blocks += [
        Paragraph(p)
        for p in text.narrative(
            area, year, as_of, plans, rows_by_plan, comparisons, ladder, carriers, peer_words
        )
    ]
    if simulated:
        doc.blocks.append(Paragraph("本报告含模拟数据，仅供演示，不作为正式统计。", "warning"))
    if public:
        doc.blocks.append(
            Paragraph("公开版：只用最终数（不含初步数和模拟数据），不列企业名称和预警办理情况。", "note")
        )
    _plans(doc, plans, rows_by_plan, as_of, sheet)
    _indicators(doc, area, year, comparisons, peer_words, sheet)
    _ladder(doc, area, ladder, sheet, public)
    _carriers(doc, carriers, sheet)
    _alerts(doc, plans, alerts, year, sheet, public)
    return doc


def _plans(doc: Document, plans: list, rows_by_plan: dict, as_of: dt.date, sheet: SheetNames) -> None:
    doc.blocks.append(Heading("一、规划实施情况"))
    if not plans:
        doc.blocks.append(Paragraph("本年度没有在实施的已发布规划。"))
        return
    codes = [
        c for c in STATUS_ORDER if any(r.status_code == c for rows in rows_by_plan.values() for r in rows)
    ]
    rows, totals = [], [0] * (len(codes) + 2)
    for plan in plans:
        plan_rows = rows_by_plan[plan.pk]
        counts = [sum(1 for r in plan_rows if r.status_code == c) for c in codes]
        line = [len(plan_rows), *counts, len(dashboard.alert_rows(plan_rows))]
        totals = [a + b for a, b in zip(totals, line, strict=True)]
        rows.append([plan.title, plan.area.name, f"{plan.period_start}—{plan.period_end}年", *line])
    rows.append(["合计", "", "", *totals])
    doc.blocks.append(
        Table(
            "已发布规划目标完成情况",
            [Column("规划"), Column("地区"), Column("规划期"), Column("目标数", "项", True)]
            + [Column(STATUS_WORDS[c], "项", True) for c in codes]
            + [Column("预警", "项", True)],
            rows,
            marks=[""] * len(plans) + ["total"],
            sheet=sheet("规划实施情况"),
            note=f"按截至 {as_of:%Y-%m-%d} 的数据评估（含当年数据）；规划期之前年份的目标（上期完成情况）不计入。",
        )
    )
    for i, plan in enumerate(plans):
        plan_rows = rows_by_plan[plan.pk]
        doc.blocks.append(Heading(f"（{SUB[i % 10]}）{plan.title}", 2))
        doc.blocks.append(Paragraph(text.plan_sentence(plan, plan_rows, as_of)))
        if not plan_rows:
            continue
        dashboard.annotate_cells(plan_rows)
        doc.blocks.append(
            Table(
                f"{plan.title}目标评估",
                [Column("指标"), Column("目标"), Column("最新值"), Column("完成率"), Column("状态")],
                [
                    [r.indicator.name, r.cells.target, r.cells.latest, r.cells.completion, r.progress.status]
                    for r in plan_rows
                ],
                marks=["alert" if r.alert else "" for r in plan_rows],
                sheet=sheet(f"规划{i + 1}-{plan.title}"),
            )
        )


def _indicators(
    doc: Document, area: Area, year: int, comparisons: list, peer_words: str, sheet: SheetNames
) -> None:
    doc.blocks.append(Heading("二、主要指标及同级比较"))
    if not comparisons:
        doc.blocks.append(Paragraph("本年度没有可比较的标准指标数据。"))
        return
    doc.blocks.append(Paragraph(f"以下各指标与{peer_words}比较，按年度列示。", "note"))
    for i, c in enumerate(comparisons):
        e = c.entry
        doc.blocks.append(Heading(f"（{SUB[i % 10]}）{e.name_zh}", 2))
        doc.blocks.append(Paragraph(text.indicator_sentence(c, area, year, peer_words)))
        shown = [a for a in c.areas if any(c.value(a, y) is not None for y in c.years)]
        doc.blocks.append(
            Chart(
                f"{e.name_zh}（{c.years[0]}—{c.years[-1]}年）",
                e.unit,
                [Series(a.name, [(y, c.value(a, y)) for y in c.years]) for a in shown],
                key=f"annual-{area.code}-{year}-{e.code}",
            )
        )
        provisional = [
            f"{a.name}{y}年"
            for a in shown
            for y in c.years
            if (cell := c.cells.get((a.pk, y))) and cell.provisional
        ]
        doc.blocks.append(
            Table(
                e.name_zh,
                [Column("地区")] + [Column(f"{y}年", e.unit, True) for y in c.years],
                [[a.name, *[c.value(a, y) for y in c.years]] for a in shown],
                marks=["self" if a.pk == area.pk else "" for a in shown],
                sheet=sheet(e.name_zh),
                note=("初步数：" + "、".join(provisional)) if provisional else "",
            )
        )


def _ladder(doc: Document, area: Area, ladder: text.Ladder, sheet: SheetNames, public: bool) -> None:
    doc.blocks += [Heading("三、企业梯度培育"), Paragraph(text.ladder_sentence(ladder))]
    doc.blocks.append(
        Table(
            f"{ladder.year}年企业梯度培育情况",
            [
                Column("阶段"),
                Column("年初", "家", True),
                Column("本年进入", "家", True),
                Column("其中晋级", "家", True),
                Column("本年退出", "家", True),
                Column("年末", "家", True),
            ],
            [[r.label, r.at_start, r.entered, r.moved_up, r.dropped, r.at_end] for r in ladder.funnel],
            sheet=sheet("企业梯度培育"),
        )
    )
    if ladder.renewals and not public:
        doc.blocks.append(
            Table(
                f"{ladder.year + 1}年到期的高新技术企业证书",
                [Column("企业"), Column("所在地区"), Column("证书编号"), Column("有效期至")],
                [
                    [q.enterprise.name, q.enterprise.area.name, q.certificate_no, f"{q.valid_until:%Y-%m-%d}"]
                    for q in ladder.renewals
                ],
                sheet=sheet("高企到期"),
                note="已取得新证书的企业不列入。",
            )
        )


def _carriers(doc: Document, carriers: text.Carriers, sheet: SheetNames) -> None:
    doc.blocks += [Heading("四、科创载体"), Paragraph(text.carrier_sentence(carriers))]
    levels = list(CarrierLevel)
    rows = []
    for kind in CarrierKind:
        counts = carriers.counts.get(kind.value, {})
        if counts:
            line = [counts.get(lv.value, 0) for lv in levels]
            rows.append([kind.label, *line, sum(line)])
    totals = [sum(r[i] for r in rows) for i in range(1, len(levels) + 2)]
    rows.append(["合计", *totals])
    doc.blocks.append(
        Table(
            "科创载体（按类型和级别）",
            [Column("类型")] + [Column(lv.label, "家", True) for lv in levels] + [Column("合计", "家", True)],
            rows,
            marks=[""] * (len(rows) - 1) + ["total"],
            sheet=sheet("科创载体"),
            note="登记库中当前在运营的载体（登记库不保存认定级别的历史）。",
        )
    )


def _alerts(doc: Document, plans: list, alerts: list, year: int, sheet: SheetNames, public: bool) -> None:
    doc.blocks += [Heading("五、预警情况"), Paragraph(text.alert_sentence(alerts, year))]
    titles = {p.pk: p.title for p in plans}
    if alerts:
        doc.blocks.append(
            Table(
                "年末预警指标",
                [Column("规划"), Column("指标"), Column("状态"), Column("预警级别"), Column("原因")],
                [
                    [
                        titles[r.spec.plan_id],
                        r.indicator.name,
                        r.progress.status,
                        ALERT_WORDS.get(r.alert or "", "预警"),
                        "；".join(alert_reasons(r)),
                    ]
                    for r in alerts
                ],
                marks=["red" if r.alert == "red" else "" for r in alerts],
                sheet=sheet("年末预警"),
            )
        )
    if public:
        return
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cases = list(
        AlertCase.objects.filter(plan__in=plans, first_seen__lte=end, last_seen__gte=start)
        .select_related("plan", "target__indicator", "assigned_area")
        .order_by("first_seen", "pk")
    )
    if cases:
        doc.blocks.append(
            Table(
                f"{year}年预警事项办理情况",
                [
                    Column("规划"),
                    Column("指标"),
                    Column("首次出现"),
                    Column("处理状态"),
                    Column("责任单位"),
                    Column("关闭原因"),
                ],
                [
                    [
                        c.plan.title,
                        c.target.indicator.name,
                        f"{c.first_seen:%Y-%m-%d}",
                        c.get_state_display(),
                        c.assigned_area.name if c.assigned_area else "",
                        c.closed_reason,
                    ]
                    for c in cases
                ],
                sheet=sheet("预警事项"),
            )
        )


ANNUAL = register(
    ReportKind(
        code="annual",
        label="年度科技创新发展报告",
        build=build_annual,
        params=(
            ReportParam("area", "--area", "地区代码或名称，如 310116"),
            ReportParam("year", "--year", "年份，如 2025", kind="int"),
        ),
    )
)
