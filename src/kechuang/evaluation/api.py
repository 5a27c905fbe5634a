"""API routes of the evaluation app."""

from ninja import Router

router = Router(tags=["evaluation"])
