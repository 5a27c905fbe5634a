"""The comparison page's entries from stored judgements: one row per plan indicator of a catalogue
entry, read in one query (thousands of areas), with the trend's figures loaded only for the page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import Exists, F, FilteredRelation, OuterRef, Q, QuerySet

from kechuang.observations.enums import PeriodKind
from kechuang.observations.models import Observation
from kechuang.observations.monitoring.dashboard import CompareEntry
from kechuang.observations.monitoring.inputs import ObservationIndex
from kechuang.observations.progress import STATUS_WORDS
from kechuang.observations.stored.store import of_audience
from kechuang.plans.enums import Comparator
from kechuang.plans.models import Target

_TARGET_FIELDS = (
    "pk",
    "indicator__plan_id",
    "indicator__plan__title",
    "indicator__plan__area_id",
    "indicator__plan__area__name",
    "indicator_id",
    "indicator__name",
    "year",
    "value",
    "comparator",
)
_JUDGEMENT_FIELDS = (
    "mine__id",
    "mine__simulated",
    "mine__points_source",
    "mine__status_code",
    "mine__latest_value",
    "mine__latest_period",
    "mine__completion_shown",
)


def stored_entries(
    plans: QuerySet, catalog_id: int, audience: str, as_of: dt.date, *, national: bool = False
) -> list[CompareEntry]:
    """One entry per plan indicator of the catalogue entry whose judgement is stored for `as_of`:
    its last-year numeric target (else its last target), as `dashboard.primary_row` picks it;
    `points` left empty (see `add_points`). `plans` is a queryset (a subquery: thousands of ids
    bound one by one are slow to plan on PostgreSQL)."""
    labels = dict(Comparator.choices)
    # One query: the targets (reached through the catalogue entry's indicators) with their stored
    # judgement joined on, rather than the judgements filtered by a subquery of targets.
    mine = FilteredRelation(
        "judgements",
        condition=of_audience(audience, "judgements__")
        & Q(judgements__as_of=as_of, judgements__earlier=False),
    )
    # Every plan of the country: the scope as EXISTS, so SQLite starts from the catalogue entry's
    # indicators (3,000) instead of every indicator in scope (120,000). A district's or a city's
    # plans: the scope as IN, so it starts from their few indicators.
    if national:
        in_scope = Exists(plans.order_by().filter(pk=OuterRef("indicator__plan_id")))
    else:
        in_scope = Q(indicator__plan__in=plans)
    targets = (
        Target.objects.filter(
            in_scope,
            indicator__catalog_id=catalog_id,
            year__gte=F("indicator__plan__period_start"),  # not the previous period's record
        )
        .annotate(mine=mine)
        .order_by()
        .values_list(*_TARGET_FIELDS, *_JUDGEMENT_FIELDS)
    )
    best: dict[int, tuple] = {}
    for t in targets:
        key = (t[8] is not None, t[7], t[0])  # numeric first, then the latest year, then the last made
        held = best.get(t[5])
        if held is None or key > held[0]:
            best[t[5]] = (key, t)
    entries = []
    for _, t in best.values():
        judged, simulated, source, code, latest, period, completion = t[len(_TARGET_FIELDS) :]
        if judged is None:
            continue
        entry = CompareEntry(
            area_name=t[4],
            plan_area_id=t[3],
            plan_id=t[1],
            plan_title=t[2],
            indicator_id=t[5],
            indicator_name=t[6],
            target_year=t[7],
            target_value=t[8],
            comparator=labels.get(t[9], t[9]),
            latest_value=latest,
            latest_period=period or None,
            completion=completion,
            status=STATUS_WORDS.get(code, code),
            status_code=code,
            simulated=simulated,
        )
        entry.points_source = source
        entries.append(entry)
    entries.sort(key=lambda e: (e.area_name, e.plan_title))
    return entries


def add_points(entries: Sequence[CompareEntry], catalog_id: int, figures: Q | None) -> None:
    """Fill the trend figures of `entries` (the page shown), read as the judgement read them."""
    wanted = [e for e in entries if getattr(e, "points_source", "")]
    if not wanted:
        return
    areas = {e.plan_area_id for e in wanted}
    where = Q(indicator_id__in={e.indicator_id for e in wanted}, area_id__in=areas) | Q(
        catalog_id=catalog_id, area_id__in=areas
    )
    qs = Observation.objects.filter(where, period_kind=PeriodKind.YEAR)
    if figures is not None:
        qs = qs.filter(figures)
    index = ObservationIndex()
    for row in qs.order_by("year", "pk").values_list(
        "indicator_id", "catalog_id", "area_id", "year", "period", "value", "status"
    ):
        index.add(*row)
    for e in wanted:
        own = index.own(e.indicator_id, e.plan_area_id)
        e.points = own if e.points_source == "indicator" else index.catalog(catalog_id, e.plan_area_id)
