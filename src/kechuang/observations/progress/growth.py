"""Average annual growth: achieved so far, planned, and still needed (methods.md §1.1).

Compound growth is only defined between positive values; with a zero or negative value at
either end these return None instead of a misleading number (Open SDG substitutes 0.001,
which makes the answer depend on that constant — methods.md §1.4).
"""

from __future__ import annotations

import math


def cagr(start: float, end: float, years: float) -> float | None:
    """(end/start)^(1/years) − 1; None when undefined (non-positive values or no time between)."""
    if years <= 0 or start <= 0 or end <= 0:
        return None
    if not (math.isfinite(start) and math.isfinite(end)):
        return None
    try:
        g = math.exp((math.log(end) - math.log(start)) / years) - 1
    except (OverflowError, ZeroDivisionError):
        return None
    return g if math.isfinite(g) else None


def achieved_growth(baseline: float, latest: float, years: float) -> float | None:
    """g_act = (A/B)^(1/(t − t0)) − 1, the average annual growth since the base year."""
    return cagr(baseline, latest, years)


def planned_growth(baseline: float, target: float, years: float) -> float | None:
    """g_req = (T/B)^(1/(tT − t0)) − 1, the rate the plan implies from its base year."""
    return cagr(baseline, target, years)


def required_growth(latest: float, target: float, years_left: float) -> float | None:
    """g_rem = (T/A)^(1/(tT − t)) − 1, the rate still needed from the latest value (还需年均增长)."""
    return cagr(latest, target, years_left)


def growth_target_rate(value: float, direction: str) -> float:
    """The target rate as a fraction per year from the plan's percent.

    A lower-is-better indicator with a positive rate ("单位GDP能耗年均下降3%" stored as 3) means a
    decline, so the sign is flipped; a rate already given as negative is taken as written.
    """
    rate = value / 100.0
    if direction == "lower" and rate > 0:
        rate = -rate
    return rate


def implied_level(baseline: float, rate: float, years: float) -> float | None:
    """T = B·(1+g)^(tT − t0): the level a growth target implies for the target year."""
    if years < 0 or rate <= -1:
        return None
    try:
        level = baseline * (1 + rate) ** years
    except OverflowError:
        return None
    return level if math.isfinite(level) else None
