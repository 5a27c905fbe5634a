"""The import workbook's layout and limits (sheets, columns) and its outcome types (ImportRefused, ImportFailed, ImportResult)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kechuang.registry.models import Stage

ENTERPRISE_SHEET = "企业"
QUALIFICATION_SHEET = "资质"
ENTERPRISE_COLUMNS = [
    ("uscc", "统一社会信用代码", True),
    ("name", "企业名称", True),
    ("area", "所在地区", True),
    ("industry", "所属行业", False),
    ("address", "地址", False),
    ("contact_name", "联系人", False),
    ("contact_phone", "联系电话", False),
    ("stage", "培育阶段", False),
    ("stage_since", "阶段起始日期", False),
]
QUALIFICATION_COLUMNS = [
    ("uscc", "统一社会信用代码", True),
    ("type", "资质类型", True),
    ("certificate_no", "证书/登记编号", False),
    ("issued_on", "发证/认定日期", False),
    ("year", "登记年度", False),
]
# The enterprise fields an import compares (and updates when they differ).
COMPARED = ["name", "area_id", "industry", "address", "contact_name", "contact_phone"]
MAX_ERRORS = 200
# Rows per sheet: a district's whole register fits; a sheet of empty rows from a zip bomb does not.
MAX_ROWS = 100_000
# SQLite allows 32 766 bound parameters since 3.32; stay far below for IN (...) look-ups.
LOOKUP_CHUNK = 900
STAGE_BY_LABEL = {label: value for value, label in Stage.choices} | {v: v for v in Stage.values}


class ImportRefused(ValueError):
    """The file was refused; ``errors`` lists every reason with its sheet and row."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("；".join(errors[:3]))
        self.errors = errors


class ImportFailed(ImportRefused):
    """The file was valid but could not be saved (nothing was); ``errors`` says why and what to do."""


class PreviewChanged(ImportRefused):
    """The data changed between the preview and its confirmation; nothing was written."""


@dataclass
class ImportResult:
    enterprises_created: int = 0
    enterprises_updated: int = 0
    qualifications_created: int = 0
    qualifications_updated: int = 0
    stages_changed: int = 0
    rows: int = 0
    years: set[int] = field(default_factory=set)
    figures_changed: int = 0  # registry figures (observations) recomputed to a new value

    @property
    def changed(self) -> bool:
        return any(
            (
                self.enterprises_created,
                self.enterprises_updated,
                self.qualifications_created,
                self.qualifications_updated,
                self.stages_changed,
            )
        )

    @property
    def years_label(self) -> str:
        """The years whose registry figures were recomputed, as a person reads them (2024、2025)."""
        return "、".join(str(y) for y in sorted(self.years))

    def counts(self) -> dict[str, int]:
        return {
            "enterprises_created": self.enterprises_created,
            "enterprises_updated": self.enterprises_updated,
            "qualifications_created": self.qualifications_created,
            "qualifications_updated": self.qualifications_updated,
            "stages_changed": self.stages_changed,
            "rows": self.rows,
        }
