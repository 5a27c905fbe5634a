"""Enterprise and qualification import from Excel: all-or-nothing, row-numbered errors, re-import is a no-op.

The workbook has two sheets, “企业” and “资质” (``build_template`` writes an empty
one with instructions). Everything is read and checked first and shown as a preview (``preview_enterprises``);
only on the uploader's confirmation, and only a file without
a single error is written, in one transaction, with bulk inserts and updates in
batches. The audit trail gets one ``AuditEntry`` per import with the counts
(not one per row: at 10⁵ rows the trail would dwarf the data); a re-import that
changes nothing writes no entry.
"""

from __future__ import annotations

from kechuang.registry.imports.preview import RegistryPreview, preview_enterprises
from kechuang.registry.imports.reading import read_workbook
from kechuang.registry.imports.template import build_template
from kechuang.registry.imports.workbook import (
    COMPARED,
    ENTERPRISE_COLUMNS,
    ENTERPRISE_SHEET,
    LOOKUP_CHUNK,
    MAX_ERRORS,
    MAX_ROWS,
    QUALIFICATION_COLUMNS,
    QUALIFICATION_SHEET,
    STAGE_BY_LABEL,
    ImportFailed,
    ImportRefused,
    ImportResult,
    PreviewChanged,
)
from kechuang.registry.imports.writing import import_enterprises

__all__ = [
    "COMPARED",
    "ENTERPRISE_COLUMNS",
    "ENTERPRISE_SHEET",
    "ImportFailed",
    "ImportRefused",
    "ImportResult",
    "LOOKUP_CHUNK",
    "MAX_ERRORS",
    "MAX_ROWS",
    "PreviewChanged",
    "QUALIFICATION_COLUMNS",
    "QUALIFICATION_SHEET",
    "RegistryPreview",
    "STAGE_BY_LABEL",
    "build_template",
    "import_enterprises",
    "preview_enterprises",
    "read_workbook",
]
