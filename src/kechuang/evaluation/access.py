"""Who may see and change evaluation schemes, runs and results (every page and API handler asks here).

- District administrators (and superusers) of the scheme's or run's area import, edit and run schemes,
  enter values and confirm runs.
- Whoever may read that area (its administrators, liaisons and viewers) reads schemes, runs and the
  whole ranking.
- One unit's result page is also open to those the unit belongs to: a carrier's operator (their own
  carrier only) and the officers of the area the unit lies in (a town liaison for the town's carriers
  and the town itself). They never see the ranking with other units' names.
- Other districts see nothing: 404, as for records outside one's scope elsewhere.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from kechuang.evaluation.models import EvaluationRun, EvaluationScheme, RunStatus
from kechuang.evaluation.units import parse_unit_key
from kechuang.tenancy.access import administered_area_ids, operated_carrier_ids, visible_area_ids
from kechuang.tenancy.models import Area, AreaKind

NOT_FOUND_SCHEME = "评价方案不存在或无权访问"
NOT_FOUND_RUN = "评价不存在或无权访问"
NOT_FOUND_UNIT = "该单位的评价结果不存在或无权访问"
ADMIN_ONLY = "只有本区的区级管理员可以办理评价方案和评价"


def can_administer(user: object, area: Area) -> bool:
    ids = administered_area_ids(user)
    return ids is None or area.pk in ids


def administered_districts(user: object) -> QuerySet[Area]:
    """Districts whose schemes the user may import and edit."""
    ids = administered_area_ids(user)
    qs = Area.objects.filter(kind=AreaKind.DISTRICT)
    return qs.order_by("code") if ids is None else qs.filter(pk__in=ids).order_by("code")


def visible_schemes(user: object) -> QuerySet[EvaluationScheme]:
    ids = visible_area_ids(user)
    qs = EvaluationScheme.objects.select_related("area")
    return qs if ids is None else qs.filter(area_id__in=ids)


def visible_runs(user: object) -> QuerySet[EvaluationRun]:
    """Runs whose whole ranking the user may read."""
    ids = visible_area_ids(user)
    qs = EvaluationRun.objects.select_related("scheme", "area")
    return qs if ids is None else qs.filter(area_id__in=ids)


def get_scheme_for_user(user: object, pk: int, *, write: bool = False) -> EvaluationScheme:
    scheme = visible_schemes(user).filter(pk=pk).first()
    if scheme is None:
        raise Http404(NOT_FOUND_SCHEME)
    if write and not can_administer(user, scheme.area):
        raise PermissionDenied(ADMIN_ONLY)
    return scheme


def get_run_for_user(user: object, pk: int, *, write: bool = False) -> EvaluationRun:
    run = visible_runs(user).filter(pk=pk).first()
    if run is None:
        raise Http404(NOT_FOUND_RUN)
    if write and not can_administer(user, run.area):
        raise PermissionDenied(ADMIN_ONLY)
    return run


def can_see_unit(user: object, run: EvaluationRun, key: str) -> bool:
    """Whether the user may open one unit's result in a run (the unit must be in the run)."""
    info = run.units.get(key)
    if info is None and not any(r.get("unit") == key for r in run.results):
        return False
    ids = visible_area_ids(user)
    if ids is None or run.area_id in ids:
        return True
    if run.status != RunStatus.CONFIRMED:  # a unit sees its result once the district has confirmed it
        return False
    ref = parse_unit_key(key)
    if ref is not None and ref.kind == "carrier" and ref.pk in operated_carrier_ids(user):
        return True
    return bool(info and info.get("area_id") in ids)


def get_unit_run_for_user(user: object, pk: int, key: str) -> EvaluationRun:
    """The run, if the user may see this unit's result in it; 404 otherwise (nothing is acknowledged)."""
    run = EvaluationRun.objects.select_related("scheme", "area").filter(pk=pk).first()
    if run is None or not can_see_unit(user, run, key):
        raise Http404(NOT_FOUND_UNIT)
    return run


def own_units(user: object, runs: QuerySet[EvaluationRun]) -> list[tuple[EvaluationRun, str]]:
    """(run, unit key) of results the user may open one by one without seeing the ranking."""
    if not getattr(user, "is_authenticated", False):
        return []
    ids = visible_area_ids(user) or set()
    carriers = operated_carrier_ids(user)
    if not ids and not carriers:
        return []
    out = []
    for run in runs:
        if run.status != RunStatus.CONFIRMED:
            continue
        for key, info in run.units.items():
            ref = parse_unit_key(key)
            if (ref and ref.kind == "carrier" and ref.pk in carriers) or info.get("area_id") in ids:
                out.append((run, key))
    return out
