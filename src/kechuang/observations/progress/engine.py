"""judge_target: one target, its observations, a date → a TargetProgress.

Order of rules (methods.md §1.5): non-numeric → 不适用; relative → comparison; no data →
无数据; met → 已完成; too early to judge pace → 无数据; otherwise the status band of the
schedule ratio r = completion ÷ expected completion. The forecast is shown beside the status
and drives its own alert; it does not change the status.

Once the target year is over the status is a verdict on that year's figure instead (已完成 /
基本完成 / 未完成, or 待数据 until the figure is in); before it, a ceiling (不超过/控制在) says
whether the figure is within it and which way it moves (docs/progress.md §7a–7b).
"""

from __future__ import annotations

import datetime as dt
import math

from . import completion as cm
from . import growth as gr
from .expected import expected_share, time_elapsed
from .forecast import choose_fit, fit_trends, forecast_sum
from .outlook import forecast_point, no_forecast, put_forecast, window_xy, with_stated_baseline
from .relative import judge_relative
from .series import Baseline, Obs, base_year, known_series, resolve_baseline
from .status import band
from .types import (
    COMPARATORS,
    KINDS,
    TREND_WORDS,
    Point,
    TargetInput,
    TargetProgress,
    Thresholds,
    floats_finite,
)


class StatusNote(str):
    """A note that states the status ("已达到目标"); a verdict replaces these with its own."""

    __slots__ = ()


def judge_target(
    target: TargetInput,
    points: list[Point] | None,
    *,
    as_of: dt.date,
    comparator_points: list[Point] | None = None,
    thresholds: Thresholds | None = None,
    include_current_year: bool = False,
) -> TargetProgress:
    """Judge one target from the observations known at `as_of`. Pure: no I/O, never raises on data.

    `include_current_year`: a point for as_of.year is a reading at that date (a stock counted
    from a registry), not a year-end value; only the caller knows that, so it is opt-in.
    """
    th = thresholds or Thresholds()
    out = TargetProgress()
    out.year_over = as_of.year > target.year
    notes: list[str] = []
    series = known_series(points, as_of, include_current_year=include_current_year)
    if series:
        _set_latest(out, series[-1])
    if target.comparator not in COMPARATORS or target.kind not in KINDS:
        out.set_status("undeterminable")
        notes.append(f"未知的比较符或目标类型（{target.comparator}，{target.kind}）")
    elif target.comparator == "relative":
        reference = known_series(comparator_points, as_of, include_current_year=include_current_year)
        judge_relative(target, series, reference, out, notes, year_over=out.year_over)
    elif target.value is None or not math.isfinite(target.value):
        out.set_status("not_applicable")
        notes.append("非数值目标，按任务进度评估")
    elif not series:
        if out.year_over:
            out.set_status("awaiting_data")
            notes.append(f"目标年（{target.year}年）数据尚未取得，待数据后评定")
        else:
            out.set_status("no_data")
            notes.append(f"截至{as_of.isoformat()}尚无可用数据")
    else:
        _judge_numeric(target, series, th, out, notes)
        _stretch(target, out, notes)
        if out.year_over:
            notes = _verdict(target, series, th, out, notes)
    out.note = "；".join(notes)
    _drop_non_finite(out)
    return out


def _drop_non_finite(out: TargetProgress) -> None:
    """Extreme inputs (1e300-sized figures) can overflow a ratio; report None rather than inf/nan,
    which JSON cannot carry and no one can read."""
    values = vars(out)
    if floats_finite(values.values()):
        return
    for name, value in values.items():
        if isinstance(value, float) and not math.isfinite(value):
            setattr(out, name, None)


def _set_latest(out: TargetProgress, obs: Obs) -> None:
    out.latest_value = obs.value
    out.latest_period = obs.point.label


def _judge_numeric(
    target: TargetInput, series: list[Obs], th: Thresholds, out: TargetProgress, notes: list[str]
) -> None:
    """Numeric targets: restrict to the target year, find the baseline, dispatch by kind."""
    t_target = float(target.year)
    used = [o for o in series if o.x <= t_target] or series
    if used[-1] is not series[-1]:
        notes.append(StatusNote(f"目标年份已过，按{used[-1].point.label}数据评估"))
    _set_latest(out, used[-1])
    if used[-1].point.provisional:
        notes.append("最新值为初步数据")
    baseline = resolve_baseline(target, used)
    if baseline is not None:
        out.baseline_value = baseline.value
        out.baseline_year = round(baseline.x) if baseline.source == "observation" else base_year(target)
    out.trend = _trend(used, baseline)
    if target.kind == "increment" and target.measure != "stock":
        _judge_increment(target, used, series, th, out, notes)
        return
    series = with_stated_baseline(series, baseline)
    if target.kind == "growth":
        _judge_growth(target, used, series, baseline, th, out, notes)
    elif target.kind == "annual":
        _judge_annual(target, used, series, th, out, notes)
    else:
        level = float(target.value)  # type: ignore[arg-type]
        if target.kind == "increment":
            if baseline is None:
                out.set_status("undeterminable")
                notes.append("存量指标的新增目标需要基期值")
                return
            level = baseline.value + level
            notes.append(f"新增目标折算为水平目标 {level:g}")
        _judge_level(target, level, used, series, baseline, th, out, notes)


def _trend(used: list[Obs], baseline: Baseline | None) -> str | None:
    """Which way the latest figure moved: against the year before, else against the base."""
    last = used[-1]
    before = [o for o in used[:-1] if o.x == o.year]
    if before:
        prev = before[-1].value
    elif baseline is not None and baseline.x < last.x:
        prev = baseline.value
    else:
        return None
    eps = 1e-9 * max(1.0, abs(prev))
    if last.value > prev + eps:
        return "rising"
    if last.value < prev - eps:
        return "falling"
    return "flat"


def _elapsed_ok(t: float, t0: float, th: Thresholds, out: TargetProgress, notes: list[str]) -> bool:
    """methods.md §1.5: do not assess pace before `min_elapsed_years` of the period has passed."""
    if t - t0 < th.min_elapsed_years:
        out.set_status("no_data")
        notes.append(StatusNote("尚无基期之后足够的数据，暂不评估进度"))
        return False
    return True


def _apply_ratio(out: TargetProgress, th: Thresholds) -> None:
    """Status from completion and expected completion (C < 0 means moving away → 严重滞后)."""
    c, e = out.completion, out.expected_progress
    if c is None or e is None or e <= 0:
        out.set_status("undeterminable")
        return
    out.gap_to_expected = c - e
    out.schedule_ratio = c / e
    out.set_status("seriously_behind" if c < 0 else band(out.schedule_ratio, th))


def _judge_level(
    target: TargetInput,
    level: float,
    used: list[Obs],
    series: list[Obs],
    baseline: Baseline | None,
    th: Thresholds,
    out: TargetProgress,
    notes: list[str],
) -> None:
    """Level targets: C = (A − B)/(T − B), expected share on the indicator's path, r = C/E."""
    a, t, t_target = used[-1].value, used[-1].x, float(target.year)
    side = cm.goal_side(target.comparator, target.direction)
    met = cm.is_met(a, level, target.comparator, target.direction, th.approx_tolerance)
    t0 = baseline.x if baseline is not None else float(base_year(target))
    if t_target > t:
        out.required_growth = gr.required_growth(a, level, t_target - t)
    elapsed = time_elapsed(t, t0, t_target)
    if baseline is not None:
        b = baseline.value
        out.achieved_growth = gr.achieved_growth(b, a, t - t0)
        out.planned_growth = gr.planned_growth(b, level, t_target - t0)
        if side * (level - b) > 0:
            out.completion = cm.level_completion(a, b, level)
            if elapsed is not None:
                out.expected_progress, used_path = expected_share(elapsed, b, level, target.path)
                if used_path != target.path:
                    notes.append("基期或目标值非正，复合增长路径无定义，按直线路径")
        else:
            # The base already satisfies the goal ("保持"): it must hold all the time.
            out.completion = cm.simple_ratio(a, level, side)
            if out.completion is not None and side * (a - b) < 0:
                # Worse than the base yet still within the goal: never more than 100 %.
                out.completion = min(out.completion, 1.0)
            out.expected_progress = 1.0
            notes.append("基期已达到目标（保持型），完成率为实际值与目标值之比，较基期变差时不超过100%")
    else:
        out.completion = cm.simple_ratio(a, level, side)
        out.expected_progress = elapsed
        notes.append("无基期值，完成率为简单比率（实际值/目标值），偏高估计进度")
    forecast_point(target, series, level, th, out, notes)
    if target.comparator in ("<=", "<") and t < t_target:
        held = baseline is None or side * (level - baseline.value) <= 0
        if _judge_ceiling(level, a, met, held, out, notes):
            return
    if met:
        out.set_status("met")
        notes.append(StatusNote("已达到目标" if t < t_target else "目标年已达到目标"))
        if target.comparator == "~" and cm.overshoots_band(a, level, th.approx_tolerance):
            notes.append(f"超出目标区间（±{th.approx_tolerance:.0%}）")
        return
    if baseline is None and (elapsed is None or elapsed < 1):
        out.set_status("undeterminable")
        notes.append(StatusNote("无基期值，目标年之前无法判断进度"))
        return
    if t >= t_target:
        # The goal was due: judge the shortfall even when the base is too recent for a pace.
        if baseline is not None and t - t0 < th.min_elapsed_years:
            out.completion = cm.simple_ratio(a, level, side)
            out.expected_progress = 1.0
        _apply_ratio(out, th)
        notes.append(StatusNote("目标年未达到目标"))
        return
    if baseline is not None and not _elapsed_ok(t, t0, th, out, notes):
        return
    _apply_ratio(out, th)


def _judge_growth(
    target: TargetInput,
    used: list[Obs],
    series: list[Obs],
    baseline: Baseline | None,
    th: Thresholds,
    out: TargetProgress,
    notes: list[str],
) -> None:
    """年均增长 g targets: r = g_act / g (methods.md §1.4); the rate is due every year, so E = 1."""
    rate = gr.growth_target_rate(float(target.value), target.direction)  # type: ignore[arg-type]
    out.planned_growth = rate
    if baseline is None:
        out.set_status("undeterminable")
        notes.append("无基期值，无法计算年均增长")
        return
    a, t, t_target, b, t0 = used[-1].value, used[-1].x, float(target.year), baseline.value, baseline.x
    implied = gr.implied_level(b, rate, t_target - t0) if b > 0 else None
    if implied is None:
        out.set_status("undeterminable")
        notes.append("基期值非正，年均增长无意义")
        return
    notes.append(f"年均增长目标折算目标年水平 {implied:.6g}")
    d = -1 if target.direction == "lower" else 1
    if t_target > t:
        out.required_growth = gr.required_growth(a, implied, t_target - t)
    forecast_point(target, series, implied, th, out, notes, side=d)
    full_period = t >= t_target
    out.achieved_growth = gr.achieved_growth(b, a, t - t0)
    g = out.achieved_growth
    if g is not None:
        out.completion = cm.growth_completion(g, rate)
        out.expected_progress = 1.0
    if (not full_period and t > t0 and d * (a - implied) >= 0) or (
        full_period
        and g is not None
        and cm.is_met(g, rate, target.comparator, target.direction, th.approx_tolerance)
    ):
        out.set_status("met")
        notes.append(StatusNote("期内年均增长达到目标" if full_period else "已提前达到目标年应有水平"))
        return
    if not _elapsed_ok(t, t0, th, out, notes):
        return
    if g is None:
        out.set_status("undeterminable")
        notes.append(StatusNote("最新值非正，无法计算年均增长"))
        return
    if out.completion is None:  # a 0 % target: judge the sign only
        out.set_status("on_track" if d * g >= 0 else "seriously_behind")
        return
    _apply_ratio(out, th)


def _judge_increment(
    target: TargetInput,
    used: list[Obs],
    series: list[Obs],
    th: Thresholds,
    out: TargetProgress,
    notes: list[str],
) -> None:
    """新增/累计 N counted as the sum of yearly flows since the period began; linear expected path."""
    delta, t_target = float(target.value), float(target.year)  # type: ignore[arg-type]
    in_period = [o for o in used if o.year >= target.period_start]
    if not in_period:
        out.set_status("no_data")
        notes.append("规划期内尚无数据")
        return
    total, t, t0 = sum(o.value for o in in_period), in_period[-1].x, float(target.period_start - 1)
    side = cm.goal_side(target.comparator, target.direction)
    out.completion = cm.increment_completion(total, delta)
    elapsed = time_elapsed(t, t0, t_target)
    out.expected_progress = elapsed
    years_done, years_left = len(in_period), max(0, target.year - in_period[-1].year)
    notes.append(f"期内累计 {total:.6g}（{years_done}年）")
    if years_left and side > 0 and total < delta:
        notes.append(f"还需年均 {(delta - total) / years_left:.6g}")
    met = cm.is_met(total, delta, target.comparator, target.direction, th.approx_tolerance)
    full = [o for o in series if o.x == o.year]
    xs, ys = window_xy(full, th)
    fit = None
    if years_left and len(xs) >= th.forecast_min_points:
        fit = choose_fit(fit_trends(xs, ys), target.path, th.model_tie_aic)
    if fit is not None:
        future = [float(y) for y in range(in_period[-1].year + 1, target.year + 1)]
        threshold = cm.met_threshold(delta, target.comparator, target.direction, th.approx_tolerance)
        put_forecast(out, forecast_sum(fit, future, total, threshold, side, th.confidence), notes)
    else:
        no_forecast(out, len(xs), th, notes, done=not years_left, met=met)
    if side > 0:
        if met:
            out.set_status("met")
            notes.append(StatusNote("累计已达到目标"))
            return
        _apply_ratio(out, th)
        return
    # A cap on a sum (累计不超过 N): met only when the period is over; exceeded early is final.
    if not met:
        out.set_status("seriously_behind")
        notes.append(StatusNote("累计已超出上限"))
    elif t >= t_target:
        out.set_status("met")
    elif out.completion is None or elapsed is None:
        out.set_status("undeterminable")
    else:
        out.gap_to_expected = out.completion - elapsed
        out.schedule_ratio = elapsed / out.completion if out.completion > 0 else th.ahead
        out.set_status(band(out.schedule_ratio, th))


def _judge_annual(
    target: TargetInput,
    used: list[Obs],
    series: list[Obs],
    th: Thresholds,
    out: TargetProgress,
    notes: list[str],
) -> None:
    """每年 N: the latest year against the annual goal; the share of years met goes in the note."""
    goal, a, last = float(target.value), used[-1].value, used[-1]  # type: ignore[arg-type]
    side = cm.goal_side(target.comparator, target.direction)
    out.completion = cm.simple_ratio(a, goal, side)
    out.expected_progress = 1.0
    prev = [o for o in used if o.year == last.year - 1 and o.x == o.year]
    if prev:
        out.achieved_growth = gr.cagr(prev[0].value, a, 1)
    out.required_growth = gr.required_growth(a, goal, 1)
    in_period = [o for o in used if target.period_start <= o.year and o.x == o.year]
    if in_period:
        ok = sum(
            cm.is_met(o.value, goal, target.comparator, target.direction, th.approx_tolerance)
            for o in in_period
        )
        notes.append(f"期内 {ok}/{len(in_period)} 年达到年度目标")
    forecast_point(target, series, goal, th, out, notes)
    if cm.is_met(a, goal, target.comparator, target.direction, th.approx_tolerance):
        out.set_status("met")
        notes.append(StatusNote(f"{last.point.label}达到年度目标"))
        return
    _apply_ratio(out, th)


def _judge_ceiling(
    level: float, a: float, met: bool, held: bool, out: TargetProgress, notes: list[str]
) -> bool:
    """不超过/控制在 before the target year: within the ceiling or not, and which way it moves.

    Within it: 未超上限, or 未超上限，但趋势上升 when the figure rose since the year before. Over a
    ceiling the base was within (`held`): 超出上限. Over one the plan means to come down to (the
    base was above it): False, and the caller judges the pace of the descent as for any target.
    """
    moved = TREND_WORDS.get(out.trend or "", "")
    if met:
        out.required_growth = None  # nothing needs to grow: the figure only has to stay under
        out.set_status("ceiling_rising" if out.trend == "rising" else "within_ceiling")
        if out.trend == "rising":
            notes.append(StatusNote(f"未超过上限 {level:g}，但较上年上升，正向上限靠近"))
        else:
            notes.append(StatusNote(f"未超过上限 {level:g}" + (f"，较上年{moved}" if moved else "")))
        return True
    if held:
        out.set_status("over_ceiling")
        away = {"rising": "，且仍在上升", "falling": "，较上年下降，正回落", "flat": "，较上年持平"}
        notes.append(StatusNote(f"超过上限 {level:g}{away.get(out.trend or '', '')}"))
        return True
    notes.append(f"尚高于上限 {level:g}，按下降进度评估")
    return False


def _stretch(target: TargetInput, out: TargetProgress, notes: list[str]) -> None:
    """A range goal's other end (挑战值): reported beside the status, never part of it."""
    s, v = target.stretch, target.value
    if s is None or v is None or not math.isfinite(s) or target.kind not in ("level", "annual", "growth"):
        return
    side = cm.goal_side(target.comparator, target.direction)
    if side * (s - v) <= 0:
        return  # not beyond the goal: no stretch
    out.stretch_value = s
    if target.kind == "growth":
        g = out.achieved_growth
        rate = gr.growth_target_rate(s, target.direction)
        out.stretch_met = None if g is None else side * (g - rate) >= 0
    elif out.latest_value is not None:
        out.stretch_met = cm.is_met(out.latest_value, s, target.comparator, target.direction, 0.0)
    if out.stretch_met is not None:
        notes.append(f"挑战值 {s:g}" + ("已达到" if out.stretch_met else "尚未达到"))


def _attainment(target: TargetInput, out: TargetProgress, th: Thresholds) -> float | None:
    """The share of the goal reached that a verdict reads, on the measure the pace uses.

    Level and annual goals: the figure against the goal (A/T, T/A for a ceiling); growth: the
    achieved average growth against the planned rate; increments: the amount added against
    the amount planned (for a cap, the cap against the amount).
    """
    v = float(target.value)  # type: ignore[arg-type]
    side = cm.goal_side(target.comparator, target.direction)
    if target.kind == "growth":
        return out.completion
    if target.kind == "increment":
        c = out.completion
        if c is None or side > 0:
            return c
        return None if c <= 0 else 1 / c
    a = out.latest_value
    if a is None:
        return None
    goal = cm.met_threshold(v, target.comparator, target.direction, th.approx_tolerance)
    share = cm.simple_ratio(a, goal, side)
    b = out.baseline_value
    if share is not None and b is not None and side * (a - b) < 0:
        share = min(share, 1.0)  # worse than the base: never more than the goal itself
    return share


def _verdict(
    target: TargetInput, series: list[Obs], th: Thresholds, out: TargetProgress, notes: list[str]
) -> list[str]:
    """The target year is over: 已完成 / 基本完成 / 未完成 on that year's figure, or 待数据.

    Returns the notes with those that stated a pace replaced by the verdict's own.
    """
    figure_in = any(o.year == target.year and o.x == o.year for o in series)
    return verdict_on(target, figure_in, th, out, notes)


def verdict_on(
    target: TargetInput, figure_in: bool, th: Thresholds, out: TargetProgress, notes: list[str]
) -> list[str]:
    """`_verdict` once it is known whether the target year's figure is in (the batch engine knows
    that from its arrays, without the series)."""
    kept = [n for n in notes if not isinstance(n, StatusNote)]
    if not figure_in:
        out.set_status("awaiting_data")
        out.attainment = None
        latest = f"，最新为{out.latest_period}年数据" if out.latest_period else ""
        return [f"目标年（{target.year}年）数据尚未取得，待数据后评定{latest}", *kept]
    if out.status_code == "undeterminable":
        return notes
    if out.status_code == "met":
        out.attainment = _attainment(target, out, th)
        return [f"{target.year}年已达到目标", *kept]
    share = _attainment(target, out, th)
    out.attainment = share
    if share is None:
        out.set_status("undeterminable")
        return [f"{target.year}年数据无法计算达标程度（数值非正或目标为零）", *kept]
    if share >= th.nearly_met:
        out.set_status("nearly_met")
        word = f"达到目标的{share:.1%}，不低于基本完成线{th.nearly_met:.0%}"
    else:
        out.set_status("missed")
        word = f"仅达到目标的{share:.1%}，低于基本完成线{th.nearly_met:.0%}"
    return [f"{target.year}年未达到目标，{word}", *kept]
