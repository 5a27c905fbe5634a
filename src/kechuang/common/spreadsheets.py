"""Writing workbooks people open in Excel: every string the app writes stays text.

Why: names and values come from users (a carrier called ``=HYPERLINK(...)``, a
unit ``-1+1``). openpyxl stores a string starting with ``=`` as a formula
Excel runs when the file is opened, and Excel itself turns a cell starting
with ``+ - @`` into one as soon as someone edits it. ``workbook_bytes`` saves
a workbook with every such string marked as text (a string cell with Excel's
"quote prefix"), so the file shows what was written and runs nothing. The app
writes no formulas of its own; drop-down lists are data validations, not cells.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell.cell import Cell

# What Excel (and LibreOffice) read as the start of a formula, plus the tab and carriage return
# that CSV-injection payloads hide one behind.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def keep_as_text(cell: Cell) -> None:
    """Make ``cell`` a plain string cell when its value is a string Excel would run or misread."""
    value = cell.value
    if not isinstance(value, str):
        return
    if value.startswith(FORMULA_START) or cell.data_type in ("f", "e"):
        cell.data_type = "s"
        cell.quotePrefix = True


def workbook_bytes(workbook: Workbook) -> bytes:
    """The .xlsx bytes of ``workbook`` with every formula-like string written as text."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                keep_as_text(cell)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
