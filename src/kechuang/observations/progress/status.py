"""Status bands on the schedule ratio, and the alert rules built on them (methods.md §1.5).

No published Chinese standard fixes the numbers between 超前/正常/滞后/严重滞后 (methods.md
§1.3), so the bands reuse the Eurostat / Open SDG ratio cut-offs 0.95 and 0.60, which makes
them citable, plus 1.10 for 超前; an administrator can change all of them per plan.
"""

from __future__ import annotations

from .types import TargetProgress, Thresholds

# Lower is better. Codes outside this map (no_data, not_applicable, undeterminable) are not
# on the scale: a change to or from them is not a slip.
SEVERITY: dict[str, int] = {
    "met": 0,
    "ahead": 1,
    "on_track": 2,
    "behind": 3,
    "seriously_behind": 4,
}


def band(ratio: float, thresholds: Thresholds) -> str:
    """Status code for schedule ratio r = completion ÷ expected completion."""
    if ratio >= thresholds.ahead:
        return "ahead"
    if ratio >= thresholds.on_track:
        return "on_track"
    if ratio >= thresholds.behind:
        return "behind"
    return "seriously_behind"


def severity(status_code: str) -> int | None:
    """Rank of a status for alerts (0 = met … 4 = seriously behind); None when not ranked."""
    return SEVERITY.get(status_code)


def status_changes(previous: TargetProgress, current: TargetProgress) -> bool:
    """True when the status slipped since the previous period (预警: "status drops a level").

    Only moves down the ranked scale count; improvements and moves to or from 无数据 /
    不适用 / 无法判断 do not.
    """
    before, now = severity(previous.status_code), severity(current.status_code)
    return before is not None and now is not None and now > before


def forecast_miss(progress: TargetProgress, thresholds: Thresholds | None = None) -> bool:
    """True when the forecast says the target will probably be missed (P(met) < likelihood_warn)."""
    t = thresholds or Thresholds()
    return progress.likelihood is not None and progress.likelihood < t.likelihood_warn


def alert_level(
    progress: TargetProgress, previous: TargetProgress | None = None, thresholds: Thresholds | None = None
) -> str | None:
    """'red' when P(met) < likelihood_red, 'warn' on a slip or a likely miss, else None."""
    t = thresholds or Thresholds()
    if progress.likelihood is not None and progress.likelihood < t.likelihood_red:
        return "red"
    if forecast_miss(progress, t) or (previous is not None and status_changes(previous, progress)):
        return "warn"
    return None
