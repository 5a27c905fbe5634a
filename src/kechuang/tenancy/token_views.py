"""The person's own interface tokens (接口令牌): create one (named, with an expiry), see when each was
last used, revoke it. A superuser sees and revokes everyone's.

The raw token is shown once, on the page that answers the creation, and never stored (only its
SHA-256); issuing and revoking go through ``tenancy.domain.tokens``, which writes the audit entry.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_POST

from kechuang.common.forms import ChineseForm
from kechuang.tenancy.domain.audit import RuleError
from kechuang.tenancy.domain.tokens import DEFAULT_TOKEN_DAYS, issue_api_token, revoke_api_token
from kechuang.tenancy.models import ApiToken

DAY_CHOICES = [(7, "7 天"), (30, "30 天"), (90, "90 天"), (180, "180 天"), (365, "1 年"), (730, "2 年")]


class TokenForm(ChineseForm):
    name = forms.CharField(label="名称", max_length=100, help_text="用途，如“园区填报系统”")
    days = forms.TypedChoiceField(label="有效期", coerce=int, choices=DAY_CHOICES, initial=DEFAULT_TOKEN_DAYS)


def token_state(token: ApiToken, now: object) -> str:
    """有效, 已过期 or 已吊销, as the 401 the token would get says."""
    if token.revoked:
        return "已吊销"
    return "已过期" if token.expires <= now else "有效"


def _visible_tokens(user: object) -> QuerySet[ApiToken]:
    qs = ApiToken.objects.select_related("user").order_by("-created", "-pk")
    return qs if user.is_superuser else qs.filter(user=user)


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """List the tokens (own, or all for a superuser) and create one; the new token is shown once."""
    new_token = ""
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                _, new_token = issue_api_token(
                    request.user,
                    name=form.cleaned_data["name"],
                    days=form.cleaned_data["days"],
                    acting_user=request.user,
                )
            except RuleError as exc:
                form.add_error("days", str(exc))
            else:
                form = TokenForm()
    else:
        form = TokenForm()
    now = timezone.now()
    rows = list(_visible_tokens(request.user))
    for token in rows:
        token.state = token_state(token, now)
    context = {"form": form, "tokens": rows, "new_token": new_token, "all_users": request.user.is_superuser}
    response = render(request, "tenancy/tokens.html", context, status=400 if form.errors else 200)
    add_never_cache_headers(response)  # the page that shows a new token must not be kept by the browser
    return response


@login_required
@require_POST
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one token: the person's own, or anyone's for a superuser; others' are 404."""
    token = _visible_tokens(request.user).filter(pk=pk).first()
    if token is None:
        raise Http404("令牌不存在或无权访问")
    if revoke_api_token(token, acting_user=request.user):
        messages.success(request, f"已吊销令牌“{token.name}”：使用它的系统将收到“令牌已吊销”的答复")
    else:
        messages.info(request, f"令牌“{token.name}”此前已吊销")
    return redirect("tenancy:tokens")
