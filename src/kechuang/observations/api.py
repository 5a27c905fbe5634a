"""API routes of the observations app."""

from ninja import Router

router = Router(tags=["observations"])
