"""The monitoring tables as export rows: the same rows the pages show, as numbers and words.

Each function takes what the page's view already built (after its access checks and filters)
and returns the columns and rows ``common.exports.table_response`` writes. Figures stay numbers;
a row's own unit goes into a 计量单位 column, a table's common unit into its headers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from kechuang.common.exports import Column, percent
from kechuang.observations.monitoring import TargetRow, explain

Table = tuple[list[Column], list[list[Any]]]


def plans_table(summaries: Sequence[dict]) -> Table:
    """监测总览: each plan with its targets counted by status."""
    columns = [
        Column("规划"),
        Column("地区"),
        Column("规划期"),
        Column("状态"),
        Column("目标数", "个"),
        Column("按状态"),
        Column("预警", "项"),
        Column("未办结预警事项", "项"),
        Column("含模拟数据"),
    ]
    rows = [
        [
            s["plan"].title,
            s["plan"].area.name,
            f"{s['plan'].period_start}–{s['plan'].period_end}",
            s["plan"].get_status_display(),
            s["targets"],
            "、".join(f"{c.word} {c.count}" for c in s["counts"] if c.count),
            s["alerts"],
            s.get("open_cases", 0),
            s["simulated"],
        ]
        for s in summaries
    ]
    return columns, rows


def _target_words(row: TargetRow) -> str:
    inp = row.spec.input
    return (
        f"{inp.year}年 {row.target.get_comparator_display()}" if row.target is not None else f"{inp.year}年"
    )


def overview_table(rows: Sequence[TargetRow]) -> Table:
    """规划监测: one line per target as filtered and sorted on the page."""
    columns = [
        Column("指标"),
        Column("计量单位"),
        Column("类别"),
        Column("责任单位"),
        Column("目标"),
        Column("目标值"),
        Column("目标类型"),
        Column("基期值"),
        Column("基期年份"),
        Column("最新值"),
        Column("最新期间"),
        Column("完成率", "%"),
        Column("时序进度", "%"),
        Column("需年均增长", "%"),
        Column("实际年均增长", "%"),
        Column("目标年预测"),
        Column("达标概率", "%"),
        Column("状态"),
        Column("预警"),
        Column("模拟数据"),
    ]
    out = []
    for r in rows:
        p, inp, ind = r.progress, r.spec.input, r.indicator
        out.append(
            [
                ind.name,
                ind.unit,
                ind.category,
                ind.data_source,
                _target_words(r),
                inp.value,
                r.target.get_kind_display() if r.target is not None else "",
                p.baseline_value,
                p.baseline_year,
                p.latest_value,
                p.latest_period,
                percent(p.completion_shown),
                percent(p.expected_shown),
                percent(p.required_growth),
                percent(p.achieved_growth),
                None if p.forecast_value is None else round(p.forecast_value, 4),
                percent(p.likelihood, 0),
                p.status,
                "、".join(word for _, word in explain.alert_badges(r)),
                r.simulated,
            ]
        )
    return columns, out


def figures_table(indicator: Any, figures: Sequence[Any]) -> Table:
    """指标详情: the indicator's figures, as listed under its chart."""
    columns = [
        Column("期间"),
        Column("数值", indicator.unit or ""),
        Column("来源"),
        Column("状态"),
        Column("说明"),
        Column("录入时间"),
        Column("修改次数", "次"),
        Column("模拟数据"),
    ]
    rows = [
        [
            f.period,
            f.value,
            f.get_source_display(),
            f.get_status_display(),
            f.note,
            f.entered_at,
            len(f.revisions.all()),
            f.simulated,
        ]
        for f in figures
    ]
    return columns, rows


def tasks_table(tasks: Sequence[Any]) -> Table:
    """任务看板: each task once, with all its owners and its state on the page's date."""
    columns = [
        Column("编号"),
        Column("任务/项目"),
        Column("项目名称"),
        Column("责任单位"),
        Column("完成年限", "年"),
        Column("状态"),
        Column("进度", "%"),
        Column("最新进展日期"),
        Column("最新进展"),
    ]
    rows = []
    for t in tasks:
        updates = list(t.updates.all())
        latest = updates[0] if updates else None
        rows.append(
            [
                t.code,
                t.goal,
                t.title,
                "、".join(name for name, _ in t.owner_marks),
                t.deadline,
                t.state.word,
                t.state.progress,
                latest.reported_on if latest else None,
                f"{latest.unit or ''}：{latest.text}".lstrip("：") if latest else "",
            ]
        )
    return columns, rows


def alerts_table(groups: Sequence[dict], today: dt.date) -> Table:
    """预警: every alert (and case) the page lists under the same filters, with its case's state."""
    columns = [
        Column("规划"),
        Column("指标"),
        Column("目标"),
        Column("目标值"),
        Column("最新值"),
        Column("最新期间"),
        Column("上期状态"),
        Column("本期状态"),
        Column("达标概率", "%"),
        Column("预警"),
        Column("预警原因"),
        Column("处理状态"),
        Column("责任单位"),
        Column("办理期限"),
        Column("逾期"),
    ]
    rows = []
    for g in groups:
        for e in g["entries"]:
            case, row = e.case, e.row
            case_cells = [
                case.get_state_display() if case else "",
                case.assigned_area.name if case and case.assigned_area else "",
                case.due_on if case else None,
                bool(case and case.overdue(today)),
            ]
            if row is not None:
                p = row.progress
                rows.append(
                    [
                        g["plan"].title,
                        row.indicator.name,
                        _target_words(row),
                        row.spec.input.value,
                        p.latest_value,
                        p.latest_period,
                        row.previous.status if row.previous is not None else "",
                        p.status,
                        percent(p.likelihood, 0),
                        "、".join(word for _, word in explain.alert_badges(row)),
                        "；".join(explain.alert_reasons(row)),
                        *case_cells,
                    ]
                )
            else:
                rows.append(
                    [
                        g["plan"].title,
                        case.target.indicator.name,
                        f"{case.target.year}年 {case.target.get_comparator_display()}",
                        case.target.value,
                        None,
                        "",
                        "",
                        case.status_text,
                        None,
                        case.get_level_display() if case.active else "预警已消失",
                        case.reasons,
                        *case_cells,
                    ]
                )
    return columns, rows


def compare_table(entries: Sequence[Any], unit: str) -> Table:
    """横向对比: each area's plan indicator for the compared catalogue entry."""
    columns = [
        Column("地区"),
        Column("规划"),
        Column("指标"),
        Column("目标年份"),
        Column("比较方式"),
        Column("目标值", unit),
        Column("最新值", unit),
        Column("最新期间"),
        Column("完成率", "%"),
        Column("状态"),
        Column("模拟数据"),
    ]
    rows = [
        [
            e.area_name,
            e.plan_title,
            e.indicator_name,
            e.target_year,
            e.comparator,
            e.target_value,
            e.latest_value,
            e.latest_period,
            percent(e.completion),
            e.status,
            e.simulated,
        ]
        for e in entries
    ]
    return columns, rows
