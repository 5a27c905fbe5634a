"""The catalogue indicators of the annual report: an area's annual figures beside the other areas
of the same city, year by year.

Rules (docs/reports.md, 年度报告):
- the indicators are the catalogue entries the area's plans map their indicators to (in plan
  order), then those the area has area-level statistics for; at most ``MAX_INDICATORS``;
- the areas compared are those of the same kind in the same city (districts with districts,
  towns with towns); above city level, those with the same parent; at most ``MAX_PEERS`` others;
- one figure per area and year: an area-level figure first, else a plan indicator's of that
  catalogue entry; a final figure before a provisional one (as the monitoring does);
- the report's own area and the peers the reader may see use the figures the reader may use
  (``observations.access.figure_filter``); a peer outside the reader's areas contributes only
  the figures the public progress page would use: final, not simulated, never of a draft
  (``public_figure_filter``). The public version uses only those for every area.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from kechuang.observations.access import figure_filter, public_figure_filter
from kechuang.observations.enums import ObservationStatus, PeriodKind
from kechuang.observations.models import Observation
from kechuang.plans.models import CatalogIndicator, Indicator, Plan
from kechuang.tenancy.access import visible_area_ids
from kechuang.tenancy.models import Area, AreaKind

MAX_INDICATORS = 12
MAX_PEERS = 15
YEARS_SHOWN = 6
_ABOVE_CITY = {AreaKind.COUNTRY, AreaKind.PROVINCE, AreaKind.CITY}
KIND_WORDS = {
    AreaKind.DISTRICT: "区（县）",
    AreaKind.TOWN: "街镇",
    AreaKind.PARK: "园区",
    AreaKind.SUBPARK: "分园",
    AreaKind.CITY: "市",
    AreaKind.PROVINCE: "省",
}


@dataclass
class Cell:
    value: float
    provisional: bool
    simulated: bool


@dataclass
class IndicatorComparison:
    entry: CatalogIndicator
    years: list[int]
    areas: list[Area]
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)  # (area id, year) → figure

    def value(self, area: Area, year: int) -> float | None:
        cell = self.cells.get((area.pk, year))
        return None if cell is None else cell.value

    def has_data(self) -> bool:
        return bool(self.cells)

    def rank(self, area: Area, year: int) -> tuple[int, int] | None:
        """(place, of how many areas with a figure) in ``year``; best first by the entry's direction."""
        values = [(a.pk, v) for a in self.areas if (v := self.value(a, year)) is not None]
        mine = self.value(area, year)
        if mine is None or len(values) < 2:
            return None
        lower = self.entry.direction == "lower"
        better = sum(1 for _, v in values if (v < mine if lower else v > mine))
        return better + 1, len(values)


def city_of(area: Area) -> Area | None:
    return next((a for a in reversed(area.ancestors()) if a.kind == AreaKind.CITY), None)


def comparison_areas(area: Area) -> tuple[list[Area], str]:
    """The area first, then the others it is compared with, and the words naming that group."""
    city = city_of(area)
    if city is None or area.kind in _ABOVE_CITY:
        scope = area.parent
        peers = (
            Area.objects.filter(parent=area.parent, kind=area.kind) if area.parent else Area.objects.none()
        )
    else:
        scope = city
        peers = Area.objects.filter(pk__in=city.descendant_ids(), kind=area.kind)
    others = list(peers.exclude(pk=area.pk).order_by("code")[:MAX_PEERS])
    words = f"{scope.name}各{KIND_WORDS.get(area.kind, '地区')}" if scope else "同级地区"
    return [area, *others], words


def catalogue_entries(plans: list[Plan], area: Area, years: list[int]) -> list[CatalogIndicator]:
    """The entries the plans map to (plan order), then those with area-level figures of the area."""
    ids: list[int] = []
    mapped = (
        Indicator.objects.filter(plan__in=plans, catalog__isnull=False, role="goal")
        .order_by("plan__area__code", "-plan__period_end", "plan_id", "position", "pk")
        .values_list("catalog_id", flat=True)
    )
    for cid in mapped:
        if cid not in ids:
            ids.append(cid)
    stats = (
        Observation.objects.filter(
            indicator__isnull=True, area=area, period_kind=PeriodKind.YEAR, year__in=years
        )
        .order_by("catalog__code")
        .values_list("catalog_id", flat=True)
    )
    for cid in stats:
        if cid not in ids:
            ids.append(cid)
    entries = CatalogIndicator.objects.in_bulk(ids[:MAX_INDICATORS])
    return [entries[i] for i in ids[:MAX_INDICATORS] if i in entries]


def _public(qs):
    return qs.filter(public_figure_filter(), simulated=False).exclude(status=ObservationStatus.PROVISIONAL)


def compare_indicators(
    area: Area, year: int, plans: list[Plan], *, user: object | None, public: bool
) -> tuple[list[IndicatorComparison], str]:
    """Each catalogue indicator's figures, year by year, for the area and the areas compared."""
    years = list(range(year - YEARS_SHOWN + 1, year + 1))
    areas, words = comparison_areas(area)
    entries = catalogue_entries(plans, area, years)
    if not entries:
        return [], words
    base = Observation.objects.filter(
        catalog__in=entries, period_kind=PeriodKind.YEAR, year__in=years, area__in=areas
    )
    if public:
        rows = _public(base)
    else:
        seen = visible_area_ids(user) if user is not None else None
        own_ids = {a.pk for a in areas if seen is None or a.pk in seen}
        mine = base.filter(area_id__in=own_ids)
        allowed = figure_filter(user) if user is not None else None
        if allowed is not None:
            mine = mine.filter(allowed)
        rows = mine | _public(base.exclude(area_id__in=own_ids))
    comparisons = {e.pk: IndicatorComparison(e, years, areas) for e in entries}
    ranks: dict[tuple[int, int, int], tuple[int, int]] = {}
    for cat, area_id, yr, value, status, simulated, indicator_id in rows.order_by("year", "pk").values_list(
        "catalog_id", "area_id", "year", "value", "status", "simulated", "indicator_id"
    ):
        provisional = status == ObservationStatus.PROVISIONAL
        rank = (0 if indicator_id is None else 1, 1 if provisional else 0)
        key = (cat, area_id, yr)
        if key in ranks and ranks[key] <= rank:
            continue
        ranks[key] = rank
        comparisons[cat].cells[(area_id, yr)] = Cell(value, provisional, simulated)
    return [comparisons[e.pk] for e in entries], words


def plans_of_year(area: Area, year: int, *, user: object | None) -> list[Plan]:
    """Published plans of the area and the areas below it whose period covers ``year``."""
    from kechuang.plans.access import visible_plans
    from kechuang.plans.enums import PlanStatus

    qs = visible_plans(user) if user is not None else Plan.objects.select_related("area")
    return list(
        qs.filter(
            Q(area_id__in=area.descendant_ids()),
            status=PlanStatus.PUBLISHED,
            period_start__lte=year,
            period_end__gte=year,
        ).order_by("area__code", "-period_end", "title")
    )
