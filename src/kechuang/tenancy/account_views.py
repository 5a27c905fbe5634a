"""District administrators' pages: import areas and accounts (upload → preview → confirm), lock accounts.

The views translate: the rules are ``domain.areas_import``, ``domain.users_import`` and
``domain.accounts``; a file waits in ``common.staging`` between its preview and the
uploader's confirmation, and the confirmation checks every row again before writing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kechuang.common.exports import Column, export_format, table_response
from kechuang.common.forms import ChineseForm
from kechuang.common.staging import PendingUploadMissing, discard_upload, load_upload, stash_upload
from kechuang.common.untrusted import LimitExceeded
from kechuang.common.uploads import too_large_upload
from kechuang.tenancy import access
from kechuang.tenancy.domain import areas_import, users_import
from kechuang.tenancy.domain.accounts import set_locked
from kechuang.tenancy.domain.audit import RuleError
from kechuang.tenancy.models import Area, Membership
from kechuang.tenancy.upload_files import TableRefused, read_upload_table

USERS_PER_PAGE = 50


class UploadForm(ChineseForm):
    file = forms.FileField(label="文件（.xlsx 或 .csv）")


@dataclass(frozen=True)
class _Kind:
    """One of the two imports: its staging key, pages and rules."""

    key: str
    title: str
    page: str
    confirm: str
    max_rows: int


AREAS = _Kind(
    "areas", "地区导入", "tenancy:area_import", "tenancy:area_import_confirm", areas_import.MAX_ROWS
)
USERS = _Kind(
    "users", "账号导入", "tenancy:user_import", "tenancy:user_import_confirm", users_import.MAX_ROWS
)


def _administrator(request: HttpRequest) -> set[int] | None:
    """The areas the person administers (``None``: all); anyone else is refused."""
    if not access.is_district_admin(request.user):
        raise PermissionDenied("仅区级管理员可以管理地区和账号")
    return access.administered_area_ids(request.user)


def _rows(kind: _Kind, data: bytes, filename: str) -> list:
    """The file's rows, or ``ValueError`` subclasses with the reasons (all in Chinese)."""
    try:
        table = read_upload_table(
            data, filename, upload_limit=settings.KECHUANG_MAX_UPLOAD_BYTES, max_rows=kind.max_rows
        )
    except (TableRefused, LimitExceeded) as exc:
        raise TableRefused(str(exc)) from None
    if kind is AREAS:
        return areas_import.rows_from_table(table)
    return users_import.user_rows_from_table(table)


def _preview(kind: _Kind, rows: list, allowed: set[int] | None) -> dict:
    if kind is AREAS:
        preview = areas_import.preview_areas(rows, allowed_area_ids=allowed)
        return {"created": preview.created, "updated": preview.updated, "unchanged": preview.unchanged}
    found = users_import.preview_users(rows, allowed_area_ids=allowed)
    return {"created": found["created"], "updated": found["roles_added"], "unchanged": found["unchanged"]}


def _errors(exc: Exception) -> list[str]:
    return list(getattr(exc, "errors", None) or [str(exc)])


REFUSED = (TableRefused, areas_import.AreaImportError, users_import.UserImportError)


def _upload_page(request: HttpRequest, kind: _Kind) -> HttpResponse:
    allowed = _administrator(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        too_big = too_large_upload(upload.size, settings.KECHUANG_MAX_UPLOAD_BYTES)
        if too_big:
            errors = [too_big]
        else:
            data = upload.read()
            try:
                preview = _preview(kind, _rows(kind, data, upload.name), allowed)
            except REFUSED as exc:
                errors = _errors(exc)
            else:
                token = stash_upload(
                    user=request.user,
                    kind=kind.key,
                    scope="",
                    filename=upload.name,
                    data=data,
                    digest=hashlib.sha256(data).hexdigest(),
                )
                context = {"kind": kind, "preview": preview, "token": token, "filename": upload.name}
                return render(request, "tenancy/import_preview.html", context)
    status = 400 if errors else 200
    return render(
        request, "tenancy/import.html", {"kind": kind, "form": form, "errors": errors}, status=status
    )


def _confirm(request: HttpRequest, kind: _Kind) -> HttpResponse:
    allowed = _administrator(request)
    try:
        pending = load_upload(user=request.user, kind=kind.key, scope="", token=request.POST.get("token", ""))
    except PendingUploadMissing as exc:
        context = {"kind": kind, "form": UploadForm(), "errors": [str(exc)]}
        return render(request, "tenancy/import.html", context, status=400)
    if request.POST.get("action") == "cancel":
        discard_upload(pending)
        messages.info(request, "已取消导入，没有写入任何数据")
        return redirect(kind.page)
    data, filename = bytes(pending.data), pending.filename
    try:
        rows = _rows(kind, data, filename)
        if kind is AREAS:
            summary = areas_import.import_areas(
                rows, acting_user=request.user, allowed_area_ids=allowed
            ).summary()
        else:
            result = users_import.import_users(rows, acting_user=request.user, allowed_area_ids=allowed)
            summary = result.summary()
    except REFUSED as exc:  # the data changed since the preview and a row no longer passes
        context = {"kind": kind, "form": UploadForm(), "errors": _errors(exc)}
        return render(request, "tenancy/import.html", context, status=400)
    discard_upload(pending)
    messages.success(request, f"导入完成：{summary}")
    return redirect(kind.page)


@login_required
def area_import(request: HttpRequest) -> HttpResponse:
    """Upload an area table (code, name, kind, parent); a preview is shown before anything is written."""
    return _upload_page(request, AREAS)


@login_required
@require_POST
def area_import_confirm(request: HttpRequest) -> HttpResponse:
    return _confirm(request, AREAS)


@login_required
def user_import(request: HttpRequest) -> HttpResponse:
    """Upload an account table (name, login, e-mail, role, area or carrier); preview, then confirm."""
    return _upload_page(request, USERS)


@login_required
@require_POST
def user_import_confirm(request: HttpRequest) -> HttpResponse:
    return _confirm(request, USERS)


def _managed_users(request: HttpRequest) -> object:
    """Accounts the person may lock: those holding a role in an area they administer (superusers: all)."""
    allowed = _administrator(request)
    users = get_user_model().objects.all()
    if allowed is not None:
        in_scope = Membership.objects.filter(Q(area_id__in=allowed) | Q(carrier__area_id__in=allowed))
        users = users.filter(pk__in=in_scope.values("user_id"), is_superuser=False)
    return users


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    """The accounts in the administrator's areas, with their roles, and lock / unlock buttons;
    found by name, login or e-mail, a page at a time (accounts are imported by the hundred)."""
    users = (
        _managed_users(request)
        .order_by("username")
        .prefetch_related("memberships__area", "memberships__carrier")
    )
    q = request.GET.get("q", "").strip()
    if q:
        users = users.filter(
            Q(username__icontains=q)
            | Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
            | Q(email__icontains=q)
        )

    def rows_of(some: Iterable) -> list[dict]:
        return [
            {
                "user": user,
                "roles": "；".join(
                    f"{m.get_role_display()}·{m.carrier if m.carrier_id else m.area.name}"
                    for m in user.memberships.all()
                ),
            }
            for user in some
        ]

    if fmt := export_format(request):  # every account found, not one page
        columns = [
            Column("姓名"),
            Column("用户名"),
            Column("电子邮箱"),
            Column("角色"),
            Column("状态"),
            Column("最近登录"),
        ]
        table = (
            [
                r["user"].get_full_name(),
                r["user"].get_username(),
                r["user"].email,
                r["roles"],
                "正常" if r["user"].is_active else "已锁定",
                r["user"].last_login,
            ]
            for r in rows_of(users)
        )
        return table_response(request, "账号", columns, table, fmt)
    page = Paginator(users, USERS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"rows": rows_of(page.object_list), "page": page, "q": q, "query": query.urlencode()}
    return render(request, "tenancy/users.html", context)


@login_required
@require_POST
def user_lock(request: HttpRequest, pk: int) -> HttpResponse:
    """Lock or unlock one account (``action``: lock / unlock); recorded in the audit trail."""
    user = _managed_users(request).filter(pk=pk).first()
    if user is None:
        raise Http404("没有这个账号，或它不在您管理的地区")
    locked = request.POST.get("action") == "lock"
    membership = Membership.objects.filter(user=user).select_related("area").first()
    area: Area | None = membership.area if membership else None
    try:
        changed = set_locked(user, locked=locked, acting_user=request.user, area=area)
    except RuleError as exc:
        messages.error(request, str(exc))
        return redirect("tenancy:users")
    name = user.get_full_name() or user.get_username()
    if changed:
        messages.success(request, f"已{'锁定' if locked else '解锁'}账号“{name}”")
    return redirect("tenancy:users")
