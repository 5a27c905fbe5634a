"""Reminders of qualification certificates (高企 and others with a validity period) about to expire.

The district's administrators and the liaisons of the enterprise's area follow up renewals; they
read the enterprise's record, so naming the enterprise and its certificate tells them nothing new.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from kechuang.notifications.domain import notify
from kechuang.notifications.enums import Kind
from kechuang.notifications.recipients import area_role_holders
from kechuang.registry.models import Qualification
from kechuang.tenancy.models import Role

FOLLOW_UP = (Role.DISTRICT_ADMIN, Role.LIAISON)


def expiring_for_reminder(today: dt.date, within_days: int) -> list[Qualification]:
    """Certificates (types with a validity period) valid today that end within ``within_days`` and
    that no later certificate of the same type for the same enterprise has replaced."""
    renewed = Qualification.objects.filter(
        enterprise_id=OuterRef("enterprise_id"),
        type_id=OuterRef("type_id"),
        valid_until__gt=OuterRef("valid_until"),
    )
    return list(
        Qualification.objects.filter(
            type__validity_years__isnull=False,
            valid_until__gte=today,
            valid_until__lte=today + dt.timedelta(days=within_days),
        )
        .exclude(Exists(renewed))
        .select_related("enterprise__area", "type")
        .order_by("valid_until", "pk")
    )


def certificate_reminders(today: dt.date | None = None) -> int:
    """The scheduled run: each certificate is announced once when it comes within 90 days of its end and
    once more within 30 (``KECHUANG_CERT_EXPIRY_DAYS``). Returns how many notifications were written."""
    today = today or timezone.localdate()
    thresholds = sorted(settings.KECHUANG_CERT_EXPIRY_DAYS)
    if not thresholds:
        return 0
    written = 0
    officers: dict[int, list[object]] = {}
    for qual in expiring_for_reminder(today, thresholds[-1]):
        days_left = (qual.valid_until - today).days
        threshold = next(d for d in thresholds if days_left <= d)
        enterprise = qual.enterprise
        if enterprise.area_id not in officers:
            officers[enterprise.area_id] = area_role_holders(enterprise.area, FOLLOW_UP)
        end = qual.valid_until
        number = f"证书编号：{qual.certificate_no}；" if qual.certificate_no else ""
        written += len(
            notify(
                officers[enterprise.area_id],
                Kind.CERT_EXPIRING,
                f"{enterprise.name}的{qual.type.name}资质将于{end.year}年{end.month}月{end.day}日到期",
                f"{number}还有 {days_left} 天到期，请提醒企业及时申请重新认定。",
                f"/registry/enterprises/{enterprise.pk}/",
                dedupe_key=f"cert-expiry:{qual.pk}:{threshold}d",
            )
        )
    return written
