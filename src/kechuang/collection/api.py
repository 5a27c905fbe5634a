"""Monthly report API: forms, filing a carrier's month (draft, submit, status) and review.

Authentication is the registry's ``api_auth`` (``Authorization: Bearer <token>`` or
the browser session); the same access functions and domain calls as the pages
apply, so a park's system can do exactly what its operator can do in the browser.

Every report carries a ``version``. A write that sends the version it read (``version``
in the body, or an ``If-Match: "3"`` header) is refused with 409 and the report as saved
now when someone changed it in between, instead of silently overwriting their figures.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from kechuang.collection import domain
from kechuang.collection.access import get_report_for_user, visible_reports
from kechuang.collection.enums import ReportStatus
from kechuang.collection.models import CarrierReport, ReportForm
from kechuang.collection.validation import form_fields, form_rules
from kechuang.registry.access import get_carrier_for_user
from kechuang.tenancy.api_auth import api_auth

router = Router(tags=["collection"], auth=api_auth)


class FieldOut(Schema):
    code: str
    label: str
    type: str
    unit: str
    required: bool
    min_value: float | None
    max_value: float | None
    help: str


class RuleOut(Schema):
    kind: str
    left_field: str
    operator: str
    right_field: str
    right_constant: float | None
    factor: float | None
    message: str


class FormOut(Schema):
    code: str
    name: str
    version: int
    deadline_day: int
    fields: list[FieldOut]
    rules: list[RuleOut]


class ReportOut(Schema):
    id: int
    carrier_id: int
    carrier: str
    form: str
    period: str
    status: str
    status_display: str
    values: dict[str, Any]
    deadline: dt.date
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None
    return_comment: str
    version: int


class StatusOut(Schema):
    id: int
    period: str
    status: str
    status_display: str
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None
    return_comment: str


class ValuesIn(Schema):
    values: dict[str, Any] = Field(default_factory=dict)
    version: int | None = Field(
        None, description="读取时的版本号；他人已修改时返回 409（也可用 If-Match 请求头）"
    )


class SubmitIn(Schema):
    values: dict[str, Any] | None = None
    version: int | None = Field(
        None, description="读取时的版本号；他人已修改时返回 409（也可用 If-Match 请求头）"
    )


class CommentIn(Schema):
    comment: str = ""


class ErrorOut(Schema):
    detail: str
    errors: dict[str, str] = Field(default_factory=dict)


class ConflictOut(ErrorOut):
    """409: a step the report's state forbids, or a write on an outdated version (then with both sides)."""

    current: ReportOut | None = None
    yours: dict[str, Any] | None = None
    changed_by: str | None = None
    changed_at: dt.datetime | None = None


ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut}


def _form_out(form: ReportForm) -> dict:
    return {
        "code": form.code,
        "name": form.name,
        "version": form.version,
        "deadline_day": form.deadline_day,
        "fields": [
            {
                "code": f.code,
                "label": f.label,
                "type": f.type,
                "unit": f.unit,
                "required": f.required,
                "min_value": float(f.min_value) if f.min_value is not None else None,
                "max_value": float(f.max_value) if f.max_value is not None else None,
                "help": f.help,
            }
            for f in form_fields(form)
        ],
        "rules": [
            {
                "kind": r.kind,
                "left_field": r.left_field,
                "operator": r.operator,
                "right_field": r.right_field,
                "right_constant": float(r.right_constant) if r.right_constant is not None else None,
                "factor": r.factor,
                "message": r.message,
            }
            for r in form_rules(form)
        ],
    }


def _report_out(report: CarrierReport) -> dict:
    return {
        "id": report.pk,
        "carrier_id": report.carrier_id,
        "carrier": report.carrier.name,
        "form": report.form.code,
        "period": report.period,
        "status": report.status,
        "status_display": report.get_status_display(),
        "values": report.values,
        "deadline": domain.deadline_for(report.form, report.period),
        "submitted_at": report.submitted_at,
        "reviewed_at": report.reviewed_at,
        "return_comment": report.return_comment,
        "version": report.version,
    }


def _status_out(report: CarrierReport) -> dict:
    return {
        "id": report.pk,
        "period": report.period,
        "status": report.status,
        "status_display": report.get_status_display(),
        "submitted_at": report.submitted_at,
        "reviewed_at": report.reviewed_at,
        "return_comment": report.return_comment,
    }


def _guarded(call: Any) -> Status:
    """Run a domain step and translate its refusals into the API's status codes."""
    try:
        return Status(200, call())
    except Http404 as exc:
        return Status(404, {"detail": str(exc) or "不存在或无权访问"})
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc) or "无权执行该操作"})
    except domain.StaleReport as exc:
        return Status(
            409,
            {
                "detail": str(exc),
                "current": _report_out(exc.report),
                "yours": exc.yours,
                "changed_by": exc.changed_by,
                "changed_at": exc.changed_at,
            },
        )
    except domain.ReportValidationError as exc:
        return Status(422, {"detail": "数据未通过校验", "errors": exc.errors})
    except domain.ReportStateError as exc:
        return Status(409, {"detail": str(exc)})
    except domain.ReportError as exc:
        return Status(400, {"detail": str(exc)})


def _expected_version(request: HttpRequest, payload: ValuesIn | SubmitIn | None) -> int | None:
    """The version the caller read: ``version`` in the body, else an ``If-Match`` header (``"3"``, ``W/"3"``)."""
    if payload is not None and payload.version is not None:
        return payload.version
    tag = request.headers.get("If-Match", "").strip()
    if not tag or tag == "*":
        return None
    tag = tag.removeprefix("W/").strip('"')
    if not tag.isdigit():
        raise domain.ReportError(f'If-Match 请求头应为版本号（例如 "3"），收到的是“{tag}”')
    return int(tag)


def _existing_report(request: HttpRequest, carrier_id: int, period: str, form: str | None) -> CarrierReport:
    carrier = get_carrier_for_user(request.auth, carrier_id)
    report = CarrierReport.objects.filter(
        carrier=carrier, form=domain.active_form(form), period=domain.check_period(period)
    ).first()
    if report is None:
        raise Http404("该载体本月尚未填报")
    return get_report_for_user(request.auth, report.pk)


@router.get("/forms", response=list[FormOut], summary="月报表单（字段与校验规则）")
def list_forms(request: HttpRequest) -> list[dict]:
    return [_form_out(form) for form in ReportForm.objects.filter(active=True)]


@router.get("/reports", response=list[ReportOut], summary="可见的月报")
def list_reports(
    request: HttpRequest, period: str | None = None, status: str | None = None, limit: int = 500
) -> list[dict]:
    qs = visible_reports(request.auth)
    if period:
        qs = qs.filter(period=period)
    if status in ReportStatus.values:
        qs = qs.filter(status=status)
    return [_report_out(r) for r in qs.order_by("-period", "carrier_id")[: max(1, min(limit, 2000))]]


@router.get(
    "/carriers/{carrier_id}/reports/{period}", response={200: ReportOut, **ERRORS}, summary="某载体某月的月报"
)
def get_report(request: HttpRequest, carrier_id: int, period: str, form: str | None = None) -> Status:
    return _guarded(lambda: _report_out(_existing_report(request, carrier_id, period, form)))


@router.get(
    "/carriers/{carrier_id}/reports/{period}/status", response={200: StatusOut, **ERRORS}, summary="月报状态"
)
def report_status(request: HttpRequest, carrier_id: int, period: str, form: str | None = None) -> Status:
    return _guarded(lambda: _status_out(_existing_report(request, carrier_id, period, form)))


@router.put(
    "/carriers/{carrier_id}/reports/{period}", response={200: ReportOut, **ERRORS}, summary="保存草稿"
)
def put_report(
    request: HttpRequest, carrier_id: int, period: str, payload: ValuesIn, form: str | None = None
) -> Status:
    def call() -> dict:
        carrier = get_carrier_for_user(request.auth, carrier_id, write=True)
        report, _ = domain.open_report(
            carrier=carrier, period=period, form=domain.active_form(form), acting_user=request.auth
        )
        expected = _expected_version(request, payload)
        saved = domain.save_draft(
            report, values=payload.values, acting_user=request.auth, expected_version=expected
        )
        return _report_out(saved)

    return _guarded(call)


@router.post(
    "/carriers/{carrier_id}/reports/{period}/submit", response={200: ReportOut, **ERRORS}, summary="提交月报"
)
def submit(
    request: HttpRequest,
    carrier_id: int,
    period: str,
    payload: SubmitIn | None = None,
    form: str | None = None,
) -> Status:
    def call() -> dict:
        carrier = get_carrier_for_user(request.auth, carrier_id, write=True)
        report, _ = domain.open_report(
            carrier=carrier, period=period, form=domain.active_form(form), acting_user=request.auth
        )
        values = payload.values if payload is not None else None
        expected = _expected_version(request, payload)
        submitted = domain.submit_report(
            report, values=values, acting_user=request.auth, expected_version=expected
        )
        return _report_out(submitted)

    return _guarded(call)


@router.post(
    "/carriers/{carrier_id}/reports/{period}/approve",
    response={200: ReportOut, **ERRORS},
    summary="审核通过（区级管理员）",
)
def approve(
    request: HttpRequest,
    carrier_id: int,
    period: str,
    payload: CommentIn | None = None,
    form: str | None = None,
) -> Status:
    def call() -> dict:
        report = _existing_report(request, carrier_id, period, form)
        comment = payload.comment if payload is not None else ""
        return _report_out(domain.approve_report(report, comment=comment, acting_user=request.auth))

    return _guarded(call)


@router.post(
    "/carriers/{carrier_id}/reports/{period}/return",
    response={200: ReportOut, **ERRORS},
    summary="退回月报（区级管理员）",
)
def return_(
    request: HttpRequest, carrier_id: int, period: str, payload: CommentIn, form: str | None = None
) -> Status:
    def call() -> dict:
        report = _existing_report(request, carrier_id, period, form)
        return _report_out(domain.return_report(report, comment=payload.comment, acting_user=request.auth))

    return _guarded(call)
