"""Demo monthly reports: a few approved months for every demo carrier, the current month part-filed.

Idempotent: a carrier's month that already has a report is left alone, so running the
demo again changes nothing. The counts of enterprises (tenants, entries, graduates, tech
SMEs, high-tech enterprises) are read from the registry at the month's end, so the
registry and the reports agree; the other values are simulated but consistent and derived
from the carrier and month so every run makes the same ones.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from kechuang.collection import domain
from kechuang.collection.models import CarrierReport
from kechuang.registry.models import Carrier, Qualification, Tenancy

MONTHS = 4


def registry_counts(carrier: Carrier, period: str) -> dict[str, int]:
    """The month's enterprise counts of a carrier as its registry records them (month end).

    Why: the demo's report and the registry page must say the same number of tenants;
    a report of 35 beside a registry of 3 is the kind of disagreement a reader notices.
    """
    year, month = int(period[:4]), int(period[5:7])
    first, end = dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    tenancies = Tenancy.objects.filter(carrier=carrier)
    current = tenancies.filter(entered_on__lte=end).filter(Q(left_on__isnull=True) | Q(left_on__gt=end))
    ids = list(current.values_list("enterprise_id", flat=True))
    hnte = (
        Qualification.objects.filter(enterprise_id__in=ids, type__code="hnte", issued_on__lte=end)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=end))
        .values("enterprise_id")
        .distinct()
        .count()
    )
    smes = (
        Qualification.objects.filter(enterprise_id__in=ids, type__code="tech_sme", year=year)
        .values("enterprise_id")
        .distinct()
        .count()
    )
    tenants = len(set(ids))
    return {
        "tenants": tenants,
        "new_entries": min(current.filter(entered_on__gte=first).count(), tenants),
        "graduates": min(
            tenancies.filter(left_on__gte=first, left_on__lte=end, exit_reason="graduated").count(), tenants
        ),
        "tech_smes": smes,
        "hnte_tenants": hnte,
    }


def _values(carrier: Carrier, period: str) -> dict:
    rng = random.Random(f"{carrier.pk}:{period}")
    counts = registry_counts(carrier, period)
    tenants = counts["tenants"]
    return {
        **counts,
        "occupancy": round(rng.uniform(60, 98), 1),
        "financing": round(tenants * rng.uniform(0, 400), 1),
        "events": rng.randint(0, 6),
        "mentors": rng.randint(3, 25),
        "ip_count": rng.randint(0, 2 * tenants),
        "staff": tenants * rng.randint(5, 12),
    }


@transaction.atomic
def load_collection_demo(*, months: int = MONTHS, carriers: Iterable[Carrier] | None = None) -> int:
    """Create approved reports for the last ``months`` months; returns how many reports were new.

    The latest month is filed by about two carriers in three and approved for half of
    those, so the completeness and review pages have something to show. ``carriers``
    narrows the reports to those carriers (the demo passes the carriers it created, so a
    carrier someone else runs never gets a demo report); default every active carrier.
    """
    form = domain.active_form()
    latest = domain.reporting_period()
    periods = [latest]
    for _ in range(months - 1):
        periods.append(domain.previous_period(periods[-1]))
    periods.reverse()
    created = 0
    chosen = Carrier.objects.filter(active=True)
    if carriers is not None:
        chosen = chosen.filter(pk__in=[c.pk for c in carriers])
    rows = list(chosen.select_related("area").order_by("pk"))
    for period in periods:
        for carrier in rows:
            if CarrierReport.objects.filter(carrier=carrier, form=form, period=period).exists():
                continue
            is_latest = period == latest
            if is_latest and carrier.pk % 3 == 0:
                continue  # not filed yet: shows on the completeness page
            report, _ = domain.open_report(carrier=carrier, period=period, form=form)
            created += 1
            values = _values(carrier, period)
            if is_latest and carrier.pk % 3 == 1:
                domain.save_draft(report, values=values, acting_user=None)
                domain.submit_report(report, acting_user=None)
                continue  # waiting for review
            domain.submit_report(report, values=values, acting_user=None)
            domain.approve_report(report, acting_user=None)
    return created
