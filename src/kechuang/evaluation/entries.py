"""Values the evaluator enters for a scheme (with evidence): saved, changed and audited here.

Why: safety incidents, false reporting or a plot's energy use are known to the district, not to any
report; a run must still say where such a value came from, so each carries a note and may carry a file.
"""

from __future__ import annotations

import math

from django.db import transaction

from kechuang.common.attachments import AttachmentRefused, delete_stored, store_upload
from kechuang.common.users import display_name
from kechuang.evaluation.models import EnteredValue, EvaluationScheme, EvidenceFile
from kechuang.tenancy.domain.audit import RuleError, record_audit

MAX_FILES_PER_VALUE = 5

__all__ = ["AttachmentRefused", "RuleError", "save_entered_value"]


def _item_name(scheme: EvaluationScheme, code: str) -> str:
    from kechuang.evaluation.collect import entered_items

    return dict(entered_items(scheme)).get(code, "录入指标")


def save_entered_value(
    scheme: EvaluationScheme,
    *,
    year: int,
    unit_key: str,
    unit_name: str,
    code: str,
    value: float,
    evidence_note: str,
    upload: object | None = None,
    acting_user: object | None = None,
) -> EnteredValue:
    """Create or change one entered value (and attach its evidence file); audited; RuleError if refused."""
    if not math.isfinite(value):
        raise RuleError("数值应为有限的数字")
    note = (evidence_note or "").strip()
    if not note:
        raise RuleError("请填写依据说明（数据来自哪份文件、哪次检查）")
    stored = store_upload(upload) if upload is not None else None
    try:
        with transaction.atomic():
            row = (
                EnteredValue.objects.select_for_update()
                .filter(area=scheme.area, scheme_name=scheme.name, year=year, unit_key=unit_key, code=code)
                .first()
            )
            before = None if row is None else (row.value, row.evidence_note)
            if row is None:
                row = EnteredValue(
                    area=scheme.area, scheme_name=scheme.name, year=year, unit_key=unit_key, code=code
                )
            elif stored is not None and row.evidence_files.count() >= MAX_FILES_PER_VALUE:
                raise AttachmentRefused(f"每个录入值最多 {MAX_FILES_PER_VALUE} 个依据文件")
            row.unit_name = unit_name[:200]
            row.value = float(value)
            row.evidence_note = note
            row.entered_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
            row.save()
            changes = {
                "数值": [before[0] if before else None, row.value],
                "依据说明": [before[1] if before else None, note],
            }
            if stored is not None:
                EvidenceFile.objects.create(
                    entered_value=row,
                    original_name=stored.original_name,
                    stored_name=stored.stored_name,
                    kind=stored.kind,
                    size=stored.size,
                    sha256=stored.sha256,
                    uploaded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
                    uploaded_by_name=display_name(acting_user),
                )
                changes["依据文件"] = [None, stored.original_name]
            record_audit(
                acting_user=acting_user,
                action="update" if before else "create",
                obj=row,
                object_repr=f"{scheme.name} {year} 年 {row.unit_name} {_item_name(scheme, code)}"[:200],
                changes=changes,
                area=scheme.area,
            )
    except BaseException:
        if stored is not None:
            delete_stored(stored.stored_name)
        raise
    return row
