"""Enterprise workbook import pages: upload → preview (new, changed, unchanged) → the uploader's confirmation.

The views translate: ``imports.preview_enterprises`` says what a file would do,
``imports.import_enterprises`` writes it (all or nothing, only while the data still gives
the confirmed preview); the file waits on the server in ``common.staging`` in between.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kechuang.common.staging import (
    PendingUploadMissing,
    discard_upload,
    load_upload,
    refresh_digest,
    stash_upload,
)
from kechuang.common.uploads import too_large_upload
from kechuang.registry.forms import ImportForm
from kechuang.registry.imports import (
    ImportRefused,
    PreviewChanged,
    RegistryPreview,
    build_template,
    import_enterprises,
    preview_enterprises,
)
from kechuang.tenancy import access

IMPORT_KIND = "registry"
MAX_PREVIEW_SHOWN = 500


def _importer(request: HttpRequest) -> object:
    user = request.user
    writable = access.writable_area_ids(user)
    if writable is not None and not writable:
        raise PermissionDenied("您的账号不能导入企业：企业由所在地区的区级管理员或科技联络员导入")
    return user


def _import_preview(
    request: HttpRequest,
    preview: RegistryPreview,
    token: str,
    filename: str,
    notice: str = "",
    status: int = 200,
) -> HttpResponse:
    """The preview page: what confirming would write, sorted into new, changed and unchanged."""
    groups = {
        f"{group}_{kind}": rows[:MAX_PREVIEW_SHOWN]
        for group, lines in (("e", preview.enterprises), ("q", preview.qualifications))
        for kind, rows in lines.items()
    }
    counts = {
        f"{group}_{kind}": len(rows)
        for group, lines in (("e", preview.enterprises), ("q", preview.qualifications))
        for kind, rows in lines.items()
    }
    context = {
        "preview": preview,
        "shown": groups,
        "counts": counts,
        "limit": MAX_PREVIEW_SHOWN,
        "token": token,
        "filename": filename,
        "notice": notice,
    }
    return render(request, "registry/import_preview.html", context, status=status)


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a workbook: every row is checked and a preview shown; nothing is written before confirmation."""
    user = _importer(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        too_big = too_large_upload(upload.size, settings.KECHUANG_MAX_UPLOAD_BYTES)
        if too_big:
            errors = [too_big]
        else:
            data = upload.read()
            try:
                preview = preview_enterprises(data, user=user)
            except ImportRefused as exc:
                errors = exc.errors
            else:
                token = stash_upload(
                    user=user,
                    kind=IMPORT_KIND,
                    scope="",
                    filename=upload.name,
                    data=data,
                    digest=preview.digest,
                )
                return _import_preview(request, preview, token, upload.name)
    return render(request, "registry/import.html", {"form": form, "errors": errors, "result": None})


def _previewed_again(request: HttpRequest, pending: object, data: bytes, notice: str) -> HttpResponse:
    """The data changed since the preview: show the new one (409), which a second confirmation means."""
    try:
        preview = preview_enterprises(data, user=request.user)
    except ImportRefused as exc:  # the file no longer passes (e.g. the person's areas changed)
        discard_upload(pending)
        context = {"form": ImportForm(), "errors": exc.errors, "result": None}
        return render(request, "registry/import.html", context, status=400)
    refresh_digest(pending, preview.digest)
    return _import_preview(request, preview, pending.token, pending.filename, notice=notice, status=409)


@login_required
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Write the previewed workbook — only its uploader may, only while it gives the same preview."""
    user = _importer(request)
    token = request.POST.get("token", "")
    try:
        pending = load_upload(user=user, kind=IMPORT_KIND, scope="", token=token)
    except PendingUploadMissing as exc:
        context = {"form": ImportForm(), "errors": [str(exc)], "result": None}
        return render(request, "registry/import.html", context, status=400)
    if request.POST.get("action") == "cancel":
        discard_upload(pending)
        messages.info(request, "已取消导入，没有写入任何数据")
        return redirect("registry:import")
    data, name = bytes(pending.data), pending.filename
    try:
        result = import_enterprises(data, user=user, filename=name, expected_digest=pending.digest)
    except PreviewChanged as changed:
        return _previewed_again(request, pending, data, str(changed.errors[0]))
    except ImportRefused as exc:  # the file no longer passes (e.g. the person's areas changed), or failed
        return render(
            request, "registry/import.html", {"form": ImportForm(), "errors": exc.errors, "result": None}
        )
    discard_upload(pending)
    return render(request, "registry/import.html", {"form": ImportForm(), "errors": [], "result": result})


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        build_template(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        "attachment; filename=\"enterprise-import.xlsx\"; filename*=UTF-8''%E4%BC%81%E4%B8%9A%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
    )
    return response
