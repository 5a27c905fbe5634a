"""The observation file's vocabulary: columns, aliases and limits, and the row, error and result types."""

from __future__ import annotations

from dataclasses import dataclass, field

from kechuang.common.periods import Period
from kechuang.observations.enums import ObservationStatus, Source
from kechuang.plans.models import CatalogIndicator, Indicator
from kechuang.tenancy.models import Area

MAX_ROWS = 100_000
HEADER_SEARCH_ROWS = 10  # statistics tables often carry a title line or two above the header

FIELDS = ("area", "indicator", "period", "value", "source", "status", "note")
REQUIRED_FIELDS = ("area", "indicator", "period", "value", "source")
COLUMN_LABELS = {
    "area": "地区",
    "indicator": "指标",
    "period": "期间",
    "value": "数值",
    "source": "来源",
    "status": "状态",
    "note": "说明",
}
_HEADER_ALIASES = {
    "area": ("area", "地区", "地区名称", "地区代码", "区域"),
    "indicator": ("indicator", "指标", "指标名称", "标准指标代码"),
    "period": ("period", "期间", "时期", "统计期", "报告期"),
    "value": ("value", "数值", "值", "实际值", "完成数"),
    "source": ("source", "来源", "数据来源"),
    "status": ("status", "状态", "数据状态"),
    "note": ("note", "说明", "备注"),
}
HEADER_MAP = {alias.lower(): name for name, aliases in _HEADER_ALIASES.items() for alias in aliases}

SOURCE_ALIASES = {
    "statistics": Source.STATISTICS,
    "统计数据": Source.STATISTICS,
    "统计": Source.STATISTICS,
    "monthly_report": Source.MONTHLY_REPORT,
    "月度报表": Source.MONTHLY_REPORT,
    "月报": Source.MONTHLY_REPORT,
    "registry": Source.REGISTRY,
    "登记库": Source.REGISTRY,
    "manual": Source.MANUAL,
    "手工录入": Source.MANUAL,
    "手工": Source.MANUAL,
    "plan_document": Source.PLAN_DOCUMENT,
    "规划文件": Source.PLAN_DOCUMENT,
}
STATUS_ALIASES = {
    "final": ObservationStatus.FINAL,
    "最终数": ObservationStatus.FINAL,
    "最终": ObservationStatus.FINAL,
    "provisional": ObservationStatus.PROVISIONAL,
    "初步数": ObservationStatus.PROVISIONAL,
    "初步": ObservationStatus.PROVISIONAL,
}
NOTE_MAX = 300


class ImportFileError(ValueError):
    """The file as a whole cannot be read: wrong type, too large, no header, unknown encoding."""


@dataclass(frozen=True)
class RawRow:
    """One data row as read from the file; ``row`` is its number in Excel (header = row 1)."""

    row: int
    area: object = None
    indicator: object = None
    period: object = None
    value: object = None
    source: object = None
    status: object = None
    note: object = None


@dataclass(frozen=True)
class CleanRow:
    """A validated row, ready for ``record_observation``."""

    row: int
    area: Area
    indicator: Indicator | None
    catalog: CatalogIndicator | None
    period: Period
    value: float
    source: str
    status: str
    note: str


@dataclass(frozen=True)
class RowError:
    """Why a row (or, with ``row=None``, the whole file) was refused."""

    row: int | None
    column: str | None
    message: str

    @property
    def column_label(self) -> str:
        return COLUMN_LABELS.get(self.column, self.column) if self.column else ""

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if self.column:
            return f"第 {self.row} 行 {COLUMN_LABELS.get(self.column, self.column)}：{self.message}"
        return f"第 {self.row} 行：{self.message}"


@dataclass
class ImportResult:
    """Counts of what an import did; with ``errors`` it did nothing at all."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    preview_changed: bool = False  # the confirmed preview no longer held; nothing was written

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def summary(self) -> str:
        return f"已导入 {self.total} 条（新增 {self.created}，更正 {self.updated}，未变 {self.unchanged}）"
