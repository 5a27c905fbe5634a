"""Monthly report Excel upload: file → preview (fields to fill, to change, unchanged) → the uploader's confirmation.

The views translate: ``excel.read_upload`` reads the file, ``upload_preview`` says what
saving it would do and saves it (only while the report is as previewed); the file
waits on the server in ``common.staging`` in between.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kechuang.collection import domain, excel
from kechuang.collection.access import get_report_for_user
from kechuang.collection.forms import UploadForm
from kechuang.collection.models import CarrierReport
from kechuang.collection.upload_preview import (
    UploadPreview,
    UploadPreviewChanged,
    check_upload,
    preview_upload,
    save_upload,
)
from kechuang.collection.views import _detail_context
from kechuang.common.staging import (
    PendingUploadMissing,
    discard_upload,
    load_upload,
    refresh_digest,
    stash_upload,
)

IMPORT_KIND = "collection"


def _refused(request: HttpRequest, report: CarrierReport, errors: list[str]) -> HttpResponse:
    context = _detail_context(request, report, upload_errors=errors)
    return render(request, "collection/report_detail.html", context, status=400)


def _preview_page(
    request: HttpRequest,
    report: CarrierReport,
    preview: UploadPreview,
    token: str,
    notice: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {"report": report, "preview": preview, "token": token, "notice": notice}
    return render(request, "collection/upload_preview.html", context, status=status)


def _read(report: CarrierReport, data: bytes, submit: bool) -> tuple[dict, list[str]]:
    """The file's values and everything saving (or submitting) them would refuse."""
    result = excel.read_upload(report, data)
    if not result.ok:
        return {}, result.errors
    return result.values, list(check_upload(report, result.values, submit=submit).values())


@login_required
@require_POST
def upload_template(request: HttpRequest, pk: int) -> HttpResponse:
    """Read a filled template and show what saving it would change; nothing is saved yet."""
    report = get_report_for_user(request.user, pk, write=True)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(
            request, report, [str(e) for field_errors in form.errors.values() for e in field_errors]
        )
    if not report.editable:
        return _refused(request, report, [f"月报{report.get_status_display()}，不能再修改"])
    data = form.cleaned_data["file"].read()
    submit = bool(form.cleaned_data["submit"])
    values, errors = _read(report, data, submit)
    if errors:
        return _refused(request, report, errors)
    preview = preview_upload(report, values, submit=submit)
    token = stash_upload(
        user=request.user,
        kind=IMPORT_KIND,
        scope=f"{report.pk}:{int(submit)}",
        filename=form.cleaned_data["file"].name,
        data=data,
        digest=preview.digest,
    )
    return _preview_page(request, report, preview, token)


@login_required
@require_POST
def upload_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Save (or submit) the previewed file — only its uploader may, only while the report is as previewed."""
    report = get_report_for_user(request.user, pk, write=True)
    submit = request.POST.get("submit") == "1"
    token = request.POST.get("token", "")
    try:
        pending = load_upload(
            user=request.user, kind=IMPORT_KIND, scope=f"{report.pk}:{int(submit)}", token=token
        )
    except PendingUploadMissing as exc:
        return _refused(request, report, [str(exc)])
    if request.POST.get("action") == "cancel":
        discard_upload(pending)
        messages.info(request, "已取消上传，月报没有改变")
        return redirect("collection:detail", pk=report.pk)
    values, errors = _read(report, bytes(pending.data), submit)
    if errors:
        discard_upload(pending)
        return _refused(request, report, errors)
    try:
        save_upload(report, values, submit=submit, acting_user=request.user, expected_digest=pending.digest)
    except UploadPreviewChanged as exc:
        report.refresh_from_db()
        preview = preview_upload(report, values, submit=submit)
        refresh_digest(pending, preview.digest)
        return _preview_page(request, report, preview, token, notice=str(exc), status=409)
    except domain.ReportValidationError as exc:
        return _refused(request, report, list(exc.errors.values()))
    except domain.ReportStateError as exc:
        return _refused(request, report, [str(exc)])
    discard_upload(pending)
    messages.success(request, "Excel 已导入并提交" if submit else "Excel 已导入为草稿，请核对后提交")
    return redirect("collection:detail", pk=report.pk)
