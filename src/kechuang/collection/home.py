"""Counts the home page shows from monthly reports: to review, filed this month, a carrier's months."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from kechuang.collection import domain
from kechuang.collection.access import reviewable_area_ids, visible_reports
from kechuang.collection.enums import ReportStatus
from kechuang.collection.models import CarrierReport
from kechuang.registry.models import Carrier


def reports_to_review(user: object) -> QuerySet[CarrierReport]:
    """Submitted reports waiting for the user's decision (the district administrator's)."""
    qs = visible_reports(user).filter(status=ReportStatus.SUBMITTED)
    ids = reviewable_area_ids(user)
    return qs if ids is None else qs.filter(carrier__area_id__in=ids)


@dataclass(frozen=True)
class CarrierMonth:
    """A carrier and its report for the month being filed (``None`` when not started)."""

    carrier: Carrier
    report: CarrierReport | None

    @property
    def filed(self) -> bool:
        return self.report is not None and self.report.status in domain.FILED

    @property
    def status_word(self) -> str:
        return "未开始填报" if self.report is None else self.report.get_status_display()

    @property
    def status_code(self) -> str:
        return "none" if self.report is None else self.report.status


def carrier_months(carriers: list[Carrier], *, period: str | None = None) -> list[CarrierMonth]:
    """Each carrier with its report for ``period`` (the month being filed now by default); one query."""
    if not carriers:
        return []
    period = period or domain.reporting_period()
    reports = {
        r.carrier_id: r
        for r in CarrierReport.objects.filter(carrier__in=carriers, period=period).order_by("form_id")
    }
    return [CarrierMonth(c, reports.get(c.pk)) for c in carriers]


def earlier_reports(carrier: Carrier, *, period: str | None = None, limit: int = 12) -> list[CarrierReport]:
    """The carrier's reports of months before ``period``, latest first."""
    period = period or domain.reporting_period()
    return list(CarrierReport.objects.filter(carrier=carrier, period__lt=period).order_by("-period")[:limit])


def current_period(today: dt.date | None = None) -> str:
    """The month being filed now (the previous calendar month)."""
    return domain.reporting_period(today)
