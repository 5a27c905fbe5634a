"""Pages of a plan's life: submit for approval, publish, withdraw, revise, and the duplicate decision.

Thin translations: the plan is reached through ``plans.access`` (``get_plan_for_user`` for
the uploader's steps, ``get_plan_for_admin`` for the district's), the step is one function
of ``kechuang.plans.lifecycle`` or ``kechuang.plans.duplicates``. Publishing, withdrawing and
revising are two-step: a confirmation page that says what will happen and asks for a reason,
then the POST of that page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from kechuang.plans import duplicates, lifecycle
from kechuang.plans.access import can_review_plan, get_plan_for_admin, get_plan_for_user, plan_filter
from kechuang.plans.drafts import DraftError
from kechuang.plans.lifecycle_forms import PublishForm, ReasonForm
from kechuang.plans.models import Plan, Target


def _first_error(form: object) -> str:
    """The first error of a confirmation form; its messages name the field themselves."""
    for errors in form.errors.values():
        return " ".join(str(e) for e in errors)
    return "输入有误"


def _counts(plan: Plan) -> dict[str, int]:
    return {
        "indicators": plan.indicators.count(),
        "targets": Target.objects.filter(indicator__plan=plan).count(),
        "tasks": plan.tasks.count(),
        "unreviewed": plan.indicators.filter(reviewed=False).count(),
    }


@require_POST
@login_required
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """草稿 → 待审核: whoever may change the plan's area hands it to the district."""
    plan = get_plan_for_user(request.user, pk, write=True)
    try:
        lifecycle.submit_plan(plan, acting_user=request.user)
    except DraftError as exc:
        messages.error(request, str(exc))
        return redirect("plans:detail", pk=plan.pk)
    messages.success(request, f"已将“{plan.title}”提交区级管理员审核发布。")
    return redirect("plans:detail", pk=plan.pk)


def _publish_page(request: HttpRequest, plan: Plan, form: PublishForm, *, status: int = 200) -> HttpResponse:
    context = {
        "plan": plan,
        "form": form,
        "counts": _counts(plan),
        "problems": lifecycle.publish_problems(plan),
        "changes": lifecycle.changes_from_previous(plan),
        "carry": lifecycle.carry_summary(plan),
    }
    return render(request, "plans/plan_publish.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def plan_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """The publish confirmation (GET) and publishing with a reason (POST); district administrators only."""
    plan = get_plan_for_admin(request.user, pk)
    if request.method != "POST":
        return _publish_page(request, plan, PublishForm())
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"未发布：{_first_error(form)}")
        return _publish_page(request, plan, form, status=400)
    try:
        lifecycle.publish_plan(
            plan,
            acting_user=request.user,
            reason=form.cleaned_data["reason"],
            in_force_since=form.cleaned_data["in_force_since"],
        )
    except DraftError as exc:
        messages.error(request, f"未发布：{exc}")
        return _publish_page(request, plan, form, status=400)
    plan.refresh_from_db()
    done = f"已发布“{plan.title}”"
    if plan.version_label:
        done += f"（{plan.version_label}）"
    messages.success(request, done + "。")
    return redirect("plans:detail", pk=plan.pk)


def _reason_page(
    request: HttpRequest, plan: Plan, form: ReasonForm, template: str, *, status: int = 200, **extra: object
) -> HttpResponse:
    return render(request, template, {"plan": plan, "form": form, **extra}, status=status)


_WITHDRAW_HINT = "例如：规划已由新的规划替代、发布有误。理由会显示在规划页面上。"
_REVISE_HINT = "例如：中期评估后调整部分目标。理由会记入新版本的状态记录。"


@require_http_methods(["GET", "POST"])
@login_required
def plan_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The withdrawal confirmation and withdrawing with a reason; district administrators only."""
    plan = get_plan_for_admin(request.user, pk)
    template = "plans/plan_withdraw.html"
    if request.method != "POST":
        return _reason_page(request, plan, ReasonForm(what="撤回", hint=_WITHDRAW_HINT), template)
    form = ReasonForm(request.POST, what="撤回", hint=_WITHDRAW_HINT)
    if not form.is_valid():
        messages.error(request, f"未撤回：{_first_error(form)}")
        return _reason_page(request, plan, form, template, status=400)
    try:
        lifecycle.withdraw_plan(plan, acting_user=request.user, reason=form.cleaned_data["reason"])
    except DraftError as exc:
        messages.error(request, f"未撤回：{exc}")
        return _reason_page(request, plan, form, template, status=400)
    messages.success(request, f"已撤回“{plan.title}”：公开页面和监测统计不再包含该规划。")
    return redirect("plans:detail", pk=plan.pk)


@require_http_methods(["GET", "POST"])
@login_required
def plan_revise(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a mid-term revision (a draft of the next version); district administrators only."""
    plan = get_plan_for_admin(request.user, pk)
    template = "plans/plan_revise.html"
    extra = {"open_revision": lifecycle.open_revision(plan) if plan.is_published else None}
    if request.method != "POST":
        form = ReasonForm(what="调整", hint=_REVISE_HINT)
        return _reason_page(request, plan, form, template, **extra)
    form = ReasonForm(request.POST, what="调整", hint=_REVISE_HINT)
    if not form.is_valid():
        messages.error(request, f"未建立新版本：{_first_error(form)}")
        return _reason_page(request, plan, form, template, status=400, **extra)
    try:
        new = lifecycle.revise_plan(plan, acting_user=request.user, reason=form.cleaned_data["reason"])
    except DraftError as exc:
        messages.error(request, f"未建立新版本：{exc}")
        return _reason_page(request, plan, form, template, status=400, **extra)
    messages.success(
        request,
        f"已建立“{new.title}”第{new.version}版草稿：请修改目标，核对后提交或发布；"
        f"发布前第{plan.version}版继续施行，数据在发布时转入新版本。",
    )
    return redirect("plans:review", pk=new.pk)


# --- a likely duplicate -------------------------------------------------------------------------------


def _duplicate_page(request: HttpRequest, plan: Plan, *, status: int = 200) -> HttpResponse:
    candidates = duplicates.candidates_for(plan, plan_filter(request.user))
    options = []
    for other in candidates:
        for value, label, why in duplicates.choices_for(
            plan, other, may_change=can_review_plan(request.user, other)
        ):
            if value == duplicates.REPLACE:
                explain = f"删除原草稿（{other.get_status_display()}），以本次上传的内容代替。"
            elif value == duplicates.VERSION and other.is_published:
                explain = (
                    f"本次上传作为第{other.version + 1}版草稿，核对后提交或发布；"
                    f"发布后取代第{other.version}版，已录入的数据转入新版本。"
                )
            elif value == duplicates.VERSION:
                explain = (
                    f"本次上传作为第{other.version + 1}版草稿，核对后提交或发布；"
                    f"发布后重新施行，第{other.version}版仍为已撤回，已录入的数据转入新版本。"
                )
            else:
                continue
            options.append(
                {
                    "value": f"{value}:{other.pk}",
                    "label": label,
                    "why": why,
                    "plan": other,
                    "explain": explain,
                }
            )
    context = {
        "plan": plan,
        "candidates": candidates,
        "options": options,
        "counts": _counts(plan),
        "cancel": duplicates.CANCEL,
    }
    return render(request, "plans/plan_duplicate.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def plan_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    """An upload that looks like a plan already here: replace that draft, become a new version, or cancel."""
    plan = get_plan_for_user(request.user, pk, write=True)
    if plan.duplicate_of_id is None:
        messages.info(request, "该规划没有待处理的重复提示。")
        return redirect("plans:review" if plan.is_unreleased else "plans:detail", pk=plan.pk)
    if request.method != "POST":
        return _duplicate_page(request, plan)
    choice, _, other_pk = (request.POST.get("choice") or "").partition(":")
    other = None
    if choice != duplicates.CANCEL:
        wanted = int(other_pk) if other_pk.isdigit() else None
        other = next(
            (p for p in duplicates.candidates_for(plan, plan_filter(request.user)) if p.pk == wanted), None
        )
        if other is None:
            messages.error(request, "请选择：替换原草稿、作为已发布规划的新版本，或取消本次上传。")
            return _duplicate_page(request, plan, status=400)
    try:
        kept = duplicates.decide_duplicate(
            plan,
            choice,
            existing=other,
            acting_user=request.user,
            may_change_existing=other is not None and can_review_plan(request.user, other),
        )
    except DraftError as exc:
        messages.error(request, str(exc))
        return _duplicate_page(request, plan, status=400)
    if kept is None:
        messages.success(request, f"已取消上传“{plan.title}”，原有规划未作任何改动。")
        return redirect("plans:list")
    if choice == duplicates.REPLACE:
        messages.success(request, f"已用本次上传替换原草稿“{other.title}”。请核对后提交或发布。")
    else:
        messages.success(
            request,
            f"本次上传已作为“{other.title}”的第{kept.version}版草稿：请核对修改之处；"
            f"发布前第{other.version}版继续施行，数据在发布时转入新版本。",
        )
    return redirect("plans:review", pk=kept.pk)
