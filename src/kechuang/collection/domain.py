"""The monthly report workflow: draft → submitted → returned / approved → corrected.

Every function here is the one place its transition happens, for the pages, the
API, the Excel upload and the demo alike. Each locks the report row, checks the
transition and the acting user's right to make it, and writes a ``ReportRevision``
in the same transaction for every status change and every change to figures,
drafts included, and increments the report's ``version``: a page or API call that
saw an older version is refused with ``StaleReport`` instead of overwriting what
someone else saved in between.
"""

from __future__ import annotations

import datetime as dt
from types import ModuleType

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from kechuang.collection.access import can_fill_reports, require_corrector, require_reviewer
from kechuang.collection.enums import ReportStatus, RevisionAction
from kechuang.collection.models import CarrierReport, ReportForm, ReportRevision
from kechuang.collection.validation import (
    form_fields,
    format_number,
    parse_report_values,
    validate_report_values,
)
from kechuang.common.periods import PeriodError, parse_period
from kechuang.common.users import display_name
from kechuang.registry.models import Carrier
from kechuang.tenancy.models import Area

DEFAULT_FORM_CODE = "incubator_monthly"
FILED = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


class ReportError(Exception):
    """A report operation that cannot be done as asked."""


class ReportStateError(ReportError):
    """The report is not in a state that allows this step (e.g. approving a draft)."""


class ReportValidationError(ReportError):
    """Values that fail the form's checks; ``errors`` maps field codes to Chinese messages."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("；".join(errors.values()))
        self.errors = errors


class StaleReport(ReportError):
    """Someone else saved the report after this person opened it; nothing was written.

    ``report`` is the report as saved now, ``yours`` the figures this person sent,
    ``differences`` each field where the two disagree as (code, label, saved, yours),
    and ``changed_by``/``changed_at`` name the last change, so both can be shown.
    """

    def __init__(self, report: CarrierReport, yours: dict) -> None:
        self.report = report
        self.yours = yours
        last = report.revisions.order_by("-at", "-pk").first()
        self.changed_by = (last.user_name if last else "") or "其他用户"
        self.changed_at = last.at if last else report.updated_at
        self.differences = [
            (f.code, f.label, report.values.get(f.code), yours.get(f.code))
            for f in form_fields(report.form)
            if report.values.get(f.code) != yours.get(f.code)
        ]

        def shown(index: int) -> str:
            return "、".join(f"{d[1]} {_shown(d[index])}" for d in self.differences) or "相同的数值"

        when = f"{timezone.localtime(self.changed_at):%Y-%m-%d %H:%M}" if self.changed_at else "刚才"
        super().__init__(
            f"该数据已被{self.changed_by}于 {when} 修改为 {shown(2)}，您的输入为 {shown(3)}，请确认后重新保存"
        )


def _shown(value: object) -> str:
    return "（空）" if value is None or value == "" else format_number(value)


# --- periods and deadlines ----------------------------------------------------


def check_period(period: str) -> str:
    """The canonical ``YYYY-MM`` label, or ``ReportError`` for anything that is not a month."""
    try:
        parsed = parse_period(period)
    except PeriodError as exc:
        raise ReportError(str(exc)) from exc
    if parsed.kind != "month":
        raise ReportError(f"期间“{period}”应为月份，例如 2024-05")
    return parsed.label


def check_not_future(period: str, today: dt.date | None = None) -> str:
    """``period`` (a ``YYYY-MM`` label) unless it lies after the current month: a month that has not
    begun has no figures to report, and a report filed for it would count in totals too early."""
    today = today or timezone.localdate()
    if period > f"{today.year:04d}-{today.month:02d}":
        raise ReportError(f"{parse_period(period).display}尚未到来，不能填报该月的月报")
    return period


def previous_period(period: str) -> str:
    year, month = int(period[:4]), int(period[5:7])
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"


def reporting_period(today: dt.date | None = None) -> str:
    """The month being filed now: carriers report the previous month's figures."""
    today = today or timezone.localdate()
    return previous_period(f"{today.year}-{today.month:02d}")


def deadline_for(form: ReportForm, period: str) -> dt.date:
    """The filing deadline of a month: the form's deadline day of the following month."""
    year, month = int(period[:4]), int(period[5:7])
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dt.date(year, month, form.deadline_day)


def active_form(code: str | None = None) -> ReportForm:
    """The form reports are filed on (the shipped one unless another code is named)."""
    form = ReportForm.objects.filter(code=code or DEFAULT_FORM_CODE, active=True).first()
    if form is None:
        raise ReportError(f"月报表单“{code or DEFAULT_FORM_CODE}”不存在或未启用")
    return form


def previous_approved_values(report: CarrierReport) -> dict | None:
    """Last month's approved figures of the same carrier, against which jumps are judged."""
    before = (
        CarrierReport.objects.filter(
            carrier_id=report.carrier_id,
            form_id=report.form_id,
            period=previous_period(report.period),
            status=ReportStatus.APPROVED,
        )
        .values_list("values", flat=True)
        .first()
    )
    return before


# --- workflow -----------------------------------------------------------------


def _actor(user: object | None) -> object | None:
    return user if getattr(user, "is_authenticated", False) else None


def _revise(
    report: CarrierReport,
    *,
    action: str,
    old_status: str,
    old_values: dict | None,
    acting_user: object | None,
    comment: str = "",
) -> ReportRevision:
    return ReportRevision.objects.create(
        report=report,
        action=action,
        old_status=old_status,
        new_status=report.status,
        old_values=old_values,
        new_values=dict(report.values),
        comment=comment,
        user=_actor(acting_user),
        user_name=display_name(acting_user),
    )


def _check_version(report: CarrierReport, expected_version: int | None, yours: dict) -> None:
    """Refuse a change made on an older version of the report than the one saved (read under the lock)."""
    if expected_version is not None and report.version != expected_version:
        raise StaleReport(report, yours)


def _save(report: CarrierReport, fields: list[str]) -> None:
    """Write ``fields`` and the next version, on condition that nobody wrote in between."""
    report.updated_at = timezone.now()
    changes = {f: getattr(report, f) for f in [*fields, "updated_at"]}
    written = CarrierReport.objects.filter(pk=report.pk, version=report.version).update(
        **changes, version=F("version") + 1
    )
    if written != 1:  # a backend without row locks let another writer in between the read and the write
        raise StaleReport(CarrierReport.objects.select_related("form").get(pk=report.pk), dict(report.values))
    report.version += 1


def _locked(report: CarrierReport) -> CarrierReport:
    """Re-read the report under a row lock so concurrent steps queue instead of overwriting."""
    fresh = (
        CarrierReport.objects.select_for_update(of=("self",))
        .select_related("carrier", "form")
        .get(pk=report.pk)
    )
    report.__dict__.update({k: v for k, v in fresh.__dict__.items() if not k.startswith("_")})
    report._state.fields_cache = fresh._state.fields_cache
    return report


def _require_filler(user: object | None, carrier: Carrier) -> None:
    if user is not None and not can_fill_reports(user, carrier):
        raise PermissionDenied("无权填报该载体的月报")


def _require_reviewer(user: object | None, carrier: Carrier) -> None:
    if user is not None:
        require_reviewer(user, carrier)


def open_report(
    *, carrier: Carrier, period: str, form: ReportForm | None = None, acting_user: object | None = None
) -> tuple[CarrierReport, bool]:
    """The carrier's report for the month, started as an empty draft if there is none yet.

    Two simultaneous first requests both end with the same row: the unique
    constraint on (carrier, form, period) turns the loser's insert into a read.
    """
    period = check_not_future(check_period(period))
    form = form or active_form()
    existing = CarrierReport.objects.filter(carrier=carrier, form=form, period=period).first()
    if existing is not None:
        return existing, False
    _require_filler(acting_user, carrier)
    try:
        with transaction.atomic():
            return CarrierReport.objects.create(carrier=carrier, form=form, period=period), True
    except IntegrityError:
        return CarrierReport.objects.get(carrier=carrier, form=form, period=period), False


@transaction.atomic
def save_draft(
    report: CarrierReport, *, values: dict, acting_user: object | None, expected_version: int | None = None
) -> CarrierReport:
    """Keep what has been typed so far; blanks are allowed, nonsense (``abc`` as a count) is not.

    ``expected_version`` is the version the person opened; if someone saved since,
    ``StaleReport`` shows both (``None``, as for a whole-file Excel upload, skips
    the check). Side effects: updates ``values`` and ``version``; every change
    writes an ``edit`` revision (who, when, old and new figures), so an operator's
    entry never vanishes without a trace.
    """
    _locked(report)
    _require_filler(acting_user, report.carrier)
    if not report.editable:
        raise ReportStateError(f"月报{report.get_status_display()}，不能再修改")
    parsed, errors = parse_report_values(report.form, values)
    if errors:
        raise ReportValidationError(errors)
    if parsed == report.values:
        return report  # nothing of anyone's would be lost
    _check_version(report, expected_version, parsed)
    old = dict(report.values)
    report.values = parsed
    _save(report, ["values"])
    _revise(
        report,
        action=RevisionAction.EDIT,
        old_status=report.status,
        old_values=old,
        acting_user=acting_user,
    )
    return report


@transaction.atomic
def submit_report(
    report: CarrierReport,
    *,
    acting_user: object | None,
    values: dict | None = None,
    expected_version: int | None = None,
) -> CarrierReport:
    """Hand the month's figures to the district for review, after every check passes.

    ``values``, when given, replace the draft first (the API files in one call).
    Submitting twice is refused, so a retried request never files a duplicate;
    submitting over figures someone else saved since ``expected_version`` is
    refused with ``StaleReport``. Side effects: sets ``submitted_by/at``; writes a
    ``submit`` revision.
    """
    _locked(report)
    _require_filler(acting_user, report.carrier)
    if not report.editable:
        raise ReportStateError(f"月报{report.get_status_display()}，不能重复提交")
    old_values = dict(report.values)
    new_values = values if values is not None else report.values
    errors = validate_report_values(report.form, new_values, previous_values=previous_approved_values(report))
    if errors:
        raise ReportValidationError(errors)
    parsed, _ = parse_report_values(report.form, new_values, require=True)
    if parsed != report.values:
        _check_version(report, expected_version, parsed)
    old_status = report.status
    report.values = parsed
    report.status = ReportStatus.SUBMITTED
    report.submitted_by = _actor(acting_user)
    report.submitted_at = timezone.now()
    _save(report, ["values", "status", "submitted_by", "submitted_at"])
    _revise(
        report,
        action=RevisionAction.SUBMIT,
        old_status=old_status,
        old_values=old_values,
        acting_user=acting_user,
    )
    _notices().report_submitted(report, acting_user=acting_user)
    return report


def _notices() -> ModuleType:
    """Who hears of each step (``collection.notices``); imported late, as it reads this module's names."""
    from kechuang.collection import notices

    return notices


@transaction.atomic
def return_report(report: CarrierReport, *, comment: str, acting_user: object | None) -> CarrierReport:
    """Send a submitted report back to the carrier with what to fix; it becomes editable again.

    Side effects: sets ``reviewed_by/at`` and ``return_comment``; writes a ``return`` revision.
    """
    _locked(report)
    _require_reviewer(acting_user, report.carrier)
    comment = (comment or "").strip()
    if not comment:
        raise ReportValidationError({"comment": "退回时必须填写退回意见"})
    if report.status != ReportStatus.SUBMITTED:
        raise ReportStateError(f"只能退回已提交的月报（当前：{report.get_status_display()}）")
    report.status = ReportStatus.RETURNED
    report.return_comment = comment
    report.reviewed_by = _actor(acting_user)
    report.reviewed_at = timezone.now()
    _save(report, ["status", "return_comment", "reviewed_by", "reviewed_at"])
    _revise(
        report,
        action=RevisionAction.RETURN,
        old_status=ReportStatus.SUBMITTED,
        old_values=dict(report.values),
        acting_user=acting_user,
        comment=comment,
    )
    _notices().report_returned(report, comment=comment, acting_user=acting_user)
    return report


@transaction.atomic
def approve_report(report: CarrierReport, *, acting_user: object | None, comment: str = "") -> CarrierReport:
    """Accept a submitted report; its figures are locked and flow into the area observations.

    Side effects: sets ``reviewed_by/at``; writes an ``approve`` revision; records
    the month's totals for the carrier's area and those above it (``flow_report_figures``).
    """
    from kechuang.collection.flow import flow_report_figures

    _locked(report)
    _require_reviewer(acting_user, report.carrier)
    if report.status != ReportStatus.SUBMITTED:
        raise ReportStateError(f"只能审核通过已提交的月报（当前：{report.get_status_display()}）")
    report.status = ReportStatus.APPROVED
    report.return_comment = ""
    report.reviewed_by = _actor(acting_user)
    report.reviewed_at = timezone.now()
    _save(report, ["status", "return_comment", "reviewed_by", "reviewed_at"])
    _revise(
        report,
        action=RevisionAction.APPROVE,
        old_status=ReportStatus.SUBMITTED,
        old_values=dict(report.values),
        acting_user=acting_user,
        comment=comment.strip(),
    )
    flow_report_figures(report.period, form=report.form, area=report.carrier.area, acting_user=acting_user)
    _notices().report_approved(report, acting_user=acting_user)
    return report


@transaction.atomic
def correct_approved_report(
    report: CarrierReport,
    *,
    values: dict,
    reason: str,
    acting_user: object | None,
    expected_version: int | None = None,
) -> CarrierReport:
    """Change figures of an approved (locked) report; the old figures stay in the history.

    Side effects: writes a ``correct`` revision with old and new values and the
    reason, and re-records the area totals (each changed total keeps its own
    ``ObservationRevision``). Unchanged values change nothing.
    """
    from kechuang.collection.flow import flow_report_figures

    _locked(report)
    if acting_user is not None:
        require_corrector(acting_user, report.carrier)
    if report.status != ReportStatus.APPROVED:
        raise ReportStateError("只有已通过的月报需要更正；未通过的月报请直接修改或退回")
    reason = (reason or "").strip()
    if not reason:
        raise ReportValidationError({"reason": "更正已通过的月报必须填写更正原因"})
    errors = validate_report_values(report.form, values, previous_values=previous_approved_values(report))
    if errors:
        raise ReportValidationError(errors)
    parsed, _ = parse_report_values(report.form, values, require=True)
    if parsed == report.values:
        return report
    _check_version(report, expected_version, parsed)
    old = dict(report.values)
    report.values = parsed
    _save(report, ["values"])
    _revise(
        report,
        action=RevisionAction.CORRECT,
        old_status=report.status,
        old_values=old,
        acting_user=acting_user,
        comment=reason,
    )
    flow_report_figures(
        report.period, form=report.form, area=report.carrier.area, acting_user=acting_user, reason=reason
    )
    return report


# --- completeness -------------------------------------------------------------


def missing_reports(area: Area, period: str, *, form: ReportForm | None = None) -> QuerySet[Carrier]:
    """Operating carriers in the area (and below) with no submitted or approved report for the month."""
    period = check_period(period)
    form = form or active_form()
    filed = CarrierReport.objects.filter(form=form, period=period, status__in=FILED).values("carrier_id")
    return (
        Carrier.objects.filter(area_id__in=area.descendant_ids(), active=True)
        .exclude(pk__in=filed)
        .select_related("area")
        .order_by("area__code", "name")
    )
