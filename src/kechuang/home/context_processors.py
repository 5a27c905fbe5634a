"""Per-user navigation flags: the header shows only the pages the user's roles may use."""

from __future__ import annotations

from django.http import HttpRequest

from kechuang.notifications.domain import unread_count
from kechuang.tenancy.access import WRITE_ROLES, area_roles, is_district_admin, operated_carrier_ids


def nav(request: HttpRequest) -> dict:
    """``nav``: which header links to show, asked of the same access functions the pages use.

    Why: an operator sees only their carrier, so links to plans, monitoring or enterprises lead
    to empty pages; a viewer changes nothing, so data entry is hidden from them.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    unread = unread_count(user)  # the header's 通知 count, on every page
    if user.is_superuser:  # sees everything; no membership to read
        keys = ("plans", "monitor", "entry", "enterprises", "carriers", "reports", "audit", "evaluation")
        return {"nav": {**dict.fromkeys(keys, True), "unread": unread}}
    roles = area_roles(user)
    sees_areas = bool(roles)
    operator = bool(operated_carrier_ids(user))
    return {
        "nav": {
            "plans": sees_areas,
            "monitor": sees_areas,
            "entry": bool(roles & WRITE_ROLES),
            "enterprises": sees_areas,
            "carriers": sees_areas or operator,
            "reports": sees_areas or operator,
            "evaluation": sees_areas or operator,  # operators: their own carrier's results only
            "operator_only": operator and not sees_areas,
            "audit": is_district_admin(user),
            "unread": unread,
        }
    }
