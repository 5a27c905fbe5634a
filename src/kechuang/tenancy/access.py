"""Who may see and change which areas. Every view, export, import and API endpoint asks here.

Superusers see everything. Otherwise a user's memberships decide: a district
administrator or liaison sees their area and everything below it and may change
it; a viewer sees the same scope read-only; a carrier operator sees only their
carrier, its reports and the tenant view of its current tenants (the carrier
and tenant functions below), never the area around it and never an enterprise's
full record.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from kechuang.tenancy.models import Area, Membership, Role

WRITE_ROLES = {Role.DISTRICT_ADMIN, Role.LIAISON}
AREA_ROLES = {Role.DISTRICT_ADMIN, Role.LIAISON, Role.VIEWER}


def _memberships(user: object) -> list[Membership]:
    cache = getattr(user, "_kechuang_memberships", None)
    if cache is None:
        cache = list(Membership.objects.filter(user=user).select_related("area"))
        user._kechuang_memberships = cache
    return cache


def _area_ids(user: object, roles: set[str]) -> set[int]:
    key = "_kechuang_area_ids_" + "_".join(sorted(roles))
    cached = getattr(user, key, None)
    if cached is None:
        cached = set()
        for m in _memberships(user):
            if m.role in roles:
                cached.update(m.area.descendant_ids())
        setattr(user, key, cached)
    return cached


def visible_area_ids(user: object) -> set[int] | None:
    """Areas a user may read; ``None`` means no restriction (superusers).

    Carrier operators get no area from their membership: they see their carrier only.
    """
    if not getattr(user, "is_authenticated", False):
        return set()
    if user.is_superuser:
        return None
    return set(_area_ids(user, AREA_ROLES))


def writable_area_ids(user: object) -> set[int] | None:
    """Areas whose figures a user may change; ``None`` means no restriction."""
    if not getattr(user, "is_authenticated", False):
        return set()
    if user.is_superuser:
        return None
    return set(_area_ids(user, WRITE_ROLES))


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


def administered_area_ids(user: object) -> set[int] | None:
    """Areas a user administers as a district administrator; ``None`` = all (superusers).

    They decide for these areas: publish, withdraw and revise plans, approve and return reports.

    A district administrator's district and everything below it; liaisons and viewers none.
    """
    if not getattr(user, "is_authenticated", False):
        return set()
    if user.is_superuser:
        return None
    cached = getattr(user, "_kechuang_administered_area_ids", None)
    if cached is None:
        cached = set()
        memberships = Membership.objects.filter(user=user, role=Role.DISTRICT_ADMIN, carrier__isnull=True)
        for m in memberships.select_related("area"):
            cached.update(m.area.descendant_ids())
        user._kechuang_administered_area_ids = cached
    return cached


def can_write_anything(user: object) -> bool:
    """Whether the user holds any role that writes (used to hide edit buttons from viewers)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or any(m.role in WRITE_ROLES or m.carrier_id for m in _memberships(user))


def visible_areas(user: object) -> QuerySet[Area]:
    """The areas a user may read, for pickers and the API."""
    ids = visible_area_ids(user)
    qs = Area.objects.all()
    return qs if ids is None else qs.filter(pk__in=ids)


def member_areas(user: object) -> list[Area]:
    """The areas a user holds an area role in (administrator, liaison, viewer), not those below them.

    Why: a town liaison is named by their town in a district plan's task list; the task board
    asks which town or park that is. Superusers (who see every plan anyway) and carrier operators hold none.
    """
    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return []
    return [m.area for m in _memberships(user) if m.role in AREA_ROLES]


def area_roles(user: object) -> set[str]:
    """The area roles (administrator, liaison, viewer) a user holds anywhere; one cached read.

    Why: the header decides which links to show on every page; it needs the roles, not the
    areas below them, so it costs no query beyond the memberships the page already read.
    """
    if not getattr(user, "is_authenticated", False):
        return set()
    return {m.role for m in _memberships(user) if m.role in AREA_ROLES}


def operated_carrier_ids(user: object) -> set[int]:
    """The carriers a user runs as a carrier operator."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return {m.carrier_id for m in _memberships(user) if m.role == Role.CARRIER_OPERATOR and m.carrier_id}
