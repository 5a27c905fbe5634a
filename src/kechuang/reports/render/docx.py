"""A ``Document`` as a Word file the office can edit: A4, 公文 faces, real headings, a TOC field.

Why so particular: the office edits the report in Word before it is issued. Headings use Word's
own heading styles so the table of contents (a TOC field, refreshed by Word on opening) and the
navigation pane work; tables are Word tables; every run names its East-Asian face, because
python-docx's ``font.name`` sets only the Latin slots and Word would fall back to another font.
A ``ReportTemplate`` (an administrator's .docx) supplies the styles, page setup and cover: a cover
with placeholders ``{{标题}}`` ``{{副标题}}`` ``{{发文单位}}`` ``{{日期}}`` ``{{提示}}`` is filled in,
otherwise the template's body is replaced by the standard cover.
"""

from __future__ import annotations

import io
import re

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from kechuang.common.uploads import too_large, zip_problem
from kechuang.reports.document import Chart, Document, Heading, PageBreak, Paragraph, Table
from kechuang.reports.render import charts, fonts
from kechuang.reports.render.docx_tables import (
    borders,
    cell_text,
    column_title,
    fit_widths,
    is_number,
    repeat_header,
    set_run_font,
    shade,
    write_cell,
)

REQUIRED_STYLES = {"Normal": "正文", "Heading 1": "标题 1", "Heading 2": "标题 2", "Heading 3": "标题 3"}
_HEADING_SIZES = {1: 16, 2: 14, 3: 12}
_MARK_FILLS = {"overdue": "FDE2E2", "alert": "FEF3C7", "red": "FDE2E2", "simulated": "EDE9FE"}
_PLACEHOLDER = re.compile(r"\{\{\s*(标题|副标题|发文单位|日期|提示)\s*\}\}")


class TemplateInvalid(ValueError):
    """An uploaded template that cannot serve as a report's Word template (message in Chinese)."""


TEMPLATE_LIMIT = 10 * 1024 * 1024  # a letterhead and styles; pictures of a cover fit easily


def validate_template(data: bytes) -> None:
    """Refuse anything but a real .docx with the styles the renderer writes with (and no zip bomb:
    only administrators upload templates, but a file from elsewhere is checked all the same)."""
    problem = too_large(data, TEMPLATE_LIMIT) or zip_problem(
        data, upload_limit=TEMPLATE_LIMIT, kind="Word 文件"
    )
    if problem:
        raise TemplateInvalid(problem)
    if not data.startswith(b"PK"):
        raise TemplateInvalid("模板文件不是 Word 文档（.docx），请在 Word 或 WPS 中另存为 .docx 后上传")
    try:
        doc = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, BadZipFile… for a broken file
        raise TemplateInvalid("模板文件已损坏或不是 Word 文档（.docx），无法打开") from exc
    names = {s.name for s in doc.styles}
    missing = [word for name, word in REQUIRED_STYLES.items() if name not in names]
    if missing:
        raise TemplateInvalid(
            "模板缺少样式：" + "、".join(missing) + "；请在 Word 中使用或修改这些样式后保存，再上传"
        )


def _style_east_asia(style, default: str) -> str:
    """The East-Asian face a (template's) style names, following its base styles; else ``default``."""
    while style is not None:
        rpr = style.element.rPr
        rfonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        if rfonts is not None and rfonts.get(qn("w:eastAsia")):
            return rfonts.get(qn("w:eastAsia"))
        style = style.base_style
    return default


def _prepare_default_styles(doc) -> None:
    """The standard look (no template): 仿宋 body, 黑体 headings in black, no theme fonts."""
    for name, face, size in (
        ("Normal", fonts.BODY, 12),
        ("Heading 1", fonts.HEADING, 16),
        ("Heading 2", fonts.HEADING, 14),
        ("Heading 3", fonts.HEADING, 12),
    ):
        style = doc.styles[name]
        style.font.size = Pt(size)
        rpr = style.element.get_or_add_rPr()
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = OxmlElement("w:rFonts")
            rpr.insert(0, rfonts)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attr), None)
        rfonts.set(qn("w:ascii"), fonts.LATIN)
        rfonts.set(qn("w:hAnsi"), fonts.LATIN)
        rfonts.set(qn("w:eastAsia"), face)
        if name.startswith("Heading"):
            style.font.color.rgb = RGBColor(0, 0, 0)
            style.paragraph_format.space_before = Pt(12)
            style.paragraph_format.space_after = Pt(6)
    doc.styles["Normal"].paragraph_format.line_spacing = 1.25


def _chinese_language(doc) -> None:
    """Mark the document's East-Asian text as Simplified Chinese, so Word and LibreOffice pick the
    Chinese glyph forms of a CJK font (not the Japanese ones) and Chinese line breaking."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), lang.get(qn("w:val")) or "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _a4(doc) -> None:
    for section in doc.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(30), Mm(28)
        section.left_margin, section.right_margin = Mm(26), Mm(24)


class _Writer:
    def __init__(self, document: Document, template: bytes | None) -> None:
        self.document = document
        if template:
            validate_template(template)
            self.doc = docx.Document(io.BytesIO(template))
        else:
            self.doc = docx.Document()
            _prepare_default_styles(self.doc)
        _a4(self.doc)
        _chinese_language(self.doc)
        self.body_face = _style_east_asia(self.doc.styles["Normal"], fonts.BODY)

    # --- runs and paragraphs ------------------------------------------------------------------
    def para(self, text: str = "", *, style: str | None = None, face: str | None = None, **font):
        p = self.doc.add_paragraph(style=style)
        if text:
            set_run_font(p.add_run(text), face or self.body_face, **font)
        return p

    def heading(self, block: Heading) -> None:
        level = min(max(block.level, 1), 3)
        style = self.doc.styles[f"Heading {level}"]
        p = self.doc.add_paragraph(style=style)
        set_run_font(p.add_run(block.text), _style_east_asia(style, fonts.HEADING))

    # --- cover, contents, page numbers --------------------------------------------------------
    def cover(self) -> None:
        d = self.document
        values = {
            "标题": d.title,
            "副标题": d.subtitle,
            "发文单位": d.issuer,
            "日期": f"{d.as_of.year}年{d.as_of.month}月{d.as_of.day}日",
            "提示": SIMULATED_WARNING if d.simulated else "",
        }
        paragraphs = self.doc.paragraphs
        if any(_PLACEHOLDER.search(p.text) for p in paragraphs):
            for p in paragraphs:
                if _PLACEHOLDER.search(p.text):
                    text = _PLACEHOLDER.sub(lambda m: values[m.group(1)], p.text)
                    face = _style_east_asia(p.style, self.body_face)
                    for run in p.runs[1:]:
                        run._element.getparent().remove(run._element)
                    run = p.runs[0] if p.runs else p.add_run()
                    run.text = text
                    set_run_font(run, face)
            for p in paragraphs:
                for run in p.runs:
                    if run.text:
                        set_run_font(run, _style_east_asia(p.style, self.body_face))
        else:
            body = self.doc.element.body
            for child in list(body):
                if child.tag != qn("w:sectPr"):
                    body.remove(child)
            for _ in range(5):
                self.para()
            self._centred(d.title, fonts.HEADING, 22, bold=True)
            if d.subtitle:
                self._centred(d.subtitle, fonts.HEADING, 16)
            for _ in range(8):
                self.para()
            self._centred(d.issuer, fonts.TABLE, 14)
            self._centred(values["日期"], fonts.TABLE, 14)
            if d.simulated:
                self.para()
                p = self._centred(SIMULATED_WARNING, fonts.HEADING, 12, bold=True)
                p.runs[0].font.color.rgb = RGBColor(0xB9, 0x1C, 0x1C)
        self.page_break()
        self.doc.sections[0].different_first_page_header_footer = True

    def _centred(self, text: str, face: str, size: float, *, bold: bool = False):
        p = self.para(text, face=face, size=size, bold=bold)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return p

    def contents(self) -> None:
        """目录: a TOC field Word refreshes on opening; its shown text lists the headings meanwhile."""
        self._centred("目  录", fonts.HEADING, 16, bold=True)
        entries = [b for b in self.document.blocks if isinstance(b, Heading) and b.level <= 2]
        first = self.doc.add_paragraph()
        _field_char(first, "begin")
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = r' TOC \o "1-2" \h \z \u '
        run = first.add_run()
        set_run_font(run, self.body_face)
        run._element.append(instr)
        _field_char(first, "separate")
        paragraphs = [first]
        for i, entry in enumerate(entries or [Heading("（在 Word 中右键点击此处，选择“更新域”生成目录）")]):
            p = first if i == 0 else self.doc.add_paragraph()
            if entry.level == 2:
                p.paragraph_format.left_indent = Cm(0.85)
            set_run_font(p.add_run(entry.text), self.body_face)
            paragraphs.append(p)
        _field_char(paragraphs[-1], "end")
        settings = self.doc.settings.element
        if settings.find(qn("w:updateFields")) is None:
            update = OxmlElement("w:updateFields")
            update.set(qn("w:val"), "true")
            settings.append(update)
        self.page_break()

    def page_numbers(self) -> None:
        for section in self.doc.sections:
            footer = section.footer
            p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
            for run in list(p.runs):
                run._element.getparent().remove(run._element)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_run_font(p.add_run("第 "), fonts.TABLE, size=10)
            _field(p, "PAGE", "1")
            set_run_font(p.add_run(" 页"), fonts.TABLE, size=10)

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # --- blocks -------------------------------------------------------------------------------
    def paragraph(self, block: Paragraph) -> None:
        if block.style == "warning":
            p = self.para(block.text, face=fonts.HEADING, bold=True)
            p.runs[0].font.color.rgb = RGBColor(0xB9, 0x1C, 0x1C)
        elif block.style == "note":
            p = self.para(block.text, face=fonts.TABLE, size=9)
            p.runs[0].font.color.rgb = RGBColor(0x4B, 0x55, 0x63)
        else:
            p = self.para(block.text)
            p.paragraph_format.first_line_indent = Pt(24)

    def table(self, block: Table) -> None:
        title = self.para(block.title, face=fonts.HEADING, size=11, bold=True)
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.paragraph_format.keep_with_next = True
        size = 8 if len(block.columns) > 8 else 9
        table = self.doc.add_table(rows=1, cols=len(block.columns))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        borders(table)
        head = table.rows[0]
        repeat_header(head)
        for cell, col in zip(head.cells, block.columns, strict=True):
            write_cell(cell, column_title(col), size=size, bold=True, centre=True)
            shade(cell, "E5E7EB")
        for i, row in enumerate(block.rows):
            cells = table.add_row().cells
            mark = block.marks[i] if i < len(block.marks) else ""
            for cell, col, value in zip(cells, block.columns, row, strict=False):
                write_cell(cell, cell_text(value, col), size=size, right=col.numeric and is_number(value))
                if mark in _MARK_FILLS:
                    shade(cell, _MARK_FILLS[mark])
        fit_widths(table, block)
        if block.note:
            self.para(block.note, face=fonts.TABLE, size=9)
        else:
            self.para()

    def chart(self, block: Chart, png: bytes) -> None:
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_together = True
        run = p.add_run()
        set_run_font(run, self.body_face)
        run.add_picture(io.BytesIO(png), width=Cm(charts.WIDTH_CM))

    def write(self) -> bytes:
        self.cover()
        self.contents()
        pngs = iter(charts.images(self.document.charts()))
        for block in self.document.blocks:
            if isinstance(block, Heading):
                self.heading(block)
            elif isinstance(block, Paragraph):
                self.paragraph(block)
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Chart):
                self.chart(block, next(pngs))
            elif isinstance(block, PageBreak):
                self.page_break()
        self.page_numbers()
        props = self.doc.core_properties
        props.title, props.author, props.subject = self.document.title, self.document.issuer, "规划实施评估"
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


SIMULATED_WARNING = "提示：本报告部分数据为模拟数据，仅供演示，不得作为正式评估依据"


def _field_char(paragraph, kind: str) -> None:
    fld = OxmlElement("w:fldChar")
    fld.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        fld.set(qn("w:dirty"), "true")  # Word refreshes the contents on opening
    run = paragraph.add_run()
    set_run_font(run, fonts.TABLE)
    run._element.append(fld)


def _field(paragraph, code: str, shown: str) -> None:
    _field_char(paragraph, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {code} "
    run = paragraph.add_run()
    set_run_font(run, fonts.TABLE)
    run._element.append(instr)
    _field_char(paragraph, "separate")
    set_run_font(paragraph.add_run(shown), fonts.TABLE, size=10)
    _field_char(paragraph, "end")


def render_docx(document: Document, template: bytes | None = None) -> bytes:
    """The report as .docx bytes; ``template`` an administrator's .docx (styles, page, cover)."""
    return _Writer(document, template).write()
