"""Appeal pages: a unit files against its result; the district lists and decides; the filer follows up.

Thin: the rules are in ``appeals``; here requests are read and pages drawn.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kechuang.common.attachments import AttachmentRefused, serve_stored
from kechuang.evaluation import appeals
from kechuang.evaluation.forms import AppealForm, DecisionForm
from kechuang.evaluation.models import AppealEvidence, AppealStatus, EvaluationRun
from kechuang.tenancy.domain.audit import RuleError


def _run(pk: int) -> EvaluationRun:
    run = EvaluationRun.objects.select_related("area", "scheme").filter(pk=pk).first()
    if run is None:
        raise Http404("评价不存在或无权访问")
    return run


@login_required
@require_http_methods(["GET", "POST"])
def file_appeal(request: HttpRequest, pk: int, unit: str) -> HttpResponse:
    """A unit's objection to its own result in a confirmed run, with reason and evidence."""
    run = _run(pk)
    if not appeals.speaks_for(request.user, unit):
        if appeals.unit_result(run, unit) is None:
            raise Http404("该次评价中没有这个参评单位")
        raise PermissionDenied(appeals.NOT_YOUR_UNIT)
    result = appeals.effective_result(run, unit)
    if result is None:
        raise Http404("该次评价中没有这个参评单位")
    context = {
        "run": run,
        "unit": unit,
        "unit_name": appeals.unit_name(run, unit),
        "result": result,
        "mine": appeals.visible_appeals(request.user).filter(run=run, unit=unit),
    }
    if run.status != "confirmed":
        return render(
            request, "evaluation/appeal_file.html", {**context, "refused": appeals.NOT_CONFIRMED}, status=400
        )
    status = 200
    if request.method == "POST":
        form = AppealForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                appeal = appeals.file_appeal(
                    run,
                    unit,
                    acting_user=request.user,
                    reason=form.cleaned_data["reason"],
                    evidence_text=form.cleaned_data["evidence_text"],
                    upload=form.cleaned_data.get("file"),
                )
            except AttachmentRefused as exc:
                form.add_error("file", f"证据文件未上传：{exc}")
            except RuleError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "申诉已提交，区科委处理后将通知您")
                return redirect("evaluation:appeal", pk=appeal.pk)
        status = 400
    else:
        form = AppealForm()
    return render(request, "evaluation/appeal_file.html", {**context, "form": form}, status=status)


def _detail(
    request: HttpRequest, appeal: object, form: DecisionForm | None, status: int = 200, error: str = ""
) -> HttpResponse:
    decide = appeal.status == AppealStatus.PENDING and appeals.can_decide(request.user, appeal.run)
    if decide and form is None:
        form = DecisionForm(ratings=appeals.rating_labels(appeal.run))
    result = appeals.effective_result(appeal.run, appeal.unit)
    original = next((r for r in appeal.run.results if r.get("unit") == appeal.unit), None)
    return render(
        request,
        "evaluation/appeal_detail.html",
        {
            "appeal": appeal,
            "run": appeal.run,
            "result": result,
            "original": original,
            "form": form if decide else None,
            "adjustment": getattr(appeal, "adjustment", None)
            if appeal.status == AppealStatus.ACCEPTED
            else None,
            "can_decide": appeals.can_decide(request.user, appeal.run),
            "error": error,
        },
        status=status,
    )


@login_required
@require_GET
def appeal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The appeal as its filer and the district see it; the district's decision form while pending."""
    return _detail(request, appeals.get_appeal_for_user(request.user, pk), None)


@login_required
@require_POST
def decide_appeal(request: HttpRequest, pk: int) -> HttpResponse:
    """The district rejects (with a reason) or accepts with an adjusted score and/or rating."""
    appeal = appeals.get_appeal_for_user(request.user, pk)
    if not appeals.can_decide(request.user, appeal.run):
        raise PermissionDenied(appeals.ONLY_DISTRICT)
    form = DecisionForm(request.POST, ratings=appeals.rating_labels(appeal.run))
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "reject":
                appeals.reject_appeal(appeal, acting_user=request.user, reason=data["reason"])
                messages.success(request, "已驳回申诉，并通知申诉人")
            else:
                appeals.accept_appeal(
                    appeal,
                    acting_user=request.user,
                    reason=data["reason"],
                    score=data["score"],
                    rating=data["rating"],
                )
                messages.success(request, "已采纳申诉并调整结果，并通知申诉人")
                if appeal.run.payment_lists.exists():
                    messages.info(request, "本次评价已有补助支付清单，请重新计算，生成按调整后结果的新版本")
        except RuleError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("evaluation:appeal", pk=appeal.pk)
    appeal.refresh_from_db()
    if appeal.status != AppealStatus.PENDING:
        return _detail(request, appeal, None, status=400, error="该申诉已处理，不能再次处理")
    return _detail(request, appeal, form, status=400)


@login_required
@require_GET
def appeal_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """An evidence file, for those who may read its appeal; 404 for anyone else."""
    evidence = AppealEvidence.objects.filter(pk=pk).select_related("appeal").first()
    if evidence is None:
        raise Http404("附件不存在或无权访问")
    appeals.get_appeal_for_user(request.user, evidence.appeal_id)
    return serve_stored(
        stored_name=evidence.stored_name, original_name=evidence.original_name, kind=evidence.kind
    )


@login_required
@require_GET
def run_appeals(request: HttpRequest, pk: int) -> HttpResponse:
    """The district's list of a run's appeals, pending first."""
    run = appeals.get_run_for_decider(request.user, pk)
    items = list(run.appeals.all().order_by("-status", "-created_at"))
    items.sort(key=lambda a: (a.status != AppealStatus.PENDING, -a.pk))
    return render(
        request,
        "evaluation/run_appeals.html",
        {"run": run, "appeals": items, "results": appeals.effective_results(run)},
    )
