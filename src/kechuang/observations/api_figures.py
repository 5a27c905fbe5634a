"""API routes for figures (observations): read them with their revision history, record them.

Reads go through ``observations.access.visible_observations`` (the caller's areas, never a
draft's figures they do not review). Writes are the grid's rules (``observations.grid``): the
plan is reached with ``get_plan_for_user(write=True)``, the area must lie in the plan's area and be
the caller's to change, a correction of a saved figure needs a reason, a figure someone else
changed since the caller read it (``version``) is a 409 naming who changed it to what, and a batch
is saved all or nothing. Each figure goes through ``record_observation``, which writes its revision.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from kechuang.common.api_pages import Pages
from kechuang.common.params import MAX_DB_INT
from kechuang.common.periods import MAX_YEAR, MIN_YEAR, PeriodError, parse_period
from kechuang.observations.access import get_observation_for_user, visible_observations
from kechuang.observations.domain import (
    ObservationError,
    ReasonRequired,
    StaleObservation,
    record_observation,
)
from kechuang.observations.enums import ObservationStatus, Source
from kechuang.observations.models import Observation
from kechuang.plans.access import get_plan_for_user, visible_indicators
from kechuang.tenancy.access import can_change_area, visible_areas
from kechuang.tenancy.api_auth import api_auth
from kechuang.tenancy.models import Area

router = Router(tags=["观测值"], auth=api_auth)

MAX_BATCH = 1000


class ErrorOut(Schema):
    detail: str


class ConflictOut(Schema):
    detail: str
    item: int = Field(description="出错的条目序号（从 0 起）")
    current_value: float | None = Field(description="现存数值（已被删除时为空）")
    current_version: int = Field(description="现存版本；核对后以此版本重新提交即可覆盖")
    changed_by: str
    changed_at: dt.datetime | None


class RevisionOut(Schema):
    action: str = Field(description="create/update")
    old_value: float | None
    new_value: float | None
    old_status: str
    new_status: str
    old_source: str
    new_source: str
    reason: str
    changed_by: str = Field(alias="changed_by_name")
    changed_at: dt.datetime


class ObservationOut(Schema):
    id: int
    indicator_id: int | None
    indicator: str | None = Field(None, description="指标名称（地区统计数为空）")
    plan_id: int | None = None
    catalog_code: str | None = Field(None, description="标准指标代码")
    area_id: int
    area_name: str = Field(alias="area.name")
    period: str = Field(description="2024、2024Q2 或 2024-05")
    period_kind: str
    year: int
    period_end: dt.date
    value: float
    source: str
    source_label: str = Field(alias="get_source_display")
    status: str = Field(description="final（最终数）或 provisional（初步数）")
    status_label: str = Field(alias="get_status_display")
    simulated: bool = Field(description="模拟（演示）数据")
    note: str
    version: int = Field(description="修改时作为 version 提交，防止覆盖他人的修改")
    entered_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_indicator(obj: Observation) -> str | None:
        return obj.indicator.name if obj.indicator_id else None

    @staticmethod
    def resolve_plan_id(obj: Observation) -> int | None:
        return obj.indicator.plan_id if obj.indicator_id else None

    @staticmethod
    def resolve_catalog_code(obj: Observation) -> str | None:
        return obj.catalog.code if obj.catalog_id else None


class ObservationDetailOut(ObservationOut):
    revisions: list[RevisionOut] = Field(description="修改记录，最近的在前")

    @staticmethod
    def resolve_revisions(obj: Observation) -> list:
        return list(obj.revisions.order_by("-changed_at", "-pk"))


class ObservationIn(Schema):
    indicator_id: int = Field(ge=1, le=MAX_DB_INT, description="规划指标")
    area_id: int | None = Field(None, ge=1, le=MAX_DB_INT, description="地区；不填为规划所属地区")
    period: str = Field(description="2024、2024Q2 或 2024-05")
    value: float
    source: str = Field(Source.MANUAL, description="statistics/monthly_report/registry/manual/plan_document")
    status: str = Field(ObservationStatus.FINAL, description="final 或 provisional")
    version: int | None = Field(
        None,
        ge=0,
        le=MAX_DB_INT,
        description="读取时的版本（0 = 认为尚无数值）；他人已修改则整批不保存，返回 409",
    )
    reason: str = Field("", max_length=300, description="修改原因；更正已有数值时必填（也可在整批上填写）")
    note: str = Field("", max_length=300)


class ObservationBatchIn(Schema):
    items: list[ObservationIn] = Field(min_length=1, max_length=MAX_BATCH)
    reason: str = Field("", max_length=300, description="各条共用的修改原因")


class BatchOut(Schema):
    created: int
    updated: int
    unchanged: int
    items: list[ObservationOut]


@router.get("", response=list[ObservationOut], summary="观测值列表")
@paginate(Pages)
def list_observations(
    request: HttpRequest,
    plan_id: int | None = Query(None, ge=1, le=MAX_DB_INT),
    indicator_id: int | None = Query(None, ge=1, le=MAX_DB_INT),
    catalog: str | None = Query(None, description="标准指标代码"),
    area_id: int | None = Query(None, ge=1, le=MAX_DB_INT, description="地区（含下级地区）"),
    year: int | None = Query(None, ge=MIN_YEAR, le=MAX_YEAR),
    period: str | None = Query(None, description="期间，如 2024、2024Q2、2024-05"),
    status: str | None = None,
) -> QuerySet[Observation]:
    """The figures the caller may read, by period end; every filter narrows."""
    qs = visible_observations(request.auth).order_by("period_end", "pk")
    if plan_id is not None:
        qs = qs.filter(indicator__plan_id=plan_id)
    if indicator_id is not None:
        qs = qs.filter(indicator_id=indicator_id)
    if catalog:
        qs = qs.filter(Q(catalog__code=catalog) | Q(indicator__catalog__code=catalog))
    if area_id is not None:
        area = get_object_or_404(visible_areas(request.auth), pk=area_id)
        qs = qs.filter(area_id__in=area.descendant_ids())
    if year is not None:
        qs = qs.filter(year=year)
    if period:
        try:
            qs = qs.filter(period=parse_period(period).label)
        except PeriodError as exc:
            raise HttpError(400, str(exc)) from exc
    if status:
        qs = qs.filter(status=status)
    return qs


@router.get(
    "/{int:pk}", response={200: ObservationDetailOut, 404: ErrorOut}, summary="观测值详情（含修改记录）"
)
def get_observation(request: HttpRequest, pk: int) -> Observation:
    return get_observation_for_user(request.auth, pk)


class _Refused(Exception):
    def __init__(self, status: int, body: dict) -> None:
        self.status, self.body = status, body


def _area_for(user: object, plan: object, area_id: int | None) -> Area:
    if area_id is None:
        area = plan.area
    else:
        area = visible_areas(user).filter(pk=area_id).first()
        if area is None:
            raise HttpError(404, "地区不存在或无权访问")
    if area.pk not in set(plan.area.descendant_ids()) or not can_change_area(user, area):
        raise HttpError(403, f"无权录入地区“{area.name}”的数据")
    return area


def _record(user: object, i: int, item: ObservationIn, batch_reason: str) -> tuple[object, bool, bool]:
    indicator = visible_indicators(user).filter(pk=item.indicator_id).first()
    if indicator is None:
        raise HttpError(404, f"第 {i + 1} 条：指标不存在或无权访问")
    plan = get_plan_for_user(user, indicator.plan_id, write=True)
    area = _area_for(user, plan, item.area_id)
    try:
        result = record_observation(
            indicator=indicator,
            area=area,
            period=item.period,
            value=item.value,
            source=item.source,
            status=item.status,
            note=item.note,
            reason=(item.reason or batch_reason).strip(),
            acting_user=user,
            expected_version=item.version,
            require_reason=True,
        )
    except StaleObservation as exc:
        current = exc.current
        body = {
            "detail": f"第 {i + 1} 条：{exc}（本次没有保存任何数据）",
            "item": i,
            "current_value": current.value if current is not None else None,
            "current_version": current.version if current is not None else 0,
            "changed_by": exc.changed_by,
            "changed_at": exc.changed_at,
        }
        raise _Refused(409, body) from exc
    except (ReasonRequired, ObservationError, PeriodError) as exc:
        raise HttpError(400, f"第 {i + 1} 条：{exc}（本次没有保存任何数据）") from exc
    return result.observation, result.created, result.changed


@router.post(
    "",
    response={200: BatchOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut},
    summary="录入或更正观测值（一条或多条，全部成功或全部不保存）",
)
def record_observations(request: HttpRequest, payload: ObservationBatchIn) -> object:
    user = request.auth
    out = {"created": 0, "updated": 0, "unchanged": 0, "items": []}
    try:
        with transaction.atomic():
            for i, item in enumerate(payload.items):
                obs, created, changed = _record(user, i, item, payload.reason)
                key = "created" if created else "updated" if changed else "unchanged"
                out[key] += 1
                out["items"].append(obs.pk)
    except _Refused as refused:
        return Status(refused.status, refused.body)
    out["items"] = list(
        Observation.objects.filter(pk__in=out["items"])
        .select_related("indicator", "catalog", "area")
        .order_by("pk")
    )
    return out
