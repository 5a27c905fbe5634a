"""Reusable reads over the registry: figures that are queries over certificates, never typed numbers."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from kechuang.registry.models import (
    Carrier,
    CarrierKind,
    Enterprise,
    LadderStage,
    Qualification,
    Stage,
    Tenancy,
)
from kechuang.registry.models.enterprises import STAGE_ORDER
from kechuang.tenancy.models import Area

HNTE = "hnte"


def _area_ids(area: Area | None) -> list[int] | None:
    return None if area is None else area.descendant_ids()


def valid_qualifications(code: str, *, on: dt.date, area: Area | None = None) -> QuerySet[Qualification]:
    """Qualifications of a type valid on a date (issued on or before it, not yet expired) in an area and below.

    Types without a validity period (e.g. 科技小巨人) stay valid from their issue date on.
    """
    qs = Qualification.objects.filter(type__code=code, issued_on__lte=on).filter(
        Q(valid_until__gte=on) | Q(valid_until__isnull=True)
    )
    ids = _area_ids(area)
    if ids is not None:
        qs = qs.filter(enterprise__area_id__in=ids)
    return qs


def valid_qualification_count(code: str, *, on: dt.date, area: Area | None = None) -> int:
    """How many distinct enterprises hold a valid qualification of this type on the date."""
    return valid_qualifications(code, on=on, area=area).values("enterprise_id").distinct().count()


def valid_hnte_count(area: Area | None, on: dt.date) -> int:
    """The number of valid high-tech enterprises in an area (and below) on a date."""
    return valid_qualification_count(HNTE, on=on, area=area)


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def expiring_certificates(
    area: Area | None, within_months: int, *, today: dt.date | None = None, code: str = HNTE
) -> QuerySet[Qualification]:
    """Certificates still valid today that expire within N months, soonest first, for renewal follow-up.

    An enterprise that already holds a newer certificate of the same type (renewed)
    is left out.
    """
    today = today or timezone.localdate()
    until = add_months(today, within_months)
    qs = Qualification.objects.filter(type__code=code, valid_until__gte=today, valid_until__lte=until)
    ids = _area_ids(area)
    if ids is not None:
        qs = qs.filter(enterprise__area_id__in=ids)
    renewed = Qualification.objects.filter(type__code=code, valid_until__gt=until).values("enterprise_id")
    return (
        qs.exclude(enterprise_id__in=renewed)
        .select_related("enterprise", "enterprise__area", "type")
        .order_by("valid_until", "enterprise__name")
    )


@dataclass(frozen=True)
class FunnelRow:
    stage: str
    label: str
    at_start: int
    entered: int
    moved_up: int
    dropped: int
    at_end: int


def _stage_on(history: list[LadderStage], day: dt.date) -> str:
    """The stage an enterprise held at the end of ``day``; '' outside the ladder."""
    current = ""
    for entry in history:
        if entry.since > day:
            break
        current = "" if entry.dropped else entry.stage
    return current


def ladder_funnel(area: Area | None, year: int) -> list[FunnelRow]:
    """Per stage, for an area (and below) and a year: how many were there on 1 January, how many
    entered during the year, how many of those moved up from a lower stage, how many
    dropped out from that stage, and how many were there on 31 December.
    """
    start, end = dt.date(year - 1, 12, 31), dt.date(year, 12, 31)
    entries = LadderStage.objects.filter(since__lte=end).order_by("enterprise_id", "since", "pk")
    ids = _area_ids(area)
    if ids is not None:
        entries = entries.filter(enterprise__area_id__in=ids)
    by_enterprise: dict[int, list[LadderStage]] = {}
    for entry in entries.only("enterprise_id", "stage", "since", "dropped"):
        by_enterprise.setdefault(entry.enterprise_id, []).append(entry)
    at_start: Counter[str] = Counter()
    at_end: Counter[str] = Counter()
    entered: Counter[str] = Counter()
    moved_up: Counter[str] = Counter()
    dropped: Counter[str] = Counter()
    for history in by_enterprise.values():
        at_start[_stage_on(history, start)] += 1
        at_end[_stage_on(history, end)] += 1
        previous = ""
        for entry in history:
            if entry.since.year == year:
                if entry.dropped:
                    dropped[previous or entry.stage] += 1
                elif entry.stage != previous:
                    entered[entry.stage] += 1
                    if previous and STAGE_ORDER[entry.stage] > STAGE_ORDER[previous]:
                        moved_up[entry.stage] += 1
            previous = "" if entry.dropped else entry.stage
    return [
        FunnelRow(s.value, s.label, at_start[s], entered[s], moved_up[s], dropped[s], at_end[s])
        for s in Stage
    ]


def carrier_counts(area: Area | None) -> dict[str, dict[str, int]]:
    """Active carriers in an area (and below), by kind and level: ``{kind: {level: n}}``."""
    qs = Carrier.objects.filter(active=True)
    ids = _area_ids(area)
    if ids is not None:
        qs = qs.filter(area_id__in=ids)
    out: dict[str, dict[str, int]] = {}
    for row in qs.values("kind", "level").annotate(n=Count("pk")):
        out.setdefault(row["kind"], {})[row["level"]] = row["n"]
    return out


def tenant_counts(area: Area | None, on: dt.date) -> tuple[int, int]:
    """(current tenants on the date, graduates up to the date) for carriers in an area and below."""
    qs = Tenancy.objects.all()
    ids = _area_ids(area)
    if ids is not None:
        qs = qs.filter(carrier__area_id__in=ids)
    current = qs.filter(entered_on__lte=on).filter(Q(left_on__isnull=True) | Q(left_on__gt=on)).count()
    graduates = qs.filter(left_on__lte=on, exit_reason="graduated").count()
    return current, graduates


def registry_figures(area: Area, year: int) -> dict[str, int]:
    """The figures the registry answers for an area and a year, keyed by catalogue code.

    Qualification counts are taken at year end. Carrier counts are the carriers
    active now (the registry keeps no history of carrier recognition).
    """
    end = dt.date(year, 12, 31)
    counts = carrier_counts(area)
    tenants, graduates = tenant_counts(area, end)
    little = (
        Qualification.objects.filter(
            type__code__in=["little_giant", "little_giant_candidate"], issued_on__lte=end
        )
        .filter(Q(valid_until__gte=end) | Q(valid_until__isnull=True))
        .filter(enterprise__area_id__in=area.descendant_ids())
        .values("enterprise_id")
        .distinct()
        .count()
    )
    return {
        "HNTE_COUNT": valid_hnte_count(area, end),
        "TECH_SME": Qualification.objects.filter(
            type__code="tech_sme", year=year, enterprise__area_id__in=area.descendant_ids()
        )
        .values("enterprise_id")
        .distinct()
        .count(),
        "LITTLE_GIANT": little,
        "INCUBATORS": sum(counts.get(CarrierKind.INCUBATOR, {}).values()),
        "MAKER_SPACES": sum(counts.get(CarrierKind.MAKER_SPACE, {}).values()),
        "UNIVERSITY_SCIENCE_PARKS": sum(counts.get(CarrierKind.UNIVERSITY_PARK, {}).values()),
        "CARRIERS": sum(sum(levels.values()) for levels in counts.values()),
        "INCUBATOR_TENANTS": tenants,
        "INCUBATOR_GRADUATES": graduates,
    }


def enterprise_count(area: Area | None) -> int:
    ids = _area_ids(area)
    qs = Enterprise.objects.all()
    return qs.count() if ids is None else qs.filter(area_id__in=ids).count()
