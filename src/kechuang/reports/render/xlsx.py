"""A ``Document``'s tables as an Excel workbook: one sheet per table, numbers as numbers.

Why this shape: the office recomputes and re-charts figures in Excel, so a number must stay a
number (the unit goes in the column heading), the heading row stays in view (frozen), and every
sheet says as of when and from where its figures are, since sheets get copied out on their own.
Text that Excel would read as a formula (= + - @ at the start) is saved as text with Excel's quote
prefix (``common.spreadsheets.workbook_bytes``), so a name typed into a plan never runs as a formula.
"""

from __future__ import annotations

import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from kechuang.common.spreadsheets import workbook_bytes
from kechuang.reports.document import Document, Paragraph, Table
from kechuang.reports.render.docx import SIMULATED_WARNING
from kechuang.reports.render.docx_tables import column_title

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_MARK_FILLS = {"overdue": "FDE2E2", "alert": "FEF3C7", "red": "FDE2E2", "simulated": "EDE9FE"}
HEADER_ROW = 4  # title, as-of and source, blank, then the heading row


def _sheet_name(wanted: str, taken: set[str]) -> str:
    name = _BAD_SHEET_CHARS.sub("", wanted).strip("'")[:31] or "表"
    base, n = name, 2
    while name in taken:
        suffix = f"（{n}）"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(name)
    return name


def _number_format(col) -> str:
    digits = getattr(col, "digits", None)
    if digits is None:
        return "General"
    return "#,##0" if digits == 0 else "#,##0." + "0" * digits


def render_xlsx(document: Document) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    stamp = f"截至 {document.as_of.year}年{document.as_of.month}月{document.as_of.day}日"
    source = f"数据来源：{document.source}" if document.source else ""
    tables = document.tables()
    if not tables:
        tables = [Table(title=document.title, columns=[], rows=[])]
    for table in tables:
        ws = wb.create_sheet(_sheet_name(table.sheet or table.title, taken))
        ws.cell(row=1, column=1, value=table.title).font = Font(bold=True, size=12)
        ws.cell(row=2, column=1, value="；".join(x for x in (stamp, source) if x))
        notes = [table.note] if table.note else []
        if document.simulated:
            notes.append(SIMULATED_WARNING)
        if notes:
            ws.cell(row=3, column=1, value="；".join(notes)).font = Font(color="B91C1C")
        widths = []
        for j, col in enumerate(table.columns, start=1):
            cell = ws.cell(row=HEADER_ROW, column=j, value=column_title(col))
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="E5E7EB")
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            widths.append(max(8, min(40, len(column_title(col)) * 2 + 2)))
        for i, row in enumerate(table.rows):
            mark = table.marks[i] if i < len(table.marks) else ""
            for j, (col, value) in enumerate(zip(table.columns, row, strict=False), start=1):
                cell = ws.cell(row=HEADER_ROW + 1 + i, column=j, value=value)
                if isinstance(value, int | float) and not isinstance(value, bool):
                    cell.number_format = _number_format(col)
                elif isinstance(value, str):
                    widths[j - 1] = max(widths[j - 1], min(40, len(value) * 2 + 2))
                if mark in _MARK_FILLS:
                    cell.fill = PatternFill("solid", fgColor=_MARK_FILLS[mark])
        for j, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = width
        ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape"
    _notes_sheet(wb, document, taken, stamp, source)
    props = wb.properties
    props.title, props.creator = document.title, document.issuer
    return workbook_bytes(wb)


def _notes_sheet(wb: Workbook, document: Document, taken: set[str], stamp: str, source: str) -> None:
    """A last sheet 说明: the report's title, date, source and its notes (method, warnings)."""
    ws = wb.create_sheet(_sheet_name("说明", taken))
    lines = [document.title, document.subtitle, document.issuer, stamp, source]
    if document.simulated:
        lines.append(SIMULATED_WARNING)
    lines += [b.text for b in document.blocks if isinstance(b, Paragraph) and b.style == "note"]
    for i, line in enumerate(x for x in lines if x):
        ws.cell(row=i + 1, column=1, value=line)
    ws.column_dimensions["A"].width = 100
    ws.cell(row=1, column=1).font = Font(bold=True, size=12)
