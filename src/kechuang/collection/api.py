"""API routes of the collection app."""

from ninja import Router

router = Router(tags=["collection"])
