"""The monitoring overview's plans: counted over every plan in scope, listed one screen at a time.

Why: a national overview has thousands of plans but shows fifty. For today, the plans are
counted and paged in SQL and their tallies read from the stored summaries, so no plan is read
in Python unless it is on the screen or judged on demand (in review, or published without a
stored summary: few). For another date every plan is judged on demand anyway, so they are all
read, counted and paged in Python. Both give the same plans in the same order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet
from django.utils.functional import cached_property

from kechuang.common.rows import fetch_prepared, fetch_rows, grand_total
from kechuang.observations.models import PlanJudgementSummary
from kechuang.observations.monitoring.rows import TargetRow
from kechuang.observations.stored.tallies import (
    PlanTallies,
    PlanTally,
    plan_tallies,
    stored_tallies,
    tally_rows,
)
from kechuang.plans.enums import PlanStatus

# The overview's order; the id last, so that a page read with LIMIT/OFFSET meets every plan once.
ORDER = ("-period_end", "title", "pk")

Judge = Callable[[list[Any]], dict[int, list[TargetRow]]]


class PlanRef(NamedTuple):
    """A plan as the overview first reads it: enough to count and page, not to show."""

    pk: int
    status: str
    period_start: int


class AreaName(NamedTuple):
    pk: int
    name: str


@dataclass(frozen=True, slots=True)
class ShownPlan:
    """A plan as the overview's rows show it (`monitor_rows`): what a superuser's page of every
    plan reads, in a query compiled once, instead of models."""

    pk: int
    title: str
    area_id: int
    area: AreaName
    period_start: int
    period_end: int
    status: str

    def get_status_display(self) -> str:
        return str(PlanStatus(self.status).label) if self.status in PlanStatus.values else self.status


_SHOWN_COLUMNS = ("pk", "title", "area_id", "area__name", "period_start", "period_end", "status")


class _EveryPlanInOrder:
    """Every plan of `plans` (a superuser's scope: the same query for all who have it) in the
    overview's order, as `ShownPlan`s, for a paginator: each page one query compiled once per
    process (`fetch_prepared`). Building and compiling it, and making the plans and their areas
    models, cost the ORM ten times the query's own time on every overview."""

    def __init__(self, plans: QuerySet, count: int) -> None:
        self._plans, self._count = plans, count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, part: slice) -> list[ShownPlan]:
        start, stop = part.start or 0, part.stop

        def page() -> QuerySet:
            return self._plans.order_by(*ORDER).values_list(*_SHOWN_COLUMNS)[start:stop]

        rows = fetch_prepared(("overview plans", start, stop), page)
        return [
            ShownPlan(pk, title, area_id, AreaName(area_id, name), *rest)
            for pk, title, area_id, name, *rest in rows
        ]


class ScopeSize(NamedTuple):
    """How many plans are in scope, and the first year of any (the as-of picker starts there)."""

    count: int
    first_year: int | None


def scope_size(plans: QuerySet, *, key: Hashable | None = None) -> ScopeSize:
    """One aggregate over the plans in scope, none of them read; with `key` (the scope is the same
    for everyone it names: every plan, a superuser's), compiled once (`fetch_prepared`)."""

    def counted() -> QuerySet:  # COUNT(*) reads no id
        return grand_total(plans, n=Count("*"), first=Min("period_start"))

    rows = fetch_rows(counted()) if key is None else fetch_prepared(("scope_size", key), counted)
    return ScopeSize(*rows[0]) if rows else ScopeSize(0, None)  # no row: a scope no plan can be in


@dataclass
class OverviewPlans:
    """The plans on screen (ids in order) with their tallies, the tally of every plan in scope,
    how many there are, how many the status filter keeps, and the page when there is more than one."""

    shown: list[int]
    tallies: Mapping[int, PlanTally]  # holds at least the plans shown
    total: PlanTally
    plan_count: int
    shown_count: int
    first_year: int | None
    page: Page | None
    models: list[Any] | None = None  # the plans shown, read by `shown_as`, when it was given


class _CountedPaginator(Paginator):
    """A paginator over a query whose length is already known (counted without reading it)."""

    def __init__(self, object_list: Any, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known = count

    @cached_property
    def count(self) -> int:
        return self._known


def _stored_elsewhere(audience: str, as_of: dt.date) -> Exists:
    """The plan (the outer query's) has a stored summary for the date, so it is not judged on demand."""
    return Exists(PlanJudgementSummary.objects.filter(plan=OuterRef("pk"), audience=audience, as_of=as_of))


def stored_overview(
    plans: QuerySet,
    size: ScopeSize,
    *,
    as_of: dt.date,
    audience: str,
    judge: Judge,
    within: Q | None = None,
    every_plan: bool = False,
    shown_as: Callable[[QuerySet], QuerySet] | None = None,
    status: str = "",
    per_page: int | None,
    page: str | None = None,
) -> OverviewPlans:
    """Today's overview: stored plans counted from their summaries and paged in SQL, the others
    judged on demand (`judge` receives their `PlanRef`s) and placed among them by the same order.

    `status` keeps the plans with targets of that status; without `per_page` every plan kept is
    listed (an export). `within` is not needed: the summaries are those of `plans` (an EXISTS per
    summary costs SQLite less than a join, or than binding thousands of ids). With `every_plan`
    (`plans` is every plan not closed, a superuser's scope) no summary is checked at all: only
    plans in force have summaries (`hooks.forget_plan`). With `shown_as` (the plans' query made
    to read what the screen shows) the plans shown are read as models in the paging query; a
    page of every plan as `ShownPlan`s (`_EveryPlanInOrder`)."""
    if every_plan:
        stored = stored_tallies(None, audience, as_of)
    else:
        in_force = plans.order_by().filter(pk=OuterRef("plan_id"), status=PlanStatus.PUBLISHED)
        stored = stored_tallies(None, audience, as_of, within=Q(Exists(in_force)))
    judged: dict[int, PlanTally] = {}
    if size.count > len(stored):  # each summary is one plan in scope: the rest are judged
        rest_q = plans.exclude(Q(status=PlanStatus.PUBLISHED) & _stored_elsewhere(audience, as_of))
        rest = [PlanRef._make(r) for r in rest_q.order_by(*ORDER).values_list("pk", "status", "period_start")]
        by_plan = judge(rest) if rest else {}
        judged = {p.pk: tally_rows(by_plan.get(p.pk, [])) for p in rest}
    stale = {pk for pk in judged if pk in stored}  # judged on demand, so not counted twice
    listed, shown_count = plans, size.count
    if status:  # a tile opens the plans that have targets of its status
        also = [pk for pk, tally in judged.items() if tally.counts.get(status)]
        has_it = PlanJudgementSummary.objects.filter(
            plan=OuterRef("pk"), audience=audience, as_of=as_of, counts__has_key=status
        )
        listed = plans.filter((Q(status=PlanStatus.PUBLISHED) & Exists(has_it)) | Q(pk__in=also))
        shown_count = stored.having(status, stale) + len(also)
    ordered = listed.order_by(*ORDER)
    rows = ordered.values_list("pk", flat=True) if shown_as is None else shown_as(ordered)
    current = None
    if per_page is not None and shown_count > per_page:  # one screen at a time
        if every_plan and not status and shown_as is not None:
            rows = _EveryPlanInOrder(plans, shown_count)
        current = _CountedPaginator(rows, per_page, shown_count).get_page(page)
        shown = list(current.object_list)
    else:
        shown = list(rows)
    models = None
    if shown_as is not None:
        models, shown = shown, [p.pk for p in shown]
    return OverviewPlans(
        shown=shown,
        tallies=PlanTallies(shown, stored, judged),
        total=PlanTally.total([stored.total(stale), *judged.values()]),
        plan_count=size.count,
        shown_count=shown_count,
        first_year=size.first_year,
        page=current,
        models=models,
    )


def judged_overview(
    plans: QuerySet,
    *,
    as_of: dt.date,
    today: dt.date,
    audience: str,
    judge: Judge,
    within: Q | None = None,
    status: str = "",
    per_page: int | None,
    page: str | None = None,
) -> OverviewPlans:
    """The overview read plan by plan (another date, when every plan is judged on demand)."""
    refs = [
        PlanRef._make(r)
        for r in fetch_rows(plans.order_by(*ORDER).values_list("pk", "status", "period_start"))
    ]
    tallies = plan_tallies(refs, as_of=as_of, today=today, audience=audience, judge=judge, within=within)
    kept = [p.pk for p in refs if tallies[p.pk].counts.get(status)] if status else [p.pk for p in refs]
    current = None
    shown = kept
    if per_page is not None and len(kept) > per_page:
        current = Paginator(kept, per_page).get_page(page)
        shown = list(current.object_list)
    return OverviewPlans(
        shown=shown,
        tallies=tallies,
        total=tallies.total(),
        plan_count=len(refs),
        shown_count=len(kept),
        first_year=min((p.period_start for p in refs), default=None),
        page=current,
    )
