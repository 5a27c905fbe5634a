"""Writing an observation file: read, validate, then record every row in one transaction or none."""

from __future__ import annotations

from pathlib import PurePath

from django.db import transaction

from kechuang.observations.domain import ObservationError, record_observation
from kechuang.observations.imports.preview import preview_rows, read_and_check
from kechuang.observations.imports.rows import ImportResult, RowError
from kechuang.plans.models import Plan


class _Rejected(Exception):
    """Raised inside the transaction to roll back every row already written."""

    def __init__(self, error: RowError) -> None:
        self.error = error


PREVIEW_CHANGED = "预览之后数据已有变化（他人修改了其中的数值），本次没有写入任何数据，请核对新的预览后再确认"
REASON_REQUIRED = "文件会更正已有数值，请填写修改原因"


def import_observations(
    data: bytes,
    filename: str,
    *,
    plan: Plan,
    acting_user: object | None,
    reason: str = "",
    expected_digest: str | None = None,
    require_reason: bool = False,
) -> ImportResult:
    """Read, validate and record a file of figures for a plan — all of it or none of it.

    Side effects: on success one ``record_observation`` call per row inside a
    single transaction, so each creation or correction writes its revision
    (author ``acting_user``, reason naming the file); identical rows change
    nothing. On any error nothing is written and ``result.errors`` lists them.
    ``acting_user=None`` imports as the system without scope checks.

    A person confirming a preview passes its ``expected_digest``: when the data no
    longer gives that preview (someone changed a figure in between), nothing is
    written and ``result.preview_changed`` is set. ``require_reason`` refuses a file
    that corrects saved figures without a ``reason``, which goes into each revision.
    """
    clean, errors = read_and_check(data, filename, plan=plan, acting_user=acting_user)
    if errors:
        return ImportResult(errors=errors)
    origin = f"从文件“{PurePath(filename or '').name}”导入"
    reason = (f"{reason.strip()}（{origin}）" if reason.strip() else origin)[:300]
    result = ImportResult()
    try:
        with transaction.atomic():
            if expected_digest is not None or require_reason:
                preview = preview_rows(clean)  # inside the transaction: what it shows is what is written
                if expected_digest is not None and preview.digest != expected_digest:
                    return ImportResult(errors=[RowError(None, None, PREVIEW_CHANGED)], preview_changed=True)
                if require_reason and preview.changed and reason == origin[:300]:
                    return ImportResult(errors=[RowError(None, None, REASON_REQUIRED)])
            for row in clean:
                try:
                    recorded = record_observation(
                        indicator=row.indicator,
                        catalog=row.catalog,
                        area=row.area,
                        period=row.period,
                        value=row.value,
                        source=row.source,
                        status=row.status,
                        note=row.note,
                        reason=reason,
                        acting_user=acting_user,
                    )
                except ObservationError as exc:
                    raise _Rejected(RowError(row.row, None, str(exc))) from exc
                if recorded.created:
                    result.created += 1
                elif recorded.changed:
                    result.updated += 1
                else:
                    result.unchanged += 1
    except _Rejected as rejected:
        return ImportResult(errors=[rejected.error])
    return result
