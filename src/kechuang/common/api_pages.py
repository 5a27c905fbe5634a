"""Paged API lists: ``?limit=&offset=`` in, ``{"count": <total>, "items": [...]}`` out.

Why a subclass of django-ninja's own: the offset is bounded (an offset beyond any real list is a
caller's mistake, and one beyond 64 bits makes the database fail), and the bounds are checked by
the request schema, so a wrong value is the same Chinese 422 as any other bad parameter.
"""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000


class Pages(LimitOffsetPagination):
    """``limit`` 1–500 (default 100) and ``offset`` 0–1,000,000; the answer carries the total ``count``."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT, description="每页条数（1–500，默认 100）")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="跳过的条数（0–1000000）")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


__all__ = ["MAX_LIMIT", "MAX_OFFSET", "Pages"]
