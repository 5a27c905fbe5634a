"""API routes of the plans app."""

from ninja import Router

router = Router(tags=["plans"])
