"""Registry figures flow into observations, so plan indicators mapped to the catalogue update themselves.

The registry sits above plans and observations (docs/architecture.md), so it hands its
figures over through ``record_observation`` like any other source.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from kechuang.observations.domain import record_observation
from kechuang.observations.models import Observation
from kechuang.plans.models import CatalogIndicator
from kechuang.registry import queries
from kechuang.registry.models import Carrier, Enterprise
from kechuang.tenancy.models import Area, AreaKind

SOURCE = "registry"


FIGURE_CODES = [
    "HNTE_COUNT",
    "TECH_SME",
    "LITTLE_GIANT",
    "INCUBATORS",
    "MAKER_SPACES",
    "UNIVERSITY_SCIENCE_PARKS",
    "CARRIERS",
    "INCUBATOR_TENANTS",
    "INCUBATOR_GRADUATES",
]


def _areas_with_registry_data() -> list[Area]:
    """Areas that hold enterprises or carriers, and every area above them."""
    leaf_ids = set(Enterprise.objects.values_list("area_id", flat=True).distinct())
    leaf_ids |= set(Carrier.objects.values_list("area_id", flat=True).distinct())
    by_id = {a.pk: a for a in Area.objects.all()}
    wanted: set[int] = set()
    for pk in leaf_ids:
        node = by_id.get(pk)
        while node is not None and node.pk not in wanted:
            wanted.add(node.pk)
            node = by_id.get(node.parent_id)
    kinds_below_city = {AreaKind.DISTRICT, AreaKind.TOWN, AreaKind.PARK, AreaKind.SUBPARK, AreaKind.CITY}
    return [by_id[pk] for pk in sorted(wanted) if by_id[pk].kind in kinds_below_city]


@transaction.atomic
def refresh_registry_observations(*, year: int, acting_user: object | None = None) -> int:
    """Record the registry's figures for ``year`` as observations (source "registry"); returns how many changed.

    Why: "the number of valid high-tech enterprises" is a query over certificates,
    so the observation is recomputed rather than typed. Side effects: creates or
    corrects ``Observation`` rows (with their revisions) through
    ``record_observation``; unchanged figures write nothing. Areas that had a
    registry figure before but no data now are recorded as zero.
    """

    catalogue = {c.code: c for c in CatalogIndicator.objects.filter(code__in=FIGURE_CODES)}
    if not catalogue:
        return 0
    areas = {a.pk: a for a in _areas_with_registry_data()}
    previously = Observation.objects.filter(
        source=SOURCE, catalog__in=catalogue.values(), period=str(year), indicator__isnull=True
    ).values_list("area_id", flat=True)
    missing = set(previously) - set(areas)
    areas.update({a.pk: a for a in Area.objects.filter(pk__in=missing)})
    changed = 0
    for area in areas.values():
        figures = queries.registry_figures(area, year)
        for code, value in figures.items():
            entry = catalogue.get(code)
            if entry is None:
                continue
            result = record_observation(
                catalog=entry,
                area=area,
                period=str(year),
                value=value,
                source=SOURCE,
                reason="登记库自动汇总",
                acting_user=acting_user,
            )
            changed += int(result.changed)
    return changed


def refresh_years(*dates: dt.date | None, acting_user: object | None = None) -> None:
    """Recompute the registry figures of the years a change touches (entry, exit, issue, expiry dates).

    Callers run it in the transaction of the change itself, so a failure here undoes the
    change too and the figures never disagree with the records they count.
    """
    for year in sorted({d.year for d in dates if d is not None}):
        refresh_registry_observations(year=year, acting_user=acting_user)
