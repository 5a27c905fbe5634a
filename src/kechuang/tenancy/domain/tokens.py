"""API tokens for other systems (a park's own reporting system): issued once, stored hashed, revocable.

A token ends by itself after ``days`` (90 unless the issuer says otherwise), and all of a user's
tokens end when the user's password changes: whoever changes a password because it may have
leaked expects every way in that it opened to close too.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone

from kechuang.tenancy.domain.audit import RuleError, record_audit
from kechuang.tenancy.models import ApiToken
from kechuang.tenancy.models.audit import hash_token

TOKEN_PREFIX = "kc_"  # noqa: S105 — a public marker that makes leaked tokens recognisable, not a secret
DEFAULT_TOKEN_DAYS = 90
MAX_TOKEN_DAYS = 730


@transaction.atomic
def issue_api_token(
    user: object, *, name: str, days: int = DEFAULT_TOKEN_DAYS, acting_user: object | None = None
) -> tuple[ApiToken, str]:
    """Create a token for ``user`` valid for ``days`` and return it with the raw token, which is never
    stored or shown again.

    The token acts with exactly the user's roles. Side effects: an ``AuditEntry``.
    """
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise RuleError(f"令牌有效期应为 1 至 {MAX_TOKEN_DAYS} 天")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip() or "API",
        key_hash=hash_token(raw),
        prefix=raw[:8],
        expires=timezone.now() + dt.timedelta(days=days),
    )
    record_audit(acting_user=acting_user, action="issue_token", obj=token, changes={"user": [None, user.pk]})
    return token, raw


@transaction.atomic
def revoke_api_token(token: ApiToken, *, acting_user: object | None = None) -> bool:
    """Refuse the token from now on; returns whether it was active. Side effects: an ``AuditEntry``."""
    if token.revoked:
        return False
    token.revoked = True
    token.save(update_fields=["revoked"])
    record_audit(
        acting_user=acting_user, action="revoke_token", obj=token, changes={"revoked": [False, True]}
    )
    return True


def revoke_tokens_of(user: object, *, acting_user: object | None = None) -> int:
    """Revoke every active token of ``user``; returns how many. Side effects: an ``AuditEntry`` each."""
    tokens = list(ApiToken.objects.filter(user=user, revoked=False))
    for token in tokens:
        revoke_api_token(token, acting_user=acting_user)
    return len(tokens)


class PasswordChangeEndsTokens:
    """Listed in ``AUTH_PASSWORD_VALIDATORS`` for Django's ``password_changed`` hook, which runs on every
    real password change (the change forms, the admin, ``changepassword``, ``set_password`` then
    ``save``) but not when Django merely re-hashes an unchanged password on login.
    """

    def validate(self, password: str, user: object | None = None) -> None:
        """Any password is acceptable here; this entry only acts after a change."""

    def password_changed(self, password: str, user: object | None = None) -> None:
        if user is not None and getattr(user, "pk", None) is not None:
            revoke_tokens_of(user, acting_user=user)

    def get_help_text(self) -> str:
        return "修改密码后，您的 API 令牌全部失效，需要重新签发。"
