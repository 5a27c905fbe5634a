"""The forecast attached to a judgement: which points, which threshold, and what the note says.

The statistics live in forecast.py; this module turns a target and its series into a call to
them and puts the result (or the reason there is none) on the TargetProgress.
"""

from __future__ import annotations

from . import completion as cm
from .forecast import Forecast, choose_fit, fit_trends, forecast_at
from .series import Baseline, Obs
from .types import Point, TargetInput, TargetProgress, Thresholds


def with_stated_baseline(series: list[Obs], baseline: Baseline | None) -> list[Obs]:
    """Add a base value stated in the plan to the series to forecast from.

    methods.md §2.5 counts points "including base"; a plan's stated base (936家 in 2020) is a
    real figure even when no observation row exists for that year.
    """
    if baseline is None or baseline.source != "target" or any(o.x == baseline.x for o in series):
        return series
    point = Point(year=round(baseline.x), value=baseline.value, period=f"{round(baseline.x)}")
    return sorted([*series, Obs(x=baseline.x, value=baseline.value, point=point)], key=lambda o: o.x)


def window_xy(series: list[Obs], th: Thresholds) -> tuple[list[float], list[float]]:
    """The latest `forecast_max_points` observations as (x, y) lists."""
    window = series[-int(th.forecast_max_points) :]
    return [o.x for o in window], [o.value for o in window]


def forecast_point(
    target: TargetInput,
    series: list[Obs],
    level: float,
    th: Thresholds,
    out: TargetProgress,
    notes: list[str],
    side: int | None = None,
) -> None:
    """Forecast the value in the target year and P(meeting `level`); known outcomes give P = 0 or 1."""
    side = side if side is not None else cm.goal_side(target.comparator, target.direction)
    threshold = cm.met_threshold(level, target.comparator, target.direction, th.approx_tolerance)
    t_target = float(target.year)
    at_target = [o for o in series if o.x == t_target]
    if at_target or series[-1].x > t_target:
        outcome = at_target[-1].value if at_target else None
        met = outcome is not None and cm.is_met(
            outcome, level, target.comparator, target.direction, th.approx_tolerance
        )
        no_forecast(out, len(series), th, notes, done=True, met=met if outcome is not None else None)
        return
    xs, ys = window_xy(series, th)
    if len(xs) < th.forecast_min_points:
        no_forecast(out, len(xs), th, notes, done=False, met=None)
        return
    fit = choose_fit(fit_trends(xs, ys), target.path, th.model_tie_aic)
    if fit is None:
        no_forecast(out, len(xs), th, notes, done=False, met=None)
        return
    put_forecast(out, forecast_at(fit, t_target, threshold, side, th.confidence), notes)


def put_forecast(out: TargetProgress, fc: Forecast | None, notes: list[str]) -> None:
    if fc is None:
        notes.append("趋势外推数值溢出，不作预测")
        return
    out.forecast_value, out.forecast_low, out.forecast_high = fc.value, fc.low, fc.high
    out.forecast_model, out.likelihood = fc.model, fc.likelihood
    model = "线性" if fc.model == "linear" else "对数线性"
    notes.append(f"按{fc.n}个点{model}趋势预测")
    if fc.n < 5:
        notes.append("点数少于5，预测可靠性低，仅供参考")


def no_forecast(
    out: TargetProgress, n: int, th: Thresholds, notes: list[str], *, done: bool, met: bool | None
) -> None:
    """Explain the missing forecast; when the target year's figure is known, P is 1 or 0."""
    if done:
        if met is not None:
            out.likelihood = 1.0 if met else 0.0
        return
    notes.append(f"仅{n}个数据点（少于{int(th.forecast_min_points)}个），不作趋势预测")
