"""Status bands on the schedule ratio, and the alert rules built on them (methods.md §1.5).

No published Chinese standard fixes the numbers between 超前/正常/滞后/严重滞后 (methods.md
§1.3), so the bands reuse the Eurostat / Open SDG ratio cut-offs 0.95 and 0.60, which makes
them citable, plus 1.10 for 超前; an administrator can change all of them per plan.
"""

from __future__ import annotations

from .types import VERDICTS, TargetProgress, Thresholds

# Lower is better. Codes outside this map (no_data, not_applicable, undeterminable,
# awaiting_data) are not on the scale: a change to or from them is not a slip. A verdict sits
# on the same scale as the pace it ends, so 正常 last year and 未完成 now is a slip.
SEVERITY: dict[str, int] = {
    "met": 0,
    "within_ceiling": 0,
    "ahead": 1,
    "on_track": 2,
    "nearly_met": 2,
    "behind": 3,
    "ceiling_rising": 3,
    "seriously_behind": 4,
    "over_ceiling": 4,
    "missed": 4,
}

# Statuses that are an alert by themselves, whatever the forecast says. 基本完成 is not: the
# target year is over and the goal was all but reached; it is a result to report, not a risk.
STATUS_ALERTS: dict[str, str] = {
    "missed": "red",
    "over_ceiling": "red",
    "ceiling_rising": "warn",
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
    """True when the forecast says the target will probably be missed (P(met) < likelihood_warn).

    A verdict (the target year's figure is in) is no forecast: its P is 1 or 0 by definition,
    and the verdict itself says whether the target was missed.
    """
    t = thresholds or Thresholds()
    if progress.status_code in VERDICTS and progress.status_code != "awaiting_data":
        return False
    return progress.likelihood is not None and progress.likelihood < t.likelihood_warn


def alert_level(
    progress: TargetProgress, previous: TargetProgress | None = None, thresholds: Thresholds | None = None
) -> str | None:
    """'red' for 未完成, 超出上限 or P(met) < likelihood_red; 'warn' for a ceiling trending up, a
    slip or a likely miss; else None."""
    code = previous.status_code if previous is not None else None
    return alert_of(progress.status_code, progress.likelihood, code, thresholds or Thresholds())[0]


def alert_of(
    status_code: str, likelihood: float | None, previous_code: str | None, t: Thresholds
) -> tuple[str | None, bool, bool]:
    """(`alert_level`, `status_changes`, `forecast_miss`) of a judgement with this status and
    likelihood, the previous period's status being `previous_code` (None: not judged).

    Why codes and not judgements: a rebuild asks this of 120,000 judgements, most of whose
    previous periods exist only as a status code."""
    now = SEVERITY.get(status_code)
    before = SEVERITY.get(previous_code) if previous_code is not None else None
    slipped = before is not None and now is not None and now > before
    miss = (
        (status_code not in VERDICTS or status_code == "awaiting_data")
        and likelihood is not None
        and likelihood < t.likelihood_warn
    )
    by_status = STATUS_ALERTS.get(status_code)
    if by_status == "red" or (miss and likelihood < t.likelihood_red):  # type: ignore[operator]
        return "red", slipped, miss
    if by_status or miss or slipped:
        return "warn", slipped, miss
    return None, slipped, miss
