"""Who may see and change what. Every view, export, import and API endpoint asks here.

Superusers see everything. Otherwise a user's memberships decide: a district
administrator or liaison sees their area and everything below it and may change
it; a viewer sees the same scope read-only; a carrier operator sees only their
carrier (see the registry's carrier access functions).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from kechuang.registry.models import Area, Membership, Role

WRITE_ROLES = {Role.DISTRICT_ADMIN, Role.LIAISON}


def _memberships(user: object) -> list[Membership]:
    cache = getattr(user, "_kechuang_memberships", None)
    if cache is None:
        cache = list(Membership.objects.filter(user=user).select_related("area"))
        user._kechuang_memberships = cache
    return cache


def visible_area_ids(user: object) -> set[int] | None:
    """Areas a user may read; ``None`` means no restriction (superusers)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    if user.is_superuser:
        return None
    ids: set[int] = set()
    for m in _memberships(user):
        ids.update(m.area.descendant_ids())
    return ids


def writable_area_ids(user: object) -> set[int] | None:
    """Areas whose figures a user may change; ``None`` means no restriction."""
    if not getattr(user, "is_authenticated", False):
        return set()
    if user.is_superuser:
        return None
    ids: set[int] = set()
    for m in _memberships(user):
        if m.role in WRITE_ROLES:
            ids.update(m.area.descendant_ids())
    return ids


def can_see_area(user: object, area: Area) -> bool:
    ids = visible_area_ids(user)
    return ids is None or area.pk in ids


def can_change_area(user: object, area: Area) -> bool:
    ids = writable_area_ids(user)
    return ids is None or area.pk in ids


def require_area(user: object, area: Area, *, write: bool = False) -> Area:
    """Return the area or raise ``PermissionDenied``; views turn that into 403."""
    allowed = can_change_area(user, area) if write else can_see_area(user, area)
    if not allowed:
        raise PermissionDenied("无权访问该地区的数据")
    return area


def is_district_admin(user: object) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or any(m.role == Role.DISTRICT_ADMIN for m in _memberships(user))
