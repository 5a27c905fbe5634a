"""The engine's inputs from database columns: TargetSpec, make_input, path_for and the ObservationIndex."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from operator import itemgetter, lt

from kechuang.observations.enums import ObservationStatus
from kechuang.observations.progress import Point, TargetInput
from kechuang.plans.enums import Accumulation

# Units (and name words) of shares and ratios: their goals move in percentage points, so the
# expected path is a straight line; counts and amounts grow by a rate, so their path compounds.
_RATIO_UNITS = ("%", "％", "‰", "百分点", "比")
_RATIO_WORDS = ("比重", "占比", "强度", "比例", "比率", "覆盖率", "转化率", "率")


@functools.lru_cache(maxsize=4096)  # a rebuild asks for every target; names and units repeat
def path_for(*, unit: str, name: str = "") -> str:
    """`linear` for percentages and ratios, `compound` for counts and amounts (docs/progress.md)."""
    unit = unit or ""
    if any(u in unit for u in _RATIO_UNITS):
        return "linear"
    if not unit and any(w in name for w in _RATIO_WORDS):
        return "linear"
    return "compound"


def is_earlier(year: int, period_start: int) -> bool:
    """A target dated before its plan's period belongs to the previous period's record."""
    return year < period_start


@dataclass(frozen=True, slots=True)
class TargetSpec:
    """What the adapter needs to know about one target, however it was read."""

    target_id: int
    indicator_id: int
    plan_id: int
    area_id: int
    parent_area_id: int | None
    catalog_id: int | None
    input: TargetInput
    earlier: bool = False  # dated before the plan's period: the previous period's record


def make_input(
    *,
    value: float | None,
    year: int,
    comparator: str,
    kind: str,
    direction: str,
    unit: str,
    name: str,
    accumulation: str,
    baseline_year: int | None,
    baseline_value: float | None,
    period_start: int,
    period_end: int,
    stretch: float | None = None,
) -> TargetInput:
    """A `TargetInput` from the columns of Target, Indicator and Plan.

    A target dated before the plan's period (an earlier plan's completion table, e.g. a 2020
    goal inside a 2021–2025 plan) is judged as a goal of that earlier period: a period of the
    same length ending in its year, and the plan's base only when it lies before that year.
    """
    if year < period_start:
        span = period_end - period_start
        period_start, period_end = year - span, year
        if baseline_year is None or baseline_year >= year:
            baseline_year, baseline_value = None, None
    # The frozen dataclass's __init__ sets each field through object.__setattr__, most of the
    # cost for a rebuild's 120,000 inputs: its fields are filled in at once instead (every one,
    # so the result equals TargetInput(...) and hashes the same).
    made = _new_object(TargetInput)
    made.__dict__.update(
        value=value,
        year=year,
        comparator=comparator,
        kind=kind,
        direction=direction,
        path=path_for(unit=unit, name=name),
        baseline_year=baseline_year,
        baseline_value=baseline_value,
        period_start=period_start,
        period_end=period_end,
        measure="stock" if accumulation == Accumulation.STOCK else "flow",
        stretch=stretch,
    )
    return made


_new_object = object.__new__


_PROVISIONAL = str(ObservationStatus.PROVISIONAL.value)
# Point(...) without the named tuple's Python-level __new__: a third faster for 1.2 M figures.
_new_point = tuple.__new__
_YEAR = itemgetter(2)  # of `add_own`'s rows
_BOOL = (False, True)  # SQLite gives a comparison as 0 or 1
_YEAR_LABELS = {year: str(year) for year in range(1900, 2200)}


class ObservationIndex:
    """Annual points by (indicator, area) and by (catalogue entry, area), filled from one query."""

    def __init__(self) -> None:
        self.by_indicator: dict[tuple[int, int], list[Point]] = defaultdict(list)
        # (catalog, area) → {year: (rank, point)}; rank 0 = an area-level catalogue figure.
        self._by_catalog: dict[tuple[int, int], dict[int, tuple[int, Point]]] = defaultdict(dict)

    def add(
        self,
        indicator_id: int | None,
        catalog_id: int | None,
        area_id: int,
        year: int,
        period: str,
        value: float,
        status: str,
        *,
        own: bool = True,
        catalog: bool = True,
    ) -> None:
        """File one observation row under its indicator (`own`) and its catalogue entry (`catalog`)."""
        # Positional and against a plain str: this runs once per observation (1.2 M at national scale).
        point = Point(year, value, status == _PROVISIONAL, period)
        if own and indicator_id is not None:
            self.by_indicator[(indicator_id, area_id)].append(point)
        if catalog and catalog_id is not None:
            rank = 0 if indicator_id is None else 1
            slot = self._by_catalog[(catalog_id, area_id)]
            held = slot.get(year)
            if held is None or rank < held[0] or (rank == held[0] and held[1].provisional):
                slot[year] = (rank, point)

    def add_own(self, rows: Iterable[tuple]) -> None:
        """`add(...)` of own annual figures for many rows of (indicator id, area id, year, value,
        provisional) in any order: one loop, no call per row.

        Why these columns: an annual figure's period is its year written out (`Period.label`),
        and an indicator has one figure a year in an area (`observation_unique_indicator_period`),
        so neither the period text nor the row id is read (a fifth of the query's time).
        Why any order: sorting every figure of a chunk of plans by year was most of the
        database's work for the query; each indicator's figures come in year order anyway (the
        index they are read by), so only a series that does not is sorted here."""
        grouped: dict[tuple[int, int], list[tuple]] = defaultdict(list)
        for row in rows:
            if row[0] is not None:
                grouped[(row[0], row[1])].append(row)
        by_indicator = self.by_indicator
        labels = _YEAR_LABELS
        for key, series in grouped.items():
            years = list(map(_YEAR, series))
            if not all(map(lt, years, islice(years, 1, None))):
                series.sort(key=_YEAR)
            by_indicator[key].extend(
                [
                    _new_point(Point, (year, value, _BOOL[provisional], labels.get(year) or str(year)))
                    for _, _, year, value, provisional in series
                ]
            )

    def own(self, indicator_id: int, area_id: int) -> list[Point]:
        return self.by_indicator.get((indicator_id, area_id), [])

    def catalog(self, catalog_id: int | None, area_id: int | None) -> list[Point]:
        if catalog_id is None or area_id is None:
            return []
        slot = self._by_catalog.get((catalog_id, area_id))
        return [slot[y][1] for y in sorted(slot)] if slot else []
