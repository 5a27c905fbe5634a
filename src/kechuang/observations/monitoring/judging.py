"""Judging targets at a date: plans or every target, in a fixed number of queries, memoised engine calls."""

from __future__ import annotations

import copy
import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.utils import timezone

from kechuang.common.rows import fetch_rows
from kechuang.observations.enums import ObservationStatus, PeriodKind
from kechuang.observations.models import Observation
from kechuang.observations.monitoring.inputs import ObservationIndex, TargetSpec, is_earlier, make_input
from kechuang.observations.monitoring.rows import TargetRow
from kechuang.observations.monitoring.settings import load_thresholds, status_only
from kechuang.observations.progress import (
    Point,
    TargetInput,
    TargetProgress,
    Thresholds,
    alert_level,
    forecast_miss,
    judge_target,
    status_changes,
)
from kechuang.observations.progress.batch import judge_with_previous
from kechuang.observations.stored import store
from kechuang.plans.enums import Comparator, PlanStatus
from kechuang.plans.models import Plan, Target


class PlanRows(list[TargetRow]):
    """A plan's targets judged at a date, in plan order; `earlier` holds the previous period's record.

    Targets dated before the plan's period (an earlier plan's completion table, e.g. the 2020
    goals a 2021–2025 plan reports on) are the plan's record of the previous period: judged, shown
    in their own section (上期完成情况), and never counted among this plan's statuses, tiles,
    alerts or public counts — so they are not in the list itself.
    """

    def __init__(self, rows: Iterable[TargetRow] = (), earlier: Iterable[TargetRow] = ()) -> None:
        super().__init__(rows)
        self.earlier: list[TargetRow] = list(earlier)


def year_before(day: dt.date) -> dt.date:
    """The same day a year earlier (28 February for 29 February): the previous annual period."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@functools.lru_cache(maxsize=20000)
def _judge_memo(
    target: TargetInput,
    points: tuple[Point, ...],
    as_of: dt.date,
    reference: tuple[Point, ...],
    thresholds: Thresholds,
) -> TargetProgress:
    # judge_target is pure and all its inputs are frozen, so a repeated page view (same
    # figures, same date, same thresholds) reuses the judgement instead of refitting trends.
    return judge_target(
        target, list(points), as_of=as_of, comparator_points=list(reference), thresholds=thresholds
    )


def _judge(
    target: TargetInput,
    points: list[Point],
    as_of: dt.date,
    reference: list[Point],
    thresholds: Thresholds,
    *,
    memo: bool,
) -> TargetProgress:
    if not memo:
        return judge_target(target, points, as_of=as_of, comparator_points=reference, thresholds=thresholds)
    return copy.copy(_judge_memo(target, tuple(points), as_of, tuple(reference), thresholds))


def _stored_row(spec: TargetSpec, stored: tuple, index: ObservationIndex, with_previous: bool) -> TargetRow:
    """A row from its stored judgement; the points (for charts) are the reader's own."""
    _, code, alert, slipped, miss, simulated, source, previous, progress, *columns = stored
    points = index.own(spec.indicator_id, spec.area_id) if source == "indicator" else []
    if source == "catalog":
        points = index.catalog(spec.catalog_id, spec.area_id)
    reference: list[Point] = []
    if spec.input.comparator == Comparator.RELATIVE:
        reference = index.catalog(spec.catalog_id, spec.parent_area_id)
    return TargetRow(
        spec=spec,
        progress=store.progress_from(progress, code, columns),
        previous=store.previous_from(previous) if with_previous and not spec.earlier else None,
        points=points,
        comparator_points=reference,
        points_source=source,
        slipped=slipped,
        forecast_miss=miss,
        alert=alert or None,
        earlier=spec.earlier,
        simulated=simulated,
    )


def _figures_for(spec: TargetSpec, index: ObservationIndex) -> tuple[list[Point], str, list[Point]]:
    """A target's figures (its indicator's own, else its catalogue entry's), where they came
    from, and the figures of the area above for a relative goal."""
    points, source = index.own(spec.indicator_id, spec.area_id), "indicator"
    if not points:
        points, source = index.catalog(spec.catalog_id, spec.area_id), "catalog"
    if not points:
        source = ""
    reference: list[Point] = []
    if spec.input.comparator == Comparator.RELATIVE:
        reference = index.catalog(spec.catalog_id, spec.parent_area_id)
    return points, source, reference


def _judge_specs(
    specs: Iterable[TargetSpec],
    index: ObservationIndex,
    *,
    as_of: dt.date,
    thresholds: Thresholds,
    with_previous: bool,
    memo: bool = True,
    precomputed: Iterable[TargetProgress] | None = None,
    stored: dict[int, tuple] | None = None,
    batch: bool = False,
) -> list[TargetRow]:
    """`batch`: judge all specs at once (progress.batch, the same judgements), for many targets."""
    before = year_before(as_of)
    previous_th = status_only(thresholds) if with_previous else thresholds
    rows: list[TargetRow] = []
    ready = iter(precomputed) if precomputed is not None else None
    specs = list(specs)
    figures = {s.target_id: _figures_for(s, index) for s in specs if not (stored and s.target_id in stored)}
    earlier_ready: dict[int, TargetProgress] = {}
    if batch and ready is None:
        todo = [s for s in specs if s.target_id in figures]
        # A year earlier only the status is kept (slips, alerts, the stored previous status).
        judged, codes = judge_with_previous(
            [s.input for s in todo],
            [figures[s.target_id][0] for s in todo],
            references=[figures[s.target_id][2] for s in todo],
            as_of=as_of,
            thresholds=thresholds,
            before=before if with_previous else None,
            before_thresholds=previous_th,
            wanted=[not s.earlier for s in todo],
        )
        ready = iter(judged)
        earlier_ready = {
            s.target_id: store.previous_from(code) for s, code in zip(todo, codes, strict=True) if code
        }
    for spec in specs:
        if stored and spec.target_id in stored:
            rows.append(_stored_row(spec, stored[spec.target_id], index, with_previous))
            continue
        points, source, reference = figures[spec.target_id]
        if ready is not None:
            progress = next(ready)
        else:
            progress = _judge(spec.input, points, as_of, reference, thresholds, memo=memo)
        previous = None
        if with_previous and not spec.earlier:
            # Only the previous status counts (slips and alerts), and it does not depend on the
            # forecast: judged without one, which is most of the engine's time.
            previous = earlier_ready.get(spec.target_id) or _judge(
                spec.input, points, before, reference, previous_th, memo=memo
            )
        slipped = previous is not None and status_changes(previous, progress)
        if spec.earlier:  # a record of the previous period raises no alert in this plan
            rows.append(
                TargetRow(spec, progress, None, points, reference, source, False, False, None, earlier=True)
            )
            continue
        rows.append(
            TargetRow(
                spec=spec,
                progress=progress,
                previous=previous,
                points=points,
                comparator_points=reference,
                points_source=source,
                slipped=slipped,
                forecast_miss=forecast_miss(progress, thresholds),
                alert=alert_level(progress, previous, thresholds),
            )
        )
    return rows


def _observations(include_provisional: bool, include_simulated: bool) -> Any:
    qs = Observation.objects.filter(period_kind=PeriodKind.YEAR)
    if not include_provisional:
        qs = qs.exclude(status=ObservationStatus.PROVISIONAL)
    if not include_simulated:
        qs = qs.filter(simulated=False)
    return qs


_OBS_FIELDS = ("indicator_id", "catalog_id", "area_id", "year", "period", "value", "status")
_OWN_FIELDS = ("indicator_id", "area_id", "year", "value", "provisional")  # `add_own`'s
_PROVISIONAL = ExpressionWrapper(Q(status=ObservationStatus.PROVISIONAL), output_field=BooleanField())


_SPEC_COLUMNS = (
    "pk",
    "indicator_id",
    "indicator__plan_id",
    "indicator__plan__area_id",
    "indicator__plan__area__parent_id",
    "indicator__catalog_id",
    "value",
    "year",
    "comparator",
    "kind",
    "indicator__direction",
    "indicator__unit",
    "indicator__name",
    "indicator__accumulation",
    "indicator__baseline_year",
    "indicator__baseline_value",
    "indicator__plan__period_start",
    "indicator__plan__period_end",
    "stretch_value",
)


def _spec(r: tuple) -> TargetSpec:
    """A TargetSpec from a row of `_SPEC_COLUMNS`."""
    return TargetSpec(
        target_id=r[0],
        indicator_id=r[1],
        plan_id=r[2],
        area_id=r[3],
        parent_area_id=r[4],
        catalog_id=r[5],
        input=_input(r),
        earlier=is_earlier(r[7], r[16]),
    )


def _input(r: tuple) -> TargetInput:
    """The engine's input from a row of `_SPEC_COLUMNS`."""
    return make_input(
        value=r[6],
        year=r[7],
        comparator=r[8],
        kind=r[9],
        direction=r[10],
        unit=r[11],
        name=r[12],
        accumulation=r[13],
        baseline_year=r[14],
        baseline_value=r[15],
        period_start=r[16],
        period_end=r[17],
        stretch=r[18],
    )


def _spec_of(t: Target, plan: Plan) -> TargetSpec:
    """A TargetSpec from a target model (its indicator loaded) and its plan (area loaded)."""
    ind = t.indicator
    return _spec(
        (t.pk, ind.pk, plan.pk, plan.area_id, plan.area.parent_id, ind.catalog_id, t.value, t.year)
        + (t.comparator, t.kind, ind.direction, ind.unit, ind.name, ind.accumulation, ind.baseline_year)
        + (ind.baseline_value, plan.period_start, plan.period_end, t.stretch_value)
    )


def _index(specs: list[TargetSpec], observations: Any, *, plan_ids: list[int] | None) -> ObservationIndex:
    """The figures `specs` are judged on: each indicator's own in its plan's area, then catalogue
    figures only for (entry, area) pairs a target falls back to or compares with.

    `plan_ids`: every indicator of these plans is wanted (read through a join, not a list of
    thousands of indicator ids). Catalogue figures are read in (year, id) order: of two for one
    year the later one wins (ObservationIndex.add); an indicator's own have one a year."""
    index = ObservationIndex()
    if not specs:
        return index
    if plan_ids is not None:
        own = observations.filter(indicator__plan_id__in=plan_ids)
    else:
        own = observations.filter(indicator_id__in={s.indicator_id for s in specs})
    # In the plan's own area, matched row by row: a list of every plan's area made SQLite probe
    # each indicator's figures once per area (150 plans: 900,000 probes for 6,000 indicators).
    own = own.filter(area_id=F("indicator__plan__area_id")).order_by()  # add_own orders each series
    own = own.annotate(provisional=_PROVISIONAL).values_list(*_OWN_FIELDS)
    index.add_own(fetch_rows(own))  # numbers only: one fetch, no conversion
    pairs = set()
    for s in specs:
        if s.catalog_id is None:
            continue
        if not index.own(s.indicator_id, s.area_id):
            pairs.add((s.catalog_id, s.area_id))
        if s.input.comparator == Comparator.RELATIVE and s.parent_area_id is not None:
            pairs.add((s.catalog_id, s.parent_area_id))
    if pairs:
        add = index.add
        extra = observations.filter(catalog_id__in={c for c, _ in pairs}, area_id__in={a for _, a in pairs})
        for row in fetch_rows(extra.order_by("year", "pk").values_list(*_OBS_FIELDS)):
            if (row[1], row[2]) in pairs:
                add(*row, own=False)
    return index


def judge_plans(
    plans: Sequence[Plan],
    *,
    as_of: dt.date,
    include_provisional: bool = True,
    include_simulated: bool = True,
    thresholds: Thresholds | None = None,
    with_previous: bool = True,
    only: Q | None = None,
    figures: Q | None = None,
    stored: bool = True,
    batch: bool = False,
) -> dict[int, PlanRows]:
    """Judge every target of several plans in a fixed number of queries (settings, targets, figures).

    Each plan's rows are its own targets; those dated before its period are in `.earlier`
    (`PlanRows`), out of every count.

    `plans` need their `area` loaded (``select_related("area")``, as `visible_plans` does).
    The public page passes ``include_provisional=False, include_simulated=False`` so that no
    preliminary or simulated figure reaches it. `only` narrows the targets (e.g.
    ``Q(indicator__catalog=entry)`` for the comparison page). `figures` narrows the observations
    read — pages pass ``observations.access.figure_filter(user)`` so that a draft's figures never
    reach someone who may not see the draft. Reads only; no side effects.

    For today (and the site's thresholds), targets of plans in force take their stored judgement
    (`observations.stored`) instead of the engine's; `stored=False` (the refresh itself) always
    runs the engine. A stored judgement uses every released figure, whoever reads it.
    `batch` judges all targets in one numpy pass (the same judgements; for many plans at once).
    """
    th = thresholds or load_thresholds()
    by_id = {p.pk: p for p in plans}
    result: dict[int, PlanRows] = {pk: PlanRows() for pk in by_id}
    if not by_id:
        return result
    tq = Target.objects.filter(indicator__plan_id__in=by_id)
    if only is not None:
        tq = tq.filter(only)
    order = (
        "indicator__plan_id",
        "indicator__role",
        "indicator__position",
        "indicator_id",
        "year",
        "position",
        "pk",
    )
    models: dict[int, Target] = {}
    if batch:  # no model instances: the storage needs ids and numbers only
        specs = [_spec(r) for r in fetch_rows(tq.order_by(*order).values_list(*_SPEC_COLUMNS))]
    else:
        specs = []
        for t in tq.select_related("indicator").order_by(*order):
            specs.append(_spec_of(t, by_id[t.indicator.plan_id]))
            models[t.pk] = t
    observations = _observations(include_provisional, include_simulated)
    if figures is not None:
        observations = observations.filter(figures)
    index = _index(specs, observations, plan_ids=list(by_id) if only is None else None)
    kept: dict[int, tuple] = {}
    audience = store.audience_for(
        include_provisional=include_provisional, include_simulated=include_simulated
    )
    if stored and audience and thresholds is None and specs and as_of == timezone.localdate():
        in_force = {pk for pk, p in by_id.items() if p.status == PlanStatus.PUBLISHED}
        kept = store.read((s.target_id for s in specs if s.plan_id in in_force), audience, as_of)
    judged = _judge_specs(
        specs, index, as_of=as_of, thresholds=th, with_previous=with_previous, stored=kept, batch=batch
    )
    for row in judged:
        row.target = models.get(row.spec.target_id)
        rows = result[row.spec.plan_id]
        (rows.earlier if row.earlier else rows).append(row)
    return result


def judge_plan(
    plan: Plan,
    *,
    as_of: dt.date,
    include_provisional: bool = True,
    include_simulated: bool = True,
    thresholds: Thresholds | None = None,
    with_previous: bool = True,
    only: Q | None = None,
    figures: Q | None = None,
    stored: bool = True,
) -> PlanRows:
    """Every target of one plan judged at `as_of`, in plan order; `.earlier` the previous period's."""
    return judge_plans(
        [plan],
        as_of=as_of,
        include_provisional=include_provisional,
        include_simulated=include_simulated,
        thresholds=thresholds,
        with_previous=with_previous,
        only=only,
        figures=figures,
        stored=stored,
    )[plan.pk]


def judge_all(
    as_of: dt.date,
    *,
    thresholds: Thresholds | None = None,
    forecast: bool = True,
    published_only: bool = False,
    workers: int | None = None,
) -> list[TargetRow]:
    """Every target of every plan, for national roll-ups and the benchmark.

    Reads plain columns (no model instances) in two streamed queries. `forecast=False` skips
    the trend forecast, which the status does not depend on, and is about fifteen times faster;
    the alerts need it. Returned rows carry no model (`target` is None). Targets dated before
    their plan's period (the previous period's record) are left out, as on every page.
    """
    th = thresholds or load_thresholds()
    if not forecast:
        th = status_only(th)
    tq = Target.objects.all()
    if published_only:
        tq = tq.filter(indicator__plan__status="published")
    specs = [
        _spec(r)
        for r in tq.values_list(*_SPEC_COLUMNS).order_by("pk").iterator(chunk_size=20000)
        if not is_earlier(r[7], r[16])
    ]
    index = ObservationIndex()
    add = index.add
    # First every indicator's own figures (the bulk, no ordering needed: the engine sorts by year);
    # then catalogue figures only for the targets that need them (no own figures, or relative).
    own = _observations(True, True).filter(indicator__isnull=False).values_list(*_OBS_FIELDS)
    for row in own.iterator(chunk_size=50000):
        add(*row, catalog=False)
    pairs = set()
    for s in specs:
        if s.catalog_id is not None and not index.own(s.indicator_id, s.area_id):
            pairs.add((s.catalog_id, s.area_id))
        if s.catalog_id is not None and s.input.comparator == Comparator.RELATIVE and s.parent_area_id:
            pairs.add((s.catalog_id, s.parent_area_id))
    if pairs:
        cats, areas = {c for c, _ in pairs}, {a for _, a in pairs}
        extra = _observations(True, True).filter(catalog_id__in=cats, area_id__in=areas)
        for row in extra.order_by("year", "pk").values_list(*_OBS_FIELDS).iterator(chunk_size=50000):
            if (row[1], row[2]) in pairs:
                add(*row, own=False)
    from kechuang.observations.judging_pool import judge_in_parallel

    judged = judge_in_parallel(specs, index, as_of=as_of, thresholds=th, workers=workers)
    return _judge_specs(specs, index, as_of=as_of, thresholds=th, with_previous=False, precomputed=judged)


def judge_chunk(
    specs: list[TargetSpec], index: ObservationIndex, *, as_of: dt.date, thresholds: Thresholds
) -> list[TargetProgress]:
    """The engine's judgement of each spec, without the page extras (a worker's share of `judge_all`)."""
    out = []
    for spec in specs:
        points = index.own(spec.indicator_id, spec.area_id) or index.catalog(spec.catalog_id, spec.area_id)
        reference: list[Point] = []
        if spec.input.comparator == Comparator.RELATIVE:
            reference = index.catalog(spec.catalog_id, spec.parent_area_id)
        out.append(_judge(spec.input, points, as_of, reference, thresholds, memo=False))
    return out


def clear_memo() -> None:
    """Forget remembered judgements (benchmarks measure the uncached path with it)."""
    _judge_memo.cache_clear()
