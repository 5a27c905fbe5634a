"""Whether a target is met, and the completion rate 完成率 (methods.md §1.1, §1.4).

Comparators decide *whether* a value meets the goal; the indicator's direction decides which
way is good where the comparator does not say ("=" and "~").
"""

from __future__ import annotations

import math

# Relative slack for "=" so that 3.1 computed as 3.0999999 still counts.
_EPS = 1e-9


def goal_side(comparator: str, direction: str) -> int:
    """+1 when the goal is to be at or above the target, −1 when at or below it."""
    if comparator in (">=", ">"):
        return 1
    if comparator in ("<=", "<"):
        return -1
    return -1 if direction == "lower" else 1


def met_threshold(target: float, comparator: str, direction: str, tolerance: float) -> float:
    """The value the actual must reach for the goal to count as met.

    For "~" (左右) the band edge on the short side: 3.1左右 is met from 3.1·(1 − 5 %) up. Beyond
    the band on the good side still counts as met (more R&D than "about 3.1 %" is no failure);
    the note says it overshoots.
    """
    if comparator == "~":
        return target - goal_side(comparator, direction) * tolerance * abs(target)
    return target


def is_met(actual: float, target: float, comparator: str, direction: str, tolerance: float) -> bool:
    """Does the actual satisfy the comparator? "=" means reaching the number in the good direction."""
    side = goal_side(comparator, direction)
    slack = _EPS * max(1.0, abs(target))
    if comparator == ">":
        return actual > target
    if comparator == "<":
        return actual < target
    threshold = met_threshold(target, comparator, direction, tolerance)
    if comparator == "~":
        slack += _EPS * max(1.0, abs(target))
    return side * (actual - threshold) >= -slack


def overshoots_band(actual: float, target: float, tolerance: float) -> bool:
    """For "~": is the actual outside the ±tolerance band (used only for the note)?"""
    return abs(actual - target) > tolerance * abs(target) * (1 + _EPS)


def level_completion(actual: float, baseline: float, target: float) -> float | None:
    """C = (A − B)/(T − B). Works in both directions because T − B carries the sign.

    None when T = B (a "保持" target), where the formula divides by zero.
    """
    span = target - baseline
    if span == 0:
        return None
    c = (actual - baseline) / span
    return c if math.isfinite(c) else None


def simple_ratio(actual: float, target: float, side: int) -> float | None:
    """A/T (or T/A when lower is better): completion when there is no baseline.

    It overstates progress (936 → 1500 is 62 % in the base year, methods.md §1.1), so the
    note labels it. None when a value is not positive, where a ratio has no meaning.
    """
    if side > 0:
        if target <= 0 or actual < 0:
            return None
        r = actual / target
    else:
        if actual <= 0 or target < 0:
            return None
        r = target / actual
    return r if math.isfinite(r) else None


def growth_completion(achieved: float, target_rate: float) -> float | None:
    """Achieved average growth ÷ the required rate (Eurostat's R with g_req = g_target)."""
    if target_rate == 0:
        return None
    r = achieved / target_rate
    return r if math.isfinite(r) else None


def increment_completion(total: float, increment: float) -> float | None:
    """Σ flows since the period began ÷ the increment the plan sets (新增 / 累计 N)."""
    if increment == 0:
        return None
    c = total / increment
    return c if math.isfinite(c) else None
