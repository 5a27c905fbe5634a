"""Writing an observation file: read, validate, then record every row in one transaction or none."""

from __future__ import annotations

from pathlib import PurePath

from django.db import transaction

from kechuang.observations.domain import ObservationError, record_observation
from kechuang.observations.imports.reading import parse_observation_file
from kechuang.observations.imports.rows import ImportFileError, ImportResult, RowError
from kechuang.observations.imports.validating import validate_rows
from kechuang.plans.models import Plan


class _Rejected(Exception):
    """Raised inside the transaction to roll back every row already written."""

    def __init__(self, error: RowError) -> None:
        self.error = error


def import_observations(
    data: bytes, filename: str, *, plan: Plan, acting_user: object | None
) -> ImportResult:
    """Read, validate and record a file of figures for a plan — all of it or none of it.

    Side effects: on success one ``record_observation`` call per row inside a
    single transaction, so each creation or correction writes its revision
    (author ``acting_user``, reason naming the file); identical rows change
    nothing. On any error nothing is written and ``result.errors`` lists them.
    ``acting_user=None`` imports as the system without scope checks.
    """
    try:
        rows = parse_observation_file(data, filename)
    except ImportFileError as exc:
        return ImportResult(errors=[RowError(None, None, str(exc))])
    clean, errors = validate_rows(rows, plan=plan, user=acting_user)
    if errors:
        return ImportResult(errors=errors)
    reason = f"从文件“{PurePath(filename or '').name}”导入"[:300]
    result = ImportResult()
    try:
        with transaction.atomic():
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
