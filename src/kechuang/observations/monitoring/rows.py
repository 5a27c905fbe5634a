"""A judged target as the pages and the CLI show it (TargetRow), and counting rows by status."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kechuang.observations.monitoring.inputs import TargetSpec
from kechuang.observations.progress import TREND_WORDS, Point, TargetProgress
from kechuang.plans.models import Target

# Status codes in the order the pages list and count them: verdicts on targets whose year is
# over, then the pace of those still to come, then ceilings, then what cannot be judged.
STATUS_ORDER = (
    "met",
    "nearly_met",
    "missed",
    "awaiting_data",
    "ahead",
    "on_track",
    "behind",
    "seriously_behind",
    "within_ceiling",
    "ceiling_rising",
    "over_ceiling",
    "no_data",
    "undeterminable",
    "not_applicable",
)

ALERT_WORDS = {"red": "红色预警", "warn": "预警"}


@dataclass
class TargetRow:
    """One target judged at a date, with what the pages and the CLI show beside it."""

    spec: TargetSpec
    progress: TargetProgress
    previous: TargetProgress | None
    points: list[Point]
    comparator_points: list[Point]
    points_source: str  # "indicator", "catalog" or "" (no figures)
    slipped: bool
    forecast_miss: bool
    alert: str | None
    target: Target | None = None  # the model row, when judged for a page
    # A target dated before the plan's period (an earlier plan's completion table): the plan's
    # record of the previous period, never counted among its statuses (judging.PlanRows.earlier).
    earlier: bool = False
    simulated: bool = False  # judged on a simulated (demo) figure: pages mark it (mark_simulated)

    @property
    def indicator(self) -> Any:
        return self.target.indicator if self.target is not None else None

    @property
    def status_code(self) -> str:
        return self.progress.status_code

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON object of `kechuang progress --json` (docs/cli.md)."""
        t, ind, inp = self.target, self.indicator, self.spec.input
        out: dict[str, Any] = {
            "target_id": self.spec.target_id,
            "indicator_id": self.spec.indicator_id,
            "indicator": ind.name if ind is not None else None,
            "category": ind.category if ind is not None else None,
            "unit": ind.unit if ind is not None else None,
            "attribute": ind.attribute if ind is not None else None,
            "target_year": inp.year,
            "comparator": inp.comparator,
            "kind": inp.kind,
            "target_value": inp.value,
            "target_text": t.text if t is not None else None,
            "path": inp.path,
            "data_from": self.points_source or None,
        }
        out.update(self.progress.to_dict())
        out["previous_status"] = self.previous.status if self.previous is not None else None
        out["previous_status_code"] = self.previous.status_code if self.previous is not None else None
        out["slipped"] = self.slipped
        out["forecast_miss"] = self.forecast_miss
        out["alert"] = self.alert
        out["alert_label"] = ALERT_WORDS.get(self.alert or "")
        out["trend_label"] = TREND_WORDS.get(self.progress.trend or "")
        out["earlier_period"] = self.earlier
        return out


def count_by_status(rows: Iterable[TargetRow]) -> dict[str, int]:
    """How many targets have each status, in `STATUS_ORDER` (zero counts kept, for stable tables)."""
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for row in rows:
        counts[row.status_code] = counts.get(row.status_code, 0) + 1
    return counts
