"""A rebuild's level targets judged for storage straight from columns.

Why: a chunk of a national rebuild is 150 plans, 6,000 targets and 60,000 figures, nearly all
level goals judged on their indicator's own figures. Filing every figure as a Point under its
series, checking each series again before the batch engine laid it out as a grid, building a
row object per target and asking the database again which series hold a simulated figure was
a fifth of the chunk's time. Here the figures go from one query into numpy arrays, are grouped
and checked per indicator in a few array operations, laid out as the engine's grid and judged
as rows (`progress.level_rows.level_grid_rows`). Targets this cannot judge whole (no own figures, another
kind of goal, a figure that is not a plain finite number) are left to the general path, which
gives the same stored rows (tests/observations/test_stored_levels.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter

import numpy as np
from django.db.models import F, Q

from kechuang.common.rows import fetch_rows
from kechuang.observations.models import Audience
from kechuang.observations.monitoring.inputs import is_earlier
from kechuang.observations.monitoring.judging import (
    _PROVISIONAL,
    _SPEC_COLUMNS,
    _input,
    _observations,
    year_before,
)
from kechuang.observations.monitoring.settings import status_only
from kechuang.observations.progress import Thresholds
from kechuang.observations.progress.batch import _LIMIT, level_target
from kechuang.observations.progress.level_rows import level_grid_rows
from kechuang.observations.progress.status import alert_of
from kechuang.observations.stored import store
from kechuang.plans.models import Plan, Target

_FIGURE_FIELDS = ("indicator_id", "year", "value", "provisional", "simulated")
_COLUMN = tuple(itemgetter(k) for k in range(len(_FIGURE_FIELDS)))


@dataclass
class LevelRows:
    """Stored rows of the targets judged here; the ids of those left to the general path, and of
    those judged here whose public judgement needs figures of their own (a provisional or
    simulated one was used, which the public does not see)."""

    rows: list[tuple]
    rest: list[int]
    public: list[int]


@dataclass
class _Series:
    """Each indicator's own figures, sorted by (indicator, year), and per indicator (a group):
    where its figures start, how many are before as_of's year, whether any is unfit for the
    grid, provisional or simulated."""

    year: np.ndarray
    value: np.ndarray
    provisional: np.ndarray
    group_of: dict[int, int]
    start: np.ndarray
    known: np.ndarray
    unfit: np.ndarray
    any_provisional: np.ndarray
    any_simulated: np.ndarray


def judge_levels(plans: Sequence[Plan], as_of: dt.date, figures: Q, thresholds: Thresholds) -> LevelRows:
    """Staff rows (`store._COLUMNS` order, without the time) for the level targets of `plans`
    judged on their own figures (those `figures` admits); the rest left to the general path."""
    plan_ids = [p.pk for p in plans]
    # In no order (the stored rows have none): Target's own ordering cost SQLite a sort of them all.
    in_plans = Target.objects.filter(indicator__plan_id__in=plan_ids).order_by()
    targets = fetch_rows(in_plans.values_list(*_SPEC_COLUMNS))
    own = (
        _observations(True, True)
        .filter(figures)
        .filter(indicator__plan_id__in=plan_ids, area_id=F("indicator__plan__area_id"))
        .order_by()
        .annotate(provisional=_PROVISIONAL)
        .values_list(*_FIGURE_FIELDS)
    )
    series = _series(fetch_rows(own, binary=True), as_of.year - 1)
    chosen_rows, inputs, groups, rest = [], [], [], []
    group_of, known, unfit = series.group_of, series.known, series.unfit
    for row in targets:  # (target, indicator, plan, …) in `_SPEC_COLUMNS` order
        g = group_of.get(row[1])
        target = _input(row) if g is not None and not unfit[g] and known[g] else None
        if target is None or not level_target(target):
            rest.append(row[0])
            continue
        chosen_rows.append(row)
        inputs.append(target)
        groups.append(g)
    if not inputs:
        return LevelRows([], rest, [])
    chosen = np.array(groups, dtype=np.int64)
    n = known[chosen]
    x, v, prov = _grid(series, chosen, n)
    earlier = [is_earlier(row[7], row[16]) for row in chosen_rows]
    judged, codes = level_grid_rows(
        inputs,
        x,
        v,
        n,
        prov,
        as_of=as_of,
        thresholds=thresholds,
        before=year_before(as_of),
        before_thresholds=status_only(thresholds),
        wanted=[not e for e in earlier],
    )
    own_public = (series.any_provisional | series.any_simulated)[chosen].tolist()
    simulated = series.any_simulated[chosen].tolist()
    rows, public = [], []
    staff = Audience.STAFF
    for row, judgement, code, was, needs_own, sim in zip(
        chosen_rows, judged, codes, earlier, own_public, simulated, strict=True
    ):
        status, likelihood = judgement[0], judgement[3]
        if was:  # a record of the previous period raises no alert in this plan
            alert, slipped, miss, previous = None, False, False, ""
        else:
            alert, slipped, miss = alert_of(status, likelihood, code, thresholds)
            previous = code
        if needs_own:
            public.append(row[0])
            public_alert = None
        elif was:
            public_alert = ""
        elif slipped:  # judged without the previous period: a slip is its only part in the alert
            public_alert = alert_of(status, likelihood, None, thresholds)[0] or ""
        else:
            public_alert = alert or ""
        rows.append(
            store.row_columns(
                row[0],
                row[2],
                staff,
                as_of,
                judgement,
                store.others_json(judgement[7]),
                alert=alert,
                slipped=slipped,
                forecast_miss=miss,
                simulated=sim,
                earlier=was,
                source="indicator",
                previous=previous,  # type: ignore[arg-type]
                public_alert=public_alert,
            )
        )
    return LevelRows(rows, rest, public)


def _series(rows: list[tuple], last_year: int) -> _Series:
    """The figures as columns, grouped by indicator (each in its plan's area: one series each)."""
    m = len(rows)
    ind = np.fromiter(map(_COLUMN[0], rows), dtype=np.int64, count=m)
    year = np.fromiter(map(_COLUMN[1], rows), dtype=np.int64, count=m)
    values = list(map(_COLUMN[2], rows))
    plain = np.fromiter(map(float.__instancecheck__, values), dtype=bool, count=m)
    if not plain.all():  # None, an int or a Decimal: the general path reads those one by one
        values = [x if ok else 0.0 for x, ok in zip(values, plain.tolist(), strict=True)]
    value = np.array(values, dtype=float)
    provisional = np.fromiter(map(_COLUMN[3], rows), dtype=bool, count=m)
    simulated = np.fromiter(map(_COLUMN[4], rows), dtype=bool, count=m)
    order = np.lexsort((year, ind))
    ind, year, value = ind[order], year[order], value[order]
    plain, provisional, simulated = plain[order], provisional[order], simulated[order]
    first = np.ones(m, dtype=bool)
    first[1:] = ind[1:] != ind[:-1]
    group = np.cumsum(first) - 1
    start = np.flatnonzero(first)
    size = len(start)
    used = year <= last_year  # later figures are not judged on (the engine's known series)
    with np.errstate(invalid="ignore"):  # near overflow the general path's own checks decide
        bad = used & (~plain | ~np.isfinite(value) | (np.abs(value) >= _LIMIT))
    repeated = np.zeros(m, dtype=bool)
    repeated[1:] = ~first[1:] & (year[1:] == year[:-1])
    bad |= used & repeated
    return _Series(
        year=year,
        value=value,
        provisional=provisional,
        group_of=dict(zip(ind[start].tolist(), range(size), strict=True)),
        start=start,
        known=np.bincount(group, weights=used, minlength=size).astype(np.int64),
        unfit=np.bincount(group, weights=bad, minlength=size) > 0,
        any_provisional=np.bincount(group, weights=provisional, minlength=size) > 0,
        any_simulated=np.bincount(group, weights=simulated, minlength=size) > 0,
    )


def _grid(series: _Series, groups: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row r: the first n[r] figures of group groups[r] (those before as_of's year, a prefix),
    padded as the batch engine pads (inf, 0, False)."""
    rows = len(groups)
    width = int(n.max())
    total = int(n.sum())
    flat_r = np.repeat(np.arange(rows), n)
    flat_c = np.arange(total) - np.repeat(np.cumsum(n) - n, n)
    source = np.repeat(series.start[groups], n) + flat_c
    x = np.full((rows, width), np.inf)
    v = np.zeros((rows, width))
    prov = np.zeros((rows, width), dtype=bool)
    x[flat_r, flat_c] = series.year[source]
    v[flat_r, flat_c] = series.value[source]
    prov[flat_r, flat_c] = series.provisional[source]
    return x, v, prov
