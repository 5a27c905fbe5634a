"""Counting what an anonymous visitor may do in an hour (public feedback, public reports).

Counted in the cache under a hash of the address (of the account, for someone signed in), so the
raw address is never stored. With several server processes the cache must be shared (the
database cache or Redis) for the limit to hold across them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_key(request: HttpRequest) -> str:
    """Enough to count a sender's requests, not to find them."""
    user = getattr(request, "user", None)
    who = (
        f"user:{user.pk}"
        if getattr(user, "is_authenticated", False)
        else request.META.get("REMOTE_ADDR") or ""
    )
    return hashlib.sha256(f"{settings.SECRET_KEY}:{who}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class RateLimit:
    name: str
    per_window: int
    window_seconds: int = 3600

    def over(self, key: str) -> bool:
        return cache.get(f"{self.name}:{key}", 0) >= self.per_window

    def count(self, key: str) -> None:
        name = f"{self.name}:{key}"
        cache.add(name, 0, self.window_seconds)
        try:
            cache.incr(name)
        except ValueError:
            cache.set(name, 1, self.window_seconds)
