"""Per-user navigation flags: the header shows only the pages the user's roles may use."""

from __future__ import annotations

from django.http import HttpRequest

from kechuang.registry.access import operated_carrier_ids, visible_area_ids, writable_area_ids


def nav(request: HttpRequest) -> dict:
    """``nav``: which header links to show, asked of the same access functions the pages use.

    Why: an operator sees only their carrier, so links to plans, monitoring or enterprises lead
    to empty pages; a viewer changes nothing, so data entry is hidden from them.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    areas = visible_area_ids(user)
    writable = writable_area_ids(user)
    sees_areas = areas is None or bool(areas)
    operator = bool(operated_carrier_ids(user))
    return {
        "nav": {
            "plans": sees_areas,
            "monitor": sees_areas,
            "entry": writable is None or bool(writable),
            "enterprises": sees_areas,
            "carriers": sees_areas or operator,
            "reports": sees_areas or operator,
            "operator_only": operator and not sees_areas,
        }
    }
