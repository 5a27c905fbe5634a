"""Who may see, fill and review monthly reports; every page and API handler reaches reports here.

Reading and filling follow the registry's carrier access (an operator sees only
their own carrier, administrators and liaisons their area, viewers read-only).
Reviewing — approving and returning submitted reports — is the district
administrator's (superusers included) and, where the district delegates it
(``ReviewSettings.liaison_review``), also the liaison's for the carriers of
their town or park. Correcting an approved report stays with the district
administrator: it changes figures the district has already counted.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from kechuang.collection.models import CarrierReport, ReviewSettings
from kechuang.registry.access import can_change_carrier, visible_carriers
from kechuang.registry.models import Carrier
from kechuang.tenancy.access import administered_area_ids, visible_area_ids
from kechuang.tenancy.models import Area, Membership, Role


def visible_reports(user: object) -> QuerySet[CarrierReport]:
    """Reports of the carriers a user may read."""
    qs = CarrierReport.objects.select_related("carrier", "carrier__area", "form")
    if getattr(user, "is_superuser", False):
        return qs
    return qs.filter(carrier__in=visible_carriers(user).values("pk"))


def get_report_for_user(user: object, pk: int, *, write: bool = False) -> CarrierReport:
    """The report or 404 outside the user's scope; 403 when they may read but not fill it."""
    report = visible_reports(user).filter(pk=pk).first()
    if report is None:
        raise Http404("月报不存在或无权访问")
    if write and not can_fill_reports(user, report.carrier):
        raise PermissionDenied("无权修改该载体的月报")
    return report


def can_fill_reports(user: object, carrier: Carrier) -> bool:
    """Operators fill their own carrier's reports; administrators and liaisons those of their area."""
    return can_change_carrier(user, carrier)


def delegated_area_ids(user: object) -> set[int]:
    """Areas a liaison reviews because their district delegates review to liaisons (else empty)."""
    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return set()
    cached = getattr(user, "_kechuang_delegated_review_ids", None)
    if cached is None:
        cached = set()
        memberships = Membership.objects.filter(user=user, role=Role.LIAISON, carrier__isnull=True)
        areas = [m.area for m in memberships.select_related("area")]
        if areas:
            delegating = set(
                ReviewSettings.objects.filter(liaison_review=True).values_list("district_id", flat=True)
            )
            for area in areas:
                district = area.district()
                if district is not None and district.pk in delegating:
                    cached.update(area.descendant_ids())
        user._kechuang_delegated_review_ids = cached
    return cached


def reviewable_area_ids(user: object) -> set[int] | None:
    """Areas whose reports a user may approve or return: those they administer, and their own
    town's or park's when the district delegates review to liaisons; ``None`` = all."""
    ids = administered_area_ids(user)
    if ids is None:
        return None
    return ids | delegated_area_ids(user)


def can_review_reports(user: object, carrier: Carrier) -> bool:
    ids = reviewable_area_ids(user)
    return ids is None or carrier.area_id in ids


def can_correct_reports(user: object, carrier: Carrier) -> bool:
    """Correcting approved figures: the district administrator's (never delegated)."""
    ids = administered_area_ids(user)
    return ids is None or carrier.area_id in ids


def is_reviewer(user: object) -> bool:
    ids = reviewable_area_ids(user)
    return ids is None or bool(ids)


def require_reviewer(user: object, carrier: Carrier) -> None:
    if not can_review_reports(user, carrier):
        raise PermissionDenied(
            "无权审核该载体的月报：月报由区级管理员审核（区里开启委托后，也可由本镇、园区的联络员审核）"
        )


def require_corrector(user: object, carrier: Carrier) -> None:
    if not can_correct_reports(user, carrier):
        raise PermissionDenied("只有区级管理员可以更正已通过的月报")


def visible_report_areas(user: object) -> QuerySet[Area]:
    """Areas a user may see the completeness of: their own areas (operators: none)."""
    ids = visible_area_ids(user)
    qs = Area.objects.all()
    return qs if ids is None else qs.filter(pk__in=ids)
