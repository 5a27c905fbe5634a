"""Each plan's targets counted by status, from stored judgements in one grouped query when they
are there (a national overview of thousands of plans), else from rows judged on demand."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db.models import IntegerField, Q, TextField
from django.db.models.functions import Cast

from kechuang.common.rows import fetch_rows
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

    @classmethod
    def total(cls, tallies: Iterable[PlanTally]) -> PlanTally:
        """The tallies added up (as `add` does, in one pass: a nation has thousands of plans)."""
        counts: dict[str, int] = {}
        get = counts.get
        alerts = bare = 0
        simulated = False
        for tally in tallies:
            for code, n in tally.counts.items():
                counts[code] = get(code, 0) + n
            alerts += tally.alerts
            bare += tally.without_figures
            simulated = simulated or tally.simulated
        return cls(counts, alerts, simulated, bare)

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


def stored_tallies(
    plan_ids: Iterable[int], audience: str, as_of: dt.date, *, within: Q | None = None
) -> dict[int, PlanTally]:
    """Tallies of the plans whose judgements are all stored for `as_of` (others are absent).

    `within`, a filter over summaries (``plan__…``; ``Q()`` for every plan) that holds all of
    `plan_ids`, is read instead of binding the ids, which is slow for thousands of them; only the
    plans of `plan_ids` are returned either way."""
    ids = list(plan_ids)
    wanted = set(ids)
    stored = PlanJudgementSummary.objects.filter(audience=audience, as_of=as_of)
    if within is not None:
        queries = [stored.filter(within)] if ids else []
    else:
        queries = [stored.filter(plan_id__in=ids[start : start + 5000]) for start in range(0, len(ids), 5000)]
    out: dict[int, PlanTally] = {}
    for query in queries:
        # Read as the database gives them, with no conversion row by row (a national overview reads
        # thousands): the counts as text, decoded in one call, and the flag as a number.
        fields = (
            "plan_id",
            Cast("counts", TextField()),
            "alerts",
            Cast("simulated", IntegerField()),
            "without_figures",
        )
        rows = [r for r in fetch_rows(query.values_list(*fields)) if r[0] in wanted]
        counts = json.loads("[" + ",".join(r[1] or "{}" for r in rows) + "]")
        for (plan_id, _, alerts, simulated, bare), by_status in zip(rows, counts, strict=True):
            out[plan_id] = PlanTally(by_status, alerts, bool(simulated), bare)
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
    within: Q | None = None,
) -> dict[int, PlanTally]:
    """Every plan's tally: stored for today's plans in force, `judge(plans)` for the rest.

    `plans` need only `pk` and `status` (models or light references); `judge` receives the
    plans without a stored tally, as given, and loads what it needs. `within`: a filter over
    summaries holding all the plans, if the caller has one (see `stored_tallies`)."""
    stored: dict[int, PlanTally] = {}
    if as_of == today:
        in_force = [p.pk for p in plans if p.status == PlanStatus.PUBLISHED]
        stored = stored_tallies(in_force, audience, as_of, within=within)
    rest = [p for p in plans if p.pk not in stored]
    judged = judge(rest) if rest else {}
    return {p.pk: stored[p.pk] if p.pk in stored else tally_rows(judged.get(p.pk, [])) for p in plans}
