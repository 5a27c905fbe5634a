"""What an observation file would do, before it does it: rows to add, rows that change, rows unchanged.

The preview compares every valid row with the figure saved for the same indicator (or
catalogue entry), area and period, exactly as ``record_observation`` would: a row whose
value, status and source all equal the saved ones is unchanged. Its ``digest`` names the
preview; the confirmation writes only if the data still gives the same preview.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q

from kechuang.observations.enums import ObservationStatus, Source
from kechuang.observations.imports.reading import parse_observation_file
from kechuang.observations.imports.rows import CleanRow, ImportFileError, RowError
from kechuang.observations.imports.validating import validate_rows
from kechuang.observations.models import Observation
from kechuang.plans.models import Plan

ADD, CHANGE, SAME = "add", "change", "same"
LOOKUP_CHUNK = 400  # periods per IN (...) query

_SOURCES = dict(Source.choices)
_STATUSES = dict(ObservationStatus.choices)


@dataclass(frozen=True)
class PreviewRow:
    """One valid row and what confirming would do to the saved figure (``old_*`` empty when it is new)."""

    row: int
    kind: str
    indicator: str
    area: str
    period: str
    value: float
    source: str
    status: str
    old_value: float | None = None
    old_source: str = ""
    old_status: str = ""

    @property
    def source_label(self) -> str:
        return _SOURCES.get(self.source, self.source)

    @property
    def status_label(self) -> str:
        return _STATUSES.get(self.status, self.status)

    @property
    def old_source_label(self) -> str:
        return _SOURCES.get(self.old_source, self.old_source)

    @property
    def old_status_label(self) -> str:
        return _STATUSES.get(self.old_status, self.old_status)


@dataclass
class ImportPreview:
    """The rows of a file sorted by what confirming would do; with ``errors`` nothing can be confirmed."""

    added: list[PreviewRow] = field(default_factory=list)
    changed: list[PreviewRow] = field(default_factory=list)
    unchanged: list[PreviewRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total(self) -> int:
        return len(self.added) + len(self.changed) + len(self.unchanged)

    @property
    def digest(self) -> str:
        """A fingerprint of everything the preview shows: equal digests mean the same writes."""
        h = hashlib.sha256()
        for rows in (self.added, self.changed, self.unchanged):
            for r in rows:
                h.update(repr(r).encode())
        return h.hexdigest()

    @property
    def summary(self) -> str:
        return f"共 {self.total} 行：新增 {len(self.added)}，更正 {len(self.changed)}，未变 {len(self.unchanged)}"


def _key(indicator_id: int | None, catalog_id: int | None, area_id: int, period: str) -> tuple:
    return ("i", indicator_id, area_id, period) if indicator_id else ("c", catalog_id, area_id, period)


def _chunks(items: list, size: int) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _saved(clean: list[CleanRow]) -> dict[tuple, Observation]:
    """The saved figures the rows name, in a few queries whatever the number of rows."""
    indicator_ids = {r.indicator.pk for r in clean if r.indicator is not None}
    catalog_ids = {r.catalog.pk for r in clean if r.indicator is None}
    area_ids = {r.area.pk for r in clean}
    periods = sorted({r.period.label for r in clean})
    which = Q(indicator_id__in=indicator_ids) | Q(indicator__isnull=True, catalog_id__in=catalog_ids)
    found: dict[tuple, Observation] = {}
    for chunk in _chunks(periods, LOOKUP_CHUNK):
        for obs in Observation.objects.filter(which, area_id__in=area_ids, period__in=chunk).only(
            "indicator_id", "catalog_id", "area_id", "period", "value", "source", "status"
        ):
            found[_key(obs.indicator_id, obs.catalog_id, obs.area_id, obs.period)] = obs
    return found


def preview_rows(clean: list[CleanRow]) -> ImportPreview:
    """Sort validated rows into add / change / unchanged against what is saved now. Reads only."""
    saved = _saved(clean)
    preview = ImportPreview()
    for r in clean:
        target = r.indicator or r.catalog
        name = r.indicator.name if r.indicator is not None else r.catalog.name_zh
        obs = saved.get(
            _key(
                r.indicator.pk if r.indicator else None,
                r.catalog.pk if r.catalog else None,
                r.area.pk,
                r.period.label,
            )
        )
        common = {
            "row": r.row,
            "indicator": name or str(target),
            "area": r.area.name,
            "period": r.period.label,
            "value": r.value,
            "source": r.source,
            "status": r.status,
        }
        if obs is None:
            preview.added.append(PreviewRow(kind=ADD, **common))
            continue
        old = {"old_value": obs.value, "old_source": obs.source, "old_status": obs.status}
        if obs.value == r.value and obs.source == r.source and obs.status == r.status:
            preview.unchanged.append(PreviewRow(kind=SAME, **common, **old))
        else:
            preview.changed.append(PreviewRow(kind=CHANGE, **common, **old))
    return preview


def read_and_check(
    data: bytes, filename: str, *, plan: Plan, acting_user: object | None
) -> tuple[list[CleanRow], list[RowError]]:
    """Read and validate a file: the rows to write, or every error (nothing written either way)."""
    try:
        rows = parse_observation_file(data, filename)
    except ImportFileError as exc:
        return [], [RowError(None, None, str(exc))]
    return validate_rows(rows, plan=plan, user=acting_user)


def preview_observations(
    data: bytes, filename: str, *, plan: Plan, acting_user: object | None
) -> ImportPreview:
    """What importing this file would do, row by row; writes nothing."""
    clean, errors = read_and_check(data, filename, plan=plan, acting_user=acting_user)
    if errors:
        return ImportPreview(errors=errors)
    return preview_rows(clean)
