"""Who holds which role where: the recipient lists apps build their notifications from.

Only areas and roles are known here; an app passes what it knows of its record (the carrier's
id, the plan's area) and decides itself which of these people may see it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model

from kechuang.tenancy.models import Area, Membership, Role


def active_users(users: Iterable[object]) -> list[object]:
    """Users (or ids) as active user rows, each once, in a stable order."""
    items = list(users)
    ids = {getattr(u, "pk", u) for u in items}
    ids.discard(None)
    if not ids:
        return []
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def area_and_above_ids(area: Area) -> list[int]:
    """The area and every area above it: whoever holds an area role there sees this area."""
    return [area.pk, *(a.pk for a in area.ancestors())]


def area_role_holders(area: Area, roles: Iterable[str]) -> list[object]:
    """Users holding one of ``roles`` (administrator, liaison, viewer) for ``area`` or an area above it.

    Why above: a district's administrator decides for its towns; a town's liaison does not see the district.
    """
    user_ids = Membership.objects.filter(
        area_id__in=area_and_above_ids(area), role__in=list(roles), carrier__isnull=True
    ).values_list("user_id", flat=True)
    return active_users(user_ids)


def carrier_operator_ids(carrier_ids: Iterable[int]) -> dict[int, list[int]]:
    """Carrier id → the ids of the users who operate it."""
    found: dict[int, list[int]] = {}
    for carrier_id, user_id in Membership.objects.filter(
        carrier_id__in=list(carrier_ids), role=Role.CARRIER_OPERATOR
    ).values_list("carrier_id", "user_id"):
        found.setdefault(carrier_id, []).append(user_id)
    return found
