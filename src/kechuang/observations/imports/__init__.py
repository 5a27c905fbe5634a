"""Importing observations from Excel or CSV: read, validate every row, then write all or nothing.

The file has one header row (English ``area, indicator, period, value, source``
or Chinese 地区、指标、期间、数值、来源; optional ``status``/状态 and ``note``/说明)
and one figure per row. Errors name the row as the user sees it in Excel (the
header is row 1) and the column, so a statistics clerk can fix the file and
upload it again. A person sees a preview first (``preview_observations``: rows to add, rows that
change, rows unchanged) and confirms it. Nothing is written unless every row is valid; every write goes
through :func:`kechuang.observations.domain.record_observation`, which keeps
the history.
"""

from __future__ import annotations

from kechuang.observations.imports.preview import ImportPreview, PreviewRow, preview_observations
from kechuang.observations.imports.reading import parse_observation_file
from kechuang.observations.imports.rows import (
    COLUMN_LABELS,
    FIELDS,
    HEADER_MAP,
    HEADER_SEARCH_ROWS,
    MAX_ROWS,
    NOTE_MAX,
    REQUIRED_FIELDS,
    SOURCE_ALIASES,
    STATUS_ALIASES,
    CleanRow,
    ImportFileError,
    ImportResult,
    RawRow,
    RowError,
)
from kechuang.observations.imports.template import build_template
from kechuang.observations.imports.validating import validate_rows
from kechuang.observations.imports.writing import import_observations

__all__ = [
    "COLUMN_LABELS",
    "CleanRow",
    "FIELDS",
    "HEADER_MAP",
    "HEADER_SEARCH_ROWS",
    "ImportFileError",
    "ImportPreview",
    "PreviewRow",
    "ImportResult",
    "MAX_ROWS",
    "NOTE_MAX",
    "REQUIRED_FIELDS",
    "RawRow",
    "RowError",
    "SOURCE_ALIASES",
    "STATUS_ALIASES",
    "build_template",
    "import_observations",
    "parse_observation_file",
    "preview_observations",
    "validate_rows",
]
