"""Who hears about monthly reports: submitted, returned, approved, due, overdue, and the 催报 button.

Recipients are those who may see the report: its carrier's operators (and whoever submitted it,
while they may still fill it) and the district administrators who review it. Messages name the
carrier, the month and a return comment, never a figure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from kechuang.collection.access import can_fill_reports
from kechuang.collection.domain import FILED, ReportError, active_form, deadline_for, reporting_period
from kechuang.collection.models import CarrierReport, ReportForm
from kechuang.common.periods import parse_period
from kechuang.notifications.domain import notify
from kechuang.notifications.enums import Kind
from kechuang.notifications.recipients import area_role_holders, carrier_operator_ids
from kechuang.registry.models import Carrier
from kechuang.tenancy.access import WRITE_ROLES, area_roles, writable_area_ids
from kechuang.tenancy.domain.audit import record_audit
from kechuang.tenancy.models import Role


def _month(period: str) -> str:
    return parse_period(period).display


def _link(report: CarrierReport) -> str:
    return f"/collection/reports/{report.pk}/"


def _day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def report_submitted(report: CarrierReport, *, acting_user: object | None) -> None:
    """Tell the district administrators who review this carrier's reports that one waits for them."""
    carrier = report.carrier
    notify(
        area_role_holders(carrier.area, [Role.DISTRICT_ADMIN]),
        Kind.REPORT_SUBMITTED,
        f"{carrier.name}提交了{_month(report.period)}月报，请审核",
        f"载体：{carrier.name}（{carrier.area.name}）",
        _link(report),
        exclude=acting_user,
    )


def _fillers(report: CarrierReport) -> list[object]:
    """The carrier's operators, and the person who submitted the report if they may still fill it."""
    people: list[object] = list(carrier_operator_ids([report.carrier_id]).get(report.carrier_id, []))
    submitter = report.submitted_by
    if submitter is not None and submitter.is_active and can_fill_reports(submitter, report.carrier):
        people.append(submitter)
    return people


def report_returned(report: CarrierReport, *, comment: str, acting_user: object | None) -> None:
    """Tell the carrier its month came back, with the reviewer's comment: what to fix."""
    notify(
        _fillers(report),
        Kind.REPORT_RETURNED,
        f"{_month(report.period)}月报被退回，请修改后重新提交",
        f"载体：{report.carrier.name}\n退回意见：{comment}",
        _link(report),
        exclude=acting_user,
    )


def report_approved(report: CarrierReport, *, acting_user: object | None) -> None:
    notify(
        _fillers(report),
        Kind.REPORT_APPROVED,
        f"{_month(report.period)}月报已审核通过",
        f"载体：{report.carrier.name}",
        _link(report),
        exclude=acting_user,
    )


# --- late carriers: the scheduled reminders and the 催报 button ---------------------------------------


def _late(form: ReportForm, period: str, carriers: object) -> list[Carrier]:
    """Operating carriers among ``carriers`` with no submitted or approved report for the month."""
    filed = CarrierReport.objects.filter(form=form, period=period, status__in=FILED).values("carrier_id")
    return list(
        carriers.filter(active=True)
        .exclude(pk__in=filed)
        .select_related("area")
        .order_by("area__code", "name")
    )


def _remind(operators: list[int], *, kind: str, title: str, body: str, key: str) -> int:
    return len(notify(operators, kind, title, body, "/collection/", dedupe_key=key))


def report_reminders(today: dt.date | None = None) -> int:
    """The scheduled run: carriers that have not filed the month being reported are reminded
    ``KECHUANG_REPORT_DUE_DAYS`` days before the deadline, and once more when it has passed.

    Idempotent: each reminder's key names the carrier, form, month and which reminder it is.
    Returns how many notifications were written.
    """
    today = today or timezone.localdate()
    try:
        form = active_form()
    except ReportError:
        return 0
    period = reporting_period(today)
    deadline = deadline_for(form, period)
    days_left = (deadline - today).days
    due_days = settings.KECHUANG_REPORT_DUE_DAYS
    if 0 <= days_left <= due_days:
        kind, word = Kind.REPORT_DUE, f"{due_days}d"
        title = f"{_month(period)}月报将于{_day(deadline)}截止，请尽快填报"
    elif days_left < 0:
        kind, word = Kind.REPORT_OVERDUE, "overdue"
        title = f"{_month(period)}月报已逾期（截止{_day(deadline)}），请尽快填报"
    else:
        return 0
    late = _late(form, period, Carrier.objects.all())
    operators = carrier_operator_ids([c.pk for c in late])
    written = 0
    for carrier in late:
        written += _remind(
            operators.get(carrier.pk, []),
            kind=kind,
            title=title,
            body=f"载体：{carrier.name}",
            key=f"report-{word}:{carrier.pk}:{form.code}:{period}",
        )
    return written


@dataclass
class ChaseResult:
    """What one press of 催报 did: carriers reminded, people told, and those it could not reach."""

    carriers: int = 0
    people: int = 0
    already_today: int = 0
    unreachable: list[str] = field(default_factory=list)


def can_chase(user: object) -> bool:
    """District administrators and liaisons chase the carriers of their areas (superusers all).

    Asked of the roles (no query beyond the memberships the page already read), not of the areas.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or bool(area_roles(user) & WRITE_ROLES)


@transaction.atomic
def chase_late_carriers(user: object, *, period: str, today: dt.date | None = None) -> ChaseResult:
    """催报: remind the operators of every carrier in the user's areas that has not filed ``period``.

    Once a day per carrier and month (a second press the same day tells nobody twice). Each carrier
    reminded is audited (催报, the month, how many people). ``PermissionDenied`` for roles that may
    not; ``ReportError`` for a month that is not being reported yet.
    """
    if not can_chase(user):
        raise PermissionDenied("只有区级管理员和科技联络员可以催报")
    today = today or timezone.localdate()
    if period > reporting_period(today):
        raise ReportError(f"{_month(period)}月报尚未开始填报，不能催报")
    form = active_form()
    ids = writable_area_ids(user)
    carriers = Carrier.objects.all() if ids is None else Carrier.objects.filter(area_id__in=ids)
    late = _late(form, period, carriers)
    operators = carrier_operator_ids([c.pk for c in late])
    deadline = deadline_for(form, period)
    when = f"已于{_day(deadline)}截止" if today > deadline else f"将于{_day(deadline)}截止"
    result = ChaseResult()
    for carrier in late:
        people = operators.get(carrier.pk, [])
        if not people:
            result.unreachable.append(carrier.name)
            continue
        told = _remind(
            people,
            kind=Kind.REPORT_OVERDUE,
            title=f"催报：{carrier.name}{_month(period)}月报尚未提交",
            body=f"{_month(period)}月报{when}，请尽快填报并提交。",
            key=f"report-chase:{carrier.pk}:{form.code}:{period}:{today.isoformat()}",
        )
        if not told:
            result.already_today += 1
            continue
        result.carriers += 1
        result.people += told
        record_audit(
            acting_user=user,
            action="remind",
            obj=carrier,
            changes={"period": [None, period], "reminded": [None, told]},
        )
    return result
