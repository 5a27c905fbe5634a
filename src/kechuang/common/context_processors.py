"""The site's name for every page, as `kechuang setup` stored it."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    """``site_name``: empty when setup named nothing, and the templates keep the product's name."""
    return {"site_name": getattr(settings, "KECHUANG_SITE_NAME", "")}
