"""The site's name for every page, as `kechuang setup` stored it."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    """``kechuang_site_name`` (not ``site_name``: Django's login view sets that to the host name): empty when setup named nothing, and the templates keep the product's name."""
    return {"kechuang_site_name": getattr(settings, "KECHUANG_SITE_NAME", "")}
