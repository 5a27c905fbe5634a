"""The plan report's sentences, written from the figures by rules (never copied from a document).

Why rules: a sentence must say exactly what the table beside it says, and change when a figure
changes; each function here takes judged rows (``monitoring.TargetRow``) and returns plain Chinese.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from kechuang.common.numbers import format_number
from kechuang.observations.monitoring import STATUS_ORDER, TargetRow
from kechuang.observations.progress import STATUS_WORDS


def day(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def pct(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def count_phrase(rows: Sequence[TargetRow]) -> str:
    """ "4 项目标中，超前 1 项，正常 1 项，严重滞后 1 项，无数据 1 项"."""
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.status_code] = counts.get(r.status_code, 0) + 1
    parts = [f"{STATUS_WORDS[c]} {counts[c]} 项" for c in STATUS_ORDER if counts.get(c)]
    parts += [f"{STATUS_WORDS.get(c, c)} {n} 项" for c, n in counts.items() if c not in STATUS_ORDER]
    return f"{len(rows)} 项目标中，" + "，".join(parts) if parts else "尚无可评估的目标"


def forecast_sentence(row: TargetRow) -> str | None:
    """ "高新技术企业数预计 2025 年达到 1,480 家，达标概率 62%"; None without a forecast."""
    p, ind = row.progress, row.indicator
    if p.forecast_value is None or p.year_over:
        return None
    cells = getattr(row, "cells", None)
    value = cells.forecast if cells is not None else format_number(round(p.forecast_value, 2))
    unit = ind.unit if ind is not None and ind.unit else ""
    unit = unit if unit in ("%", "") else f" {unit}"
    text = f"{ind.name}预计 {row.spec.input.year} 年达到 {value}{unit}"
    if p.likelihood is not None:
        text += f"，达标概率 {pct(p.likelihood, 0)}"
    return text


def summary(
    *,
    plan_title: str,
    period: tuple[int, int],
    as_of: dt.date,
    stage: str,
    rows: Sequence[TargetRow],
    indicator_count: int,
    alerts: Sequence[TargetRow] | None,
    task_counts: dict[str, int],
    simulated: bool,
) -> list[str]:
    """The 总体情况 paragraphs: scope, statuses, the forecasts most at risk, alerts and tasks."""
    out = [
        f"《{plan_title}》规划期为 {period[0]}—{period[1]} 年，共设监测指标 {indicator_count} 项、"
        f"量化目标 {len(rows)} 项。本报告为{stage}，评估截至 {day(as_of)}，"
        f"时间进度为 {pct(time_share(period, as_of))}。"
    ]
    text = f"截至 {day(as_of)}，{count_phrase(rows)}。"
    forecasts = [r for r in rows if forecast_sentence(r) is not None and r.progress.likelihood is not None]
    forecasts.sort(key=lambda r: (r.progress.likelihood, r.spec.input.year))
    if forecasts:
        text += "按近年走势预测，" + "；".join(forecast_sentence(r) for r in forecasts[:3]) + "。"
    out.append(text)
    if alerts is not None:
        red = sum(1 for r in alerts if r.alert == "red")
        if alerts:
            names = "、".join(dict.fromkeys(r.indicator.name for r in alerts[:5]))
            more = "等" if len(alerts) > 5 else ""
            out.append(f"共有预警 {len(alerts)} 项（其中红色预警 {red} 项），涉及{names}{more}，需重点关注。")
        else:
            out.append("当前没有预警目标。")
    if task_counts.get("total"):
        out.append(
            f"规划任务 {task_counts['total']} 项，已完成 {task_counts.get('done', 0)} 项，"
            f"进行中 {task_counts.get('in_progress', 0)} 项，未启动 {task_counts.get('not_started', 0)} 项，"
            f"逾期 {task_counts.get('delayed', 0)} 项。"
        )
    if simulated:
        out.append("说明：部分目标的评估使用了模拟数据，相关结论仅供演示，不作为正式评估依据。")
    return out


def time_share(period: tuple[int, int], as_of: dt.date) -> float:
    """Share of the plan period elapsed at ``as_of`` (0 before it, 1 after it)."""
    start, end = dt.date(period[0], 1, 1), dt.date(period[1], 12, 31)
    if as_of <= start:
        return 0.0
    if as_of >= end:
        return 1.0
    return (as_of - start).days / (end - start).days


def indicator_sentence(row: TargetRow) -> str:
    """One indicator under its chart: latest figure, completion, pace or verdict, forecast."""
    p, ind, inp = row.progress, row.indicator, row.spec.input
    unit = ind.unit or ""
    parts = []
    if p.latest_value is None:
        parts.append("暂无数据")
    else:
        parts.append(f"最新值 {format_number(round(p.latest_value, 4))}{unit}（{p.latest_period}年）")
    if p.completion_shown is not None:
        parts.append(f"完成率 {pct(p.completion_shown)}")
    if p.expected_shown is not None and not p.year_over:
        parts.append(f"时序进度 {pct(p.expected_shown)}")
    parts.append(f"{inp.year}年目标评估为“{p.status}”")
    text = f"{ind.name}：" + "，".join(parts) + "。"
    fc = forecast_sentence(row)
    if fc:
        text += fc.replace(ind.name, "", 1) + "。"
    if row.simulated:
        text += "（含模拟数据）"
    return text
