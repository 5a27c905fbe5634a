"""The Excel template of one carrier's month, and reading it back: all or nothing, errors name the row.

Layout (sheet “月报”): the carrier, its number, the period and the form in rows
2–3, a header in row 5, then one row per field (code, label, unit, value, help).
The code column is what is read back, so people may reorder or relabel rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from kechuang.collection.enums import FieldType
from kechuang.collection.models import CarrierReport
from kechuang.collection.validation import form_fields, format_number, parse_report_values
from kechuang.common.spreadsheets import workbook_bytes
from kechuang.common.untrusted import LimitExceeded, untrusted_parser
from kechuang.common.uploads import UploadProblem, read_sheets, too_large

SHEET = "月报"
HEADER_ROW = 5
FIRST_ROW = 6
MAX_ROWS = 1_000  # field rows below the header: a form has tens
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class UploadResult:
    values: dict[str, object] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def template_filename(report: CarrierReport) -> str:
    return f"孵化动态月报_{report.carrier.name}_{report.period}.xlsx"


def build_template(report: CarrierReport) -> bytes:
    """The month's form for this carrier, pre-filled with what has been saved so far."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws["A1"] = report.form.name
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["载体", report.carrier.name, "载体编号", report.carrier_id])
    ws.append(["期间", report.period, "表单", f"{report.form.code} v{report.form.version}"])
    ws.append(["说明", "请只在“数值”列填写；不要修改“字段代码”列和第 2–3 行。"])
    ws.append(["字段代码", "指标", "单位", "数值", "填报说明"])
    for cell in ws[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for f in form_fields(report.form):
        label = f.label + ("（必填）" if f.required else "")
        ws.append([f.code, label, f.unit, report.values.get(f.code), f.help])
        if f.type == FieldType.INTEGER:
            ws.cell(row=ws.max_row, column=4).number_format = "0"
    rule = DataValidation(type="decimal", allow_blank=True, showErrorMessage=False)
    rule.add(f"D{FIRST_ROW}:D{ws.max_row}")
    ws.add_data_validation(rule)
    for column, width in zip("ABCDE", (16, 24, 8, 14, 40), strict=True):
        ws.column_dimensions[column].width = width
    return workbook_bytes(wb)


# The template's own words for a file that is not one; a bomb or a long sheet keeps the shared reason.
_UPLOAD_PROBLEMS = {
    "not_xlsx": "文件不是 Excel（.xlsx）格式，请下载模板填写后上传",
    "damaged": "无法读取该 Excel 文件，请使用下载的模板",
}


@untrusted_parser
def read_template_rows(data: bytes, *, upload_limit: int) -> list[tuple[int, tuple]]:
    """The template's non-blank rows (first five columns), read in a limited child process."""
    sheets = read_sheets(
        data,
        upload_limit=upload_limit,
        names=(SHEET,),
        first_if_missing=True,
        max_rows=MAX_ROWS,
        header_rows=HEADER_ROW,
        max_cols=5,
    )
    (rows,) = sheets.values()
    return rows


def _cell_text(value: object) -> str:
    return "" if value is None else str(value).strip()


def read_upload(report: CarrierReport, data: bytes) -> UploadResult:
    """Parse an uploaded template for ``report``; nothing is saved here, the caller saves all or nothing.

    Refuses files that are too large, are not an .xlsx (a zip holding
    ``xl/workbook.xml``), or belong to another carrier or month. Each error names the
    row and the field.
    """
    result = UploadResult()
    limit = settings.KECHUANG_MAX_UPLOAD_BYTES
    too_big = too_large(data, limit)
    if too_big:
        result.errors.append(too_big)
        return result
    try:
        numbered = dict(read_template_rows(data, upload_limit=limit))
    except UploadProblem as exc:
        result.errors.append(_UPLOAD_PROBLEMS.get(exc.kind, exc.message))
        return result
    except LimitExceeded as exc:
        result.errors.append(str(exc))
        return result
    last = max(numbered, default=0)
    rows = [numbered.get(number, (None,) * 5) for number in range(1, last + 1)]
    _check_header(report, rows, result)
    if result.errors:
        return result
    fields = {f.code: f for f in form_fields(report.form)}
    raw: dict[str, object] = {}
    row_of: dict[str, int] = {}
    for number, row in enumerate(rows[FIRST_ROW - 1 :], start=FIRST_ROW):
        row = (*row, None, None, None, None, None)[:5]
        code = _cell_text(row[0])
        if not code and row[3] in (None, ""):
            continue
        if code not in fields:
            result.errors.append(f"第 {number} 行：表单中没有代码为“{code}”的字段")
            continue
        if code in row_of:
            result.errors.append(
                f"第 {number} 行：“{fields[code].label}”重复出现（第 {row_of[code]} 行已填）"
            )
            continue
        row_of[code] = number
        raw[code] = row[3]
    values, errors = parse_report_values(report.form, raw)
    for code, message in errors.items():
        result.errors.append(f"第 {row_of.get(code, '?')} 行：{message}")
    if not result.errors:
        result.values = values
    return result


def _check_header(report: CarrierReport, rows: list[tuple], result: UploadResult) -> None:
    if len(rows) < HEADER_ROW:
        result.errors.append("文件内容不完整：缺少载体、期间或表头，请使用下载的模板")
        return
    carrier_cell = rows[1][3] if len(rows[1]) > 3 else None
    period_raw = rows[2][1] if len(rows[2]) > 1 else None
    # Excel turns a typed 2024-05 into a date; read it back as the month it means.
    if isinstance(period_raw, dt.date):
        period_cell = f"{period_raw.year}-{period_raw.month:02d}"
    else:
        period_cell = _cell_text(period_raw)
    if format_number(carrier_cell) != str(report.carrier_id):
        result.errors.append(
            f"第 2 行：载体编号“{_cell_text(carrier_cell)}”与本月报的载体（{report.carrier.name}，编号 {report.carrier_id}）不符"
        )
    if period_cell[:7] != report.period:
        result.errors.append(f"第 3 行：期间“{period_cell}”与本月报的期间 {report.period} 不符")
    if _cell_text(rows[HEADER_ROW - 1][0]) != "字段代码":
        result.errors.append(f"第 {HEADER_ROW} 行：表头应以“字段代码”开头，请使用下载的模板")
