"""API routes of the evaluation app: runs and their results, read-only.

Who sees what is evaluation.access, as on the pages: a run's ranking for those who may read its
area; one unit's result also for that unit's own operator or area officers (never the others').
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from kechuang.common.api_pages import Pages
from kechuang.evaluation import access
from kechuang.evaluation.collect import unit_names
from kechuang.evaluation.models import EvaluationRun
from kechuang.evaluation.units import UNIT_KINDS, unit_key
from kechuang.tenancy.api_auth import api_auth

router = Router(tags=["evaluation"], auth=api_auth)


class ErrorOut(Schema):
    detail: str


class RunOut(Schema):
    id: int
    scheme_id: int
    scheme_name: str = Field(alias="scheme.name")
    scheme_version: int = Field(alias="scheme.version")
    area_id: int
    area_name: str = Field(alias="area.name")
    year: int
    status: str = Field(description="draft 草稿 / confirmed 已确认（冻结）")
    unit_count: int
    created_at: Any
    confirmed_at: Any = None
    previous_id: int | None = None


class ResultOut(Schema):
    unit: str = Field(description="参评单位键，如 carrier:12")
    name: str
    score: float | None
    rank: int | None
    rating: str | None
    pillars: dict[str, float | None]
    base_score: float | None = None
    bonus: float | None = None
    excluded: bool = False
    disqualified: bool = False
    vetoes: list[str] = []
    missing: dict[str, Any] = {}
    rank_interval: list[int] | None = None
    rating_may_change: bool | None = None


class UnitResultOut(ResultOut):
    run_id: int
    year: int
    status: str
    explanation: list[dict[str, Any]] = []
    sources: dict[str, str] = {}


def _run_out(run: EvaluationRun) -> EvaluationRun:
    run.unit_count = len(run.results)
    return run


def _result(run: EvaluationRun, item: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    sens = item.get("sensitivity") or {}
    return {
        **{k: item.get(k) for k in ResultOut.model_fields if k in item},
        "name": names.get(item["unit"], item["unit"]),
        "rank_interval": [sens["rank_p5"], sens["rank_p95"]] if sens else None,
        "rating_may_change": sens.get("rating_may_change") if sens else None,
    }


@router.get("/runs", response=list[RunOut], summary="评价列表")
@paginate(Pages)
def list_runs(request: HttpRequest, year: int | None = None) -> list[EvaluationRun]:
    """Runs whose ranking the caller may read, latest first."""
    qs = access.visible_runs(request.auth).order_by("-year", "-created_at", "-pk")
    if year is not None:
        qs = qs.filter(year=year)
    return [_run_out(r) for r in qs]


@router.get("/runs/{int:pk}", response={200: RunOut, 404: ErrorOut}, summary="评价详情")
def get_run(request: HttpRequest, pk: int) -> EvaluationRun:
    return _run_out(access.get_run_for_user(request.auth, pk))


@router.get("/runs/{int:pk}/results", response=list[ResultOut], summary="评价结果（排名）")
@paginate(Pages)
def run_results(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    run = access.get_run_for_user(request.auth, pk)
    names = unit_names([r["unit"] for r in run.results], run.units)
    return [_result(run, item, names) for item in run.results]


@router.get(
    "/runs/{int:pk}/units/{kind}/{int:unit_id}",
    response={200: UnitResultOut, 404: ErrorOut},
    summary="单个参评单位的评价结果",
)
def unit_result(request: HttpRequest, pk: int, kind: str, unit_id: int) -> dict[str, Any]:
    """One unit's result with each indicator's value, source, normalised value, weight and contribution."""
    from django.http import Http404

    if kind not in UNIT_KINDS:
        raise Http404(access.NOT_FOUND_UNIT)
    key = unit_key(kind, unit_id)
    run = access.get_unit_run_for_user(request.auth, pk, key)
    item = next((r for r in run.results if r["unit"] == key), None)
    if item is None:
        raise Http404(access.NOT_FOUND_UNIT)
    names = unit_names([key], run.units)
    return {
        **_result(run, item, names),
        "run_id": run.pk,
        "year": run.year,
        "status": run.status,
        "explanation": item.get("explanation", []),
        "sources": run.sources.get(key, {}),
    }
