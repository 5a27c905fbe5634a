"""Each plan's targets counted by status, from stored judgements in one grouped query when they
are there (a national overview of thousands of plans), else from rows judged on demand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from kechuang.observations.models import PlanJudgementSummary
from kechuang.observations.monitoring.rows import STATUS_ORDER, TargetRow
from kechuang.plans.enums import PlanStatus


@dataclass
class PlanTally:
    """A plan's targets of this period by status, its alerts, and whether a simulated figure was used."""

    counts: dict[str, int] = field(default_factory=dict)
    alerts: int = 0
    simulated: bool = False
    without_figures: int = 0  # judged on no figure at all

    @property
    def targets(self) -> int:
        return sum(self.counts.values())

    def add(self, other: PlanTally) -> None:
        for code, n in other.counts.items():
            self.counts[code] = self.counts.get(code, 0) + n
        self.alerts += other.alerts
        self.without_figures += other.without_figures
        self.simulated = self.simulated or other.simulated

    def ordered(self) -> list[tuple[str, int]]:
        """(status code, count) in display order, only the statuses some target has."""
        return [(code, self.counts[code]) for code in STATUS_ORDER if self.counts.get(code)]


def tally_rows(rows: Iterable[TargetRow]) -> PlanTally:
    """The tally of rows judged on demand (mark their `simulated` first)."""
    out = PlanTally()
    for row in rows:
        if row.earlier:
            continue
        out.counts[row.status_code] = out.counts.get(row.status_code, 0) + 1
        out.alerts += 1 if row.alert else 0
        out.simulated = out.simulated or row.simulated
        out.without_figures += 0 if row.points else 1
    return out


def stored_tallies(plan_ids: Iterable[int], audience: str, as_of: dt.date) -> dict[int, PlanTally]:
    """Tallies of the plans whose judgements are all stored for `as_of` (others are absent)."""
    ids = list(plan_ids)
    out: dict[int, PlanTally] = {}
    for start in range(0, len(ids), 5000):
        rows = PlanJudgementSummary.objects.filter(
            plan_id__in=ids[start : start + 5000], audience=audience, as_of=as_of
        ).values_list("plan_id", "counts", "alerts", "simulated", "without_figures")
        for plan_id, counts, alerts, simulated, bare in rows:
            out[plan_id] = PlanTally(dict(counts), alerts, simulated, bare)
    return out


class PlanLike(Protocol):
    pk: int
    status: str


def plan_tallies(
    plans: Sequence[PlanLike],
    *,
    as_of: dt.date,
    today: dt.date,
    audience: str,
    judge: Callable[[list[Any]], dict[int, list[TargetRow]]],
) -> dict[int, PlanTally]:
    """Every plan's tally: stored for today's plans in force, `judge(plans)` for the rest.

    `plans` need only `pk` and `status` (models or light references); `judge` receives the
    plans without a stored tally, as given, and loads what it needs."""
    stored: dict[int, PlanTally] = {}
    if as_of == today:
        in_force = [p.pk for p in plans if p.status == PlanStatus.PUBLISHED]
        stored = stored_tallies(in_force, audience, as_of)
    rest = [p for p in plans if p.pk not in stored]
    judged = judge(rest) if rest else {}
    return {p.pk: stored[p.pk] if p.pk in stored else tally_rows(judged.get(p.pk, [])) for p in plans}
