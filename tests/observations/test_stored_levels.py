"""The rebuild's columns path (stored/levels.py) stores exactly what the general path stores.

Random plans in the database: level targets of every comparator, direction, path and baseline
arrangement beside growth, increment, annual, relative and non-numeric ones; figures gappy,
late, provisional, simulated, near overflow, or only in the catalogue for the area; targets of
the previous period. Every column of every stored row (both audiences) must be equal, judged
at dates before, during and after the target years.
"""

from __future__ import annotations

import datetime as dt
import math
import random

import pytest

from kechuang.observations.enums import PeriodKind
from kechuang.observations.models import Observation
from kechuang.observations.progress import Thresholds
from kechuang.observations.stored import levels, refresh
from kechuang.plans.models import CatalogIndicator, Indicator, Plan, Target
from tests.observations.test_batch_engine import _case


def _figure(indicator, catalog, area, year: int, value: float, rng: random.Random) -> Observation:
    return Observation(
        indicator=indicator,
        catalog=catalog,
        area=area,
        period=str(year),
        period_kind=PeriodKind.YEAR,
        year=year,
        period_end=dt.date(year, 12, 31),
        value=value,
        source="statistics",
        status="provisional" if rng.random() < 0.08 else "final",
        simulated=rng.random() < 0.03,
    )


def _plans(shanghai, rng: random.Random, size: int) -> list[Plan]:
    """Plans in two districts (a town's too), each with `size` random targets and their figures."""
    catalog = CatalogIndicator.objects.order_by("code")[0]
    figures: list[Observation] = []
    for y in range(2012, 2032):  # the city's and the districts' catalogue figures
        for area in (shanghai["city"], shanghai["jinshan"]):
            if rng.random() < 0.8:
                figures.append(_figure(None, catalog, area, y, rng.uniform(1, 500), rng))
    plans = []
    for k, area in enumerate((shanghai["jinshan"], shanghai["songjiang"], shanghai["town"])):
        start = rng.choice([2016, 2021, 2026])
        plan = Plan.objects.create(
            title=f"规划{k}", area=area, period_start=start, period_end=start + 4, status="published"
        )
        plans.append(plan)
        for position in range(size):
            target, points = _case(rng)
            if rng.random() < 0.15:  # the catalogue's figures only
                points = []
            indicator = Indicator.objects.create(
                plan=plan,
                position=position,
                name=f"指标{position}",
                unit="%" if target.path == "linear" else "家",
                direction=target.direction,
                baseline_year=target.baseline_year,
                baseline_value=target.baseline_value,
                catalog=catalog if rng.random() < 0.3 else None,
                accumulation="stock" if target.measure == "stock" else "flow",
            )
            year = target.year - target.period_start + start  # the plan's own period
            Target.objects.create(
                indicator=indicator,
                year=year if rng.random() < 0.9 else start - 1,  # or the previous period's
                value=target.value,
                comparator=target.comparator,
                kind=target.kind,
                stretch_value=target.stretch,
            )
            seen = set()
            for p in points:
                value = p.value
                if p.year in seen or (isinstance(value, float) and math.isnan(value)):
                    continue  # one figure a year; the database holds no NaN
                seen.add(p.year)
                value = float(value) * (1e100 if rng.random() < 0.01 else 1)  # past the batch's limit
                figures.append(
                    _figure(
                        indicator, indicator.catalog, area, p.year - target.period_start + start, value, rng
                    )
                )
    Observation.objects.bulk_create(figures)
    return plans


def _rows(plans, as_of, *, by_columns: bool) -> list[tuple]:
    return sorted(refresh.judge_for_storage(plans, as_of, by_columns=by_columns), key=lambda r: (r[0], r[2]))


def _same(a: tuple, b: tuple) -> bool:
    return all(
        x == y or (isinstance(x, float) and math.isnan(x) and math.isnan(y))
        for x, y in zip(a, b, strict=True)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("seed", range(3))
def test_the_columns_path_stores_what_the_general_path_stores(shanghai, seed, monkeypatch):
    rng = random.Random(seed)
    plans = _plans(shanghai, rng, 120)
    seen_paths = {"columns": 0, "general": 0, "public": 0}
    real = levels.judge_levels

    def counting(*args, **kwargs):
        out = real(*args, **kwargs)
        seen_paths["columns"] += len(out.rows)
        seen_paths["general"] += len(out.rest)
        seen_paths["public"] += len(out.public)
        return out

    monkeypatch.setattr(refresh, "judge_levels", counting)
    for as_of in (dt.date(2019, 6, 1), dt.date(2024, 2, 29), dt.date(2026, 12, 3), dt.date(2032, 1, 1)):
        for thresholds in (Thresholds(), Thresholds(min_elapsed_years=0, approx_tolerance=0.1)):
            monkeypatch.setattr(refresh, "load_thresholds", lambda t=thresholds: t)
            general = _rows(plans, as_of, by_columns=False)
            columns = _rows(plans, as_of, by_columns=True)
            assert [r[:3] for r in columns] == [r[:3] for r in general]
            for got, want in zip(columns, general, strict=True):
                assert _same(got, want), (as_of, got, want)
    # Both paths and the public judgements of the provisional and simulated were exercised.
    assert seen_paths["columns"] > 1000 and seen_paths["general"] > 200 and seen_paths["public"] > 100
