"""Keeping stored judgements fresh: after a change, for the targets it touches; daily, for all.

A figure touches the targets judged on it: its indicator's, the targets of plans in its area
that fall back to its catalogue entry, and relative targets of the areas below (judging.py).
Plans not in force have no stored judgements; their pages judge on demand.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import attrgetter

from django.db import connections
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from kechuang.observations.access import figure_filter
from kechuang.observations.models import Audience, PlanJudgementSummary, TargetJudgement
from kechuang.observations.monitoring import judge_plans, load_thresholds
from kechuang.observations.monitoring.rows import TargetRow
from kechuang.observations.monitoring.simulated import mark_simulated
from kechuang.observations.progress import Thresholds, alert_level
from kechuang.observations.stored import store
from kechuang.observations.stored.levels import judge_levels
from kechuang.plans.enums import Comparator, PlanStatus
from kechuang.plans.models import Plan, Target
from kechuang.tenancy.models import Area

log = logging.getLogger(__name__)

# A figure's key: (indicator id or None, catalogue entry id or None, area id).
FigureKey = tuple[int | None, int | None, int]

_PLAN_CHUNK = 150
_PROVISIONAL = attrgetter("provisional")  # a Point's


def _public_needs_own(row: TargetRow) -> bool:
    """A staff judgement is also the public one unless a provisional or simulated figure was used."""
    if row.simulated:
        return True
    return any(map(_PROVISIONAL, row.points)) or any(map(_PROVISIONAL, row.comparator_points))


def judge_for_storage(
    plans: Sequence[Plan], as_of: dt.date, only: Q | None = None, *, by_columns: bool = True
) -> list:
    """Both audiences' judgements of `plans`' targets (those in `only`), as model rows to write.

    Whole plans (`only` None) take the columns path for their level targets judged on their own
    figures (`levels.judge_levels`; `by_columns=False` judges every target the general way,
    which gives the same rows); a few targets (a corrected figure's) go the general way."""
    released = figure_filter(None)
    thresholds = load_thresholds()
    if only is not None or not by_columns or not plans:
        return _judged_generally(plans, as_of, only, released, thresholds)
    levels = judge_levels(plans, as_of, released, thresholds)
    out = levels.rows
    if levels.rest:
        out.extend(_judged_generally(plans, as_of, Q(pk__in=levels.rest), released, thresholds))
    if levels.public:
        out.extend(_public_rows(plans, levels.public, as_of, released, thresholds))
    return out


def _judged_generally(
    plans: Sequence[Plan], as_of: dt.date, only: Q | None, released: Q, thresholds: Thresholds
) -> list:
    """`judge_for_storage` through `judge_plans`: any target, any figures."""
    staff = judge_plans(
        plans, as_of=as_of, figures=released, only=only, stored=False, batch=True, thresholds=thresholds
    )
    out = []
    public_ids: dict[int, list[int]] = {}
    mark_simulated((r for p in plans for r in (*staff[p.pk], *staff[p.pk].earlier)), figures=released)
    for plan in plans:
        for row in (*staff[plan.pk], *staff[plan.pk].earlier):
            if _public_needs_own(row):
                public_ids.setdefault(plan.pk, []).append(row.spec.target_id)
                out.append(store.judgement_for(row, plan.pk, Audience.STAFF, as_of))
                continue
            # Also the public judgement: the same, judged without the previous period. Its alert
            # is the staff one unless a slip raised that (the previous period's only part in it).
            if row.earlier:
                alert = None
            elif row.slipped:
                alert = alert_level(row.progress, None, thresholds)
            else:
                alert = row.alert
            out.append(store.judgement_for(row, plan.pk, Audience.STAFF, as_of, public_alert=alert or ""))
    if public_ids:
        ids = [i for ids in public_ids.values() for i in ids]
        wanted = [p for p in plans if p.pk in public_ids]
        out.extend(_public_rows(wanted, ids, as_of, released, thresholds))
    return out


def _public_rows(
    plans: Sequence[Plan], ids: list[int], as_of: dt.date, released: Q, thresholds: Thresholds
) -> list:
    """Public rows of the targets `ids` (of `plans`), judged without provisional or simulated
    figures and without the previous period."""
    public = judge_plans(
        plans,
        as_of=as_of,
        figures=released,
        only=Q(pk__in=ids),
        include_provisional=False,
        include_simulated=False,
        with_previous=False,
        stored=False,
        batch=True,
        thresholds=thresholds,
    )
    out = []
    for plan in plans:
        for row in [*public[plan.pk], *public[plan.pk].earlier]:
            out.append(store.judgement_for(row, plan.pk, Audience.PUBLIC, as_of))
    return out


def refresh_targets(target_ids: Iterable[int], *, today: dt.date | None = None) -> int:
    """Judge `target_ids` again for today and store the result; targets no longer in a plan in
    force lose theirs. Returns how many targets were judged."""
    ids = set(target_ids)
    if not ids:
        return 0
    today = today or timezone.localdate()
    # One query (each round trip counts: this runs after every corrected figure).
    with_them = Target.objects.filter(pk__in=ids, indicator__plan_id=OuterRef("pk"))
    plans = list(
        Plan.objects.filter(Exists(with_them), status=PlanStatus.PUBLISHED)
        .select_related("area")
        .order_by("pk")
    )
    rows = judge_for_storage(plans, today, only=Q(pk__in=ids)) if plans else []
    return store.write(rows, replace=ids)


def refresh_plans(plan_ids: Iterable[int], *, today: dt.date | None = None) -> int:
    """Judge every target of `plan_ids` again (a plan published, revised, withdrawn or edited)."""
    ids = set(plan_ids)
    if not ids:
        return 0
    today = today or timezone.localdate()
    plans = list(Plan.objects.filter(pk__in=ids, status=PlanStatus.PUBLISHED).select_related("area"))
    rows = judge_for_storage(plans, today) if plans else []
    return store.write(rows, plans=ids)


def targets_using(keys: Iterable[FigureKey]) -> set[int]:
    """Targets of plans in force whose judgement reads any of these figures.

    Three narrow queries rather than one OR across joins, which no index serves (a full scan of
    every target at national scale)."""
    keys = set(keys)
    indicators = {i for i, _, _ in keys if i is not None}
    pairs = {(c, a) for _, c, a in keys if c is not None}
    in_force = Target.objects.filter(indicator__plan__status=PlanStatus.PUBLISHED)
    found: set[int] = set()
    if indicators:
        found.update(in_force.filter(indicator_id__in=indicators).values_list("pk", flat=True))
    for catalog_id, area_id in pairs:
        same_area = Q(indicator__plan__area_id=area_id)
        below = Area.objects.filter(parent_id=area_id).values_list("pk", flat=True)
        relative = Q(comparator=Comparator.RELATIVE, indicator__plan__area_id__in=list(below))
        found.update(
            in_force.filter(same_area | relative, indicator__catalog_id=catalog_id).values_list(
                "pk", flat=True
            )
        )
    return found


def rebuild(
    *,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
    plan_ids: Iterable[int] | None = None,
    workers: int | None = None,
) -> int:
    """Judge every target of every plan in force for today and store it (after bulk imports,
    a thresholds change, and each day); returns how many targets were judged. `progress(done,
    total)` is told after each chunk of plans.

    The engine is pure Python and most of the time, so chunks of plans are judged and stored in
    forked worker processes (one per core by default); this process only counts them."""
    today = today or timezone.localdate()
    qs = Plan.objects.filter(status=PlanStatus.PUBLISHED).order_by("pk")
    if plan_ids is not None:
        qs = qs.filter(pk__in=set(plan_ids))
    ids = list(qs.values_list("pk", flat=True))
    chunks = [ids[k : k + _PLAN_CHUNK] for k in range(0, len(ids), _PLAN_CHUNK)]
    written, done = 0, 0
    started = time.perf_counter()
    for chunk, judged in _stored_chunks(chunks, today, workers):
        written += judged
        done += len(chunk)
        if progress is not None:
            progress(done, len(ids))
    if plan_ids is None:  # plans no longer in force keep nothing (found from the few such plans)
        closed = Plan.objects.exclude(status=PlanStatus.PUBLISHED)
        TargetJudgement.objects.filter(plan__in=closed).delete()
        PlanJudgementSummary.objects.filter(plan__in=closed).delete()
        _refresh_planner_statistics()
    log.info(
        "目标评估结果重算：%s 个规划、%s 个目标，%.1f 秒", len(ids), written, time.perf_counter() - started
    )
    return written


def _refresh_planner_statistics() -> None:
    """Every summary was just rewritten: PostgreSQL's planner would otherwise plan the overview on
    the statistics of before (it took a summary table of thousands of rows for one and chose a
    nested loop, 12 ms instead of 7) until autovacuum next analyses it. The judgements' own table
    is left to autovacuum (within a minute of a rewrite this size): sampling its 240,000 rows took
    0.4 s of a 7 s national rebuild."""
    if connections["default"].vendor != "postgresql":
        return
    with connections["default"].cursor() as cursor:
        cursor.execute(f"ANALYZE {PlanJudgementSummary._meta.db_table}")


def _store_chunk(chunk: list[int], today: dt.date) -> int:
    """Judge a chunk of plans and replace their stored judgements (one transaction)."""
    plans = list(Plan.objects.filter(pk__in=chunk).select_related("area").order_by("pk"))
    return store.write(judge_for_storage(plans, today), plans=chunk)


def _store_chunk_in_worker(args: tuple[list[int], dt.date]) -> int:
    # Judging a chunk allocates hundreds of thousands of objects and frees them by reference
    # count; the collector's passes meanwhile found nothing and cost a tenth of the time. It
    # runs again between chunks.
    gc.disable()
    try:
        if connections["default"].vendor == "postgresql":
            # Every core already runs a worker: a parallel plan's helper processes would only
            # take turns with them (and cost their start-up and hand-over).
            # Hash joins off: for a chunk's targets the planner hashed all 120,000 rows of
            # the targets table to keep 6,000 (26 ms of the server's time) where the index on
            # their indicator finds them in 12; every other query of a chunk walks indexes too.
            with connections["default"].cursor() as cursor:
                cursor.execute("SET max_parallel_workers_per_gather = 0")
                cursor.execute("SET enable_hashjoin = off")
        return _store_chunk(*args)
    finally:
        gc.enable()


def _stored_chunks(
    chunks: list[list[int]], today: dt.date, workers: int | None
) -> Iterator[tuple[list[int], int]]:
    """(chunk, how many targets it judged) in order, each stored; in worker processes when it pays.

    Each worker writes its own chunks: the judgements do not travel back (pickling 6,000 rows a
    chunk cost both sides), and no single writer holds the others up (PostgreSQL takes both at
    once; SQLite queues them, each chunk's write a tenth of a second)."""
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(chunks) < 4 or "fork" not in multiprocessing.get_all_start_methods():
        for chunk in chunks:
            yield chunk, _store_chunk(chunk, today)
        return
    # Forked children must not share this process's database connection: close it, and each
    # child opens its own on first use.
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker) as pool:
        yield from zip(chunks, pool.imap(_store_chunk_in_worker, [(c, today) for c in chunks]), strict=True)


def _start_worker() -> None:
    """A forked judge: its own database connection, and what it inherited frozen out of the garbage
    collector's full passes (judging allocates millions of small objects; each full pass would
    otherwise walk the whole inherited heap as well: a fifth of the time)."""
    connections.close_all()
    gc.freeze()


def roll_date(today: dt.date) -> int:
    """The scheduled job: when any stored judgement is older than `today`, judge everything for today."""
    in_force = Target.objects.filter(indicator__plan__status=PlanStatus.PUBLISHED)
    current = TargetJudgement.objects.filter(as_of=today, audience=Audience.STAFF)
    if not TargetJudgement.objects.exclude(as_of=today).exists() and current.count() == in_force.count():
        return 0
    return rebuild(today=today)
