"""Each plan's targets counted by status, from stored judgements in one grouped query when they
are there (a national overview of thousands of plans), else from rows judged on demand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter, methodcaller
from typing import Any, Protocol

import orjson
from django.db import connections, router
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


class StoredTallies(Mapping[int, PlanTally]):
    """Stored tallies by plan id, each made a `PlanTally` when first read: a national overview
    counts thousands of plans, adds them up and shows fifty."""

    def __init__(self, rows: list[tuple], counts: list[dict[str, int]]) -> None:
        self._rows = rows  # (plan id, counts as text, alerts, simulated, without figures)
        self._counts = counts  # the decoded counts, in the order of rows
        self._at = dict(zip(map(itemgetter(0), rows), range(len(rows)), strict=True))
        self._made: dict[int, PlanTally] = {}

    def __getitem__(self, plan_id: int) -> PlanTally:
        tally = self._made.get(plan_id)
        if tally is None:
            i = self._at[plan_id]
            _, _, alerts, simulated, bare = self._rows[i]
            tally = self._made[plan_id] = PlanTally(dict(self._counts[i]), alerts, bool(simulated), bare)
        return tally

    def __contains__(self, plan_id: object) -> bool:
        return plan_id in self._at

    def __iter__(self) -> Iterator[int]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)

    def total(self, leaving_out: Collection[int] = ()) -> PlanTally:
        """All of them added up but the plans `leaving_out`, from the rows as read (the same as
        `PlanTally.total`); column by column and status by status, so that no Python loop runs once
        per plan."""
        every, rows = self._counts, self._rows
        if leaving_out:
            kept = [i for i, row in enumerate(rows) if row[0] not in leaving_out]
            every, rows = [every[i] for i in kept], [rows[i] for i in kept]
        counts = {code: sum(map(methodcaller("get", code, 0), every)) for code in _codes(every)}
        return PlanTally(
            counts,
            sum(map(itemgetter(2), rows)),
            any(map(itemgetter(3), rows)),
            sum(map(itemgetter(4), rows)),
        )

    def having(self, code: str, leaving_out: Collection[int] = ()) -> int:
        """How many plans but those `leaving_out` have targets of status `code` (a stored count is
        never zero)."""
        return sum(map(methodcaller("__contains__", code), self._counts)) - sum(
            1 for pk in leaving_out if pk in self._at and code in self._counts[self._at[pk]]
        )


def _codes(counts: list[dict[str, int]]) -> list[str]:
    """The status codes the counts hold, in the order they first appear (as adding them up gives)."""
    return list(dict.fromkeys(chain.from_iterable(counts)))


def stored_tallies(
    plan_ids: Iterable[int] | None, audience: str, as_of: dt.date, *, within: Q | None = None
) -> StoredTallies:
    """Tallies of the plans whose judgements are all stored for `as_of` (others are absent).

    `within`, a filter over summaries (``plan__…``; ``Q()`` for every plan) that holds all of
    `plan_ids`, is read instead of binding the ids, which is slow for thousands of them; only the
    plans of `plan_ids` are returned either way. With `plan_ids` None: every summary `within` (every
    one, without `within`)."""
    if plan_ids is None and within is None:
        rows = _every_summary(audience, as_of)
        return StoredTallies(rows, _decoded(rows))
    stored = PlanJudgementSummary.objects.filter(audience=audience, as_of=as_of).order_by()
    if plan_ids is None:
        rows = fetch_rows(stored.filter(within).values_list(*_FIELDS))
        return StoredTallies(rows, _decoded(rows))
    wanted = plan_ids if isinstance(plan_ids, set) else set(plan_ids)
    if within is not None:
        queries = [stored.filter(within)] if wanted else []
    else:
        ids = sorted(wanted)
        queries = [stored.filter(plan_id__in=ids[start : start + 5000]) for start in range(0, len(ids), 5000)]
    rows = [r for query in queries for r in fetch_rows(query.values_list(*_FIELDS)) if r[0] in wanted]
    return StoredTallies(rows, _decoded(rows))


# Read as the database gives them, with no conversion row by row (a national overview reads
# thousands): the counts as text, decoded in one call, and the flag as a number.
_FIELDS = (
    "plan_id",
    Cast("counts", TextField()),
    "alerts",
    Cast("simulated", IntegerField()),
    "without_figures",
)


def _every_summary(audience: str, as_of: dt.date) -> list[tuple]:
    """Every plan's summary for the date, as `_FIELDS` reads them: the superuser's overview, on
    every request, in SQL written once (building the query took a third as long as running it)."""
    connection = connections[router.db_for_read(PlanJudgementSummary)]
    if connection.vendor == "postgresql":
        counts, simulated = "counts::text", "simulated::int"
    else:
        counts, simulated = "CAST(counts AS text)", "CAST(simulated AS integer)"
    table = connection.ops.quote_name(PlanJudgementSummary._meta.db_table)
    sql = (
        f"SELECT plan_id, {counts}, alerts, {simulated}, without_figures FROM {table}"  # noqa: S608 — our names
        " WHERE audience = %s AND as_of = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [audience, as_of])
        return cursor.fetchall()


def _decoded(rows: list[tuple]) -> list[dict[str, int]]:
    # One decode for every plan's counts (never NULL), by orjson: a quarter of json's time.
    return orjson.loads("[" + ",".join(map(itemgetter(1), rows)) + "]")


class PlanTallies(Mapping[int, PlanTally]):
    """Every plan's tally by plan id, in the order of the plans given (see `plan_tallies`)."""

    def __init__(self, order: list[int], stored: StoredTallies, judged: dict[int, PlanTally]) -> None:
        self._order, self._stored, self._judged = order, stored, judged

    def __getitem__(self, plan_id: int) -> PlanTally:
        tally = self._judged.get(plan_id)
        return self._stored[plan_id] if tally is None else tally

    def __contains__(self, plan_id: object) -> bool:
        return plan_id in self._judged or plan_id in self._stored

    def __iter__(self) -> Iterator[int]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def total(self) -> PlanTally:
        """Every plan's tally added up."""
        return PlanTally.total([self._stored.total(), *self._judged.values()])


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
) -> PlanTallies:
    """Every plan's tally: stored for today's plans in force, `judge(plans)` for the rest.

    `plans` need only `pk` and `status` (models or light references); `judge` receives the
    plans without a stored tally, as given, and loads what it needs. `within`: a filter over
    summaries holding all the plans, if the caller has one (see `stored_tallies`)."""
    stored = StoredTallies([], [])
    if as_of == today:
        in_force = {p.pk for p in plans if p.status == PlanStatus.PUBLISHED}
        stored = stored_tallies(in_force, audience, as_of, within=within)
    rest = [p for p in plans if p.pk not in stored]
    judged = judge(rest) if rest else {}
    return PlanTallies([p.pk for p in plans], stored, {p.pk: tally_rows(judged.get(p.pk, [])) for p in rest})
