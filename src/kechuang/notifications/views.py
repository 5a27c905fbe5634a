"""The inbox and the e-mail settings: each person sees and changes only their own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kechuang.notifications import domain
from kechuang.notifications.enums import KIND_INFO, Kind
from kechuang.notifications.mail import undelivered_count
from kechuang.tenancy.access import area_roles, operated_carrier_ids

PAGE_SIZE = 20


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first, unread marked; ``?unread=1`` keeps the unread only."""
    qs = domain.inbox(request.user)
    only_unread = request.GET.get("unread") == "1"
    if only_unread:
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    # Superusers run the platform, mail server included: mail that could not be sent is theirs to see.
    undelivered = undelivered_count() if request.user.is_superuser else 0
    return render(
        request,
        "notifications/inbox.html",
        {
            "page": page,
            "only_unread": only_unread,
            "unread": domain.unread_count(request.user),
            "undelivered": undelivered,
        },
    )


def _safe_link(request: HttpRequest, link: str) -> str | None:
    """A stored link is a path on this site; anything else is not followed."""
    if link.startswith("/") and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return link
    return None


@login_required
@require_GET
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a notification read and go to what it is about (back to the inbox if it links nowhere)."""
    note = domain.mark_read(request.user, pk)
    if note is None:
        raise Http404("通知不存在")
    return redirect(_safe_link(request, note.link) or "notifications:inbox")


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    if domain.mark_read(request.user, pk) is None:
        raise Http404("通知不存在")
    return redirect(_back(request))


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = domain.mark_all_read(request.user)
    messages.success(request, f"已将 {count} 条通知标为已读" if count else "没有未读通知")
    return redirect("notifications:inbox")


def _back(request: HttpRequest) -> str:
    """The inbox page the person came from (kept in the form), else the inbox."""
    back = request.POST.get("next", "")
    if back.startswith("/notifications/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        return back
    return "/notifications/"


def kinds_for(user: object) -> list[str]:
    """The kinds a user can receive: an operator only the report ones; officers and superusers all."""
    if getattr(user, "is_superuser", False) or area_roles(user):
        return list(KIND_INFO)
    if operated_carrier_ids(user):
        return [k for k, info in KIND_INFO.items() if info.operators]
    return []


@login_required
@require_http_methods(["GET", "POST"])
def email_settings(request: HttpRequest) -> HttpResponse:
    """A checkbox per kind the user can receive: whether it also comes by e-mail."""
    kinds = kinds_for(request.user)
    if request.method == "POST":
        domain.set_email_preferences(request.user, {k: request.POST.get(k) == "on" for k in kinds})
        messages.success(request, "通知设置已保存")
        return redirect("notifications:settings")
    chosen = domain.email_preferences(request.user)
    rows = [{"kind": k, "label": Kind(k).label, "hint": KIND_INFO[k].hint, "email": chosen[k]} for k in kinds]
    return render(
        request,
        "notifications/settings.html",
        {"rows": rows, "address": request.user.email},
    )
