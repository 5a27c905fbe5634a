"""Authentication for every API router: a bearer token for other systems, the session for the browser.

Use ``auth=api_auth`` on a router or operation; the authenticated user is
``request.auth`` (also set as ``request.user``) and all access functions apply to it
exactly as to the web pages.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from kechuang.tenancy.models import ApiToken
from kechuang.tenancy.models.audit import hash_token

EXPIRED_MESSAGE = "API 令牌已过期，请重新签发"
REVOKED_MESSAGE = "API 令牌已吊销（或其用户已修改密码），请重新签发"


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``; the token's SHA-256 must match a token that is neither
    revoked nor expired, of an active user. A known token that has ended is answered 401 with the
    reason, so the system using it knows to ask for a new one."""

    def authenticate(self, request: HttpRequest, token: str) -> object | None:
        if not token:
            return None
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_token(token), user__is_active=True)
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        if found.revoked:
            raise AuthenticationError(401, REVOKED_MESSAGE)
        if found.expires <= now:
            raise AuthenticationError(401, EXPIRED_MESSAGE)
        # Writing on every call would make each read a write; a minute's precision is enough.
        if found.last_used is None or now - found.last_used > dt.timedelta(minutes=1):
            ApiToken.objects.filter(pk=found.pk).update(last_used=now)
        request.user = found.user
        request.api_token = found
        return found.user


class SessionAuthWithCsrf(SessionAuth):
    """The browser's Django session; unsafe methods need the CSRF token (django-ninja checks it)."""

    def __init__(self) -> None:
        super().__init__(csrf=True)


token_auth = TokenAuth()
session_auth = SessionAuthWithCsrf()
api_auth = [token_auth, session_auth]

__all__ = ["SessionAuthWithCsrf", "TokenAuth", "api_auth", "session_auth", "token_auth"]
