"""Counts the home page shows from the registry: enterprises, carriers, certificates about to lapse."""

from __future__ import annotations

import datetime as dt

from kechuang.registry.access import visible_carriers, visible_enterprises
from kechuang.registry.models import Carrier, Tenancy
from kechuang.registry.queries import expiring_certificates
from kechuang.tenancy.models import Area, Membership

EXPIRING_MONTHS = 3  # about 90 days: time enough to prepare a renewal


def expiring_certificate_count(user: object, *, today: dt.date, months: int = EXPIRING_MONTHS) -> int:
    """高企 certificates of the user's enterprises that lapse within ``months`` and are not yet renewed.

    Why: a certificate that lapses unnoticed drops the enterprise from the district's count; the
    administrator reminds it while there is time. The same rows as the renewals page shows.
    """
    qs = expiring_certificates(None, months, today=today)
    return qs.filter(enterprise__in=visible_enterprises(user).values("pk")).count()


def areas_held(user: object, role: str) -> list[Area]:
    """The areas the user holds ``role`` in (not those below them), by code."""
    if not getattr(user, "is_authenticated", False):
        return []
    qs = Membership.objects.filter(user=user, role=role, carrier__isnull=True).select_related("area")
    return sorted({m.area for m in qs}, key=lambda a: a.code)


def area_enterprise_count(user: object, area: Area) -> int:
    """Enterprises registered in ``area`` and below that the user may read."""
    return visible_enterprises(user).filter(area_id__in=area.descendant_ids()).count()


def area_carriers(user: object, area: Area) -> list[Carrier]:
    """Operating carriers in ``area`` and below that the user may read, by name."""
    return list(
        visible_carriers(user).filter(area_id__in=area.descendant_ids(), active=True).order_by("name")
    )


def current_tenant_count(carrier: Carrier) -> int:
    """Enterprises hosted by the carrier now (no leaving date yet)."""
    return (
        Tenancy.objects.filter(carrier=carrier, left_on__isnull=True)
        .values("enterprise_id")
        .distinct()
        .count()
    )
