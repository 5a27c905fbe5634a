"""A filled monthly-report workbook, before it is saved: fields to fill, fields that change, fields unchanged.

An upload replaces the report's figures as a whole, so the operator first sees each
field's saved value beside the file's (``preview_upload``) and confirms. The preview's
``digest`` includes the report's version: ``save_upload`` writes only while the report
is as it was when the preview was made, in one transaction; otherwise
``UploadPreviewChanged`` and nothing is saved.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db import transaction

from kechuang.collection import domain
from kechuang.collection.models import CarrierReport
from kechuang.collection.validation import (
    form_fields,
    format_number,
    parse_report_values,
    validate_report_values,
)

ADD, CHANGE, SAME = "add", "change", "same"


class UploadPreviewChanged(domain.ReportError):
    """The report changed between the preview and its confirmation; nothing was saved."""

    def __init__(self) -> None:
        super().__init__("预览之后月报已被修改，本次没有保存任何数据，请核对新的预览后再确认")


@dataclass(frozen=True)
class FieldLine:
    code: str
    label: str
    unit: str
    old: str
    new: str
    kind: str


@dataclass
class UploadPreview:
    report_version: int
    submit: bool
    lines: dict[str, list[FieldLine]] = field(default_factory=lambda: {ADD: [], CHANGE: [], SAME: []})

    @property
    def digest(self) -> str:
        h = hashlib.sha256(f"{self.report_version}|{self.submit}".encode())
        for kind in (ADD, CHANGE, SAME):
            for line in self.lines[kind]:
                h.update(repr(line).encode())
        return h.hexdigest()

    @property
    def summary(self) -> str:
        n = self.lines
        return f"新填 {len(n[ADD])} 项，修改 {len(n[CHANGE])} 项，未变 {len(n[SAME])} 项"


def _text(value: object) -> str:
    return "" if value is None or value == "" else format_number(value)


def check_upload(report: CarrierReport, values: dict, *, submit: bool) -> dict[str, str]:
    """What saving (or submitting) these values would refuse, field by field; reads only."""
    if submit:
        return validate_report_values(
            report.form, values, previous_values=domain.previous_approved_values(report)
        )
    return parse_report_values(report.form, values)[1]


def preview_upload(report: CarrierReport, values: dict, *, submit: bool) -> UploadPreview:
    """Each field of the form: its saved value and the file's, sorted by what saving would do."""
    parsed, _ = parse_report_values(report.form, values)
    preview = UploadPreview(report_version=report.version, submit=submit)
    saved = report.values or {}
    for f in form_fields(report.form):
        old, new = _text(saved.get(f.code)), _text(parsed.get(f.code))
        kind = SAME if old == new else (ADD if not old else CHANGE)
        preview.lines[kind].append(FieldLine(f.code, f.label, f.unit, old or "—", new or "（空）", kind))
    return preview


def save_upload(
    report: CarrierReport, values: dict, *, submit: bool, acting_user: object, expected_digest: str
) -> CarrierReport:
    """Save (or submit) the uploaded values if the report still gives the confirmed preview; all or nothing."""
    with transaction.atomic():
        current = (
            CarrierReport.objects.select_for_update(of=("self",))
            .select_related("form", "carrier")
            .get(pk=report.pk)
        )
        if preview_upload(current, values, submit=submit).digest != expected_digest:
            raise UploadPreviewChanged()
        if submit:
            return domain.submit_report(current, values=values, acting_user=acting_user)
        return domain.save_draft(current, values=values, acting_user=acting_user)
