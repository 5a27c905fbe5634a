"""Which judged targets rest on simulated figures, so that every page showing one says so."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F, Q

from kechuang.observations.enums import PeriodKind
from kechuang.observations.models import Observation
from kechuang.observations.monitoring.rows import TargetRow

_BIND_LIMIT = 500


def mark_simulated(rows: Iterable[TargetRow], *, figures: Q | None = None) -> bool:
    """Set ``row.simulated`` on every row judged on at least one simulated figure; True if any.

    Why: a status, completion or latest value computed from demo figures must carry the
    模拟数据 mark wherever it appears, not only in the figures table. A row counts as
    simulated when a simulated annual figure exists among the figures it was judged on —
    its own (indicator, area), the catalogue entry's for the area when it fell back to
    those, or the parent area's for a relative target. ``figures`` is the same access
    filter the page judged with, so a figure the reader cannot see marks nothing. One query.
    """
    rows = list(rows)
    own: set[tuple[int, int]] = set()
    catalog: set[tuple[int, int]] = set()
    for row in rows:
        spec = row.spec
        if row.points_source == "indicator":
            own.add((spec.indicator_id, spec.area_id))
        elif row.points_source == "catalog" and spec.catalog_id is not None:
            catalog.add((spec.catalog_id, spec.area_id))
        if row.comparator_points and spec.catalog_id is not None and spec.parent_area_id is not None:
            catalog.add((spec.catalog_id, spec.parent_area_id))
    if not own and not catalog:
        return False
    where = Q(pk__in=[])
    if own:
        indicators = {i for i, _ in own}
        plans = {row.spec.plan_id for row in rows}
        # Thousands of indicator ids (a rebuild's chunk of plans) bind slowly: their plans instead,
        # a wider read that the pairs below narrow again.
        # Each own figure is in its indicator's plan's area: matched by that join, not by a list of
        # areas (SQLite would probe every indicator once per area).
        if len(indicators) > _BIND_LIMIT:
            where |= Q(indicator__plan_id__in=plans, area_id=F("indicator__plan__area_id"))
        else:
            where |= Q(indicator_id__in=indicators, area_id__in={a for _, a in own})
    if catalog:
        where |= Q(catalog_id__in={c for c, _ in catalog}, area_id__in={a for _, a in catalog})
    found = Observation.objects.filter(where, simulated=True, period_kind=PeriodKind.YEAR)
    if figures is not None:
        found = found.filter(figures)
    sim_own: set[tuple[int, int]] = set()
    sim_catalog: set[tuple[int, int]] = set()
    for indicator_id, catalog_id, area_id in found.values_list("indicator_id", "catalog_id", "area_id"):
        if indicator_id is not None:
            sim_own.add((indicator_id, area_id))
        if catalog_id is not None:
            sim_catalog.add((catalog_id, area_id))
    any_simulated = False
    for row in rows:
        spec = row.spec
        if row.points_source == "indicator":
            hit = (spec.indicator_id, spec.area_id) in sim_own
        elif row.points_source == "catalog":
            hit = (spec.catalog_id, spec.area_id) in sim_catalog
        else:
            hit = False
        if row.comparator_points and (spec.catalog_id, spec.parent_area_id) in sim_catalog:
            hit = True
        row.simulated = hit
        any_simulated = any_simulated or hit
    return any_simulated
