"""Each figure of a report beside the same carrier's previous month and the same month last year.

Why: a reviewer judges a figure by what the carrier reported before; a tenfold jump or a
halving is what they must ask about. Only approved figures are compared against (a draft
or a returned report is not yet a fact). A change is "large" when it exceeds the district's
threshold (``ReviewSettings.change_threshold``, 30 % unless the district set another), in
either direction; a figure that was 0 and is not now counts as large too.
"""

from __future__ import annotations

from dataclasses import dataclass

from kechuang.collection.domain import previous_period
from kechuang.collection.enums import ReportStatus
from kechuang.collection.models import DEFAULT_CHANGE_THRESHOLD, CarrierReport, ReviewSettings
from kechuang.collection.validation import form_fields
from kechuang.tenancy.models import Area


def same_month_last_year(period: str) -> str:
    return f"{int(period[:4]) - 1:04d}{period[4:]}"


def change_threshold(area: Area) -> int:
    """The district's threshold in percent (the default when it set none)."""
    district = area.district()
    if district is None:
        return DEFAULT_CHANGE_THRESHOLD
    value = (
        ReviewSettings.objects.filter(district=district).values_list("change_threshold", flat=True).first()
    )
    return value or DEFAULT_CHANGE_THRESHOLD


@dataclass(frozen=True)
class Change:
    """A figure against an earlier one: ``percent`` is ``None`` when there is nothing to compare
    or the earlier figure was 0; ``large`` says whether the reviewer should look."""

    base: object
    percent: float | None
    large: bool

    @property
    def known(self) -> bool:
        return isinstance(self.base, int | float) and not isinstance(self.base, bool)

    @property
    def label(self) -> str:
        if not self.known:
            return ""
        if self.percent is None:
            return "由 0 增加" if self.large else "持平"
        return f"{self.percent:+.1f}%"


@dataclass(frozen=True)
class ComparedField:
    code: str
    label: str
    unit: str
    value: object
    previous: Change
    last_year: Change

    @property
    def large(self) -> bool:
        return self.previous.large or self.last_year.large


def _number(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def compare_value(value: object, base: object, threshold: int) -> Change:
    """``value`` against ``base``: the change in percent and whether it exceeds ``threshold`` percent."""
    now, before = _number(value), _number(base)
    if now is None or before is None:
        return Change(base=base, percent=None, large=False)
    if before == 0:
        return Change(base=base, percent=None, large=now != 0)
    percent = (now - before) / abs(before) * 100
    return Change(base=base, percent=percent, large=abs(percent) > threshold)


def _approved(report: CarrierReport, period: str) -> dict:
    values = (
        CarrierReport.objects.filter(
            carrier_id=report.carrier_id, form_id=report.form_id, period=period, status=ReportStatus.APPROVED
        )
        .values_list("values", flat=True)
        .first()
    )
    return values or {}


def compare_report(
    report: CarrierReport, values: dict | None = None, threshold: int | None = None
) -> list[ComparedField]:
    """The report's numeric figures (or ``values``) with last month's and last year's approved ones."""
    values = report.values if values is None else values
    threshold = threshold if threshold is not None else change_threshold(report.carrier.area)
    previous = _approved(report, previous_period(report.period))
    last_year = _approved(report, same_month_last_year(report.period))
    return [
        ComparedField(
            code=f.code,
            label=f.label,
            unit=f.unit,
            value=values.get(f.code),
            previous=compare_value(values.get(f.code), previous.get(f.code), threshold),
            last_year=compare_value(values.get(f.code), last_year.get(f.code), threshold),
        )
        for f in form_fields(report.form)
        if f.numeric
    ]
