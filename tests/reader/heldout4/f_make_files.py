#!/usr/bin/env python3
"""Build the f_* documents of heldout4 from the source text in f_src/.

    /tmp/fmt-venv/bin/python f_make_files.py      (needs python-docx, Pillow, numpy; soffice)

Source markup (f_src/*.txt), one paragraph per line:
    = text      centred bold title
    == text     bold heading
    ^text       centred line (文号)
    > text      right-aligned line (issuer, date)
    | a | b |   table row; consecutive rows form one table; a cell "^^" is
                merged with the cell above it
    ~~~         page break (scans only)
    other       body paragraph (first-line indent of two characters)

Outputs (all next to this script):
    f_zj_jiashan_plan.doc       .docx written by python-docx -> soffice -> .doc (docx deleted)
    f_js_wujiang_action.doc     same
    f_fj_jinjiang_wps.wps       same, .doc saved under the .wps extension
    f_gd_xinhui_table.html      UTF-8 page copied from f_src
    f_sc_jingyang_gbk_table.htm  page encoded to GBK (declared gb2312)
    f_hb_yiling_scan.pdf        image-only PDF, 3 A4 pages at 150 dpi
    f_ah_ningguo_scan2.pdf      image-only PDF, 2 A4 pages at 150 dpi, grey tint
"""

import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "f_src"


# ---------------------------------------------------------------- parsing
def parse(path):
    """Return a list of blocks: (kind, payload)."""
    blocks = []
    table = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip()
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if table is None:
                table = []
                blocks.append(("table", table))
            table.append(cells)
            continue
        table = None
        if not line.strip():
            continue
        if line.startswith("~~~"):
            blocks.append(("page", None))
        elif line.startswith("== "):
            blocks.append(("heading", line[3:].strip()))
        elif line.startswith("= "):
            blocks.append(("title", line[2:].strip()))
        elif line.startswith("^"):
            blocks.append(("center", line[1:].strip()))
        elif line.startswith("> "):
            blocks.append(("right", line[2:].strip()))
        else:
            blocks.append(("para", line.strip()))
    return blocks


# ---------------------------------------------------------------- Word
def set_font(run, name, size_pt, bold=False):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)
    rfonts.set(qn("w:ascii"), name)
    rfonts.set(qn("w:hAnsi"), name)


def build_docx(blocks, out_path, author="Administrator", created=None):
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    cp = doc.core_properties  # look like an office PC, not python-docx
    cp.author = cp.last_modified_by = author
    cp.comments = ""
    cp.title = ""
    cp.revision = 3
    if created:
        cp.created = cp.modified = created
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.top_margin, sec.bottom_margin = Cm(3.7), Cm(3.5)
    sec.left_margin, sec.right_margin = Cm(2.8), Cm(2.6)
    body_font, title_font, head_font = "仿宋_GB2312", "方正小标宋简体", "黑体"

    for kind, payload in blocks:
        if kind == "page":
            doc.add_page_break()
        elif kind == "table":
            rows = payload
            ncol = max(len(r) for r in rows)
            t = doc.add_table(rows=len(rows), cols=ncol)
            t.style = "Table Grid"
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            for i, r in enumerate(rows):
                for j in range(ncol):
                    text = r[j] if j < len(r) else ""
                    cell = t.cell(i, j)
                    if text == "^^":
                        continue
                    p = cell.paragraphs[0]
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    set_font(p.add_run(text), body_font, 10.5, bold=(i == 0))
            # vertical merges, bottom-up so chains join
            for j in range(ncol):
                i = len(rows) - 1
                while i > 0:
                    if j < len(rows[i]) and rows[i][j] == "^^":
                        top = i
                        while top > 0 and rows[top][j] == "^^":
                            top -= 1
                        t.cell(top, j).merge(t.cell(i, j))
                        # merge() concatenates paragraphs: drop the empty ones
                        c = t.cell(top, j)
                        for extra in c.paragraphs[1:]:
                            if not extra.text:
                                extra._element.getparent().remove(extra._element)
                        i = top
                    i -= 1
            # Word always keeps a paragraph after a table; without it the
            # LibreOffice .doc export drops a table that ends the document
            doc.add_paragraph()
        else:
            p = doc.add_paragraph()
            fmt = p.paragraph_format
            fmt.space_after = Pt(0)
            fmt.line_spacing = Pt(28)
            if kind == "title":
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                fmt.space_before = Pt(12)
                fmt.space_after = Pt(12)
                set_font(p.add_run(payload), title_font, 22)
            elif kind == "heading":
                fmt.first_line_indent = Pt(32)
                set_font(p.add_run(payload), head_font, 16)
            elif kind == "center":
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                set_font(p.add_run(payload), body_font, 16)
            elif kind == "right":
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                set_font(p.add_run(payload), body_font, 16)
            else:
                fmt.first_line_indent = Pt(32)
                set_font(p.add_run(payload), body_font, 16)
    doc.save(out_path)


def soffice_to_doc(docx_path, out_dir):
    profile = Path(tempfile.gettempdir()) / "fmt-lo-profile"
    cmd = [
        "soffice",
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--convert-to",
        "doc",
        "--outdir",
        str(out_dir),
        str(docx_path),
    ]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    out = Path(out_dir) / (Path(docx_path).stem + ".doc")
    if not out.exists():
        raise RuntimeError(f"soffice did not produce {out}")
    return out


def make_word(stem, ext, author, created):
    blocks = parse(SRC / f"{stem}.txt")
    with tempfile.TemporaryDirectory() as tmp:
        docx_path = Path(tmp) / f"{stem}.docx"
        build_docx(blocks, docx_path, author, created)
        doc_path = soffice_to_doc(docx_path, tmp)
        docx_path.unlink()  # the intermediate .docx is not kept
        target = HERE / f"{stem}.{ext}"
        shutil.move(str(doc_path), target)
    print("wrote", target.name, target.stat().st_size, "bytes")


# ---------------------------------------------------------------- HTML
def make_html():
    src = (SRC / "f_gd_xinhui_table.src.html").read_text(encoding="utf-8")
    (HERE / "f_gd_xinhui_table.html").write_text(src, encoding="utf-8")
    print("wrote f_gd_xinhui_table.html")
    src = (SRC / "f_sc_jingyang_gbk_table.src.htm").read_text(encoding="utf-8")
    data = src.replace("\n", "\r\n").encode("gbk")  # strict: every character must encode
    data.decode("gb2312")  # and stay inside the GB2312 range
    (HERE / "f_sc_jingyang_gbk_table.htm").write_bytes(data)
    print("wrote f_sc_jingyang_gbk_table.htm")


# ---------------------------------------------------------------- scans
DPI = 150
PAGE_W, PAGE_H = int(8.2677 * DPI), int(11.6929 * DPI)  # A4
SERIF = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
SERIF_BOLD = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"
SANS_BOLD = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
NO_LINE_START = set("，。、；：？！）》”’〕】%％")


def font(path, px):
    from PIL import ImageFont

    return ImageFont.truetype(path, px, index=2)  # index 2 = SC in the Noto CJK collections


def wrap(text, fnt, width, indent=0):
    """Break into lines; runs of Latin letters/digits (2.35%, 2026) stay whole."""
    tokens = re.findall(r"[0-9A-Za-z.%\-]+|.", text)
    lines, cur, cur_w = [], "", indent
    for tok in tokens:
        w = fnt.getlength(tok)
        if cur and cur_w + w > width and tok not in NO_LINE_START:
            lines.append(cur)
            cur, cur_w = "", 0
        cur += tok
        cur_w += w
    if cur:
        lines.append(cur)
    return lines


class Pager:
    def __init__(self, tint):
        self.pages = []
        self.tint = tint
        self.margin_l, self.margin_r = int(1.1 * DPI), int(1.0 * DPI)
        self.margin_t, self.margin_b = int(1.3 * DPI), int(1.1 * DPI)
        self.new_page()

    def new_page(self):
        from PIL import Image, ImageDraw

        self.img = Image.new("L", (PAGE_W, PAGE_H), 255)
        self.draw = ImageDraw.Draw(self.img)
        self.y = self.margin_t
        self.pages.append(self.img)

    @property
    def width(self):
        return PAGE_W - self.margin_l - self.margin_r

    def need(self, h):
        if self.y + h > PAGE_H - self.margin_b:
            self.new_page()

    def text_block(self, text, fnt, align="left", indent_chars=0, line_gap=1.55):
        size = fnt.size
        indent = int(indent_chars * size)
        lines = wrap(text, fnt, self.width, indent)
        lh = int(size * line_gap)
        for k, line in enumerate(lines):
            self.need(lh)
            w = fnt.getlength(line)
            if align == "center":
                x = self.margin_l + (self.width - w) / 2
            elif align == "right":
                x = self.margin_l + self.width - w - 2 * size
            else:
                x = self.margin_l + (indent if k == 0 else 0)
            self.draw.text((x, self.y), line, font=fnt, fill=0)
            self.y += lh

    def table(self, rows, fnt, col_weights):
        size = fnt.size
        total = sum(col_weights)
        widths = [int(self.width * w / total) for w in col_weights]
        pad = int(size * 0.35)
        lh = int(size * 1.35)
        for i, row in enumerate(rows):
            cell_lines = [wrap(c, fnt, widths[j] - 2 * pad) if c else [""] for j, c in enumerate(row)]
            h = max(len(cl) for cl in cell_lines) * lh + 2 * pad
            if self.y + h > PAGE_H - self.margin_b:
                self.new_page()
            x = self.margin_l
            for j, cl in enumerate(cell_lines):
                self.draw.rectangle([x, self.y, x + widths[j], self.y + h], outline=0, width=2)
                ty = self.y + (h - len(cl) * lh) / 2 + (lh - size) / 2 - 2
                for line in cl:
                    lw = fnt.getlength(line)
                    left_align = j == 1 and i > 0  # indicator names left, figures centred
                    tx = x + pad if left_align else x + (widths[j] - lw) / 2
                    self.draw.text((tx, ty), line, font=fnt, fill=0)
                    ty += lh
                x += widths[j]
            self.y += h
        self.y += int(size * 0.6)


def degrade(img, rng, tint):
    """Scanner look: slight skew, grey paper, noise, speckles."""
    import numpy as np
    from PIL import Image, ImageFilter

    angle = rng.uniform(-0.5, 0.5)
    bg = 228 if tint else 255
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    arr = np.asarray(img).astype(np.float32)
    if tint:  # grey background tint, ink stays dark
        arr = arr * (bg / 255.0)
        ramp = np.linspace(-6, 6, arr.shape[1])[None, :]  # uneven illumination across the page
        arr = arr + ramp
    nrng = np.random.default_rng(rng.randrange(1 << 30))
    arr += nrng.normal(0, 7 if tint else 5, arr.shape)
    speck = nrng.random(arr.shape) < 0.0004
    arr[speck] = nrng.uniform(40, 140, speck.sum())
    arr = np.clip(arr, 0, 255).astype(np.uint8)
    img = Image.fromarray(arr, "L")
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=bg)
    return img.convert("RGB")


def make_scan(stem, tint, col_weights, body_pt=15):
    blocks = parse(SRC / f"{stem}.txt")
    body = font(SERIF, int(body_pt / 72 * DPI))
    title = font(SANS_BOLD, int(19 / 72 * DPI))
    head = font(SANS_BOLD, int(15 / 72 * DPI))
    cell = font(SERIF, int(11.5 / 72 * DPI))
    pager = Pager(tint)
    for kind, payload in blocks:
        if kind == "page":
            pager.new_page()
        elif kind == "title":
            pager.y += int(body.size * 0.6)
            pager.text_block(payload, title, align="center", line_gap=1.5)
            pager.y += int(body.size * 0.6)
        elif kind == "heading":
            pager.text_block(payload, head, indent_chars=2)
        elif kind == "center":
            pager.text_block(payload, body, align="center")
        elif kind == "right":
            pager.text_block(payload, body, align="right")
        elif kind == "table":
            pager.table(payload, cell, col_weights)
        else:
            if payload.startswith("表"):
                pager.text_block(payload, head, align="center")
            else:
                pager.text_block(payload, body, indent_chars=2)
    rng = random.Random(stem)
    pages = [degrade(p, rng, tint) for p in pager.pages]
    out = HERE / f"{stem}.pdf"
    pages[0].save(out, "PDF", resolution=DPI, save_all=True, append_images=pages[1:])
    print("wrote", out.name, len(pages), "pages")


def main():
    if not shutil.which("soffice"):
        sys.exit("soffice not found")
    from datetime import datetime

    make_word("f_zj_jiashan_plan", "doc", "Administrator", datetime(2021, 9, 24, 9, 12))
    make_word("f_js_wujiang_action", "doc", "kjj", datetime(2026, 3, 4, 15, 40))
    make_word("f_fj_jinjiang_wps", "wps", "lenovo", datetime(2027, 2, 16, 10, 5))
    make_html()
    make_scan("f_hb_yiling_scan", tint=False, col_weights=[0.7, 4.2, 1.2, 1.4, 1.3])
    make_scan("f_ah_ningguo_scan2", tint=True, col_weights=[1], body_pt=14)


if __name__ == "__main__":
    main()
