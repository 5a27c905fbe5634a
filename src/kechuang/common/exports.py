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

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from kechuang.common.spreadsheets import FORMULA_START, workbook_bytes

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
    """One sheet: bold frozen header, numbers as numbers, dates as dates, the notes under the table."""
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(title)
    ws.append([c.header for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    widths = [_width(c.header) for c in columns]
    for row in rows:
        values = [_plain(v) for v in row]
        ws.append(values)
        for i, v in enumerate(values[: len(widths)]):
            widths[i] = max(widths[i], min(_width(v), 60))
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(8, w + 2)
    ws.append([])
    for note in notes:
        ws.append([note])
        ws.cell(row=ws.max_row, column=1).font = Font(italic=True, color="6B7280")
    ws.print_title_rows = "1:1"  # printed on paper, every page repeats the header
    return workbook_bytes(wb)


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
