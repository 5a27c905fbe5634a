"""Land-plot import from Excel (.xlsx) or CSV: a table of plots, or a table of yearly figures.

One table per file (the first sheet of a workbook). Which table it is follows from its header:
a column 面积（亩） makes it the plot table, a column 年度 the figures table. Every row goes through
the same domain functions as the pages (``save_plot``, ``record_plot_figures``) inside one
transaction; any refused row refuses the whole file, and the errors name their rows. A re-import
finds plots by district and code and figures by plot, enterprise and year, so it updates rather
than duplicates, and an unchanged row writes nothing (not even an audit row).

Why not the enterprise import's preview machinery: that one is built around two fixed sheets and
a staged confirmation; plot tables are small (a district has hundreds of plots), so they are
written at once, and the audit trail holds one row per changed record.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from kechuang.common.untrusted import LimitExceeded
from kechuang.common.uploads import size_label
from kechuang.registry.domain.errors import RegistryError
from kechuang.registry.domain.plots import FIGURE_VALUES, check_year, record_plot_figures, save_plot
from kechuang.registry.imports.workbook import ImportRefused
from kechuang.registry.models import Enterprise, LandPlot, LandUse, PlotStatus
from kechuang.tenancy import access as area_access
from kechuang.tenancy.models import Area
from kechuang.tenancy.upload_files import TableRefused, read_upload_table

MAX_ROWS = 20_000
MAX_ERRORS = 200
PLOT_TABLE = "地块"
FIGURE_TABLE = "年度数据"
# (key, header as the template writes it, required); headers match without the unit in brackets.
PLOT_COLUMNS = [
    ("code", "地块编号", True),
    ("name", "地块名称", True),
    ("area", "所在街镇/园区", True),
    ("location", "坐落位置", False),
    ("area_mu", "面积（亩）", True),
    ("land_use", "用地类型", True),
    ("status", "状态", False),
    ("notes", "备注", False),
]
FIGURE_COLUMNS = [
    ("plot", "地块编号", True),
    ("uscc", "统一社会信用代码", True),
    ("year", "年度", True),
    ("output", "产值（万元）", False),
    ("tax", "税收（万元）", False),
    ("rd_spending", "研发投入（万元）", False),
    ("energy", "能耗（吨标准煤）", False),
    ("employees", "从业人员（人）", False),
]
ALIASES = {"所在地区": "area", "街镇/园区": "area", "面积": "area_mu", "用途": "land_use", "位置": "location"}
USE_BY_LABEL = {label: value for value, label in LandUse.choices} | {v: v for v in LandUse.values}
STATUS_BY_LABEL = {label: value for value, label in PlotStatus.choices} | {v: v for v in PlotStatus.values}


@dataclass
class PlotImportResult:
    table: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        return (
            f"{self.table}表 {self.rows} 行：新增 {self.created} 条，更新 {self.updated} 条，"
            f"未变 {self.unchanged} 条"
        )


def _header_key(cell: object) -> str:
    text = unicodedata.normalize("NFKC", str(cell or "")).strip().replace(" ", "").replace("*", "")
    return text.split("(", 1)[0]


def _columns(header: Sequence[object]) -> tuple[str, list[tuple[str, str, bool]], dict[str, int]]:
    keys = [_header_key(c) for c in header]
    if "面积" in keys:
        table, columns = PLOT_TABLE, PLOT_COLUMNS
    elif "年度" in keys:
        table, columns = FIGURE_TABLE, FIGURE_COLUMNS
    else:
        raise ImportRefused(
            ["第 1 行：无法识别表头。地块表须有“面积（亩）”列，年度数据表须有“年度”列；请下载模板填写"]
        )
    by_label = {_header_key(label): key for key, label, _ in columns}
    positions: dict[str, int] = {}
    for i, cell in enumerate(keys):
        key = by_label.get(cell) or (ALIASES.get(cell) if table == PLOT_TABLE else None)
        if key and key not in positions:
            positions[key] = i
    missing = [label for key, label, required in columns if required and key not in positions]
    if missing:
        raise ImportRefused([f"第 1 行：缺少必填列 {'、'.join(missing)}"])
    return table, columns, positions


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_plot_table(data: bytes, filename: str) -> tuple[str, list[tuple[int, dict[str, str]]]]:
    """(table name, [(row number, {key: text})]) of an uploaded file; raises ``ImportRefused``."""
    limit = settings.KECHUANG_MAX_UPLOAD_BYTES
    if not data:
        raise ImportRefused(["文件为空"])
    if len(data) > limit:
        raise ImportRefused([f"文件超过 {size_label(limit)} 上限"])
    try:
        table = read_upload_table(data, filename, upload_limit=limit, max_rows=MAX_ROWS)
    except (TableRefused, LimitExceeded) as exc:
        raise ImportRefused([str(exc)]) from None
    table = [(n, values) for n, values in table if any(_text(v) for v in values)]
    if not table:
        raise ImportRefused(["文件中没有数据"])
    (_, header), body = table[0], table[1:]
    name, columns, positions = _columns(header)
    rows = []
    for number, values in body:
        row = {key: (_text(values[i]) if i < len(values) else "") for key, i in positions.items()}
        rows.append((number, row))
    if not rows:
        raise ImportRefused(["文件中只有表头，没有数据行"])
    return name, rows


class _Areas:
    """Finds a row's town or park by code or by unique name, among the areas the importer may change."""

    def __init__(self, user: object | None) -> None:
        writable = None if user is None else area_access.writable_area_ids(user)
        qs = Area.objects.all() if writable is None else Area.objects.filter(pk__in=writable)
        self.by_code = {a.code: a for a in qs}
        self.by_name: dict[str, list[Area]] = {}
        for a in qs:
            self.by_name.setdefault(a.name, []).append(a)

    def find(self, text: str) -> Area:
        if not text:
            raise RegistryError("所在街镇/园区：不能为空")
        if text in self.by_code:
            return self.by_code[text]
        found = self.by_name.get(text, [])
        if len(found) == 1:
            return found[0]
        if found:
            raise RegistryError(f"所在街镇/园区：“{text}”有重名，请填写地区代码")
        raise RegistryError(f"所在街镇/园区：“{text}”不存在或您无权在该地区登记地块")


def _plot_fields(row: dict[str, str], areas: _Areas) -> dict[str, object]:
    fields: dict[str, object] = {
        "code": row["code"],
        "name": row["name"],
        "area": areas.find(row["area"]),
        "area_mu": row["area_mu"],
    }
    use = row["land_use"]
    if use not in USE_BY_LABEL:
        raise RegistryError(f"用地类型：“{use}”应为{'、'.join(LandUse.labels)}之一")
    fields["land_use"] = USE_BY_LABEL[use]
    if row.get("status"):
        if row["status"] not in STATUS_BY_LABEL:
            raise RegistryError(f"状态：“{row['status']}”应为{'、'.join(PlotStatus.labels)}之一")
        fields["status"] = STATUS_BY_LABEL[row["status"]]
    for key in ("location", "notes"):
        if key in row:
            fields[key] = row[key]
    return fields


def _write_plot(row: dict[str, str], areas: _Areas, user: object | None) -> tuple[bool, bool]:
    fields = _plot_fields(row, areas)
    district = fields["area"].district()
    existing = LandPlot.objects.filter(district=district, code=fields["code"]).first() if district else None
    if existing is not None and user is not None and not area_access.can_change_area(user, existing.area):
        raise RegistryError(f"地块编号：{fields['code']} 登记在您无权修改的地区")
    plot, changed = save_plot(acting_user=user, plot=existing, **fields)
    return existing is None, changed


def _find_plot(code: str, user: object | None) -> LandPlot:
    qs = LandPlot.objects.filter(code=code).select_related("area", "district")
    if user is not None:
        writable = area_access.writable_area_ids(user)
        if writable is not None:
            qs = qs.filter(area_id__in=writable)
    found = list(qs[:2])
    if not found:
        raise RegistryError(f"地块编号：“{code}”未登记或您无权修改；请先导入地块表")
    if len(found) > 1:
        raise RegistryError(f"地块编号：“{code}”在多个区县都有，请分区导入")
    return found[0]


def _write_figures(row: dict[str, str], user: object | None) -> tuple[bool, bool]:
    plot = _find_plot(row["plot"], user)
    uscc = row["uscc"].upper()
    enterprise = Enterprise.objects.filter(uscc=uscc).first()
    if enterprise is None:
        raise RegistryError(f"统一社会信用代码：{uscc} 未登记，请先在企业登记库登记该企业")
    values = {key: row[key] for key in FIGURE_VALUES if key in row}
    year = check_year(row["year"])
    existed = plot.figures.filter(enterprise=enterprise, year=year).exists()
    _, changed = record_plot_figures(plot, enterprise=enterprise, year=year, acting_user=user, **values)
    return not existed, changed


def _row_key(name: str, row: dict[str, str]) -> tuple[str, ...]:
    if name == PLOT_TABLE:
        return (row["area"], row["code"])
    return (row["plot"], row["uscc"].upper(), row["year"])


def import_plots(
    data: bytes, filename: str, *, user: object | None, check_only: bool = False
) -> PlotImportResult:
    """Read, check and write a plot or figures table: all rows or none (``ImportRefused`` lists why).

    ``user=None`` is the command line (no area restriction); a person may write only in the areas
    they may change. With ``check_only`` everything is checked, then rolled back.
    """
    name, rows = read_plot_table(data, filename)
    result = PlotImportResult(table=name, rows=len(rows))
    errors: list[str] = []
    areas = _Areas(user) if name == PLOT_TABLE else None
    seen: dict[tuple[str, ...], int] = {}
    with transaction.atomic():
        for number, row in rows:
            key = _row_key(name, row)
            if key in seen:
                errors.append(f"{name}表第 {number} 行 与第 {seen[key]} 行重复")
                continue
            seen[key] = number
            try:
                with transaction.atomic():
                    if name == PLOT_TABLE:
                        created, changed = _write_plot(row, areas, user)
                    else:
                        created, changed = _write_figures(row, user)
            except RegistryError as exc:
                errors.append(f"{name}表第 {number} 行 {exc}")
                if len(errors) >= MAX_ERRORS:
                    errors.append(f"错误超过 {MAX_ERRORS} 条，其余未列出")
                    break
                continue
            if created:
                result.created += 1
            elif changed:
                result.updated += 1
            else:
                result.unchanged += 1
        if errors:
            raise ImportRefused(errors)
        if check_only:
            transaction.set_rollback(True)
    return result


def build_plot_template() -> bytes:
    """An empty workbook: the plot table on the first sheet, the figures table on the second, and notes."""
    from openpyxl import Workbook

    from kechuang.common.spreadsheets import workbook_bytes

    wb = Workbook()
    ws = wb.active
    ws.title = PLOT_TABLE
    ws.append([label for _, label, _ in PLOT_COLUMNS])
    ws.append(["JS2024-001", "示例地块", "朱泾镇", "示范路 1 号", 35.2, "工业", "在产", ""])
    figures = wb.create_sheet(FIGURE_TABLE)
    figures.append([label for _, label, _ in FIGURE_COLUMNS])
    notes = wb.create_sheet("填写说明")
    for line in (
        "一次导入一张表：导入时只读取第一个工作表。先导入地块表，再把“年度数据”表移到第一个工作表（或另存为 CSV）导入。",
        "地块表：地块编号在本区内唯一；所在街镇/园区填地区代码或名称；面积（亩）须大于 0；"
        f"用地类型为{'、'.join(LandUse.labels)}之一；状态为{'、'.join(PlotStatus.labels)}之一，留空为在产。",
        "年度数据表：每行是一家企业在一个地块上一年的数据；企业须已在企业登记库登记；空格表示未填报。",
        "再次导入同一文件会更新已有记录，不会重复新增；任何一行有错，整个文件都不写入。",
        "删除示例行后再填写。",
    ):
        notes.append([line])
    return workbook_bytes(wb)
