"""API writes of the plans app: task progress reports, a plan document uploaded for review, submitting.

The same rules and audit as the pages: each handler asks ``plans.access`` for the object (404
outside the caller's scope, 403 for a withdrawn plan) and calls the domain function the page calls
(``tasks.report_task_progress``, ``drafts.create_draft_from_document``, ``lifecycle.submit_plan``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from kechuang.common.params import MAX_DB_INT
from kechuang.common.uploads import size_label
from kechuang.plans import drafts, lifecycle
from kechuang.plans.access import get_plan_for_user, get_task_for_user
from kechuang.plans.tasks import TaskProgressError, report_task_progress
from kechuang.tenancy.access import writable_area_ids
from kechuang.tenancy.api_auth import api_auth
from kechuang.tenancy.models import Area

router = Router(tags=["规划"], auth=api_auth)


class ErrorOut(Schema):
    detail: str


class TaskUpdateIn(Schema):
    reported_on: dt.date = Field(description="报告日期，不能晚于今天")
    unit: str = Field("", description="报告单位；任务有责任单位时须为其中之一")
    text: str = Field(description="进展情况", min_length=1)
    progress: int = Field(ge=0, le=100, description="进度（%）")
    evidence: str = Field("", description="佐证材料")


class TaskUpdateOut(Schema):
    id: int
    task_id: int
    reported_on: dt.date
    unit: str
    text: str
    progress: int
    evidence: str
    task_status: str = Field(alias="task.status", description="任务随最近一次报告更新后的状态")
    task_progress: int = Field(alias="task.progress")


class DraftOut(Schema):
    id: int
    title: str
    area_id: int
    status: str
    status_label: str = Field(alias="get_status_display")
    period_start: int
    period_end: int
    indicators: int = Field(description="读出的指标数")
    tasks: int = Field(description="读出的任务数")
    duplicate_of_id: int | None = Field(description="疑似重复的已有规划：须在页面上选择如何处理后才能提交")
    review_url: str = Field(description="审核页（核对后提交审核或发布）")


def _draft_out(plan: object) -> dict:
    return {
        "id": plan.pk,
        "title": plan.title,
        "area_id": plan.area_id,
        "status": plan.status,
        "get_status_display": plan.get_status_display(),
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "indicators": plan.indicators.count(),
        "tasks": plan.tasks.count(),
        "duplicate_of_id": plan.duplicate_of_id,
        "review_url": f"/plans/{plan.pk}/review/",
    }


@router.post(
    "/tasks/{int:pk}/updates",
    response={201: TaskUpdateOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="报告任务进展",
)
def create_task_update(request: HttpRequest, pk: int, payload: TaskUpdateIn) -> Status:
    """A responsible unit's progress report; the task's percentage and status follow the latest report."""
    user = request.auth
    task = get_task_for_user(user, pk, write=True)
    # The page's form rules (observations.forms.TaskProgressForm), said the same way.
    if payload.reported_on > timezone.localdate():
        raise HttpError(400, "报告日期不能晚于今天")
    owners = task.owner_names
    if owners and payload.unit not in owners:
        raise HttpError(400, f"报告单位应为任务的责任单位之一：{'、'.join(owners)}")
    try:
        update = report_task_progress(
            task,
            reported_on=payload.reported_on,
            unit=payload.unit,
            text=payload.text,
            progress=payload.progress,
            evidence=payload.evidence,
            acting_user=user,
        )
    except TaskProgressError as exc:
        raise HttpError(400, str(exc)) from exc
    update.task = task
    return Status(201, update)


@router.post(
    "/upload",
    response={201: DraftOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 413: ErrorOut},
    summary="上传规划文件（读成草稿，待核对后提交审核）",
)
def upload_plan(
    request: HttpRequest,
    document: File[UploadedFile],
    area_id: int | None = Form(None, ge=1, le=MAX_DB_INT, description="所属地区；不填则按文件所写地区识别"),
) -> Status:
    """The plan upload page through the API: the document is read into a draft of the chosen area,
    which its reviewers check on the review page and then submit (``/plans/{id}/submit``)."""
    user = request.auth
    ids = writable_area_ids(user)
    if ids is not None and not ids:
        raise PermissionDenied("您没有可上传规划的地区")
    area = None
    if area_id is not None:
        writable = Area.objects.all() if ids is None else Area.objects.filter(pk__in=ids)
        area = get_object_or_404(writable, pk=area_id)
    limit = settings.KECHUANG_MAX_UPLOAD_BYTES
    if document.size > limit:
        raise HttpError(413, f"文件过大（{size_label(document.size)}），上限为 {size_label(limit)}")
    try:
        plan = drafts.create_draft_from_document(
            document.read(), document.name or "", area=area, acting_user=user, max_bytes=limit
        )
    except drafts.DraftError as exc:
        raise HttpError(400, str(exc)) from exc
    return Status(201, _draft_out(plan))


@router.post(
    "/{int:pk}/submit",
    response={200: DraftOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="提交审核（草稿 → 待审核）",
)
def submit_plan(request: HttpRequest, pk: int) -> dict:
    plan = get_plan_for_user(request.auth, pk, write=True)
    try:
        lifecycle.submit_plan(plan, acting_user=request.auth)
    except drafts.DraftError as exc:
        raise HttpError(400, str(exc)) from exc
    return _draft_out(plan)
