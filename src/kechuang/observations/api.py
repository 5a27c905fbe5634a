"""API routes of the observations app: alert cases (read only) here; figures in ``api_figures``,
progress in ``api_progress``, mounted on this router.

The API reads the cases as the last sync stored them (the alerts page at today's date and the
scheduled ``sync_all`` keep them in step); acting on a case is done on its page.
Authentication: ``api_auth`` (bearer token or session); scope as the pages (``alert_case_actions``).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema

from kechuang.common.params import check_range
from kechuang.observations.alert_case_actions import get_case_for_user, visible_cases
from kechuang.observations.api_figures import router as figures_router
from kechuang.observations.api_progress import router as progress_router
from kechuang.observations.enums import AlertState
from kechuang.observations.models import AlertCase
from kechuang.tenancy.api_auth import api_auth

router = Router(tags=["observations"], auth=api_auth)

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000


class ErrorOut(Schema):
    detail: str


class AlertCaseOut(Schema):
    id: int
    plan_id: int
    plan_title: str = Field(alias="plan.title")
    target_id: int
    indicator: str = Field(alias="target.indicator.name")
    state: str = Field(description="open/acknowledged/assigned/closed/resolved")
    state_label: str = Field(alias="get_state_display", description="待处理/已确认/处理中/已关闭/已解除")
    active: bool = Field(description="预警仍存在")
    escalated: bool = Field(description="已升级")
    level: str = Field(description="warn/red")
    status: str = Field(alias="status_text", description="最近一次评估的进度状态")
    reasons: str
    first_seen: dt.date
    last_seen: dt.date
    resolved_on: dt.date | None
    assigned_area_id: int | None
    due_on: dt.date | None
    closed_reason: str
    version: int


@router.get("/alert-cases", response=list[AlertCaseOut], summary="预警事项列表")
def list_alert_cases(
    request: HttpRequest, state: str | None = None, limit: int = 100, offset: int = 0
) -> QuerySet[AlertCase]:
    """The cases the caller may see, oldest first; ``state`` narrows to one state."""
    qs = visible_cases(request.auth).order_by("pk")
    if state in AlertState.values:
        qs = qs.filter(state=state)
    limit = max(1, min(limit, MAX_LIMIT))
    offset = check_range(offset, label="偏移量（offset）", minimum=0, maximum=MAX_OFFSET)
    return qs[offset : offset + limit]


@router.get("/alert-cases/{int:pk}", response={200: AlertCaseOut, 404: ErrorOut}, summary="预警事项详情")
def get_alert_case(request: HttpRequest, pk: int) -> AlertCase:
    return get_case_for_user(request.auth, pk)


router.add_router("", progress_router)
router.add_router("", figures_router)
