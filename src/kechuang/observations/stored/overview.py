"""The monitoring overview's plans: counted over every plan in scope, listed one screen at a time.

Why: a national overview has thousands of plans but shows fifty. For today, the plans are
counted and paged in SQL and their tallies read from the stored summaries, so no plan is read
in Python unless it is on the screen or judged on demand (in review, or published without a
stored summary: few). For another date every plan is judged on demand anyway, so they are all
read, counted and paged in Python. Both give the same plans in the same order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.core.paginator import Page, Paginator
from django.db.models import Exists, FilteredRelation, IntegerField, OuterRef, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.functional import cached_property

from kechuang.common.rows import fetch_rows
from kechuang.observations.models import PlanJudgementSummary
from kechuang.observations.monitoring.rows import TargetRow
from kechuang.observations.stored.tallies import (
    PlanTallies,
    PlanTally,
    StoredTallies,
    plan_tallies,
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


@dataclass
class OverviewPlans:
    """The plans on screen (ids in order) with their tallies, the tally of every plan in scope,
    how many there are, how many the status filter keeps, and the page when there is more than one."""

    shown: list[int]
    scope: list[int]  # every plan in scope (ids)
    tallies: Mapping[int, PlanTally]  # holds at least the plans shown
    total: PlanTally
    plan_count: int
    shown_count: int
    first_year: int | None
    page: Page | None
    models: list[Any] | None = None  # the plans shown, when read as models already (`shown_as`)


class _CountedPaginator(Paginator):
    """A paginator over a query whose length is already known (counted without reading it)."""

    def __init__(self, object_list: Any, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known = count

    @cached_property
    def count(self) -> int:
        return self._known


def scope_with_summaries(
    plans: QuerySet, audience: str, as_of: dt.date
) -> tuple[list[PlanRef], StoredTallies]:
    """Every plan in scope (`PlanRef`s) and the stored tallies of those in force, in one query:
    the plans joined to their summary for the date (at most one: one per plan and audience)."""
    summary = FilteredRelation(
        "judgement_summaries",
        condition=Q(judgement_summaries__audience=audience, judgement_summaries__as_of=as_of),
    )
    rows = fetch_rows(
        plans.order_by()
        .annotate(summary=summary)
        .values_list(
            "pk",
            "status",
            "period_start",
            Cast("summary__counts", TextField()),
            "summary__alerts",
            Cast("summary__simulated", IntegerField()),
            "summary__without_figures",
        )
    )
    refs = [PlanRef(pk, state, start) for pk, state, start, *_ in rows]
    published = PlanStatus.PUBLISHED
    kept = [(r[0], *r[3:]) for r in rows if r[3] is not None and r[1] == published]
    return refs, StoredTallies.of_rows(kept)


def stored_overview(
    plans: QuerySet,
    *,
    as_of: dt.date,
    audience: str,
    judge: Judge,
    within: Q | None = None,
    status: str = "",
    per_page: int | None,
    page: str | None = None,
    shown_as: Callable[[QuerySet], QuerySet] | None = None,
) -> OverviewPlans:
    """Today's overview: stored plans counted from their summaries and paged in SQL, the others
    judged on demand (`judge` receives their `PlanRef`s) and placed among them by the same order.

    `status` keeps the plans with targets of that status; without `per_page` every plan kept is
    listed (an export). `within` is not needed: the summaries are read through `plans`. With
    `shown_as` (the ordered plans → the query of what the page shows of them), the screen's plans
    are read as models in the paging query itself: one round trip fewer than ids, then models."""
    refs, stored = scope_with_summaries(plans, audience, as_of)
    judged: dict[int, PlanTally] = {}
    rest = [p for p in refs if p.pk not in stored]  # in review, or published without a summary
    if rest:
        by_plan = judge(rest)
        judged = {p.pk: tally_rows(by_plan.get(p.pk, [])) for p in rest}
    listed, shown_count = plans, len(refs)
    if status:  # a tile opens the plans that have targets of its status
        also = [pk for pk, tally in judged.items() if tally.counts.get(status)]
        has_it = PlanJudgementSummary.objects.filter(
            plan=OuterRef("pk"), audience=audience, as_of=as_of, counts__has_key=status
        )
        listed = plans.filter((Q(status=PlanStatus.PUBLISHED) & Exists(has_it)) | Q(pk__in=also))
        shown_count = stored.having(status) + len(also)
    ordered = listed.order_by(*ORDER)
    rows = shown_as(ordered) if shown_as is not None else ordered.values_list("pk", flat=True)
    current = None
    if per_page is not None and shown_count > per_page:  # one screen at a time
        current = _CountedPaginator(rows, per_page, shown_count).get_page(page)
        read = list(current.object_list)
    else:
        read = list(rows)
    models = read if shown_as is not None else None
    shown = [p.pk for p in read] if models is not None else read
    return OverviewPlans(
        shown=shown,
        scope=[p.pk for p in refs],
        tallies=PlanTallies(shown, stored, judged),
        total=PlanTally.total([stored.total(), *judged.values()]),
        plan_count=len(refs),
        shown_count=shown_count,
        first_year=min((p.period_start for p in refs), default=None),
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
        scope=[p.pk for p in refs],
        tallies=tallies,
        total=tallies.total(),
        plan_count=len(refs),
        shown_count=len(kept),
        first_year=min((p.period_start for p in refs), default=None),
        page=current,
    )
