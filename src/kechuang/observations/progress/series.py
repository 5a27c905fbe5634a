"""Which observations are known at a date, and where the plan's baseline comes from.

Rule (docs/progress.md §2): an annual value for year Y describes the end of Y (a stock) or the
whole of Y (a flow), so it is known only after Y ends — it is used when Y < as_of.year.
Points for later years are ignored even if the caller passes them (revisions, test data,
typos). A caller that reads a stock on the day itself (e.g. valid high-tech enterprises from
the registry) may pass `include_current_year=True`: a point for as_of.year then counts as a
reading at the date, placed at the fraction of the year elapsed.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from .types import Point, TargetInput


@dataclass(frozen=True)
class Obs:
    """An observation placed on the time axis: x is in years, x = Y means the end of year Y."""

    x: float
    value: float
    point: Point

    @property
    def year(self) -> int:
        return self.point.year


@dataclass(frozen=True)
class Baseline:
    """The plan's starting value B at time t0, and where it came from (for the note)."""

    value: float
    x: float
    source: str  # "target" (stated in the plan) or "observation"


def year_fraction(as_of: dt.date) -> float:
    """Share of as_of's year that has passed, for an in-year reading."""
    start = dt.date(as_of.year, 1, 1)
    days = (dt.date(as_of.year + 1, 1, 1) - start).days
    return (as_of - start).days / days


def known_series(
    points: list[Point] | None, as_of: dt.date, *, include_current_year: bool = False
) -> list[Obs]:
    """Observations known at as_of, one per year, sorted by time.

    Non-finite values are dropped (a bad import must not crash the page). When a year occurs
    twice, a final figure beats a provisional one, and otherwise the later one in the list wins
    (the caller passes revisions in order).
    """
    by_year: dict[int, Point] = {}
    last_year = as_of.year if include_current_year else as_of.year - 1
    for p in points or []:
        if p.year > last_year:
            continue
        value = p.value  # finite float or int only; inline, as this runs once per observation
        if not (math.isfinite(value) if type(value) is float else type(value) is int):
            continue
        prev = by_year.get(p.year)
        if prev is not None and p.provisional and not prev.provisional:
            continue
        by_year[p.year] = p
    out = []
    for year in sorted(by_year):
        x = float(year)
        if year == as_of.year:
            x = year - 1 + year_fraction(as_of)
        out.append(Obs(x=x, value=float(by_year[year].value), point=by_year[year]))
    return out


def base_year(target: TargetInput) -> int:
    """The 基期 year: stated in the plan, else the year before the period (2020 for 2021–2025)."""
    if target.baseline_year is not None:
        return target.baseline_year
    return target.period_start - 1


def resolve_baseline(target: TargetInput, series: list[Obs]) -> Baseline | None:
    """B and t0 for completion and the expected path.

    Order: the value stated in the plan; else the observation for the stated base year; else
    the latest observation at or before the year before the period (the 基期 convention of
    Chinese plans: 十四五 2021–2025 counts from 2020); else an observation for the first year of
    the period. None when nothing fits: completion then falls back to the simple ratio A/T.
    """
    t0 = base_year(target)
    if target.baseline_value is not None and math.isfinite(target.baseline_value):
        return Baseline(value=float(target.baseline_value), x=float(t0), source="target")
    if target.baseline_year is not None:
        for o in series:
            if o.year == target.baseline_year and o.x == o.year:
                return Baseline(value=o.value, x=o.x, source="observation")
    before = [o for o in series if o.year <= target.period_start - 1 and o.x == o.year]
    if before:
        o = before[-1]
        return Baseline(value=o.value, x=o.x, source="observation")
    for o in series:
        if o.year == target.period_start and o.x == o.year:
            return Baseline(value=o.value, x=o.x, source="observation")
    return None
