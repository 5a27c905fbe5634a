"""The figures of the monthly 孵化动态 bulletin, read from the monthly reports and the registry.

Rules (docs/reports.md, 月报简报):
- the carriers due (应报) are the area's operating carriers, and any carrier that has a report
  for the month; filed (已报) means submitted or approved, as on the completeness page;
- totals count approved reports only; a field summed by the form is summed, a field the form
  averages (入驻率) is the mean over the approved reports that give it, as the area observations do;
- late (逾期): first submitted after the deadline (the form's day of the following month), or
  not filed at all once the deadline has passed; a report returned and filed again counts from
  its first submission;
- registry changes: tenancies that began or ended in the month, and carriers added to the
  registry or changed (停止运营, 级别调整 …) in the month, from the audit trail.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Min, Q
from django.utils import timezone

from kechuang.collection.domain import FILED, deadline_for, previous_period
from kechuang.collection.enums import Aggregation, ReportStatus, RevisionAction
from kechuang.collection.models import CarrierReport, ReportField, ReportForm, ReportRevision
from kechuang.collection.validation import form_fields
from kechuang.registry.models import Carrier, Tenancy
from kechuang.tenancy.models import Area, AuditEntry


def month_bounds(period: str) -> tuple[dt.date, dt.date]:
    year, month = int(period[:4]), int(period[5:7])
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _number(value: object) -> float | int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def aggregate(field_: ReportField, reports: list[CarrierReport]) -> tuple[float | int | None, int]:
    """(the area's figure, how many reports gave a value) for one field over approved reports."""
    values = [v for r in reports if (v := _number(r.values.get(field_.code))) is not None]
    if not values:
        return None, 0
    total = sum(values)
    if field_.aggregation == Aggregation.MEAN:
        return round(total / len(values), 2), len(values)
    return (round(total, 4) if isinstance(total, float) else total), len(values)


@dataclass
class FieldTotal:
    field: ReportField
    current: float | int | None
    previous: float | int | None
    count: int

    @property
    def change(self) -> float | int | None:
        if self.current is None or self.previous is None:
            return None
        diff = self.current - self.previous
        return round(diff, 4) if isinstance(diff, float) else diff


@dataclass
class CarrierMonth:
    """One due carrier's month: its report (or none), when first submitted, and whether late."""

    carrier: Carrier
    report: CarrierReport | None
    first_submitted: dt.date | None
    late: bool
    days_late: int | None

    @property
    def filed(self) -> bool:
        return self.report is not None and self.report.status in FILED

    @property
    def state(self) -> str:
        if self.report is None:
            return "未填报"
        if self.report.status == ReportStatus.SUBMITTED:
            return "已提交待审核"
        if self.report.status == ReportStatus.RETURNED:
            return "已退回待重报"
        return self.report.get_status_display()


@dataclass
class Returned:
    carrier: Carrier
    on: dt.date
    comment: str
    state: str


@dataclass
class RankEntry:
    rank: int
    carrier: Carrier
    value: float | int
    previous: float | int | None


@dataclass
class TenantChange:
    carrier: Carrier
    entered: list[Tenancy] = field(default_factory=list)
    left: list[Tenancy] = field(default_factory=list)
    at_end: int = 0


@dataclass
class CarrierChange:
    name: str
    area_name: str
    on: dt.date
    what: str


@dataclass
class BulletinFigures:
    area: Area
    period: str
    form: ReportForm
    deadline: dt.date
    today: dt.date
    months: list[CarrierMonth]
    totals: list[FieldTotal]
    main: list[FieldTotal]
    ranking: dict[str, list[RankEntry]]
    returned: list[Returned]
    tenants: list[TenantChange]
    carrier_changes: list[CarrierChange]
    approved_count: int
    previous_approved_count: int
    simulated: bool

    @property
    def due(self) -> int:
        return len(self.months)

    @property
    def filed(self) -> int:
        return sum(m.filed for m in self.months)

    @property
    def missing(self) -> list[CarrierMonth]:
        return [m for m in self.months if not m.filed]

    @property
    def awaiting(self) -> int:
        return sum(
            1 for m in self.months if m.report is not None and m.report.status == ReportStatus.SUBMITTED
        )

    @property
    def late(self) -> list[CarrierMonth]:
        return [m for m in self.months if m.late]

    @property
    def deadline_passed(self) -> bool:
        return self.today > self.deadline


def _first_submissions(reports: list[CarrierReport]) -> dict[int, dt.date]:
    rows = (
        ReportRevision.objects.filter(report__in=reports, action=RevisionAction.SUBMIT)
        .values("report_id")
        .annotate(first=Min("at"))
    )
    return {r["report_id"]: timezone.localtime(r["first"]).date() for r in rows}


def _months(
    carriers: list[Carrier], reports: dict[int, CarrierReport], deadline: dt.date, today: dt.date
) -> list[CarrierMonth]:
    first = _first_submissions(list(reports.values()))
    out = []
    for carrier in carriers:
        report = reports.get(carrier.pk)
        submitted = None
        if report is not None:
            submitted = first.get(report.pk) or (
                timezone.localtime(report.submitted_at).date() if report.submitted_at else None
            )
        filed = report is not None and report.status in FILED
        if filed and submitted is not None:
            late = submitted > deadline
            days = (submitted - deadline).days if late else None
        else:
            late = not filed and today > deadline
            days = (today - deadline).days if late else None
        out.append(CarrierMonth(carrier, report, submitted if filed else None, late, days))
    return out


def _ranking(
    main: list[FieldTotal], approved: list[CarrierReport], before: dict[int, dict], top: int
) -> dict:
    ranking: dict[str, list[RankEntry]] = {}
    for total in main:
        code = total.field.code
        entries = [(r.carrier, v) for r in approved if (v := _number(r.values.get(code))) is not None]
        entries.sort(key=lambda e: (-e[1], e[0].name))
        rows: list[RankEntry] = []
        for i, (carrier, value) in enumerate(entries[:top]):
            rank = rows[-1].rank if rows and rows[-1].value == value else i + 1
            rows.append(RankEntry(rank, carrier, value, _number(before.get(carrier.pk, {}).get(code))))
        ranking[code] = rows
    return ranking


def _tenant_changes(carriers: list[Carrier], period: str) -> list[TenantChange]:
    start, end = month_bounds(period)
    by_carrier = {c.pk: TenantChange(c) for c in carriers}
    tenancies = (
        Tenancy.objects.filter(carrier_id__in=by_carrier)
        .filter(Q(entered_on__range=(start, end)) | Q(left_on__range=(start, end)))
        .select_related("enterprise")
        .order_by("entered_on", "pk")
    )
    for t in tenancies:
        change = by_carrier[t.carrier_id]
        if start <= t.entered_on <= end:
            change.entered.append(t)
        if t.left_on is not None and start <= t.left_on <= end:
            change.left.append(t)
    current = (
        Tenancy.objects.filter(carrier_id__in=by_carrier, entered_on__lte=end)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=end))
        .values_list("carrier_id", flat=True)
    )
    for carrier_id in current:
        by_carrier[carrier_id].at_end += 1
    return list(by_carrier.values())


_CARRIER_FIELDS = {"level": "级别", "kind": "类型", "name": "名称"}


def _carrier_changes(area_ids: list[int], period: str, excluded: set[int]) -> list[CarrierChange]:
    """Carriers added to or changed in the registry in the month, from the audit trail."""
    from kechuang.registry.models import CarrierKind, CarrierLevel

    start, end = month_bounds(period)
    labels = {**dict(CarrierLevel.choices), **dict(CarrierKind.choices)}
    entries = AuditEntry.objects.filter(
        model="registry.carrier", area_id__in=area_ids, action__in=["create", "update"]
    ).select_related("area")
    out = []
    for e in entries.order_by("at", "pk"):
        on = timezone.localtime(e.at).date()
        if not start <= on <= end or (e.object_id.isdigit() and int(e.object_id) in excluded):
            continue
        area_name = e.area.name if e.area else ""
        changes = e.changes or {}
        if e.action == "create":
            out.append(CarrierChange(e.object_repr, area_name, on, "新登记"))
            continue
        if "active" in changes:
            now_active = bool(changes["active"][1])
            out.append(CarrierChange(e.object_repr, area_name, on, "恢复运营" if now_active else "停止运营"))
        for key, word in _CARRIER_FIELDS.items():
            pair = changes.get(key)
            if isinstance(pair, list) and len(pair) == 2:
                old, new = (labels.get(str(v), str(v)) for v in pair)
                out.append(CarrierChange(e.object_repr, area_name, on, f"{word}由“{old}”调整为“{new}”"))
    return out


def gather(
    area: Area,
    period: str,
    form: ReportForm,
    *,
    today: dt.date,
    excluded_carriers: set[int],
    simulated_carriers: set[int],
    top: int = 10,
) -> BulletinFigures:
    """Every figure the bulletin shows for ``area`` (and below) and ``period``. Reads only."""
    area_ids = area.descendant_ids()
    before_period = previous_period(period)
    reports = list(
        CarrierReport.objects.filter(
            form=form, period__in=[period, before_period], carrier__area_id__in=area_ids
        )
        .exclude(carrier_id__in=excluded_carriers)
        .select_related("carrier", "carrier__area")
    )
    this = {r.carrier_id: r for r in reports if r.period == period}
    carriers = list(
        Carrier.objects.filter(area_id__in=area_ids)
        .filter(Q(active=True) | Q(pk__in=list(this)))
        .exclude(pk__in=excluded_carriers)
        .select_related("area")
        .order_by("area__code", "name")
    )
    deadline = deadline_for(form, period)
    months = _months(carriers, this, deadline, today)
    approved = [r for r in reports if r.period == period and r.status == ReportStatus.APPROVED]
    approved_before = [r for r in reports if r.period == before_period and r.status == ReportStatus.APPROVED]
    fields = form_fields(form)
    totals = []
    for f in fields:
        current, count = aggregate(f, approved) if f.numeric else (None, 0)
        previous, _ = aggregate(f, approved_before) if f.numeric else (None, 0)
        totals.append(FieldTotal(f, current, previous, count))
    numeric = [t for t in totals if t.field.numeric]
    main = [t for t in numeric if t.field.catalog_code] or numeric[:3]
    before_values = {r.carrier_id: r.values for r in approved_before}
    returns = (
        ReportRevision.objects.filter(report__in=list(this.values()), action=RevisionAction.RETURN)
        .select_related("report__carrier__area")
        .order_by("at", "pk")
    )
    returned = [
        Returned(
            r.report.carrier,
            timezone.localtime(r.at).date(),
            r.comment,
            CarrierMonth(r.report.carrier, this[r.report.carrier_id], None, False, None).state,
        )
        for r in returns
    ]
    counted = {r.carrier_id for r in approved} | {r.carrier_id for r in approved_before}
    return BulletinFigures(
        area=area,
        period=period,
        form=form,
        deadline=deadline,
        today=today,
        months=months,
        totals=totals,
        main=main,
        ranking=_ranking(main, approved, before_values, top),
        returned=returned,
        tenants=_tenant_changes(carriers, period),
        carrier_changes=_carrier_changes(area_ids, period, excluded_carriers),
        approved_count=len(approved),
        previous_approved_count=len(approved_before),
        simulated=bool(counted & simulated_carriers),
    )
