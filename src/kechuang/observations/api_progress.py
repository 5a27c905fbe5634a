"""API routes for progress: a plan's or one target's judgement as of any date.

The same judgement as the monitoring pages (``monitor_views.plan_overview``): ``judge_plan`` over
the figures ``figure_filter`` lets the caller use, each row marked when it rests on a simulated
figure (``mark_simulated``), rows as ``TargetRow.to_dict`` (the stable JSON of ``kechuang progress
--json``, docs/cli.md). Reads only: unlike the page, opening it does not sync alert cases.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from kechuang.common.api_pages import MAX_LIMIT, MAX_OFFSET
from kechuang.common.params import MAX_DB_INT
from kechuang.common.periods import MAX_YEAR, MIN_YEAR
from kechuang.observations.access import figure_filter
from kechuang.observations.monitoring import dashboard, judge_plan, judge_plans
from kechuang.observations.monitoring.simulated import mark_simulated
from kechuang.plans.access import get_plan_for_user, monitored_plans, visible_targets
from kechuang.tenancy.access import visible_areas
from kechuang.tenancy.api_auth import api_auth

router = Router(tags=["进度"], auth=api_auth)

AT = Query(None, description="评估日期 YYYY-MM-DD，默认今天")


class ErrorOut(Schema):
    detail: str


class TargetProgressOut(Schema):
    """One target judged at a date. Rates and shares are fractions (0.6 = 60 %)."""

    target_id: int
    indicator_id: int
    indicator: str | None
    category: str | None
    unit: str | None
    attribute: str | None
    target_year: int
    comparator: str
    kind: str
    target_value: float | None
    target_text: str | None
    path: str | None = Field(description="时序进度的路径：linear 或 compound")
    data_from: str | None = Field(description="indicator（本指标的数据）、catalog（标准指标的数据）或空")
    latest_value: float | None
    latest_period: str | None
    baseline_value: float | None
    baseline_year: int | None
    completion: float | None = Field(description="完成度")
    expected_progress: float | None = Field(description="时序进度")
    gap_to_expected: float | None
    required_growth: float | None
    achieved_growth: float | None
    forecast_value: float | None
    forecast_low: float | None
    forecast_high: float | None
    forecast_model: str | None
    likelihood: float | None = Field(description="按期达标的概率")
    status: str = Field(description="状态（中文）")
    status_code: str
    note: str
    schedule_ratio: float | None
    planned_growth: float | None
    comparator_value: float | None
    year_over: bool = Field(description="目标年已过：状态为结论")
    attainment: float | None
    trend: str | None
    stretch_value: float | None
    stretch_met: bool | None
    previous_status: str | None = Field(description="一年前的状态")
    previous_status_code: str | None
    slipped: bool
    forecast_miss: bool
    alert: str | None = Field(description="warn 或 red")
    alert_label: str | None
    trend_label: str | None
    earlier_period: bool = Field(description="上一规划期的目标（不计入本规划的统计）")
    simulated: bool = Field(description="依据模拟（演示）数据")


class StatusCountOut(Schema):
    code: str
    label: str
    count: int


class PlanProgressOut(Schema):
    plan_id: int
    plan_title: str
    as_of: dt.date
    total: int = Field(description="计入统计的目标数")
    counts: list[StatusCountOut] = Field(description="各状态的目标数（仅列出有目标的状态）")
    alerts: int = Field(description="状态下滑、预测难以达标或有预警的目标数（同监测页）")
    simulated: bool = Field(description="有目标依据模拟（演示）数据")
    targets: list[TargetProgressOut]
    earlier: list[TargetProgressOut] = Field(description="上期完成情况，不计入统计")


class PlanSummaryOut(Schema):
    plan_id: int
    plan_title: str
    area_id: int
    area_name: str
    period_start: int
    period_end: int
    total: int
    counts: list[StatusCountOut]
    alerts: int
    simulated: bool


class PlanSummaryPage(Schema):
    as_of: dt.date
    count: int = Field(description="符合条件的规划总数")
    items: list[PlanSummaryOut]


def _counts(rows: Any) -> list[dict[str, Any]]:
    return [{"code": c.code, "label": c.word, "count": c.count} for c in dashboard.status_counts(rows)]


def _row(row: Any) -> dict[str, Any]:
    return {**row.to_dict(), "simulated": row.simulated}


def _judged(user: object, plan: object, at: dt.date | None, only: Q | None = None) -> tuple[dt.date, Any]:
    as_of = at or timezone.localdate()
    figures = figure_filter(user)
    rows = judge_plan(plan, as_of=as_of, figures=figures, only=only)
    mark_simulated([*rows, *rows.earlier], figures=figures)
    return as_of, rows


@router.get("/progress/plans", response={200: PlanSummaryPage, 404: ErrorOut}, summary="各规划进度概览")
def plans_progress(
    request: HttpRequest,
    at: dt.date | None = AT,
    area_id: int | None = Query(None, ge=1, le=MAX_DB_INT, description="地区（含下级地区）"),
    year: int | None = Query(None, ge=MIN_YEAR, le=MAX_YEAR, description="规划期包含该年"),
    limit: int = Query(100, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> dict:
    """The monitoring overview: every plan in force (or in review) the caller may see, its targets
    counted by status as of ``at``; withdrawn plans and earlier versions are not counted. Paged
    before judging, so a page of plans costs the same however many there are."""
    qs = monitored_plans(request.auth).order_by("-period_end", "title", "pk")
    if area_id is not None:
        area = get_object_or_404(visible_areas(request.auth), pk=area_id)
        qs = qs.filter(area_id__in=area.descendant_ids())
    if year is not None:
        qs = qs.filter(period_start__lte=year, period_end__gte=year)
    plans = list(qs[offset : offset + limit])
    as_of = at or timezone.localdate()
    figures = figure_filter(request.auth)
    rows_by_plan = judge_plans(plans, as_of=as_of, figures=figures)
    mark_simulated([r for rows in rows_by_plan.values() for r in rows], figures=figures)
    items = []
    for plan in plans:
        rows = rows_by_plan[plan.pk]
        items.append(
            {
                "plan_id": plan.pk,
                "plan_title": plan.title,
                "area_id": plan.area_id,
                "area_name": plan.area.name,
                "period_start": plan.period_start,
                "period_end": plan.period_end,
                "total": len(rows),
                "counts": _counts(rows),
                "alerts": len(dashboard.alert_rows(rows)),
                "simulated": any(r.simulated for r in rows),
            }
        )
    return {"as_of": as_of, "count": qs.count(), "items": items}


@router.get(
    "/progress/plans/{int:plan_id}", response={200: PlanProgressOut, 404: ErrorOut}, summary="规划进度"
)
def plan_progress(request: HttpRequest, plan_id: int, at: dt.date | None = AT) -> dict:
    """Every target of the plan judged as of ``at``, with counts by status as the monitoring page shows."""
    plan = get_plan_for_user(request.auth, plan_id)
    as_of, rows = _judged(request.auth, plan, at)
    return {
        "plan_id": plan.pk,
        "plan_title": plan.title,
        "as_of": as_of,
        "total": len(rows),
        "counts": [
            {"code": c.code, "label": c.word, "count": c.count} for c in dashboard.status_counts(rows)
        ],
        "alerts": len(dashboard.alert_rows(rows)),
        "simulated": any(r.simulated for r in rows),
        "targets": [_row(r) for r in rows],
        "earlier": [_row(r) for r in rows.earlier],
    }


@router.get(
    "/progress/targets/{int:target_id}",
    response={200: TargetProgressOut, 404: ErrorOut},
    summary="单个目标的进度",
)
def target_progress(request: HttpRequest, target_id: int, at: dt.date | None = AT) -> dict:
    target = visible_targets(request.auth).filter(pk=target_id).first()
    if target is None:
        raise Http404("目标不存在或无权访问")
    plan = get_plan_for_user(request.auth, target.indicator.plan_id)
    _, rows = _judged(request.auth, plan, at, only=Q(pk=target.pk))
    found = [*rows, *rows.earlier]
    if not found:
        raise Http404("目标不存在或无权访问")
    return _row(found[0])
