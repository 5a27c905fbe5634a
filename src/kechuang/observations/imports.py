"""Importing observations from Excel or CSV: read, validate every row, then write all or nothing.

The file has one header row (English ``area, indicator, period, value, source``
or Chinese 地区、指标、期间、数值、来源; optional ``status``/状态 and ``note``/说明)
and one figure per row. Errors name the row as the user sees it in Excel (the
header is row 1) and the column, so a statistics clerk can fix the file and
upload it again. Nothing is written unless every row is valid; every write goes
through :func:`kechuang.observations.domain.record_observation`, which keeps
the history.
"""

from __future__ import annotations

import csv
import io
import math
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.db import transaction

from kechuang.common.periods import Period, PeriodError, parse_period
from kechuang.common.uploads import size_label, xlsx_problem
from kechuang.observations.domain import ObservationError, record_observation
from kechuang.observations.enums import ObservationStatus, Source
from kechuang.plans.enums import IndicatorRole
from kechuang.plans.models import CatalogIndicator, Indicator, Plan
from kechuang.registry.access import writable_area_ids
from kechuang.registry.domain import AreaNotFound, find_area
from kechuang.registry.models import Area

MAX_ROWS = 100_000
# A zip may expand far beyond its size on disk; refuse workbooks that would.
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024
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

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def summary(self) -> str:
        return f"已导入 {self.total} 条（新增 {self.created}，更正 {self.updated}，未变 {self.unchanged}）"


# ---------------------------------------------------------------- reading the file


def parse_observation_file(data: bytes, filename: str) -> list[RawRow]:
    """Read an .xlsx or .csv file into raw rows; refuse files that are not what they claim to be.

    The type is decided by content, not by name: a workbook must be a zip holding
    ``xl/workbook.xml``; a CSV must decode as text (UTF-8, UTF-8 with BOM or GB18030).
    Raises ``ImportFileError`` for anything unreadable. Blank rows are skipped.
    """
    limit = settings.KECHUANG_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise ImportFileError(f"文件超过 {size_label(limit)} 上限")
    if not data:
        raise ImportFileError("文件为空")
    suffix = PurePath(filename or "").suffix.lower()
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError("不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV 后再导入")
    if suffix in (".xlsx", ".xlsm"):
        table = _read_xlsx(data)
    elif suffix in (".csv", ".txt"):
        if data.startswith(b"PK\x03\x04"):
            raise ImportFileError(f"文件“{filename}”不是 CSV 文本文件")
        table = _read_csv(data)
    else:
        raise ImportFileError("只支持 Excel（.xlsx）或 CSV（.csv）文件")
    return _rows_from_table(table)


def _read_xlsx(data: bytes) -> list[tuple[int, list[object]]]:
    from openpyxl import load_workbook

    problem = xlsx_problem(data, max_expanded=MAX_UNCOMPRESSED_BYTES)
    if problem:
        raise ImportFileError(problem)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of error for a damaged file
        raise ImportFileError("Excel 文件已损坏，无法读取") from exc
    try:
        if not wb.worksheets:
            raise ImportFileError("Excel 文件中没有工作表")
        ws = wb.worksheets[0]
        # Files written by other programs often state wrong dimensions; read what is there.
        ws.reset_dimensions()
        table: list[tuple[int, list[object]]] = []
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise ImportFileError(f"文件超过 {MAX_ROWS} 行上限，请拆分后导入")
            table.append((number, list(values)))
        return table
    finally:
        wb.close()


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    elif b"\x00" in data[:8192]:
        raise ImportFileError("文件不是 CSV 文本文件")
    else:
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise ImportFileError("无法识别 CSV 文件的编码，请另存为 UTF-8 或 GB18030（GBK）编码")


def _read_csv(data: bytes) -> list[tuple[int, list[object]]]:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    if "，" in first_line and "," not in first_line and "\t" not in first_line:
        delimiter = "，"  # headers typed with a Chinese keyboard
    table: list[tuple[int, list[object]]] = []
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1):
            if number > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise ImportFileError(f"文件超过 {MAX_ROWS} 行上限，请拆分后导入")
            table.append((number, list(values)))
    except csv.Error as exc:
        raise ImportFileError(f"CSV 文件格式错误：{exc}") from exc
    return table


def _header_key(cell: object) -> str:
    text = unicodedata.normalize("NFKC", str(cell or "")).strip().lower()
    return text.replace(" ", "").replace("*", "")


def _find_header(table: list[tuple[int, list[object]]]) -> tuple[int, dict[str, int]]:
    for index, (_, values) in enumerate(table[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for position, cell in enumerate(values):
            name = HEADER_MAP.get(_header_key(cell))
            if name is None:
                continue
            if name in columns:
                raise ImportFileError(f"表头中“{COLUMN_LABELS[name]}”列重复")
            columns[name] = position
        if columns:
            missing = [f"{COLUMN_LABELS[f]}（{f}）" for f in REQUIRED_FIELDS if f not in columns]
            if missing:
                raise ImportFileError(f"表头缺少列：{'、'.join(missing)}")
            return index, columns
    raise ImportFileError(
        "找不到表头：第一行应为 地区、指标、期间、数值、来源（或 area, indicator, period, value, source）"
    )


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _rows_from_table(table: list[tuple[int, list[object]]]) -> list[RawRow]:
    header_index, columns = _find_header(table)
    rows: list[RawRow] = []
    for number, values in table[header_index + 1 :]:
        if all(_blank(v) for v in values):
            continue
        cells = {name: values[pos] if pos < len(values) else None for name, pos in columns.items()}
        rows.append(RawRow(row=number, **cells))
    if len(rows) > MAX_ROWS:
        raise ImportFileError(f"文件超过 {MAX_ROWS} 行上限，请拆分后导入")
    if not rows:
        raise ImportFileError("文件中没有数据行")
    return rows


# ---------------------------------------------------------------- validating the rows


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an area code typed as a number in Excel
    return unicodedata.normalize("NFKC", str(value)).strip() if value is not None else ""


def _number(value: object) -> float:
    if isinstance(value, bool):
        raise ValueError(f"数值“{value}”不是数字")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = _text(value).replace(",", "").replace(" ", "")
        if not text:
            raise ValueError("数值不能为空")
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"数值“{_text(value)}”不是数字") from None
    if not math.isfinite(number):
        raise ValueError(f"数值“{_text(value)}”不是有效数字")
    return number


class _IndicatorIndex:
    """Resolves what a row calls an indicator: a name in the plan, or a catalogue code."""

    def __init__(self, plan: Plan) -> None:
        self.by_name: dict[str, list[Indicator]] = {}
        self.by_catalog: dict[int, list[Indicator]] = {}
        for ind in plan.indicators.select_related("catalog"):
            names = {_text(ind.name)}
            if ind.unit:
                names.add(_text(f"{ind.name}（{ind.unit}）"))
            for name in names:
                self.by_name.setdefault(name, []).append(ind)
            if ind.catalog_id:
                self.by_catalog.setdefault(ind.catalog_id, []).append(ind)
        self.catalog = {c.code.lower(): c for c in CatalogIndicator.objects.all()}

    @staticmethod
    def _one(candidates: list[Indicator]) -> Indicator | None:
        if len(candidates) == 1:
            return candidates[0]
        goals = [i for i in candidates if i.role == IndicatorRole.GOAL]
        return goals[0] if len(goals) == 1 else None

    def resolve(self, ref: str) -> tuple[Indicator | None, CatalogIndicator | None]:
        if not ref:
            raise ValueError("指标不能为空")
        if candidates := self.by_name.get(ref):
            found = self._one(candidates)
            if found is None:
                raise ValueError(f"规划中有多个名为“{ref}”的指标，请改用标准指标代码")
            return found, None
        catalog = self.catalog.get(ref.lower())
        if catalog is None:
            raise ValueError(f"指标“{ref}”不在本规划中，也不是标准指标代码")
        candidates = self.by_catalog.get(catalog.pk, [])
        if not candidates:
            return None, catalog  # a catalogue-level figure, comparable across plans
        found = self._one(candidates)
        if found is None:
            raise ValueError(f"规划中有多个指标对应标准指标“{catalog.code}”，请改用指标名称")
        return found, None


def validate_rows(
    rows: list[RawRow], *, plan: Plan, user: object | None
) -> tuple[list[CleanRow], list[RowError]]:
    """Check every row and report every problem, so one upload shows everything to fix.

    ``user=None`` is the system (the command line without ``--user``) and is not
    scoped; any other user must be allowed to change each row's area. Rows must
    name an area inside the plan's area, and no (indicator, area, period) may
    appear twice. Reads only; writes nothing.
    """
    indicators = _IndicatorIndex(plan)
    plan_area_ids = set(plan.area.descendant_ids())
    writable = writable_area_ids(user) if user is not None else None
    areas: dict[str, Area | str] = {}
    seen: dict[tuple, int] = {}
    clean: list[CleanRow] = []
    errors: list[RowError] = []

    for raw in rows:
        row_errors: list[RowError] = []

        def fail(column: str | None, message: str, raw: RawRow = raw, row_errors: list = row_errors) -> None:
            row_errors.append(RowError(raw.row, column, message))

        area = None
        area_ref = _text(raw.area)
        if area_ref not in areas:
            try:
                areas[area_ref] = find_area(area_ref)
            except AreaNotFound as exc:
                areas[area_ref] = str(exc)
        found_area = areas[area_ref]
        if isinstance(found_area, str):
            fail("area", found_area)
        elif found_area.pk not in plan_area_ids:
            fail("area", f"地区“{found_area.name}”不属于本规划的地区（{plan.area.name}）")
        elif writable is not None and found_area.pk not in writable:
            fail("area", f"无权修改地区“{found_area.name}”的数据")
        else:
            area = found_area

        indicator = catalog = None
        try:
            indicator, catalog = indicators.resolve(_text(raw.indicator))
        except ValueError as exc:
            fail("indicator", str(exc))

        period = None
        if _blank(raw.period):
            fail("period", "期间不能为空")
        else:
            try:
                period = parse_period(raw.period if not isinstance(raw.period, str) else _text(raw.period))
            except PeriodError as exc:
                fail("period", str(exc))

        value = None
        try:
            value = _number(raw.value)
        except ValueError as exc:
            fail("value", str(exc))

        source_text = _text(raw.source)
        source = SOURCE_ALIASES.get(source_text.lower())
        if not source_text:
            fail("source", "来源不能为空")
        elif source is None:
            fail("source", f"来源“{source_text}”无效，可选：统计数据、月度报表、登记库、手工录入、规划文件")

        status_text = _text(raw.status)
        status = STATUS_ALIASES.get(status_text.lower()) if status_text else ObservationStatus.FINAL
        if status is None:
            fail("status", f"状态“{status_text}”无效，可选：最终数、初步数")

        note = _text(raw.note)
        if len(note) > NOTE_MAX:
            fail("note", f"说明不能超过 {NOTE_MAX} 字")

        if row_errors:
            errors.extend(row_errors)
            continue
        target = ("indicator", indicator.pk) if indicator is not None else ("catalog", catalog.pk)
        key = (target, area.pk, period.label)
        if key in seen:
            errors.append(
                RowError(raw.row, None, f"与第 {seen[key]} 行重复（同一指标、地区、期间 {period.label}）")
            )
            continue
        seen[key] = raw.row
        clean.append(
            CleanRow(
                row=raw.row,
                area=area,
                indicator=indicator,
                catalog=catalog,
                period=period,
                value=value,
                source=str(source),
                status=str(status),
                note=note,
            )
        )
    return clean, errors


# ---------------------------------------------------------------- writing


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


# ---------------------------------------------------------------- the template


def build_template(plan: Plan) -> bytes:
    """An .xlsx to fill in: Chinese headers, lists of the plan's indicators, areas and sources.

    Drop-down validation on the indicator, area, source and status columns keeps
    typing errors out; the period column is text so that Excel does not turn
    ``2023-05`` into a date.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    indicators = list(plan.indicators.select_related("catalog").order_by("role", "position", "pk"))
    areas = list(Area.objects.filter(pk__in=plan.area.descendant_ids()).order_by("code"))
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE7FF")

    wb = Workbook()
    ws = wb.active
    ws.title = "观测值"
    headers = [COLUMN_LABELS[f] for f in FIELDS]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
    for letter, width in zip("ABCDEFG", (14, 36, 10, 14, 12, 10, 30), strict=True):
        ws.column_dimensions[letter].width = width
    last = MAX_ROWS + 1
    for row in ws.iter_rows(min_row=2, max_row=200, min_col=3, max_col=3):
        for cell in row:
            cell.number_format = "@"
    ws.freeze_panes = "A2"

    lists = wb.create_sheet("指标")
    lists.append(["指标名称", "单位", "标准指标代码", "类型"])
    for ind in indicators:
        lists.append([ind.name, ind.unit, ind.catalog.code if ind.catalog else "", ind.get_role_display()])
        for cell in lists[lists.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # a name, never a formula Excel would run
    for cell in lists[1]:
        cell.font = bold
        cell.fill = fill
    lists.column_dimensions["A"].width = 40
    lists.column_dimensions["C"].width = 28

    help_ws = wb.create_sheet("取值说明")
    help_ws.append(["地区名称", "地区代码", "", "来源", "来源代码", "", "状态", "", "期间写法"])
    sources = [(label, value) for value, label in Source.choices]
    statuses = [label for _, label in ObservationStatus.choices]
    period_help = ["2023（年）", "2023Q2（季度）", "2023-05（月）"]
    for i in range(max(len(areas), len(sources), len(statuses), len(period_help))):
        help_ws.append(
            [
                areas[i].name if i < len(areas) else None,
                areas[i].code if i < len(areas) else None,
                None,
                sources[i][0] if i < len(sources) else None,
                sources[i][1] if i < len(sources) else None,
                None,
                statuses[i] if i < len(statuses) else None,
                None,
                period_help[i] if i < len(period_help) else None,
            ]
        )
    for cell in help_ws[1]:
        cell.font = bold
        cell.fill = fill
    help_ws.column_dimensions["A"].width = 16
    help_ws.column_dimensions["I"].width = 18

    def add_list(formula: str, column: str, prompt: str) -> None:
        dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=False)
        dv.promptTitle = COLUMN_LABELS[{"A": "area", "B": "indicator", "E": "source", "F": "status"}[column]]
        dv.prompt = prompt
        ws.add_data_validation(dv)
        dv.add(f"{column}2:{column}{last}")

    if areas:
        add_list(f"'取值说明'!$A$2:$A${len(areas) + 1}", "A", "地区名称或代码")
    if indicators:
        add_list(f"'指标'!$A$2:$A${len(indicators) + 1}", "B", "规划中的指标名称，或标准指标代码")
    add_list(f'"{",".join(label for label, _ in sources)}"', "E", "数据来源")
    add_list(f'"{",".join(statuses)}"', "F", "可不填，默认为最终数")

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
