"""Which months a carrier may file, and which one needs its operator now.

The rule (what "open for filing" means):
- a month is open when it has begun (never a later month: ``check_not_future``) and its
  report is missing, a draft, or returned by the reviewer;
- a submitted report waits for review and an approved one is locked: both can be read,
  neither edited by the operator;
- the month being filed now is ``reporting_period`` (the previous calendar month); the
  list shows it and up to ``FILING_WINDOW`` − 1 months before it (not before the carrier's
  first report), and any other month that has a report, so earlier months stay reachable;
  any other month that has begun can be opened by picking it.

The month that needs work — where the operator's 填报 button leads — is, in order: a
returned report (oldest first: someone is waiting for the fix), the month being filed now
if it is not yet submitted, then any other draft (latest first). When none does, nothing
needs doing and the button leads to the list of months.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from kechuang.collection.domain import ReportError, check_not_future, previous_period, reporting_period
from kechuang.collection.enums import ReportStatus
from kechuang.collection.models import CarrierReport, ReportForm
from kechuang.common.periods import parse_period
from kechuang.registry.models import Carrier

FILING_WINDOW = 12

# action → what the button says
ACTION_WORDS = {
    "start": "开始填报",
    "continue": "继续填报",
    "fix": "查看退回意见并修改",
    "view": "查看",
}


@dataclass(frozen=True)
class MonthRow:
    """One month of one carrier: its report (``None`` = not started) and what the operator can do."""

    period: str
    report: CarrierReport | None
    current: bool  # the month being filed now

    @property
    def display(self) -> str:
        return parse_period(self.period).display

    @property
    def open_for_filing(self) -> bool:
        return self.report is None or self.report.editable

    @property
    def status_code(self) -> str:
        return "none" if self.report is None else self.report.status

    @property
    def status_word(self) -> str:
        if self.report is None:
            return "未填报"
        if self.report.status == ReportStatus.SUBMITTED:
            return "已提交，等待审核"
        return self.report.get_status_display()

    @property
    def action(self) -> str:
        if self.report is None:
            return "start"
        if self.report.status == ReportStatus.RETURNED:
            return "fix"
        if self.report.status == ReportStatus.DRAFT:
            return "continue"
        return "view"

    @property
    def action_word(self) -> str:
        return ACTION_WORDS[self.action]


def is_open_for_filing(period: str, report: CarrierReport | None, today: dt.date | None = None) -> bool:
    """Whether the operator may fill ``period`` now: it has begun and is not submitted or approved."""
    today = today or timezone.localdate()
    if period > f"{today.year:04d}-{today.month:02d}":
        return False
    return report is None or report.editable


def carrier_month_rows(
    carrier: Carrier, *, form: ReportForm, today: dt.date | None = None, window: int = FILING_WINDOW
) -> list[MonthRow]:
    """The carrier's months, latest first: the window up to the month being filed, plus every month
    that has a report (an earlier one, or the current calendar month started early). One query."""
    today = today or timezone.localdate()
    current = reporting_period(today)
    reports = {r.period: r for r in CarrierReport.objects.filter(carrier=carrier, form=form)}
    # The window starts no earlier than the carrier's first report: a carrier new to the platform
    # is not shown a year of empty months (the picker below the list still reaches any month).
    first = min(reports, default=current)
    periods = {current}
    period = current
    for _ in range(window - 1):
        period = previous_period(period)
        if period < first:
            break
        periods.add(period)
    periods.update(reports)
    return [
        MonthRow(period=p, report=reports.get(p), current=p == current)
        for p in sorted(periods, reverse=True)
        if _begun(p, today)
    ]


def _begun(period: str, today: dt.date) -> bool:
    try:
        check_not_future(period, today)
    except ReportError:  # a later month is simply not listed
        return False
    return True


def month_needing_work(rows: list[MonthRow]) -> MonthRow | None:
    """Where the operator's 填报 button leads (see the module's rule), or ``None`` when all is filed."""
    returned = [r for r in rows if r.action == "fix"]
    if returned:
        return min(returned, key=lambda r: r.period)
    current = next((r for r in rows if r.current), None)
    if current is not None and current.open_for_filing:
        return current
    drafts = [r for r in rows if r.action == "continue"]
    return max(drafts, key=lambda r: r.period) if drafts else None
