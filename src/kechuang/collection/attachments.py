"""Supporting files on monthly reports: who may add, remove and download them.

The checks and the storage are shared (``kechuang.common.attachments``); here is the
rule: those who may fill the report add and remove files while it can still be
edited (draft or returned), everyone who may read the report downloads them, and
nobody else learns that a file exists (404). Each addition and removal is kept in
the audit trail.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404

from kechuang.collection.access import can_fill_reports, visible_reports
from kechuang.collection.models import CarrierReport, ReportAttachment
from kechuang.common.attachments import AttachmentRefused, delete_stored, store_upload
from kechuang.common.users import display_name
from kechuang.tenancy.domain.audit import record_audit

MAX_PER_REPORT = 20


def can_attach(user: object, report: CarrierReport) -> bool:
    """Those who may fill the report, while it is a draft or returned."""
    return report.editable and can_fill_reports(user, report.carrier)


def add_report_attachment(
    report: CarrierReport, upload: object, *, acting_user: object | None
) -> ReportAttachment:
    """Check and store ``upload`` and link it to the report; ``AttachmentRefused`` says why not.

    ``acting_user=None`` (demo data, system jobs) skips the user check, not the state check.
    Side effects: writes the file under the data folder, a ``ReportAttachment`` row and an
    audit entry; a refused file writes nothing.
    """
    if not report.editable or (acting_user is not None and not can_attach(acting_user, report)):
        raise PermissionDenied("只能在月报草稿或被退回时由填报人上传附件")
    if report.attachments.count() >= MAX_PER_REPORT:
        raise AttachmentRefused(f"每份月报最多上传 {MAX_PER_REPORT} 个附件，请先删除不需要的附件")
    stored = store_upload(upload)
    try:
        with transaction.atomic():
            attachment = ReportAttachment.objects.create(
                report=report,
                original_name=stored.original_name,
                stored_name=stored.stored_name,
                kind=stored.kind,
                size=stored.size,
                sha256=stored.sha256,
                uploaded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
                uploaded_by_name=display_name(acting_user),
            )
            record_audit(
                acting_user=acting_user,
                action="attach",
                obj=attachment,
                object_repr=f"{report} {stored.original_name}"[:200],
                changes={"文件名": [None, stored.original_name], "大小": [None, attachment.size_label]},
                area=report.carrier.area,
            )
    except BaseException:
        delete_stored(stored.stored_name)
        raise
    return attachment


def remove_report_attachment(attachment: ReportAttachment, *, acting_user: object) -> None:
    """Delete an attachment of a report that can still be edited; the file goes with its record."""
    report = attachment.report
    if not can_attach(acting_user, report):
        raise PermissionDenied("只能在月报草稿或被退回时由填报人删除附件")
    stored_name = attachment.stored_name
    with transaction.atomic():
        record_audit(
            acting_user=acting_user,
            action="detach",
            obj=attachment,
            object_repr=f"{report} {attachment.original_name}"[:200],
            changes={"文件名": [attachment.original_name, None]},
            area=report.carrier.area,
        )
        attachment.delete()
        transaction.on_commit(lambda: delete_stored(stored_name))


def get_attachment_for_user(user: object, pk: int) -> ReportAttachment:
    """The attachment of a report the user may read, else 404 (its existence is not acknowledged)."""
    attachment = (
        ReportAttachment.objects.select_related("report", "report__carrier", "report__carrier__area")
        .filter(pk=pk, report__in=visible_reports(user).values("pk"))
        .first()
    )
    if attachment is None:
        raise Http404("附件不存在或无权访问")
    return attachment
