"""Approved monthly figures become observations, so plan indicators mapped to the catalogue update themselves.

For one month, every approved report is added to its carrier's area and each area
above it up to the district (a district deployment's city total would be partial).
Fields carry the catalogue code they flow into (``ReportField.catalog_code``, set in
the admin) and whether carriers' values are summed or averaged. Carrier counts by
kind and level are counted over the carriers whose report for the month is approved.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction

from kechuang.collection.enums import Aggregation, ReportStatus
from kechuang.collection.models import CarrierReport, ReportForm
from kechuang.collection.validation import form_fields
from kechuang.observations.domain import record_observation
from kechuang.observations.enums import Source
from kechuang.plans.models import CatalogIndicator
from kechuang.tenancy.models import Area, AreaKind

# Carrier counts: catalogue code → (carrier attribute, value); ``None`` counts every carrier.
CARRIER_COUNT_CODES: dict[str, tuple[str, str] | None] = {
    "CARRIERS": None,
    "INCUBATORS": ("kind", "incubator"),
    "MAKER_SPACES": ("kind", "maker_space"),
    "UNIVERSITY_SCIENCE_PARKS": ("kind", "university_park"),
    # By level (shipped in the catalogue since plans 0004).
    "CARRIERS_NATIONAL": ("level", "national"),
    "CARRIERS_MUNICIPAL": ("level", "municipal"),
    "CARRIERS_DISTRICT": ("level", "district"),
}


def _chains() -> dict[int, list[int]]:
    """For each area, itself and the areas above it, stopping at the district."""
    rows = {pk: (parent, kind) for pk, parent, kind in Area.objects.values_list("pk", "parent_id", "kind")}
    chains: dict[int, list[int]] = {}
    for pk in rows:
        chain, node = [], pk
        while node is not None:
            chain.append(node)
            parent, kind = rows[node]
            if kind == AreaKind.DISTRICT:
                break
            node = parent
        chains[pk] = chain
    return chains


def _totals(period: str, form: ReportForm) -> dict[tuple[str, int], float]:
    """(catalogue code, area id) → the month's figure over approved reports."""
    fields = [f for f in form_fields(form) if f.catalog_code and f.numeric]
    chains = _chains()
    sums: dict[tuple[str, int], float] = defaultdict(float)
    counts: dict[tuple[str, int], int] = defaultdict(int)
    reports = CarrierReport.objects.filter(
        form=form, period=period, status=ReportStatus.APPROVED
    ).select_related("carrier")
    for report in reports:
        carrier = report.carrier
        for area_id in chains.get(carrier.area_id, [carrier.area_id]):
            for field in fields:
                value = report.values.get(field.code)
                if isinstance(value, int | float) and not isinstance(value, bool):
                    sums[(field.catalog_code, area_id)] += value
                    counts[(field.catalog_code, area_id)] += 1
            for code, match in CARRIER_COUNT_CODES.items():
                if match is None or getattr(carrier, match[0]) == match[1]:
                    sums[(code, area_id)] += 1
    means = {f.catalog_code for f in fields if f.aggregation == Aggregation.MEAN}
    return {key: round(total / counts[key], 2) if key[0] in means else total for key, total in sums.items()}


@transaction.atomic
def flow_report_figures(
    period: str,
    *,
    form: ReportForm,
    area: Area | None = None,
    acting_user: object | None = None,
    reason: str = "",
) -> int:
    """Record the month's area totals (source "monthly_report"); returns how many observations changed.

    With ``area``, only that area's chain up to the district is recorded (what one
    approval can change); without, every area with approved reports. Side effects:
    creates or corrects ``Observation`` rows through ``record_observation``, each
    change with its ``ObservationRevision``. The form row is locked first so that
    concurrent approvals total one after the other instead of missing each other.
    """
    ReportForm.objects.select_for_update().filter(pk=form.pk).first()
    totals = _totals(period, form)
    wanted = set(_chains().get(area.pk, [area.pk])) if area is not None else None
    catalog = CatalogIndicator.objects.in_bulk({code for code, _ in totals}, field_name="code")
    area_objs = Area.objects.in_bulk({area_id for _, area_id in totals})
    changed = 0
    for (code, area_id), value in sorted(totals.items()):
        if code not in catalog or (wanted is not None and area_id not in wanted):
            continue
        result = record_observation(
            catalog=catalog[code],
            area=area_objs[area_id],
            period=period,
            value=value,
            source=Source.MONTHLY_REPORT,
            note="孵化动态月报汇总",
            reason=reason or "月报审核通过",
            acting_user=acting_user,
        )
        changed += result.changed
    return changed
