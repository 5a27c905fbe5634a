"""Data entry pages: record or correct a figure, import a file, read a figure's history, report task progress.

Every page needs a login; plans, tasks and figures are found through ``plans.access`` and
``observations.access`` (a change with ``write=True``) so that a plan outside the user's
scope, or a draft they do not review, answers 404, and every figure is written by the domain
(``record_observation`` / ``import_observations``), which keeps the history.
"""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kechuang.common.attachments import AttachmentRefused, serve_stored
from kechuang.common.periods import PeriodError, parse_period
from kechuang.common.staging import (
    PendingUploadMissing,
    discard_upload,
    load_upload,
    refresh_digest,
    stash_upload,
)
from kechuang.observations.access import get_observation_for_user
from kechuang.observations.domain import (
    ObservationError,
    ReasonRequired,
    StaleObservation,
    record_observation,
)
from kechuang.observations.enums import ObservationStatus, Source
from kechuang.observations.forms import (
    ImportConfirmForm,
    ImportForm,
    ObservationForm,
    TaskProgressForm,
    writable_plan_areas,
)
from kechuang.observations.imports import (
    ImportPreview,
    RowError,
    build_template,
    import_observations,
    preview_observations,
)
from kechuang.observations.models import Observation
from kechuang.plans.access import get_plan_for_user, get_task_for_user, monitored_plans
from kechuang.plans.attachments import add_task_attachment, get_task_attachment_for_user
from kechuang.plans.models import Plan
from kechuang.plans.tasks import TaskProgressError, report_task_progress
from kechuang.tenancy.access import can_change_area, writable_area_ids

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ERRORS_SHOWN = 500


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Plans whose figures the user may change (not a withdrawn plan or an earlier version)."""
    plans = monitored_plans(request.user).order_by("-period_end", "title")
    writable = writable_area_ids(request.user)
    if writable is not None:
        plans = plans.filter(area_id__in=writable)
    return render(request, "observations/index.html", {"plans": plans})


def _latest_by_indicator(plan: Plan) -> dict[int, Observation]:
    latest: dict[int, Observation] = {}
    rows = Observation.objects.filter(indicator__plan=plan, area_id=plan.area_id).order_by(
        "indicator_id", "period_end", "pk"
    )
    for obs in rows:
        latest[obs.indicator_id] = obs  # ascending, so the last one is the latest period
    return latest


@login_required
@require_http_methods(["GET", "POST"])
def plan_entry(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The plan's indicators with their latest values, and a form to add or correct one value."""
    plan = get_plan_for_user(request.user, plan_id, write=True)
    areas = writable_plan_areas(plan, writable_area_ids(request.user))
    conflict = None
    if request.method == "POST":
        form = ObservationForm(request.POST, plan=plan, areas=areas)
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = record_observation(
                    indicator=data["indicator"],
                    area=data["area"],
                    period=data["period"],
                    value=data["value"],
                    source=data["source"],
                    status=data["status"],
                    reason=data["reason"],
                    acting_user=request.user,
                    # A blank version means the person opened no figure: they believe there is none,
                    # so one that exists (typed by someone else meanwhile) is shown to them first.
                    expected_version=data["version"] or 0,
                    require_reason=True,
                )
            except StaleObservation as exc:
                # Show both values; the form now carries the current version, so saving again confirms.
                conflict = _conflict(exc)
                confirm = request.POST.copy()
                confirm["version"] = str(exc.current.version if exc.current is not None else 0)
                form = ObservationForm(confirm, plan=plan, areas=areas)
                form.is_valid()
            except ReasonRequired as exc:
                form.add_error("reason", str(exc))
            except ObservationError as exc:
                form.add_error(None, str(exc))
            else:
                label = f"{data['indicator'].name} {data['area'].name} {data['period']}"
                if result.created:
                    messages.success(request, f"已新增：{label}")
                elif result.changed:
                    messages.success(request, f"已更正：{label}（原值已记入修改记录）")
                else:
                    messages.info(request, f"数值未变：{label}")
                return redirect("observations:plan", plan_id=plan.pk)
    else:
        initial = {k: request.GET[k] for k in ("indicator", "area", "period") if request.GET.get(k)}
        initial.update(_opened_figure(plan, initial))
        form = ObservationForm(initial=initial, plan=plan, areas=areas)
    indicators = list(plan.indicators.select_related("catalog").order_by("role", "position", "pk"))
    latest = _latest_by_indicator(plan)
    for ind in indicators:
        ind.latest = latest.get(ind.pk)
    recent = (
        Observation.objects.filter(indicator__plan=plan)
        .select_related("indicator", "area")
        .order_by("-updated_at", "-pk")[:20]
    )
    tasks = plan.tasks.prefetch_related("owners")
    return render(
        request,
        "observations/plan_entry.html",
        {
            "plan": plan,
            "form": form,
            "indicators": indicators,
            "recent": recent,
            "tasks": tasks,
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )


def _opened_figure(plan: Plan, key: dict[str, str]) -> dict[str, object]:
    """The saved value and version of the figure a correction link opens (version 0: none yet)."""
    if set(key) != {"indicator", "area", "period"}:
        return {}
    try:
        period = parse_period(key["period"]).label
        obs = Observation.objects.filter(
            indicator__plan=plan, indicator_id=int(key["indicator"]), area_id=int(key["area"]), period=period
        ).first()
    except (PeriodError, ValueError):
        return {}
    if obs is None:
        return {"version": 0}
    return {"value": obs.value, "source": obs.source, "status": obs.status, "version": obs.version}


def _conflict(stale: StaleObservation) -> dict[str, object]:
    """Both sides of a stale save, in the words the page shows them."""
    sources, statuses = dict(Source.choices), dict(ObservationStatus.choices)
    current = stale.current
    return {
        "message": str(stale),
        "changed_by": stale.changed_by or "其他用户",
        "changed_at": stale.changed_at,
        "theirs": None
        if current is None
        else {
            "value": current.value,
            "source": sources.get(current.source, ""),
            "status": statuses.get(current.status, ""),
        },
        "yours": {
            "value": stale.yours["value"],
            "source": sources.get(stale.yours["source"], ""),
            "status": statuses.get(stale.yours["status"], ""),
        },
        "history_url": reverse("observations:history", kwargs={"obs_id": current.pk}) if current else "",
    }


IMPORT_KIND = "observations"
MAX_PREVIEW_SHOWN = 500


@login_required
@require_http_methods(["GET", "POST"])
def import_file(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Upload an Excel or CSV file; every row is checked and a preview shown — nothing is written yet."""
    plan = get_plan_for_user(request.user, plan_id, write=True)
    errors: list = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            preview = preview_observations(data, upload.name, plan=plan, acting_user=request.user)
            if preview.ok:
                token = stash_upload(
                    user=request.user,
                    kind=IMPORT_KIND,
                    scope=str(plan.pk),
                    filename=upload.name,
                    data=data,
                    digest=preview.digest,
                )
                return _preview_page(request, plan, preview, token, upload.name)
            errors = preview.errors
    else:
        form = ImportForm()
    return _import_page(request, plan, form, errors)


def _import_page(
    request: HttpRequest, plan: Plan, form: ImportForm, errors: list, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "observations/import.html",
        {
            "plan": plan,
            "form": form,
            "errors": errors[:MAX_ERRORS_SHOWN],
            "error_count": len(errors),
            "truncated": len(errors) > MAX_ERRORS_SHOWN,
        },
        status=status,
    )


def _preview_page(
    request: HttpRequest,
    plan: Plan,
    preview: ImportPreview,
    token: str,
    filename: str,
    *,
    form: ImportConfirmForm | None = None,
    notice: str = "",
    status: int = 200,
) -> HttpResponse:
    shown = {
        name: rows[:MAX_PREVIEW_SHOWN]
        for name, rows in (
            ("added", preview.added),
            ("changed", preview.changed),
            ("unchanged", preview.unchanged),
        )
    }
    return render(
        request,
        "observations/import_preview.html",
        {
            "plan": plan,
            "preview": preview,
            "shown": shown,
            "limit": MAX_PREVIEW_SHOWN,
            "filename": PurePath(filename or "").name,
            "form": form or ImportConfirmForm(initial={"token": token}),
            "notice": notice,
        },
        status=status,
    )


@login_required
@require_POST
def import_confirm(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Write the previewed file — only its uploader may, only if it still gives the same preview."""
    plan = get_plan_for_user(request.user, plan_id, write=True)
    form = ImportConfirmForm(request.POST)
    token = request.POST.get("token", "")
    try:
        pending = load_upload(user=request.user, kind=IMPORT_KIND, scope=str(plan.pk), token=token)
    except PendingUploadMissing as exc:
        return _import_page(request, plan, ImportForm(), [RowError(None, None, str(exc))], status=400)
    if request.POST.get("action") == "cancel":
        discard_upload(pending)
        messages.info(request, "已取消导入，没有写入任何数据")
        return redirect("observations:plan", plan_id=plan.pk)
    data, name = bytes(pending.data), pending.filename
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    result = import_observations(
        data,
        name,
        plan=plan,
        acting_user=request.user,
        reason=reason,
        expected_digest=pending.digest,
        require_reason=True,
    )
    if result.ok:
        discard_upload(pending)
        messages.success(request, result.summary)
        return redirect("observations:plan", plan_id=plan.pk)
    preview = preview_observations(data, name, plan=plan, acting_user=request.user)
    if not preview.ok:  # the file no longer passes (e.g. the person's areas changed)
        discard_upload(pending)
        return _import_page(request, plan, ImportForm(), preview.errors, status=400)
    if result.preview_changed:
        refresh_digest(pending, preview.digest)
        return _preview_page(request, plan, preview, token, name, notice=str(result.errors[0]), status=409)
    form.add_error("reason", str(result.errors[0]))
    return _preview_page(request, plan, preview, token, name, form=form, status=400)


@login_required
def import_template(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The import template for a plan as an .xlsx download."""
    plan = get_plan_for_user(request.user, plan_id)
    response = HttpResponse(build_template(plan), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"观测值导入模板_规划{plan.pk}.xlsx"
    )
    return response


@login_required
def history(request: HttpRequest, obs_id: int) -> HttpResponse:
    """Every change to one figure: who, when, old → new, why."""
    obs = get_observation_for_user(request.user, obs_id)
    correct_url = None
    if obs.indicator is not None and can_change_area(request.user, obs.area):
        correct_url = (
            reverse("observations:plan", kwargs={"plan_id": obs.indicator.plan_id})
            + f"?indicator={obs.indicator_id}&area={obs.area_id}&period={obs.period}#entry"
        )
    revisions = list(obs.revisions.order_by("-changed_at", "-pk"))
    sources, statuses = dict(Source.choices), dict(ObservationStatus.choices)
    for r in revisions:
        r.old_source_label, r.new_source_label = sources.get(r.old_source, ""), sources.get(r.new_source, "")
        r.old_status_label, r.new_status_label = (
            statuses.get(r.old_status, ""),
            statuses.get(r.new_status, ""),
        )
    return render(
        request,
        "observations/history.html",
        {"obs": obs, "revisions": revisions, "correct_url": correct_url},
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_update(request: HttpRequest, task_id: int) -> HttpResponse:
    """A responsible unit reports progress on a task; the task's percentage and status follow."""
    task = get_task_for_user(request.user, task_id, write=True)
    plan = task.plan
    if request.method == "POST":
        form = TaskProgressForm(request.POST, request.FILES, task=task)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():  # a refused attachment records no progress either
                    update = report_task_progress(
                        task,
                        reported_on=data["reported_on"],
                        unit=data["unit"],
                        text=data["text"],
                        progress=data["progress"],
                        evidence=data["evidence"],
                        acting_user=request.user,
                    )
                    if data.get("attachment"):
                        add_task_attachment(update, data["attachment"], acting_user=request.user)
            except TaskProgressError as exc:
                form.add_error(None, str(exc))
            except AttachmentRefused as exc:
                form.add_error("attachment", str(exc))
            else:
                messages.success(request, f"已记录任务进展：{data['progress']}%")
                return redirect("observations:task_update", task_id=task.pk)
    else:
        form = TaskProgressForm(task=task)
    updates = (
        task.updates.select_related("author").prefetch_related("attachments").order_by("-reported_on", "-pk")
    )
    return render(
        request,
        "observations/task_update.html",
        {"plan": plan, "task": task, "form": form, "updates": updates},
    )


@login_required
@require_GET
def task_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """Download a task update's evidence file: for those who may see the task, else 404."""
    attachment = get_task_attachment_for_user(request.user, pk)
    return serve_stored(
        stored_name=attachment.stored_name, original_name=attachment.original_name, kind=attachment.kind
    )
