"""Who may see, fill and review monthly reports; every page and API handler reaches reports here.

Reading and filling follow the registry's carrier access (an operator sees only
their own carrier, administrators and liaisons their area, viewers read-only).
Reviewing — approving, returning, correcting an approved report — is the district
administrator's alone (superusers included).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from kechuang.collection.models import CarrierReport
from kechuang.registry.access import can_change_carrier, visible_carriers
from kechuang.registry.models import Carrier
from kechuang.tenancy.access import administered_area_ids, visible_area_ids
from kechuang.tenancy.models import Area


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


def reviewable_area_ids(user: object) -> set[int] | None:
    """Areas whose reports a user may approve or return: those they administer; ``None`` = all."""
    return administered_area_ids(user)


def can_review_reports(user: object, carrier: Carrier) -> bool:
    ids = reviewable_area_ids(user)
    return ids is None or carrier.area_id in ids


def is_reviewer(user: object) -> bool:
    ids = reviewable_area_ids(user)
    return ids is None or bool(ids)


def require_reviewer(user: object, carrier: Carrier) -> None:
    if not can_review_reports(user, carrier):
        raise PermissionDenied("只有区级管理员可以审核月报")


def visible_report_areas(user: object) -> QuerySet[Area]:
    """Areas a user may see the completeness of: their own areas (operators: none)."""
    ids = visible_area_ids(user)
    qs = Area.objects.all()
    return qs if ids is None else qs.filter(pk__in=ids)
