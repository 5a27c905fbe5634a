"""Reads for the collection pages: who has filed this month, area by area."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from kechuang.collection.domain import FILED, deadline_for
from kechuang.collection.models import CarrierReport, ReportForm
from kechuang.registry.access import visible_carriers
from kechuang.registry.models import Carrier
from kechuang.tenancy.models import Area


@dataclass
class AreaCompleteness:
    area: Area
    filed: list[tuple[Carrier, CarrierReport]] = field(default_factory=list)
    missing: list[tuple[Carrier, CarrierReport | None]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.filed) + len(self.missing)


@dataclass
class Completeness:
    period: str
    deadline: dt.date
    overdue: bool
    areas: list[AreaCompleteness]

    @property
    def filed_count(self) -> int:
        return sum(len(a.filed) for a in self.areas)

    @property
    def missing_count(self) -> int:
        return sum(len(a.missing) for a in self.areas)


def completeness_for_user(
    user: object, *, form: ReportForm, period: str, today: dt.date | None = None
) -> Completeness:
    """Operating carriers the user may see, grouped by area, split into filed and not filed.

    "Filed" means submitted or approved; a draft or a returned report still counts as missing.
    Three queries whatever the number of carriers.
    """
    today = today or timezone.localdate()
    carriers = list(visible_carriers(user).filter(active=True).order_by("area__code", "name"))
    reports = {
        r.carrier_id: r
        for r in CarrierReport.objects.filter(
            form=form, period=period, carrier_id__in=[c.pk for c in carriers]
        )
    }
    by_area: dict[int, AreaCompleteness] = {}
    for carrier in carriers:
        group = by_area.setdefault(carrier.area_id, AreaCompleteness(area=carrier.area))
        report = reports.get(carrier.pk)
        if report is not None and report.status in FILED:
            group.filed.append((carrier, report))
        else:
            group.missing.append((carrier, report))
    deadline = deadline_for(form, period)
    return Completeness(
        period=period,
        deadline=deadline,
        overdue=today > deadline,
        areas=sorted(by_area.values(), key=lambda g: g.area.code),
    )
