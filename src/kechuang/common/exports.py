"""Every table of the interface as an .xlsx or .csv download: one mechanism for all pages.

Why: people take the tables into their own reports. A page's view builds its rows as it does for
the page (same access checks, same filters), and when the URL carries ``?format=xlsx`` or
``?format=csv`` it hands those rows to ``table_response`` instead of the template. The filters in
the query string therefore come along by themselves, and no second, looser query exists.

Both formats keep users' words as text: in the workbook a string starting with ``= + - @`` (or a
tab or carriage return) is a text cell with Excel's quote prefix (``spreadsheets.workbook_bytes``),
in the CSV it gets a leading apostrophe, which Excel shows as text and never runs. Numbers stay
numbers (a negative number is not a formula), units go into the header, the header row is frozen,
and a note under the table says when it was exported, with which filters, from which page.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from kechuang.common.spreadsheets import FORMULA_START

FORMATS = ("xlsx", "csv")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"
SITE = "科创规划监测评估平台"
# A guard, not a page size: an export is the whole filtered table, but never an unbounded one.
MAX_ROWS = 50_000


@dataclass(frozen=True)
class Column:
    """One column: its header and, for a number, the unit that goes into the header (“面积（㎡）”)."""

    label: str
    unit: str = ""

    @property
    def header(self) -> str:
        return f"{self.label}（{self.unit}）" if self.unit else self.label


def export_format(request: HttpRequest) -> str | None:
    """``xlsx`` or ``csv`` when the page was asked for a download, else None (render the page)."""
    fmt = request.GET.get("format", "")
    return fmt if fmt in FORMATS else None


def neutralise(value: str) -> str:
    """A CSV cell Excel shows as typed: a leading apostrophe before anything it would run as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _plain(value: object) -> object:
    """A cell value both writers understand: numbers and dates as such, everything else as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, int | float | dt.date):
        return value
    return str(value)


def _csv_cell(value: object) -> str:
    value = _plain(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    return neutralise(value)


def csv_bytes(columns: Sequence[Column], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens the Chinese text without asking for an encoding."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(c.header) for c in columns])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return (BOM + out.getvalue()).encode("utf-8")


def _width(value: object) -> int:
    text = str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)  # a Chinese character is two wide


def xlsx_bytes(
    title: str, columns: Sequence[Column], rows: Iterable[Sequence[object]], notes: Sequence[str]
) -> bytes:
    """One sheet: bold frozen header, numbers as numbers, dates as dates, the notes under the table.

    Written with XlsxWriter rather than openpyxl: it writes a small workbook about three times
    faster, which matters when the public export writes one per indicator (120,000 at national
    scale). Strings go through ``write_string`` (never read as formulas or links), and a string
    Excel would run when edited gets the quote prefix, as ``spreadsheets.workbook_bytes`` does.
    """
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    ws = wb.add_worksheet(_sheet_title(title))
    header = (wb.add_format({"bold": True}), wb.add_format({"bold": True, "quote_prefix": True}))
    cell = (None, wb.add_format({"quote_prefix": True}))
    note = tuple(wb.add_format({"italic": True, "font_color": "#6B7280", "quote_prefix": q}) for q in (0, 1))
    formats = {
        dt.datetime: wb.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        dt.date: wb.add_format({"num_format": "yyyy-mm-dd"}),
    }
    widths = [_width(c.header) for c in columns]
    for i, c in enumerate(columns):
        _write_text(ws, 0, i, c.header, header)
    r = 0
    for r, row in enumerate(rows, start=1):
        for i, value in enumerate(row):
            value = _plain(value)
            if i < len(widths):
                widths[i] = max(widths[i], min(_width(value), 60))
            if isinstance(value, dt.date):
                ws.write_datetime(r, i, value, formats[type(value) if type(value) in formats else dt.date])
            elif isinstance(value, int | float):
                ws.write_number(r, i, value)
            else:
                _write_text(ws, r, i, value, cell)
    ws.freeze_panes(1, 0)
    for i, w in enumerate(widths):
        ws.set_column(i, i, max(8, w + 2))
    for k, text in enumerate(notes, start=r + 2):
        _write_text(ws, k, 0, text, note)
    ws.repeat_rows(0)  # printed on paper, every page repeats the header
    wb.close()
    return out.getvalue()


def _write_text(ws: Any, row: int, col: int, text: str, formats: tuple[Any, Any]) -> None:
    """A string cell, never a formula or a link; (plain format, quote-prefixed format)."""
    if text:
        ws.write_string(row, col, text, formats[1] if text.startswith(FORMULA_START) else formats[0])


def _sheet_title(title: str) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in title).strip("'")
    return (cleaned or "导出")[:31]


def _notes(title: str, filters: Sequence[tuple[str, str]], exported_at: dt.datetime) -> list[str]:
    shown = "；".join(f"{label}：{value}" for label, value in filters if value not in ("", None))
    return [
        f"导出时间：{timezone.localtime(exported_at):%Y-%m-%d %H:%M}",
        f"筛选条件：{shown or '无'}",
        f"数据来源：{SITE}·{title}",
    ]


def table_response(
    request: HttpRequest,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[object]],
    fmt: str,
    *,
    filters: Sequence[tuple[str, str]] = (),
) -> HttpResponse:
    """The table as a download named after the page and the day (a Chinese file name).

    ``rows`` are the rows the page shows, built by the page's own code; ``filters`` are
    (label, value shown) pairs, written under the table in the workbook.
    """
    now = timezone.now()
    rows = list(_capped(rows))
    if fmt == "csv":
        body, content_type = csv_bytes(columns, rows), CSV_TYPE
    else:
        fmt = "xlsx"
        body, content_type = xlsx_bytes(title, columns, rows, _notes(title, filters, now)), XLSX_TYPE
    response = HttpResponse(body, content_type=content_type)
    name = f"{title}_{timezone.localtime(now):%Y%m%d}.{fmt}"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _capped(rows: Iterable[Sequence[object]]) -> Iterable[Sequence[object]]:
    for i, row in enumerate(rows):
        if i >= MAX_ROWS:
            return
        yield row


def percent(share: float | None, digits: int = 1) -> float | None:
    """A share (0.853) as the number a “（%）” column holds (85.3)."""
    return None if share is None else round(share * 100, digits)
