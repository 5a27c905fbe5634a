"""Word tables of a report: column widths by content, borders, shading, a header row that repeats.

Split from ``docx.py`` to keep each module small; the Excel renderer shares ``column_title``.
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from kechuang.common.numbers import format_number
from kechuang.reports.document import Table
from kechuang.reports.render import fonts


def set_run_font(run, east_asia: str, *, size: float | None = None, bold: bool | None = None) -> None:
    """Name the face in every slot (Latin, East-Asian, complex script) of one run."""
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), fonts.LATIN)
    rfonts.set(qn("w:hAnsi"), fonts.LATIN)
    rfonts.set(qn("w:cs"), fonts.LATIN)
    rfonts.set(qn("w:eastAsia"), east_asia)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold


def column_title(col) -> str:
    """A column's heading with its unit: "完成率（%）"."""
    return f"{col.title}（{col.unit}）" if col.unit else col.title


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def cell_text(value: object, col) -> str:
    """How a cell reads in Word and PDF: numbers grouped, to the column's digits; blanks as —."""
    if value is None or value == "":
        return "—"
    if is_number(value):
        digits = getattr(col, "digits", None)
        if digits is not None:
            return f"{value:,.{digits}f}"
        return format_number(round(float(value), 4))
    return str(value)


def write_cell(cell, text: str, *, size: float, bold: bool = False, centre: bool = False, right=False):
    p = cell.paragraphs[0]
    p.paragraph_format.first_line_indent = None
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = 1.0
    if centre:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif right:
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    set_run_font(p.add_run(text), fonts.TABLE if not bold else fonts.HEADING, size=size, bold=bold)


TEXT_WIDTH_CM = 16.0


def fit_widths(table, block: Table) -> None:
    """Columns as wide as what they hold (a name needs more room than a year), filling the line;
    a number or year never breaks, long text wraps."""
    weights = []
    for j, col in enumerate(block.columns):
        need = min(_width(column_title(col)), 3) + 1
        for r in block.rows[:200]:
            if j < len(r):
                need = max(need, _need(cell_text(r[j], col)))
        weights.append(need)
    total = sum(weights)
    table.autofit = False
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), "57")  # 1 mm: the default 1.9 mm wastes a narrow column
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    table._tbl.tblPr.append(margins)
    for j, weight in enumerate(weights):
        width = Cm(TEXT_WIDTH_CM * weight / total)
        table.columns[j].width = width
        for cell in table.columns[j].cells:
            cell.width = width


def _need(text: str) -> float:
    """Room a cell's text asks for: all of a number, at most seven characters of Chinese text."""
    if not any(ord(ch) > 0x2E80 for ch in text):
        return len(text) * 0.6 + 0.8
    return min(_width(text), 7) + 0.8


def _width(text: str) -> float:
    """A text's width in Chinese characters (Latin letters and digits count about half)."""
    return sum(1 if ord(ch) > 0x2E80 else 0.6 for ch in text)


def shade(cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "808080")
        borders.append(el)
    tbl_pr.append(borders)


def repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
