"""API routes of the plans app: plans with their versions, indicators, targets, tasks, the catalogue.

Reads only here (writes: ``plans.api_writes``). Every handler reaches plans through
``plans.access`` exactly as the pages do: a plan outside the caller's areas, or a draft they do
not review, is 404 and absent from every list. Progress is judged in ``observations.api_progress``
(the observations app owns the judgement). Authentication: ``api_auth`` (bearer token or session).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from kechuang.common.api_pages import Pages
from kechuang.common.params import MAX_DB_INT
from kechuang.common.periods import MAX_YEAR, MIN_YEAR
from kechuang.plans.access import get_plan_for_user, get_task_board_for_user, visible_plans
from kechuang.plans.api_writes import router as writes_router
from kechuang.plans.enums import PlanStatus
from kechuang.plans.models import CatalogIndicator, Indicator, Plan, Target, TaskOwner, TaskUpdate
from kechuang.plans.tasks import task_board
from kechuang.tenancy.access import visible_areas
from kechuang.tenancy.api_auth import api_auth

router = Router(tags=["规划"], auth=api_auth)


class ErrorOut(Schema):
    detail: str


class PlanOut(Schema):
    id: int
    title: str
    issuer: str
    area_id: int
    area_name: str = Field(alias="area.name")
    period_start: int
    period_end: int
    doc_number: str
    issued: dt.date | None
    status: str = Field(description="draft/pending/published/withdrawn/superseded")
    status_label: str = Field(alias="get_status_display", description="草稿/待审核/已发布/已撤回/已调整")
    version: int
    previous_id: int | None = Field(description="上一版本（中期调整前）的规划")
    in_force_since: dt.date | None
    published_at: dt.datetime | None


class VersionOut(Schema):
    id: int
    version: int
    status: str
    status_label: str = Field(alias="get_status_display")
    in_force_since: dt.date | None


class EventOut(Schema):
    action: str
    action_label: str = Field(alias="get_action_display")
    from_status: str
    to_status: str
    reason: str
    user_name: str
    at: dt.datetime


class PlanDetailOut(PlanOut):
    versions: list[VersionOut] = Field(
        alias="version_list", description="同一规划的各版本（调用者可见的），按版本号"
    )
    events: list[EventOut] = Field(alias="event_list", description="提交、发布、撤回、调整等记录")


class TargetOut(Schema):
    id: int
    indicator_id: int
    year: int
    value: float | None
    comparator: str = Field(description=">=、>、<=、<、=、~ 或 relative")
    comparator_label: str = Field(alias="get_comparator_display")
    kind: str = Field(description="level/growth/increment/annual")
    kind_label: str = Field(alias="get_kind_display")
    stretch_value: float | None
    text: str


class IndicatorOut(Schema):
    id: int
    plan_id: int
    position: int
    role: str = Field(description="goal（目标指标）或 series（统计序列）")
    name: str
    category: str
    unit: str
    attribute: str
    direction: str = Field(description="higher/lower")
    accumulation: str = Field(description="stock（存量）或 flow（流量）")
    data_source: str
    baseline_year: int | None
    baseline_value: float | None
    catalog_code: str | None = Field(None, alias="catalog.code")
    note: str
    targets: list[TargetOut]


class TaskOut(Schema):
    id: int
    plan_id: int
    code: str
    goal: str
    title: str
    deadline: int | None
    owners: list[str] = Field(alias="owner_names")
    status: str = Field(
        alias="state.status", description="评估日的状态：not_started/in_progress/done/delayed"
    )
    status_label: str = Field(alias="state.word")
    progress: int = Field(alias="state.progress", description="评估日已知的最近一次进度（%）")
    overdue: bool = Field(alias="state.overdue")


class CatalogOut(Schema):
    code: str
    name: str = Field(alias="name_zh")
    unit: str
    definition: str
    synonyms: list[str]
    direction: str
    cumulative: bool


def _versions(user: object, plan: Plan) -> list[Plan]:
    """Every version of the plan the caller may see: walk back through ``previous``, forward through
    newer versions (a plan has at most one newer version in force)."""
    chain = {plan.pk: plan}
    seen = visible_plans(user)
    here = plan
    while here.previous_id and here.previous_id not in chain:
        here = seen.filter(pk=here.previous_id).first() or Plan(pk=here.previous_id)
        if here.title:
            chain[here.pk] = here
        else:
            break
    frontier = [plan.pk]
    while frontier:
        newer = list(seen.filter(previous_id__in=frontier).exclude(pk__in=chain))
        chain.update({p.pk: p for p in newer})
        frontier = [p.pk for p in newer]
    return sorted(chain.values(), key=lambda p: (p.version, p.pk))


@router.get("", response=list[PlanOut], summary="规划列表")
@paginate(Pages)
def list_plans(
    request: HttpRequest,
    area_id: int | None = Query(None, ge=1, le=MAX_DB_INT, description="地区（含下级地区）"),
    status: str | None = Query(None, description="draft/pending/published/withdrawn/superseded"),
    year: int | None = Query(None, ge=MIN_YEAR, le=MAX_YEAR, description="规划期包含该年"),
) -> QuerySet[Plan]:
    """The plans the caller may read (drafts only for their reviewers), latest period first."""
    qs = visible_plans(request.auth).order_by("-period_end", "title", "pk")
    if area_id is not None:
        area = get_object_or_404(visible_areas(request.auth), pk=area_id)
        qs = qs.filter(area_id__in=area.descendant_ids())
    if status:
        qs = qs.filter(status=status) if status in PlanStatus.values else qs.none()
    if year is not None:
        qs = qs.filter(period_start__lte=year, period_end__gte=year)
    return qs


@router.get(
    "/{int:pk}", response={200: PlanDetailOut, 404: ErrorOut}, summary="规划详情（含各版本与状态记录）"
)
def get_plan(request: HttpRequest, pk: int) -> dict:
    plan = get_plan_for_user(request.auth, pk)
    plan.version_list = _versions(request.auth, plan)
    plan.event_list = list(plan.events.order_by("at", "pk"))
    return plan


def _indicators(plan: Plan) -> QuerySet[Indicator]:
    targets = Prefetch("targets", queryset=Target.objects.order_by("year", "position", "pk"))
    return (
        plan.indicators.select_related("catalog").prefetch_related(targets).order_by("role", "position", "pk")
    )


@router.get(
    "/{int:pk}/indicators",
    response={200: list[IndicatorOut], 404: ErrorOut},
    summary="规划的指标（含目标值）",
)
def plan_indicators(request: HttpRequest, pk: int) -> QuerySet[Indicator]:
    return _indicators(get_plan_for_user(request.auth, pk))


@router.get("/{int:pk}/targets", response={200: list[TargetOut], 404: ErrorOut}, summary="规划的目标值")
def plan_targets(request: HttpRequest, pk: int, year: int | None = None) -> QuerySet[Target]:
    plan = get_plan_for_user(request.auth, pk)
    qs = Target.objects.filter(indicator__plan=plan)
    if year is not None:
        qs = qs.filter(year=year) if MIN_YEAR <= year <= MAX_YEAR else qs.none()
    return qs.order_by("indicator__role", "indicator__position", "indicator_id", "year", "position", "pk")


@router.get(
    "/{int:pk}/tasks", response={200: list[TaskOut], 404: ErrorOut}, summary="规划的任务（评估日的状态）"
)
def plan_tasks(request: HttpRequest, pk: int, at: dt.date | None = None, owner: str = "") -> list:
    """Each task with its state as of ``at`` (default today), as the task board shows it. A town's
    people reading a district plan that hands them tasks get only those tasks, as on the board."""
    access = get_task_board_for_user(request.auth, pk)
    tasks = access.plan.tasks.prefetch_related(
        Prefetch("owners", queryset=TaskOwner.objects.order_by("position", "pk")),
        Prefetch("updates", queryset=TaskUpdate.objects.order_by("-reported_on", "-pk")),
    )
    board = task_board(
        tasks,
        as_of=at or timezone.localdate(),
        owner=owner,
        areas=access.areas if access.restricted else None,
    )
    return sorted(board.tasks, key=lambda t: (t.position, t.pk))


@router.get("/catalog", response=list[CatalogOut], summary="标准指标目录")
@paginate(Pages)
def catalog(
    request: HttpRequest, q: str | None = Query(None, description="名称、代码或同义词包含")
) -> QuerySet:
    qs = CatalogIndicator.objects.order_by("code")
    if q:
        # Synonyms are a JSON list (stored escaped on SQLite): matched here, the catalogue is small.
        found = [c.pk for c in qs if q in c.name_zh or q in c.code or any(q in s for s in c.synonyms or ())]
        qs = qs.filter(pk__in=found)
    return qs


router.add_router("", writes_router)
