"""时序进度 (share of the plan period elapsed) and the completion expected by now (methods.md §1.1).

The path is a property of the indicator, not a global setting: methods.md's worked example
(936 → 1500) is behind a straight line but ahead of a compound path, so the label depends
on it. Counts, stocks and values grow geometrically; ratios, percentages and sums of flows
move in equal steps.
"""

from __future__ import annotations

import math


def time_elapsed(t: float, t0: float, t_target: float) -> float | None:
    """E = (t − t0)/(tT − t0), clipped to [0, 1]; None when the target year is not after t0."""
    span = t_target - t0
    if span <= 0:
        return None
    return min(1.0, max(0.0, (t - t0) / span))


def compound_share(elapsed: float, baseline: float, target: float) -> float | None:
    """E_g = ((T/B)^E − 1) / ((T/B) − 1): completion reached at time share E on a constant-growth path.

    None when the path is undefined (B or T not positive, or T = B); the caller then uses the
    straight line, as methods.md §1.4 prescribes for zero or negative values.
    """
    if baseline <= 0 or target <= 0 or target == baseline:
        return None
    q = target / baseline
    try:
        share = (q**elapsed - 1) / (q - 1)
    except (OverflowError, ZeroDivisionError):
        return None
    return share if math.isfinite(share) else None


def expected_share(elapsed: float, baseline: float, target: float, path: str) -> tuple[float, str]:
    """The completion expected by now and the path actually used ("compound" or "linear")."""
    if path == "compound":
        share = compound_share(elapsed, baseline, target)
        if share is not None:
            return share, "compound"
    return elapsed, "linear"
