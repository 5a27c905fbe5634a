"""Plan pages: thin translations from requests to queries, domain calls and templates.

Every change goes through ``get_plan_for_user(..., write=True)`` (404 outside the
user's scope) and then one function of ``kechuang.plans.drafts``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from kechuang.common.uploads import size_label
from kechuang.plans import drafts, queries
from kechuang.plans.access import visible_plans
from kechuang.plans.enums import CLOSED_STATUSES, PlanStatus
from kechuang.plans.forms import UploadForm, first_error
from kechuang.tenancy.access import can_change_area, writable_area_ids
from kechuang.tenancy.models import Area

# Room for the multipart envelope and the other form fields around the file itself.
_MULTIPART_SLACK = 64 * 1024


def _can_upload(user: object) -> bool:
    ids = writable_area_ids(user)
    return ids is None or bool(ids)


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = visible_plans(request.user).order_by("-period_end", "title")
    status = request.GET.get("status", "")
    if status in PlanStatus.values:
        plans = plans.filter(status=status)  # ?status=pending: the home page's 待审批规划
    else:
        status = ""
    context = {
        "plans": plans,
        "can_upload": _can_upload(request.user),
        "status": status,
        "statuses": PlanStatus.choices,
    }
    return render(request, "plans/plan_list.html", context)


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(visible_plans(request.user).select_related("published_by"), pk=pk)
    groups, series = queries.plan_indicator_groups(plan)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "groups": groups,
            "series": series,
            "tasks": queries.plan_tasks(plan),
            # Whoever may change the plan's figures gets the way to enter them (the grid, an import).
            "can_enter_figures": plan.status not in CLOSED_STATUSES
            and can_change_area(request.user, plan.area),
        },
    )


# --- upload ---------------------------------------------------------------------------------------


def _writable_areas(user: object) -> list[Area]:
    ids = writable_area_ids(user)
    qs = Area.objects.in_use()  # a merged area (区划调整) keeps its plans but takes no new one
    qs = qs if ids is None else qs.filter(pk__in=ids)
    return list(qs.order_by("code"))


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _upload_page(
    request: HttpRequest, form: UploadForm, *, error: str = "", status: int = 200
) -> HttpResponse:
    context = {"form": form, "error": error, "max_bytes": settings.KECHUANG_MAX_UPLOAD_BYTES}
    return render(request, "plans/plan_upload.html", context, status=status)


# CSRF is checked in ``_receive_upload``, after the size: the CSRF middleware would
# otherwise parse (and spool to disk) an oversized body just to find its token.
@csrf_exempt
@login_required
def plan_upload(request: HttpRequest) -> HttpResponse:
    areas = _writable_areas(request.user)
    if not areas:
        raise PermissionDenied("您没有可上传规划的地区")
    if request.method != "POST":
        return _upload_page(request, UploadForm(areas=areas))
    limit = settings.KECHUANG_MAX_UPLOAD_BYTES
    if _declared_length(request) > limit + _MULTIPART_SLACK:
        error = f"文件过大，上限为 {size_label(limit)}"
        return _upload_page(request, UploadForm(areas=areas), error=error, status=413)
    return _receive_upload(request, areas)


@csrf_protect
def _receive_upload(request: HttpRequest, areas: list[Area]) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES, areas=areas)
    if not form.is_valid():
        return _upload_page(request, form, error=first_error(form), status=400)
    upload = form.cleaned_data["document"]
    limit = settings.KECHUANG_MAX_UPLOAD_BYTES
    if upload.size > limit:
        error = f"文件过大（{size_label(upload.size)}），上限为 {size_label(limit)}"
        return _upload_page(request, form, error=error, status=413)
    try:
        plan = drafts.create_draft_from_document(
            upload.read(),
            upload.name or "",
            area=form.cleaned_data["area"],
            acting_user=request.user,
            max_bytes=limit,
        )
    except drafts.DraftError as exc:
        return _upload_page(request, form, error=str(exc), status=400)
    offered = plan.task_suggestions.count()
    read = (
        f"已读取“{plan.title}”：{plan.indicators.count()} 项指标、{plan.tasks.count()} 项任务"
        + (f"，另有 {offered} 项建议任务（来自规划章节）待采纳" if offered else "")
        + "。"
    )
    if not plan.indicators.exists() and not plan.tasks.exists():
        messages.warning(
            request,
            read + "文件中没有找到量化目标或任务，已建立空白草稿；规划期暂按"
            f"{plan.period_start}年填写，请在审核页补充，或删除此草稿。",
        )
        return redirect("plans:review", pk=plan.pk)
    if plan.duplicate_of_id is not None:
        messages.warning(request, read + "该文件与已有规划疑似重复，请先选择如何处理。")
        return redirect("plans:duplicate", pk=plan.pk)
    messages.success(request, read + "请逐项核对后提交审核或发布。")
    return redirect("plans:review", pk=plan.pk)


# --- review: the page and its edits are in kechuang.plans.review_views ------------------------------
# --- submit, publish, withdraw, revise, duplicates: kechuang.plans.lifecycle_views ------------------
