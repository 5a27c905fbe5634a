"""The comparison page's entries from stored judgements: one row per plan indicator of a catalogue
entry, read in one query (thousands of areas), with the trend's figures loaded only for the page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db.models import Q

from kechuang.observations.enums import PeriodKind
from kechuang.observations.models import Observation, PlanJudgementSummary, TargetJudgement
from kechuang.observations.monitoring.dashboard import CompareEntry
from kechuang.observations.monitoring.inputs import ObservationIndex
from kechuang.observations.stored import store
from kechuang.plans.enums import Comparator

_FIELDS = (
    "plan_id",
    "plan__title",
    "plan__area_id",
    "plan__area__name",
    "target__indicator_id",
    "target__indicator__name",
    "target_id",
    "target__year",
    "target__value",
    "target__comparator",
    "simulated",
    "points_source",
    "progress",
)


def stored_plan_ids(plan_ids: Iterable[int], audience: str, as_of: dt.date) -> set[int]:
    """The plans whose judgements for `as_of` are stored."""
    return set(
        PlanJudgementSummary.objects.filter(
            plan_id__in=list(plan_ids), audience=audience, as_of=as_of
        ).values_list("plan_id", flat=True)
    )


def stored_entries(
    plan_ids: Iterable[int], catalog_id: int, audience: str, as_of: dt.date
) -> list[CompareEntry]:
    """One entry per plan indicator of the catalogue entry: its last-year numeric target (else its
    last target), as `dashboard.primary_row` picks it; `points` left empty (see `add_points`)."""
    labels = dict(Comparator.choices)
    best: dict[int, tuple] = {}
    rows = TargetJudgement.objects.filter(
        plan_id__in=list(plan_ids),
        audience=audience,
        as_of=as_of,
        earlier=False,
        target__indicator__catalog_id=catalog_id,
    ).values_list(*_FIELDS)
    for r in rows:
        key = (r[8] is not None, r[7], r[6])  # numeric first, then the latest year, then the last made
        held = best.get(r[4])
        if held is None or key > held[0]:
            best[r[4]] = (key, r)
    entries = []
    for _, r in best.values():
        progress = store.progress_from(r[12])
        entry = CompareEntry(
            area_name=r[3],
            plan_area_id=r[2],
            plan_id=r[0],
            plan_title=r[1],
            indicator_id=r[4],
            indicator_name=r[5],
            target_year=r[7],
            target_value=r[8],
            comparator=labels.get(r[9], r[9]),
            latest_value=progress.latest_value,
            latest_period=progress.latest_period,
            completion=progress.completion_shown,
            status=progress.status,
            status_code=progress.status_code,
            simulated=r[10],
        )
        entry.points_source = r[11]
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
