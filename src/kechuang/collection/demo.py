"""Demo monthly reports: a few approved months for every demo carrier, the current month part-filed.

Idempotent: a carrier's month that already has a report is left alone, so running the
demo again changes nothing. Values are simulated but consistent (graduates ≤ tenants,
no tenfold jumps) and derived from the carrier and month so every run makes the same ones.
"""

from __future__ import annotations

import random

from django.db import transaction

from kechuang.collection import domain
from kechuang.collection.models import CarrierReport
from kechuang.registry.models import Carrier

MONTHS = 4


def _values(carrier: Carrier, period: str, month_index: int) -> dict:
    rng = random.Random(f"{carrier.pk}:{period}")
    base = random.Random(carrier.pk).randint(15, 80)
    tenants = base + month_index * rng.randint(0, 3)
    return {
        "tenants": tenants,
        "new_entries": rng.randint(0, min(5, tenants)),
        "graduates": rng.randint(0, min(3, tenants)),
        "tech_smes": rng.randint(tenants // 4, tenants // 2),
        "hnte_tenants": rng.randint(0, tenants // 5),
        "occupancy": round(rng.uniform(60, 98), 1),
        "financing": round(rng.uniform(0, 3000), 1),
        "events": rng.randint(0, 6),
        "mentors": rng.randint(3, 25),
        "ip_count": rng.randint(0, 15),
        "staff": tenants * rng.randint(5, 12),
    }


@transaction.atomic
def load_collection_demo(*, months: int = MONTHS) -> int:
    """Create approved reports for the last ``months`` months; returns how many reports were new.

    The latest month is filed by about two carriers in three and approved for half of
    those, so the completeness and review pages have something to show.
    """
    form = domain.active_form()
    latest = domain.reporting_period()
    periods = [latest]
    for _ in range(months - 1):
        periods.append(domain.previous_period(periods[-1]))
    periods.reverse()
    created = 0
    carriers = list(Carrier.objects.filter(active=True).select_related("area").order_by("pk"))
    for index, period in enumerate(periods):
        for carrier in carriers:
            if CarrierReport.objects.filter(carrier=carrier, form=form, period=period).exists():
                continue
            is_latest = period == latest
            if is_latest and carrier.pk % 3 == 0:
                continue  # not filed yet: shows on the completeness page
            report, _ = domain.open_report(carrier=carrier, period=period, form=form)
            created += 1
            values = _values(carrier, period, index)
            if is_latest and carrier.pk % 3 == 1:
                domain.save_draft(report, values=values, acting_user=None)
                domain.submit_report(report, acting_user=None)
                continue  # waiting for review
            domain.submit_report(report, values=values, acting_user=None)
            domain.approve_report(report, acting_user=None)
    return created
