"""API tokens for other systems (a park's own reporting system): issued once, stored hashed, revocable."""

from __future__ import annotations

import secrets

from django.db import transaction

from kechuang.registry.domain.audit import record_audit
from kechuang.registry.models import ApiToken
from kechuang.registry.models.audit import hash_token

TOKEN_PREFIX = "kc_"  # noqa: S105 — a public marker that makes leaked tokens recognisable, not a secret


@transaction.atomic
def issue_api_token(user: object, *, name: str, acting_user: object | None = None) -> tuple[ApiToken, str]:
    """Create a token for ``user`` and return it with the raw token, which is never stored or shown again.

    The token acts with exactly the user's roles. Side effects: an ``AuditEntry``.
    """
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip() or "API", key_hash=hash_token(raw), prefix=raw[:8]
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
