"""Level targets' judgements as plain rows, column by column: what a rebuild stores.

Why: a national rebuild judges 120,000 level targets. `batch._judge_levels` computes their
numbers in numpy but then applies the rules one target at a time on TargetProgress objects
(`_rules`, `_judge_ceiling`, `_apply_ratio`, `_stretch`, `verdict_on`, `_drop_non_finite`),
and the storage turned each object back into columns: two thirds of a rebuild's Python. Here
the rules pick a branch per row in numpy and one loop writes each row's notes and fields.

The rules are those functions', in their order, with their notes word for word: for every row
the result is `judge_target`'s judgement (tests/observations/test_level_rows.py compares every
field of random targets at dates before, during and after their target years).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from . import batch_trend as bt
from . import completion as cm
from .batch import _TREND, _cagr, _Levels, _simple_ratio, grid_labels, grid_statuses_before
from .types import TargetInput, TargetProgress, Thresholds

# A row: (status code, completion, 时序进度, likelihood, latest value, latest period, the
# completion shown, and every other field not at its default, in TargetProgress's order).
LevelRow = tuple[str, float | None, float | None, float | None, float, str, float | None, dict[str, Any]]

# Branches of the level rule (engine._judge_level), in the order it tries them.
_CEILING_MET, _CEILING_OVER, _MET, _NO_BASE, _DUE, _TOO_SOON, _PACE = range(7)
_AWAITING = ("awaiting_data", "no_data")  # TargetProgress.measured's
_MODEL_WORDS = {True: ("log-linear", "对数线性"), False: ("linear", "线性")}
_AWAY = {"rising": "，且仍在上升", "falling": "，较上年下降，正回落", "flat": "，较上年持平"}
_MOVED = {"rising": "上升", "falling": "下降", "flat": "持平"}


def _values(a: np.ndarray) -> list:
    """The column as Python values, None where not a finite number (as _drop_non_finite leaves it)."""
    out = a.tolist()
    for i in np.flatnonzero(~np.isfinite(a)).tolist():
        out[i] = None
    return out


def level_rows(
    k: _Levels, targets: list[TargetInput], labels: list[str], as_of: dt.date, th: Thresholds
) -> list[LevelRow]:
    """Each row's judgement at `as_of` (`_judge_levels`'s), as a `LevelRow`; `labels[r]` the
    label of the row's latest figure used."""
    x, v, n, ty, level, comp, side = k.x, k.v, k.n, k.ty, k.level, k.comp, k.side
    a, t, b, has_b, elapsed = k.a, k.t, k.b, k.has_b, k.elapsed
    rows = len(targets)
    met = bt.met(a, level, comp, side, th.approx_tolerance)
    required = np.where(ty > t, _cagr(a, level, ty - t), np.nan)
    achieved = _cagr(b, a, t - k.t0)
    planned = _cagr(b, level, ty - k.t0)
    fc = bt.forecast_point(x, v, n, ty, level, comp, side, k.stated, k.t0_base, th, targets)
    compound = np.fromiter((t.path == "compound" for t in targets), dtype=bool, count=rows)
    no_elapsed = np.isnan(elapsed)

    # _rules: completion and 时序进度 before any branch.
    held_simple = np.where(k.worse, np.minimum(k.simple, 1.0), k.simple)
    completion = np.where(has_b, np.where(k.gain, k.lc, held_simple), k.simple)
    by_share = compound & ~np.isnan(k.share)
    gained = np.where(no_elapsed, np.nan, np.where(by_share, k.share, elapsed))
    expected = np.where(has_b, np.where(k.gain, gained, 1.0), elapsed)
    straight = has_b & k.gain & ~no_elapsed & compound & np.isnan(k.share)  # compound undefined

    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        # The branch each row takes.
        ceiling = np.isin(comp, ("<=", "<")) & (t < ty)
        held = ~has_b | (side * (level - b) <= 0)
        too_soon = has_b & (t - k.bx < th.min_elapsed_years)
        branch = np.select(
            [ceiling & met, ceiling & held, met, ~has_b & (no_elapsed | (elapsed < 1)), t >= ty, too_soon],
            [_CEILING_MET, _CEILING_OVER, _MET, _NO_BASE, _DUE, _TOO_SOON],
            _PACE,
        )
        # The target year's figure is in but came too soon after the base: A/T against the whole.
        late_and_soon = (branch == _DUE) & too_soon
        completion = np.where(late_and_soon, k.simple, completion)
        expected = np.where(late_and_soon, 1.0, expected)
        # _apply_ratio, for the rows that reach it.
        ratio_ok = ((branch == _DUE) | (branch == _PACE)) & ~np.isnan(completion) & (expected > 0)
        gap = np.where(ratio_ok, completion - expected, np.nan)
        schedule = np.where(ratio_ok, completion / expected, np.nan)
        pace = np.where(
            schedule >= th.ahead,
            "ahead",
            np.where(
                schedule >= th.on_track,
                "on_track",
                np.where(schedule >= th.behind, "behind", "seriously_behind"),
            ),
        ).astype(object)
        pace[ratio_ok & (completion < 0)] = "seriously_behind"
        pace[~ratio_ok] = "undeterminable"
        # verdict_on's share of the goal (engine._attainment for a level).
        goal = np.where(comp == "~", level - side * th.approx_tolerance * np.abs(level), level)
        attained = _simple_ratio(a, goal, side)
        attained = np.where(has_b & (side * (a - b) < 0), np.minimum(attained, 1.0), attained)
    required = np.where(branch == _CEILING_MET, np.nan, required)  # a ceiling held needs no growth

    a_l, b_l, bx_l = _values(a), _values(b), _values(k.bx)
    completion_l, expected_l = _values(completion), _values(expected)
    required_l, achieved_l, planned_l = _values(required), _values(achieved), _values(planned)
    gap_l, schedule_l, attained_l = _values(gap), _values(schedule), _values(attained)
    fv_l, fl_l, fh_l, fp_l = (_values(fc[name]) for name in ("fc_value", "fc_low", "fc_high", "fc_p"))
    fewer_l = (k.u < n).tolist()
    prov_l = k.prov[k.ar, k.last].tolist()
    t_l, ty_l, side_l = t.tolist(), ty.tolist(), side.tolist()
    based_l, gain_l, straight_l = has_b.tolist(), k.gain.tolist(), straight.tolist()
    stated_l, t0_base_l, ceiling_l = k.stated.tolist(), k.t0_base.tolist(), ceiling.tolist()
    at_year_l = k.at_target_year.tolist()
    year_now = as_of.year
    few_points = f"个数据点（少于{int(th.forecast_min_points)}个），不作趋势预测"
    nearly = th.nearly_met
    out: list[LevelRow] = []
    for r, (target, label, br, trend_code, code, state, fc_n, log_model) in enumerate(
        zip(
            targets,
            labels,
            branch.tolist(),
            k.trend.tolist(),
            pace.tolist(),
            fc["fc"].tolist(),
            fc["fc_n"].tolist(),
            (fc["fc_log"] > 0).tolist(),
            strict=True,
        )
    ):
        notes: list[tuple[bool, str]] = []  # (states the status: a verdict replaces it, text)
        trend = _TREND[trend_code]
        based = based_l[r]
        if fewer_l[r]:
            notes.append((True, f"目标年份已过，按{label}数据评估"))
        if prov_l[r]:
            notes.append((False, "最新值为初步数据"))
        if not based:
            notes.append((False, "无基期值，完成率为简单比率（实际值/目标值），偏高估计进度"))
        elif not gain_l[r]:
            notes.append(
                (False, "基期已达到目标（保持型），完成率为实际值与目标值之比，较基期变差时不超过100%")
            )
        elif straight_l[r]:
            notes.append((False, "基期或目标值非正，复合增长路径无定义，按直线路径"))
        # The forecast (outlook.put_forecast / no_forecast).
        likelihood = model = None
        if state == 0:
            if fp_l[r] is not None:
                likelihood = 1.0 if fp_l[r] == 1.0 else 0.0
        elif state == 1:
            notes.append((False, f"仅{fc_n}{few_points}"))
        elif state == 2:
            notes.append((False, "趋势外推数值溢出，不作预测"))
        else:
            model, word = _MODEL_WORDS[log_model]
            likelihood = fp_l[r]
            notes.append((False, f"按{fc_n}个点{word}趋势预测"))
            if fc_n < 5:
                notes.append((False, "点数少于5，预测可靠性低，仅供参考"))
        # The branch's status and note (engine._judge_ceiling, _judge_level, _apply_ratio).
        goal = float(target.value)  # type: ignore[arg-type]
        if br == _CEILING_MET:
            if trend == "rising":
                code = "ceiling_rising"
                notes.append((True, f"未超过上限 {goal:g}，但较上年上升，正向上限靠近"))
            else:
                code = "within_ceiling"
                moved = _MOVED.get(trend or "", "")
                notes.append((True, f"未超过上限 {goal:g}" + (f"，较上年{moved}" if moved else "")))
        elif br == _CEILING_OVER:
            code = "over_ceiling"
            notes.append((True, f"超过上限 {goal:g}{_AWAY.get(trend or '', '')}"))
        else:
            if ceiling_l[r]:
                notes.append((False, f"尚高于上限 {goal:g}，按下降进度评估"))
            if br == _MET:
                code = "met"
                notes.append((True, "已达到目标" if t_l[r] < ty_l[r] else "目标年已达到目标"))
                if target.comparator == "~" and cm.overshoots_band(a_l[r], goal, th.approx_tolerance):
                    notes.append((False, f"超出目标区间（±{th.approx_tolerance:.0%}）"))
            elif br == _NO_BASE:
                code = "undeterminable"
                notes.append((True, "无基期值，目标年之前无法判断进度"))
            elif br == _DUE:
                notes.append((True, "目标年未达到目标"))
            elif br == _TOO_SOON:
                code = "no_data"
                notes.append((True, "尚无基期之后足够的数据，暂不评估进度"))
        # A range goal's other end (engine._stretch).
        stretch = stretch_met = None
        s = target.stretch
        if s is not None and math.isfinite(s) and side_l[r] * (s - goal) > 0:
            stretch = s
            stretch_met = cm.is_met(a_l[r], s, target.comparator, target.direction, 0.0)
            notes.append((False, f"挑战值 {s:g}" + ("已达到" if stretch_met else "尚未达到")))
        # The target year is over: a verdict on its figure (engine.verdict_on).
        attainment = None
        year_over = year_now > target.year
        if not year_over or (at_year_l[r] and code == "undeterminable"):
            note = "；".join(text for _, text in notes)
        else:
            kept = [text for states, text in notes if not states]
            if not at_year_l[r]:
                code = "awaiting_data"
                first = f"目标年（{target.year}年）数据尚未取得，待数据后评定，最新为{label}年数据"
            elif code == "met":
                attainment = attained_l[r]
                first = f"{target.year}年已达到目标"
            else:
                attainment = share = attained_l[r]
                if share is None:
                    code = "undeterminable"
                    first = f"{target.year}年数据无法计算达标程度（数值非正或目标为零）"
                elif share >= nearly:
                    code = "nearly_met"
                    first = f"{target.year}年未达到目标，达到目标的{share:.1%}，不低于基本完成线{nearly:.0%}"
                else:
                    code = "missed"
                    first = f"{target.year}年未达到目标，仅达到目标的{share:.1%}，低于基本完成线{nearly:.0%}"
            note = "；".join([first, *kept])
        baseline_year = None
        if based:
            baseline_year = int(t0_base_l[r]) if stated_l[r] else round(bx_l[r])
        completion_r = completion_l[r]
        # TargetProgress.completion_shown: none before anything was measured since the base.
        shown = attainment if year_over and attainment is not None else completion_r
        if based and code in _AWAITING:
            year = label[:4]
            if year.isdigit() and int(year) <= baseline_year:  # type: ignore[operator]
                shown = None
        others = {
            "baseline_value": b_l[r] if based else None,
            "baseline_year": baseline_year,
            "gap_to_expected": gap_l[r],
            "required_growth": required_l[r],
            "achieved_growth": achieved_l[r] if based else None,
            "forecast_value": fv_l[r] if state == 3 else None,
            "forecast_low": fl_l[r] if state == 3 else None,
            "forecast_high": fh_l[r] if state == 3 else None,
            "forecast_model": model,
            "note": note or None,
            "schedule_ratio": schedule_l[r],
            "planned_growth": planned_l[r] if based else None,
            "year_over": year_over or None,
            "attainment": attainment,
            "trend": trend,
            "stretch_value": stretch,
            "stretch_met": stretch_met,
        }
        others = {name: value for name, value in others.items() if value is not None}
        out.append((code, completion_r, expected_l[r], likelihood, a_l[r], label, shown, others))
    return out


def level_grid_rows(
    targets: list[TargetInput],
    x: np.ndarray,
    v: np.ndarray,
    n: np.ndarray,
    prov: np.ndarray,
    *,
    as_of: dt.date,
    thresholds: Thresholds,
    before: dt.date | None = None,
    before_thresholds: Thresholds | None = None,
    wanted: Sequence[bool] | None = None,
) -> tuple[list[LevelRow], list[str | None]]:
    """`batch.judge_with_previous` for `level_target`s whose known series come as a grid already,
    each judgement a `LevelRow`: row r's figures are the years x[r, :n[r]] (strictly rising,
    every one before as_of's year, n[r] ≥ 1), values v (finite, below the overflow limit) and
    provisional flags prov, padded with inf, 0 and False; each figure's label is its year (an
    annual figure's period).

    Why: a rebuild reads its figures as columns, and filing each as a Point only to lay them
    out here again was a fifth of its time."""
    levels = _Levels.from_grid(targets, x, v, n, prov)
    rows = level_rows(levels, targets, grid_labels(levels), as_of, thresholds)
    return rows, grid_statuses_before(levels, targets, as_of, before, before_thresholds or thresholds, wanted)


def to_progress(row: LevelRow) -> TargetProgress:
    """The TargetProgress a row stands for (tests compare it with judge_target's)."""
    code, completion, expected, likelihood, latest, period, _shown, others = row
    out = TargetProgress(
        completion=completion, expected_progress=expected, likelihood=likelihood, latest_value=latest,
        latest_period=period, **others,
    )  # fmt: skip
    out.set_status(code)
    return out
