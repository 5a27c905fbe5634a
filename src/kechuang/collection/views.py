"""Monthly report pages: thin translations from requests to access checks, domain calls and templates."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kechuang.collection import domain, excel, exports, notices
from kechuang.collection.access import (
    can_correct_reports,
    can_fill_reports,
    can_review_reports,
    get_report_for_user,
    is_reviewer,
    visible_reports,
)
from kechuang.collection.attachments import can_attach
from kechuang.collection.compare import change_threshold, compare_report, same_month_last_year
from kechuang.collection.enums import ReportStatus
from kechuang.collection.forms import (
    VERSION_FIELD,
    AttachmentForm,
    CorrectionForm,
    ReportValuesForm,
    ReviewForm,
    UploadForm,
)
from kechuang.collection.models import CarrierReport
from kechuang.collection.months import carrier_month_rows, month_needing_work
from kechuang.collection.queries import completeness_for_user
from kechuang.collection.validation import form_fields, format_number
from kechuang.common.attachments import attachment_limit
from kechuang.common.exports import export_format, table_response
from kechuang.common.periods import parse_period
from kechuang.common.uploads import size_label
from kechuang.registry.access import get_carrier_for_user, visible_carriers
from kechuang.tenancy.access import administered_area_ids, is_district_admin, operated_carrier_ids
from kechuang.tenancy.models import Area, AreaKind


def _period_param(request: HttpRequest) -> str:
    try:
        return domain.check_period(request.GET.get("period") or domain.reporting_period())
    except domain.ReportError:
        return domain.reporting_period()


@login_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    """Operators: each carrier's month that needs work, and all its months. Officers: reports to review."""
    period = domain.reporting_period()
    operated = list(visible_carriers(request.user).filter(pk__in=operated_carrier_ids(request.user)))
    # 填报 leads to the month that needs work (fill, continue, fix), never to one already filed.
    if operated:
        form = domain.active_form()
        operated = [_operated_row(carrier, form) for carrier in operated]
    status = request.GET.get("status", "")
    reports = visible_reports(request.user).order_by("-period", "carrier__area__code", "carrier__name")
    if status in ReportStatus.values:
        reports = reports.filter(status=status)
    if request.GET.get("period"):
        reports = reports.filter(period=request.GET["period"])
    if fmt := export_format(request):
        columns, rows = exports.reports_table(reports[:300])
        filters = [
            ("状态", dict(ReportStatus.choices).get(status, "")),
            ("期间", request.GET.get("period", "")),
        ]
        return table_response(request, "孵化动态月报", columns, rows, fmt, filters=filters)
    administered = administered_area_ids(request.user)
    districts = Area.objects.filter(kind=AreaKind.DISTRICT).order_by("code")
    if administered is not None:
        districts = districts.filter(pk__in=administered)
    return render(
        request,
        "collection/report_list.html",
        {
            "period": period,
            "period_display": f"{int(period[:4])}年{int(period[5:7])}月",
            "operated": operated,
            "reports": reports[:300],
            "status": status,
            "statuses": ReportStatus.choices,
            "reviewer": is_reviewer(request.user),
            "settings_districts": list(districts) if is_district_admin(request.user) else [],
        },
    )


def _operated_row(carrier: object, form: object) -> tuple[object, object, object]:
    """(carrier, the month needing work or None, the month being filed now) for the operator's list."""
    rows = carrier_month_rows(carrier, form=form)
    return carrier, month_needing_work(rows), next((r for r in rows if r.current), None)


@login_required
@require_POST
def open_report(request: HttpRequest, carrier_id: int) -> HttpResponse:
    """Start (or find) a carrier's report for a month and go to it; a filed month opens read-only."""
    carrier = get_carrier_for_user(request.user, carrier_id, write=True)
    try:
        report, _ = domain.open_report(
            carrier=carrier, period=request.POST.get("period", ""), acting_user=request.user
        )
    except domain.ReportError as exc:
        messages.error(request, str(exc))
        return redirect("collection:months", carrier_id=carrier.pk)
    if not report.editable:
        messages.info(request, f"该月月报{report.get_status_display()}，不能再修改；如需更正请联系审核人员")
    return redirect("collection:detail", pk=report.pk)


def _detail_context(request: HttpRequest, report: CarrierReport, **overrides: object) -> dict:
    can_fill = can_fill_reports(request.user, report.carrier)
    can_review = can_review_reports(request.user, report.carrier)
    threshold = change_threshold(report.carrier.area)
    compared = compare_report(report, threshold=threshold)
    context = {
        "report": report,
        "fields": form_fields(report.form),
        "deadline": domain.deadline_for(report.form, report.period),
        "can_fill": can_fill and report.editable,
        "can_review": can_review and report.status == ReportStatus.SUBMITTED,
        "can_correct": can_correct_reports(request.user, report.carrier) and report.locked,
        "operator_view": can_fill and not can_review,
        "values_form": None,
        "review_form": ReviewForm(),
        "correction_form": None,
        "upload_form": UploadForm(),
        "revisions": _revision_rows(report),
        "upload_errors": [],
        "conflict": None,
        "compared": compared,
        "previous_by_code": {c.code: c.previous for c in compared},
        "threshold": threshold,
        "large_changes": sum(1 for c in compared if c.large),
        "attachments": list(report.attachments.all()),
        "can_attach": can_attach(request.user, report),
        "attachment_form": AttachmentForm(),
        "attachment_limit": size_label(attachment_limit()),
        "previous_period_display": parse_period(domain.previous_period(report.period)).display,
        "last_year_display": parse_period(same_month_last_year(report.period)).display,
    }
    if context["can_fill"]:
        context["values_form"] = ReportValuesForm(report.form, values=report.values, version=report.version)
    if context["can_correct"]:
        context["correction_form"] = CorrectionForm(report.form, values=report.values, version=report.version)
    context.update(overrides)
    return context


def _shown(value: object) -> str:
    return "—" if value is None or value == "" else format_number(value)


def _revision_rows(report: CarrierReport) -> list[dict]:
    """The report's history as people read it: field names, not codes; old → new for each changed figure."""
    labels = {f.code: f.label for f in form_fields(report.form)}
    statuses = dict(ReportStatus.choices)
    rows = []
    for rev in report.revisions.all():
        old, new = rev.old_values or {}, rev.new_values or {}
        codes = [c for c in labels if c in old or c in new] + sorted((set(old) | set(new)) - set(labels))
        rows.append(
            {
                "at": rev.at,
                "action": rev.get_action_display(),
                "user_name": rev.user_name,
                "old_status": statuses.get(rev.old_status, ""),
                "new_status": statuses.get(rev.new_status, ""),
                "comment": rev.comment,
                "changes": [
                    (labels.get(c, "已停用的字段"), _shown(old.get(c)), _shown(new.get(c)))
                    for c in codes
                    if old.get(c) != new.get(c)
                ],
            }
        )
    return rows


def _conflict(stale: domain.StaleReport) -> dict:
    """Both sides of a stale save, field by field, for the page."""
    return {
        "message": str(stale),
        "changed_by": stale.changed_by,
        "changed_at": stale.changed_at,
        "rows": [(label, _shown(saved), _shown(yours)) for _, label, saved, yours in stale.differences],
    }


def _confirming(form_class: type, report: CarrierReport, request: HttpRequest) -> ReportValuesForm:
    """The person's input again, now carrying the saved version: submitting it confirms their values."""
    data = request.POST.copy()
    data[VERSION_FIELD] = str(report.version)
    form = form_class(report.form, data)
    form.is_valid()
    return form


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Fill or edit the month's figures (save a draft or submit), or read them and their history."""
    report = get_report_for_user(request.user, pk, write=request.method == "POST")
    if request.method == "GET":
        return render(request, "collection/report_detail.html", _detail_context(request, report))
    form = ReportValuesForm(report.form, request.POST)
    if form.is_valid():
        try:
            if request.POST.get("action") == "submit":
                domain.submit_report(
                    report,
                    values=form.raw_values(),
                    acting_user=request.user,
                    expected_version=form.expected_version,
                )
                messages.success(request, "月报已提交，等待区科委审核")
            else:
                domain.save_draft(
                    report,
                    values=form.raw_values(),
                    acting_user=request.user,
                    expected_version=form.expected_version,
                )
                messages.success(request, "草稿已保存")
            return redirect("collection:detail", pk=report.pk)
        except domain.StaleReport as exc:
            context = _detail_context(
                request,
                exc.report,
                values_form=_confirming(ReportValuesForm, exc.report, request),
                conflict=_conflict(exc),
            )
            return render(request, "collection/report_detail.html", context, status=409)
        except domain.ReportValidationError as exc:
            form.add_domain_errors(exc.errors)
        except domain.ReportStateError as exc:
            messages.error(request, str(exc))
            return redirect("collection:detail", pk=report.pk)
    context = _detail_context(request, report, values_form=form)
    return render(request, "collection/report_detail.html", context, status=400)


@login_required
@require_POST
def review_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve a submitted report or return it with a comment (district administrators)."""
    report = get_report_for_user(request.user, pk)
    if not can_review_reports(request.user, report.carrier):
        raise PermissionDenied("无权审核该载体的月报")
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                domain.approve_report(report, comment=form.cleaned_data["comment"], acting_user=request.user)
                messages.success(request, "已审核通过，数据已汇入监测指标")
            else:
                domain.return_report(report, comment=form.cleaned_data["comment"], acting_user=request.user)
                messages.success(request, "已退回，载体可修改后重新提交")
            return redirect("collection:detail", pk=report.pk)
        except domain.ReportValidationError as exc:
            form.add_error("comment", "；".join(exc.errors.values()))
        except domain.ReportStateError as exc:
            messages.error(request, str(exc))
            return redirect("collection:detail", pk=report.pk)
    context = _detail_context(request, report, review_form=form)
    return render(request, "collection/report_detail.html", context, status=400)


@login_required
@require_POST
def correct_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct an approved report; the change is kept as a revision and the area figures follow."""
    report = get_report_for_user(request.user, pk)
    if not can_correct_reports(request.user, report.carrier):
        raise PermissionDenied("只有区级管理员可以更正已通过的月报")
    form = CorrectionForm(report.form, request.POST)
    if form.is_valid():
        try:
            domain.correct_approved_report(
                report,
                values=form.raw_values(),
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
                expected_version=form.expected_version,
            )
            messages.success(request, "更正已保存并记录")
            return redirect("collection:detail", pk=report.pk)
        except domain.StaleReport as exc:
            context = _detail_context(
                request,
                exc.report,
                correction_form=_confirming(CorrectionForm, exc.report, request),
                conflict=_conflict(exc),
            )
            return render(request, "collection/report_detail.html", context, status=409)
        except domain.ReportValidationError as exc:
            form.add_domain_errors(exc.errors)
        except domain.ReportStateError as exc:
            messages.error(request, str(exc))
            return redirect("collection:detail", pk=report.pk)
    context = _detail_context(request, report, correction_form=form)
    return render(request, "collection/report_detail.html", context, status=400)


@login_required
@require_GET
def download_template(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk)
    response = HttpResponse(excel.build_template(report), content_type=excel.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(excel.template_filename(report))}"
    return response


@login_required
@require_GET
def completeness(request: HttpRequest) -> HttpResponse:
    """Per area: which carriers have filed the month and which have not, against the deadline."""
    form = domain.active_form()
    period = _period_param(request)
    data = completeness_for_user(request.user, form=form, period=period)
    if fmt := export_format(request):
        columns, rows = exports.completeness_table(data)
        return table_response(
            request, f"{period}月报填报进度", columns, rows, fmt, filters=[("期间", period)]
        )
    return render(
        request,
        "collection/completeness.html",
        {
            "data": data,
            "form": form,
            "previous": domain.previous_period(period),
            "next": _next_period(period),
            "can_chase": notices.can_chase(request.user) and period <= domain.reporting_period(),
        },
    )


@login_required
@require_POST
def chase(request: HttpRequest) -> HttpResponse:
    """催报: remind every late carrier of the user's areas at once, and say how many were reminded."""
    if not notices.can_chase(request.user):
        raise PermissionDenied("只有区级管理员和科技联络员可以催报")
    try:
        period = domain.check_period(request.POST.get("period", ""))
        result = notices.chase_late_carriers(request.user, period=period)
    except domain.ReportError as exc:
        messages.error(request, str(exc))
        return redirect("collection:completeness")
    parts = []
    if result.carriers:
        parts.append(f"已向 {result.carriers} 家未报载体的 {result.people} 位运营人员发出催报")
    if result.already_today:
        parts.append(f"{result.already_today} 家今天已催报过，未重复发送")
    if result.unreachable:
        parts.append(
            f"{len(result.unreachable)} 家没有运营方账号，请另行联系：{'、'.join(result.unreachable)}"
        )
    if parts:
        messages.success(request, "；".join(parts))
    else:
        messages.success(request, "没有需要催报的载体")
    return redirect(f"{reverse('collection:completeness')}?period={period}")


def _next_period(period: str) -> str:
    year, month = int(period[:4]), int(period[5:7])
    return f"{year + 1}-01" if month == 12 else f"{year}-{month + 1:02d}"
