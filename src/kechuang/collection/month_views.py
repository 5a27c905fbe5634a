"""Pages around a report: a carrier's months, report attachments, a district's review settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kechuang.collection import domain
from kechuang.collection.access import can_fill_reports, get_report_for_user
from kechuang.collection.attachments import (
    add_report_attachment,
    get_attachment_for_user,
    remove_report_attachment,
)
from kechuang.collection.forms import AttachmentForm, ReviewSettingsForm
from kechuang.collection.months import carrier_month_rows, month_needing_work
from kechuang.collection.review_settings import save_review_settings, settings_for
from kechuang.common.attachments import AttachmentRefused, serve_stored
from kechuang.registry.access import get_carrier_for_user
from kechuang.tenancy.access import administered_area_ids
from kechuang.tenancy.models import Area, AreaKind


@login_required
@require_GET
def carrier_months(request: HttpRequest, carrier_id: int) -> HttpResponse:
    """A carrier's months with their status: the one that needs work first, and any earlier month."""
    carrier = get_carrier_for_user(request.user, carrier_id)
    form = domain.active_form()
    today = timezone.localdate()
    rows = carrier_month_rows(carrier, form=form, today=today)
    return render(
        request,
        "collection/carrier_months.html",
        {
            "carrier": carrier,
            "rows": rows,
            "needing": month_needing_work(rows),
            "can_fill": can_fill_reports(request.user, carrier),
            "this_month": f"{today.year:04d}-{today.month:02d}",
        },
    )


@login_required
@require_POST
def upload_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a supporting file to a report that can still be edited."""
    report = get_report_for_user(request.user, pk, write=True)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        problems = [str(e) for errors in form.errors.values() for e in errors]
        messages.error(request, "附件未上传：" + "；".join(problems))
        return redirect("collection:detail", pk=report.pk)
    try:
        attachment = add_report_attachment(report, form.cleaned_data["file"], acting_user=request.user)
    except AttachmentRefused as exc:
        messages.error(request, f"附件未上传：{exc}")
    else:
        messages.success(request, f"已上传附件“{attachment.original_name}”")
    return redirect("collection:detail", pk=report.pk)


@login_required
@require_GET
def download_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """The file, for those who may read its report; 404 for anyone else."""
    attachment = get_attachment_for_user(request.user, pk)
    return serve_stored(
        stored_name=attachment.stored_name, original_name=attachment.original_name, kind=attachment.kind
    )


@login_required
@require_POST
def delete_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_attachment_for_user(request.user, pk)
    report = attachment.report
    if not can_fill_reports(request.user, report.carrier):
        raise PermissionDenied("无权删除该月报的附件")
    remove_report_attachment(attachment, acting_user=request.user)
    messages.success(request, f"已删除附件“{attachment.original_name}”")
    return redirect("collection:detail", pk=report.pk)


def _district_for(user: object, district_id: int) -> Area:
    """A district the user administers, else 404 (another district's settings are not theirs to see)."""
    district = Area.objects.filter(pk=district_id, kind=AreaKind.DISTRICT).first()
    ids = administered_area_ids(user)
    if district is None or (ids is not None and district.pk not in ids):
        raise Http404("该区不存在或无权访问")
    return district


@login_required
@require_http_methods(["GET", "POST"])
def review_settings(request: HttpRequest, district_id: int) -> HttpResponse:
    """The district administrator decides whether liaisons review, and the large-change threshold."""
    district = _district_for(request.user, district_id)
    current = settings_for(district)
    status = 200
    if request.method == "POST":
        form = ReviewSettingsForm(request.POST)
        if form.is_valid():
            with transaction.atomic():
                changed = save_review_settings(
                    district,
                    liaison_review=form.cleaned_data["liaison_review"],
                    change_threshold=form.cleaned_data["change_threshold"],
                    acting_user=request.user,
                )
            if changed:
                messages.success(request, "月报审核设置已保存，并记入变更记录")
            else:
                messages.info(request, "设置没有变化")
            return redirect("collection:settings", district_id=district.pk)
        status = 400
    else:
        form = ReviewSettingsForm(
            initial={"liaison_review": current.liaison_review, "change_threshold": current.change_threshold}
        )
    return render(
        request, "collection/review_settings.html", {"district": district, "form": form}, status=status
    )
