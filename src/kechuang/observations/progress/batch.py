"""judge_target for many targets at once: the arithmetic in numpy, the rules and notes per target.

Why: a full rebuild of the stored judgements judges every target in force twice (today, and a
year earlier for slips), 240,000 engine calls at national scale; judge_target spends most of
its time on small objects and trend fits, which numpy does for all rows in one pass.

Level targets (达到/不低于/不超过/控制在/左右 a number, by far the most common) go through the
batch path; every other target (growth rates, increments, annual goals, relative goals,
non-numeric ones, figures near float overflow) is handed to judge_target itself. The batch
path reproduces judge_target exactly: same rule order, same notes, and the same floating-point
operations in the same order (tests/observations/test_batch_engine.py compares the two on
random targets), so a stored judgement equals the one judged on demand.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from bisect import bisect_right
from collections.abc import Sequence
from itertools import chain, islice
from operator import attrgetter, itemgetter, lt

import numpy as np

from . import batch_trend as bt
from . import completion as cm
from . import libm
from .engine import (
    StatusNote,
    _apply_ratio,
    _drop_non_finite,
    _judge_ceiling,
    _stretch,
    judge_target,
    verdict_on,
)
from .forecast import Forecast
from .outlook import no_forecast, put_forecast
from .types import (
    DIRECTIONS,
    PATHS,
    Point,
    TargetInput,
    TargetProgress,
    Thresholds,
)

_YEAR, _VALUE, _PROVISIONAL = itemgetter(0), itemgetter(1), itemgetter(2)  # Point's fields
# TargetInput's, read for thousands of targets at once
_TARGET_YEAR, _TARGET_VALUE, _COMPARATOR, _DIRECTION = (
    attrgetter("year"), attrgetter("value"), attrgetter("comparator"), attrgetter("direction")
)  # fmt: skip
_BASELINE_VALUE, _BASELINE_YEAR = attrgetter("baseline_value"), attrgetter("baseline_year")
_PERIOD_START = attrgetter("period_start")
_COMPARATORS = (">=", ">", "<=", "<", "=", "~")
_LIMIT = 1e100  # beyond this a square can overflow, where forecast.py drops both fits at once
_EPS = 1e-9
_FEW = 32


def judge_many(
    targets: Sequence[TargetInput],
    points: Sequence[list[Point] | None],
    *,
    as_of: dt.date,
    thresholds: Thresholds,
    references: Sequence[list[Point] | None] | None = None,
) -> list[TargetProgress]:
    """judge_target(targets[i], points[i], as_of=as_of, comparator_points=references[i],
    thresholds=thresholds) for every i."""
    return judge_with_previous(targets, points, as_of=as_of, thresholds=thresholds, references=references)[0]


def judge_with_previous(
    targets: Sequence[TargetInput],
    points: Sequence[list[Point] | None],
    *,
    as_of: dt.date,
    thresholds: Thresholds,
    references: Sequence[list[Point] | None] | None = None,
    before: dt.date | None = None,
    before_thresholds: Thresholds | None = None,
    wanted: Sequence[bool] | None = None,
) -> tuple[list[TargetProgress], list[str | None]]:
    """`judge_many`, and with `before` (a year earlier) each target's status then, equal to
    judge_target's, for the targets `wanted` marks (None for the others).

    Why: a rebuild keeps only that status (a slip is a fall in status), and for level targets
    the rules that set it are a few comparisons, done for all rows at once (`_level_statuses`):
    no judgement, note or forecast is built. Why together: a year earlier a target's figures
    are those of today less the last year's, so the series read and checked serves both."""
    out: list[TargetProgress | None] = [None] * len(targets)
    earlier: list[str | None] = [None] * len(targets)
    batch: list[int] = []
    series: list[list[Point]] = []
    then: list[int] = []  # the targets judged a year earlier, as positions in `batch`
    last_year = as_of.year - 1
    few = len(targets) < _FEW  # numpy's fixed cost per call outweighs a handful of engine calls
    for i, (target, pts) in enumerate(zip(targets, points, strict=True)):
        known = None if few else _known(target, pts, last_year)
        previous = before is not None and (wanted is None or wanted[i])
        if known is None:
            reference = references[i] if references is not None else None
            out[i] = judge_target(
                target, pts, as_of=as_of, comparator_points=reference, thresholds=thresholds
            )
            if previous:
                earlier[i] = judge_target(
                    target, pts, as_of=before, comparator_points=reference, thresholds=before_thresholds
                ).status_code
            continue
        if not known:
            out[i] = _without_series(target, as_of)
        else:
            batch.append(i)
            series.append(known)
        if previous:
            # The same check a year earlier: the points up to the year before last, a prefix of
            # `known` (in year order, free of what `_known` refuses: a refusal came above).
            if known and known[0].year < last_year:
                then.append(len(batch) - 1)
            else:
                earlier[i] = "awaiting_data" if before.year > target.year else "no_data"  # type: ignore[union-attr]
    if batch:
        in_batch = [targets[i] for i in batch]
        levels = _Levels(in_batch, series)
        labels = [s[i].label for s, i in zip(series, levels.last.tolist(), strict=True)]
        judged = _judge_levels(levels, in_batch, labels, as_of, thresholds)
        for i, progress in zip(batch, judged, strict=True):
            out[i] = progress
        if then:
            th = before_thresholds or thresholds
            codes = _statuses_before(levels, in_batch, then, last_year, before, th)  # type: ignore[arg-type]
            for r, code in zip(then, codes, strict=True):
                earlier[batch[r]] = code
    return out, earlier  # type: ignore[return-value]


def level_target(target: TargetInput) -> bool:
    """Whether the batch judges `target` itself (a level goal of a plain number), given figures
    that are finite floats below the overflow limit; every other target goes to judge_target."""
    v, bv = target.value, target.baseline_value
    return not (
        target.kind != "level"
        or target.comparator not in _COMPARATORS
        or target.path not in PATHS
        or target.direction not in DIRECTIONS
        or type(v) not in (float, int)
        or not math.isfinite(v)
        or abs(v) >= _LIMIT
        or (bv is not None and (not math.isfinite(bv) or abs(bv) >= _LIMIT))
    )


def grid_labels(levels: _Levels) -> list[str]:
    """Each row's latest label in a grid (`level_rows.level_grid_rows`'s): its latest figure's year."""
    return [_year_label(year) for year in levels.t.tolist()]


def grid_statuses_before(
    levels: _Levels,
    targets: list[TargetInput],
    as_of: dt.date,
    before: dt.date | None,
    th: Thresholds,
    wanted: Sequence[bool] | None,
) -> list[str | None]:
    """The statuses at `before` of the `wanted` rows of a grid (`level_grid_rows`'s), None for
    the others; from the figures before as_of's year less one, as `judge_with_previous` judges them."""
    earlier: list[str | None] = [None] * len(targets)
    if before is None:
        return earlier
    last_year = as_of.year - 1
    then = []
    for r, (target, first) in enumerate(zip(targets, levels.x[:, 0].tolist(), strict=True)):
        if wanted is not None and not wanted[r]:
            continue
        if first < last_year:
            then.append(r)
        else:
            earlier[r] = "awaiting_data" if before.year > target.year else "no_data"
    if then:
        codes = _statuses_before(levels, targets, then, last_year, before, th)
        for r, code in zip(then, codes, strict=True):
            earlier[r] = code
    return earlier


@functools.lru_cache(maxsize=512)
def _year_label(year: float) -> str:
    return str(int(year))


def _statuses_before(
    levels: _Levels, targets: list[TargetInput], rows: list[int], year: int, before: dt.date, th: Thresholds
) -> list[str]:
    """The statuses at `before` of `rows` (each with a figure before `year`), from the figures
    before `year`."""
    return _level_statuses(levels.before(rows, year), [targets[r] for r in rows], before, th)


def _known(target: TargetInput, pts: list[Point] | None, last_year: int) -> list[Point] | None:
    """known_series's points (sorted, one per year) for a level target the batch handles, else None."""
    if not level_target(target):
        return None
    if pts:
        fast = _plain_series(pts, last_year)
        if fast is not None:
            return fast
    by_year: dict[int, Point] = {}
    for p in pts or ():
        if p.year > last_year:
            continue
        value = p.value
        if not (math.isfinite(value) if type(value) is float else type(value) is int):
            continue
        if abs(value) >= _LIMIT:
            return None
        prev = by_year.get(p.year)
        if prev is not None and p.provisional and not prev.provisional:
            continue
        by_year[p.year] = p
    return [by_year[y] for y in sorted(by_year)]


def _plain_series(pts: list[Point], last_year: int) -> list[Point] | None:
    """`_known`'s answer for the usual series, checked in C rather than point by point: years
    strictly rising (so no year has two figures), every value a finite float below the limit.
    None when any of that fails: `_known` then goes point by point."""
    years = list(map(_YEAR, pts))
    if not all(map(lt, years, islice(years, 1, None))):
        return None
    values = list(map(_VALUE, pts))
    if not all(map(float.__instancecheck__, values)):
        return None
    if not math.isfinite(sum(values)) or max(map(abs, values)) >= _LIMIT:
        return None  # a NaN or inf makes the sum so; a finite overflow goes the long way too
    if years[-1] <= last_year:
        return list(pts)
    return pts[: bisect_right(years, last_year)]


def _without_series(target: TargetInput, as_of: dt.date) -> TargetProgress:
    out = TargetProgress(year_over=as_of.year > target.year)
    if out.year_over:
        out.set_status("awaiting_data")
        out.note = f"目标年（{target.year}年）数据尚未取得，待数据后评定"
    else:
        out.note = f"截至{as_of.isoformat()}尚无可用数据"
    return out


def _cagr(start: np.ndarray, end: np.ndarray, years: np.ndarray) -> np.ndarray:
    """growth.cagr per row (NaN for None)."""
    ok = (years > 0) & (start > 0) & (end > 0)
    with np.errstate(all="ignore"):
        g = (
            libm.exp(
                (libm.log(np.where(ok, end, 1.0)) - libm.log(np.where(ok, start, 1.0)))
                / np.where(ok, years, 1.0)
            )
            - 1
        )
    return np.where(ok & np.isfinite(g), g, np.nan)


def _simple_ratio(actual: np.ndarray, goal: np.ndarray, side: np.ndarray) -> np.ndarray:
    """completion.simple_ratio per row (NaN for None)."""
    with np.errstate(all="ignore"):
        up = np.where((goal <= 0) | (actual < 0), np.nan, actual / goal)
        down = np.where((actual <= 0) | (goal < 0), np.nan, goal / actual)
    r = np.where(side > 0, up, down)
    return np.where(np.isfinite(r), r, np.nan)


class _Columns:
    """The per-row numbers of a batch, as Python lists (what the rule loop reads)."""

    def __init__(self, **arrays: np.ndarray) -> None:
        for name, values in arrays.items():
            column = values.tolist()
            if values.dtype.kind == "f":  # NaN is None; found by numpy, not element by element
                for i in np.flatnonzero(np.isnan(values)).tolist():
                    column[i] = None
            else:
                column = [None if isinstance(x, float) and math.isnan(x) else x for x in column]
            setattr(self, name, column)


class _Levels:
    """The numbers every level rule reads, one row per target (NaN where judge_target has None),
    computed once for the judgement and for the status alone."""

    def __init__(self, targets: list[TargetInput], series: list[list[Point]]) -> None:
        rows = len(targets)
        n = np.fromiter(map(len, series), dtype=np.int64, count=rows)
        width = int(n.max())
        x = np.full((rows, width), np.inf)
        v = np.zeros((rows, width))
        prov = np.zeros((rows, width), dtype=bool)
        flat = list(chain.from_iterable(series))
        flat_r = np.repeat(np.arange(rows), n)
        flat_c = np.arange(len(flat)) - np.repeat(np.cumsum(n) - n, n)
        x[flat_r, flat_c] = list(map(_YEAR, flat))
        v[flat_r, flat_c] = list(map(_VALUE, flat))
        prov[flat_r, flat_c] = list(map(_PROVISIONAL, flat))
        self._start(targets, x, v, n, prov)

    @classmethod
    def from_grid(
        cls, targets: list[TargetInput], x: np.ndarray, v: np.ndarray, n: np.ndarray, prov: np.ndarray
    ) -> _Levels:
        """From the series laid out already (`level_rows.level_grid_rows`'s grid)."""
        out = object.__new__(cls)
        out._start(targets, x, v, n, prov)
        return out

    def _start(
        self, targets: list[TargetInput], x: np.ndarray, v: np.ndarray, n: np.ndarray, prov: np.ndarray
    ) -> None:
        rows = len(targets)
        ty = np.fromiter(map(_TARGET_YEAR, targets), dtype=float, count=rows)
        level = np.fromiter(map(_TARGET_VALUE, targets), dtype=float, count=rows)
        comp = np.array(list(map(_COMPARATOR, targets)))
        lower = np.array(list(map(_DIRECTION, targets))) == "lower"
        bv = np.array(list(map(_BASELINE_VALUE, targets)), dtype=float)  # None is NaN
        by = np.array(list(map(_BASELINE_YEAR, targets)), dtype=float)
        ps = np.fromiter(map(_PERIOD_START, targets), dtype=float, count=rows)
        self._given = (ty, level, comp, lower, bv, by, ps)
        self._derive(x, v, n, prov, ty, level, comp, lower, bv, by, ps)

    def before(self, rows: list[int], year: int) -> _Levels:
        """The same numbers for `rows` (each with a figure before `year`) from the figures before
        `year` only: a prefix of each series, which is in year order (the previous period)."""
        out = object.__new__(_Levels)
        x, v, prov = self.x[rows], self.v[rows], self.prov[rows]
        keep = x < year
        out._given = tuple(a[rows] for a in self._given)
        out._derive(  # type: ignore[call-arg]
            np.where(keep, x, np.inf), np.where(keep, v, 0.0), keep.sum(axis=1), prov & keep, *out._given
        )
        return out

    def _derive(
        self,
        x: np.ndarray,
        v: np.ndarray,
        n: np.ndarray,
        prov: np.ndarray,
        ty: np.ndarray,
        level: np.ndarray,
        comp: np.ndarray,
        lower: np.ndarray,
        bv: np.ndarray,
        by: np.ndarray,
        ps: np.ndarray,
    ) -> None:
        rows, width = x.shape
        side = np.where(
            np.isin(comp, (">=", ">")), 1, np.where(np.isin(comp, ("<=", "<")), -1, np.where(lower, -1, 1))
        )
        stated = ~np.isnan(bv)
        has_by = ~np.isnan(by)
        by = np.where(has_by, by, -1.0)
        t0_base = np.where(has_by, by, ps - 1)
        ar = np.arange(rows)
        col = np.arange(width)[None, :]

        # used = the figures up to the target year (all of them when none is); its last is A at t.
        u = (x <= ty[:, None]).sum(axis=1)
        u = np.where(u == 0, n, u)
        last = u - 1
        a, t = v[ar, last], x[ar, last]
        in_used = col < u[:, None]
        # The baseline (series.resolve_baseline on `used`).
        m1 = in_used & (x == by[:, None]) & has_by[:, None]
        f1, i1 = m1.any(axis=1), m1.argmax(axis=1)
        c2 = (in_used & (x <= (ps - 1)[:, None])).sum(axis=1)
        m3 = in_used & (x == ps[:, None])
        f3, i3 = m3.any(axis=1), m3.argmax(axis=1)
        idx = np.where(f1, i1, np.where(c2 > 0, c2 - 1, i3))
        observed = ~stated & (f1 | (c2 > 0) | f3)
        has_b = stated | observed
        b = np.where(stated, bv, np.where(observed, v[ar, idx], np.nan))
        bx = np.where(stated, t0_base, np.where(observed, x[ar, idx], np.nan))
        # Which way the latest figure moved.
        prev = np.where(last >= 1, v[ar, np.maximum(last - 1, 0)], np.where(has_b & (bx < t), b, np.nan))
        eps = _EPS * np.maximum(1.0, np.abs(prev))
        trend = np.where(a > prev + eps, 1, np.where(a < prev - eps, -1, 0))
        trend = np.where(np.isnan(prev), 9, trend)

        t0 = np.where(has_b, bx, t0_base)
        span = ty - t0
        with np.errstate(all="ignore"):
            elapsed = np.where(span > 0, np.minimum(1.0, np.maximum(0.0, (t - t0) / span)), np.nan)
            gain = side * (level - b) > 0
            lc = (a - b) / (level - b)
            q = level / b
            share = (libm.power(q, np.where(np.isnan(elapsed), 0.0, elapsed)) - 1) / (q - 1)
        self.x, self.v, self.n, self.prov, self.ar, self.col = x, v, n, prov, ar, col
        self.ty, self.level, self.comp, self.side, self.stated, self.t0_base = (
            ty,
            level,
            comp,
            side,
            stated,
            t0_base,
        )
        self.u, self.last, self.a, self.t, self.has_b, self.b, self.bx = u, last, a, t, has_b, b, bx
        self.trend, self.t0, self.elapsed, self.gain = trend, t0, elapsed, gain
        self.lc = np.where(np.isfinite(lc), lc, np.nan)
        self.share = np.where((b > 0) & (level > 0) & (level != b) & np.isfinite(share), share, np.nan)
        self.simple = _simple_ratio(a, level, side)
        self.worse = side * (a - b) < 0
        # The target year's own figure is in (a verdict needs it).
        self.at_target_year = ((x == ty[:, None]) & (col < n[:, None])).any(axis=1)


def _judge_levels(
    k: _Levels, targets: list[TargetInput], labels: list[str], as_of: dt.date, th: Thresholds
) -> list[TargetProgress]:
    """Each row's judgement; `labels[r]` the label of the row's latest figure used."""
    x, v, n, ty, level, comp, side = k.x, k.v, k.n, k.ty, k.level, k.comp, k.side
    stated, t0_base, a, t, b, t0 = k.stated, k.t0_base, k.a, k.t, k.b, k.t0
    met = bt.met(a, level, comp, side, th.approx_tolerance)
    required = np.where(ty > t, _cagr(a, level, ty - t), np.nan)
    achieved = _cagr(b, a, t - t0)
    planned = _cagr(b, level, ty - t0)

    forecast = bt.forecast_point(x, v, n, ty, level, comp, side, stated, t0_base, th, targets)
    cols = _Columns(
        a=a, t=t, b=b, bx=k.bx, elapsed=k.elapsed, lc=k.lc, share=k.share, achieved=achieved,
        planned=planned, simple=k.simple, required=required, **forecast,
    )  # fmt: skip
    u_l, n_l = k.u.tolist(), n.tolist()
    met_l, trend_l, gain_l, worse_l = met.tolist(), k.trend.tolist(), k.gain.tolist(), k.worse.tolist()
    stated_l, side_l, has_b_l, t0_l = stated.tolist(), side.tolist(), k.has_b.tolist(), t0_base.tolist()
    prov_l = k.prov[k.ar, k.last].tolist()
    at_target_year = k.at_target_year.tolist()
    results = []
    for r, target in enumerate(targets):
        label = labels[r]
        out = TargetProgress(year_over=as_of.year > target.year)
        out.latest_value, out.latest_period = cols.a[r], label
        notes: list[str] = []
        if u_l[r] < n_l[r]:
            notes.append(StatusNote(f"目标年份已过，按{label}数据评估"))
        if prov_l[r]:
            notes.append("最新值为初步数据")
        if has_b_l[r]:
            out.baseline_value = cols.b[r]
            out.baseline_year = int(t0_l[r]) if stated_l[r] else round(cols.bx[r])
        out.trend = _TREND[trend_l[r]]
        _rules(target, r, cols, out, notes, th, met_l[r], gain_l[r], worse_l[r], side_l[r], has_b_l[r])
        _stretch(target, out, notes)
        if out.year_over:
            notes = verdict_on(target, at_target_year[r], th, out, notes)
        out.note = "；".join(notes)
        _drop_non_finite(out)
        results.append(out)
    return results


def _level_statuses(k: _Levels, targets: list[TargetInput], as_of: dt.date, th: Thresholds) -> list[str]:
    """The status `_judge_levels` gives each row (`_rules`, then `verdict_on`), column by column."""
    a, t, b, ty, level, side, has_b = k.a, k.t, k.b, k.ty, k.level, k.side, k.has_b
    met = bt.met(a, level, k.comp, side, th.approx_tolerance)
    compound = np.array([t.path == "compound" for t in targets])
    nan = np.nan
    # Completion and expected progress as `_rules` leaves them (NaN for None).
    gained = np.where(np.isnan(k.elapsed), nan, np.where(compound & ~np.isnan(k.share), k.share, k.elapsed))
    held_simple = np.where(k.worse, np.minimum(k.simple, 1.0), k.simple)
    completion = np.where(has_b, np.where(k.gain, k.lc, held_simple), k.simple)
    expected = np.where(has_b, np.where(k.gain, gained, 1.0), k.elapsed)
    status = np.full(len(targets), "", dtype=object)
    open_ = np.ones(len(targets), dtype=bool)

    def settle(where: np.ndarray, code: np.ndarray | str) -> None:
        nonlocal open_
        chosen = open_ & where
        status[chosen] = code if isinstance(code, str) else code[chosen]
        open_ = open_ & ~chosen

    with np.errstate(all="ignore"):
        ceiling = np.isin(k.comp, ("<=", "<")) & (t < ty)
        held = ~has_b | (side * (level - b) <= 0)
        settle(ceiling & met, np.where(k.trend == 1, "ceiling_rising", "within_ceiling").astype(object))
        settle(ceiling & held, "over_ceiling")
        settle(met, "met")
        settle(~has_b & (np.isnan(k.elapsed) | (k.elapsed < 1)), "undeterminable")
        too_soon = has_b & (t - k.bx < th.min_elapsed_years)
        due = t >= ty
        completion = np.where(due & too_soon, k.simple, completion)
        expected = np.where(due & too_soon, 1.0, expected)
        settle(~due & too_soon, "no_data")
        ratio = completion / expected
        banded = np.where(
            ratio >= th.ahead,
            "ahead",
            np.where(
                ratio >= th.on_track, "on_track", np.where(ratio >= th.behind, "behind", "seriously_behind")
            ),
        ).astype(object)
        banded[completion < 0] = "seriously_behind"
        banded[np.isnan(completion) | np.isnan(expected) | (expected <= 0)] = "undeterminable"
        settle(open_, banded)
        # The target year is over: a verdict on that year's figure (verdict_on).
        over = as_of.year > ty
        goal = np.where(k.comp == "~", level - side * th.approx_tolerance * np.abs(level), level)
        share = _simple_ratio(a, goal, side)
        share = np.where(has_b & (side * (a - b) < 0), np.minimum(share, 1.0), share)
        verdict = np.where(
            np.isnan(share), "undeterminable", np.where(share >= th.nearly_met, "nearly_met", "missed")
        ).astype(object)
        keep = (status == "undeterminable") | (status == "met")
        verdict[keep] = status[keep]
        verdict[~k.at_target_year] = "awaiting_data"
    return np.where(over, verdict, status).tolist()


_TREND = {1: "rising", -1: "falling", 0: "flat", 9: None}


def _rules(
    target: TargetInput,
    r: int,
    c: _Columns,
    out: TargetProgress,
    notes: list[str],
    th: Thresholds,
    met: bool,
    gain: bool,
    worse: bool,
    side: int,
    has_b: bool,
) -> None:
    """engine._judge_level for one row, reading the batch's numbers."""
    a, t, t_target, level = c.a[r], c.t[r], float(target.year), float(target.value)  # type: ignore[arg-type]
    if t_target > t:
        out.required_growth = c.required[r]
    elapsed = c.elapsed[r]
    if has_b:
        out.achieved_growth, out.planned_growth = c.achieved[r], c.planned[r]
        if gain:
            out.completion = c.lc[r]
            if elapsed is not None:
                share = c.share[r] if target.path == "compound" else None
                if share is not None:
                    out.expected_progress = share
                else:
                    out.expected_progress = elapsed
                    if target.path != "linear":
                        notes.append("基期或目标值非正，复合增长路径无定义，按直线路径")
        else:
            out.completion = c.simple[r]
            if out.completion is not None and worse:
                out.completion = min(out.completion, 1.0)
            out.expected_progress = 1.0
            notes.append("基期已达到目标（保持型），完成率为实际值与目标值之比，较基期变差时不超过100%")
    else:
        out.completion = c.simple[r]
        out.expected_progress = elapsed
        notes.append("无基期值，完成率为简单比率（实际值/目标值），偏高估计进度")
    _put_forecast(r, c, out, notes, th)
    if target.comparator in ("<=", "<") and t < t_target:
        held = not has_b or side * (level - c.b[r]) <= 0
        if _judge_ceiling(level, a, met, held, out, notes):
            return
    if met:
        out.set_status("met")
        notes.append(StatusNote("已达到目标" if t < t_target else "目标年已达到目标"))
        if target.comparator == "~" and cm.overshoots_band(a, level, th.approx_tolerance):
            notes.append(f"超出目标区间（±{th.approx_tolerance:.0%}）")
        return
    if not has_b and (elapsed is None or elapsed < 1):
        out.set_status("undeterminable")
        notes.append(StatusNote("无基期值，目标年之前无法判断进度"))
        return
    t0 = c.bx[r] if has_b else None
    if t >= t_target:
        if has_b and t - t0 < th.min_elapsed_years:
            out.completion = c.simple[r]
            out.expected_progress = 1.0
        _apply_ratio(out, th)
        notes.append(StatusNote("目标年未达到目标"))
        return
    if has_b and t - t0 < th.min_elapsed_years:
        out.set_status("no_data")
        notes.append(StatusNote("尚无基期之后足够的数据，暂不评估进度"))
        return
    _apply_ratio(out, th)


def _put_forecast(r: int, c: _Columns, out: TargetProgress, notes: list[str], th: Thresholds) -> None:
    """outlook.forecast_point's last step, from the batch's numbers."""
    state, n = c.fc[r], c.fc_n[r]
    if state == 0:
        met = None if c.fc_p[r] is None else c.fc_p[r] == 1.0
        no_forecast(out, n, th, notes, done=True, met=met)
    elif state == 1:
        no_forecast(out, n, th, notes, done=False, met=None)
    elif state == 2:
        put_forecast(out, None, notes)
    else:
        model = "log-linear" if c.fc_log[r] else "linear"
        put_forecast(out, Forecast(c.fc_value[r], c.fc_low[r], c.fc_high[r], model, c.fc_p[r], n), notes)
