#!/usr/bin/env python3
"""Build the binary documents of heldout5 (the f_ set) from the source texts in f_src/.

    python f_make_files.py            # builds everything
    python f_make_files.py doc        # only the .doc files
    python f_make_files.py scan       # only the scanned PDFs

Needs: python-docx, Pillow, numpy (e.g. a venv: python3 -m venv /tmp/f5-venv;
/tmp/f5-venv/bin/pip install python-docx Pillow numpy), LibreOffice (`soffice`)
and fonts-noto-cjk.

* .doc  : source -> python-docx .docx (in a temp dir) -> `soffice --headless
          --convert-to doc` -> <stem>.doc here; the intermediate .docx is deleted.
* scans : source -> A4 pages rendered with Pillow at 200 dpi in Noto CJK fonts,
          slight rotation (<= 0.5 deg), paper tone, light noise and speckles,
          saved as an image-only PDF (no text layer).
* the HTML page (f_hn_tianyuan_kjcx_15w.html) is hand-written and is its own source.

Source markup (one block per line; '#' lines are comments):
  @red T     red-header line (issuing organ)      @docno T  document number line
  @title T   centred bold title; ' // ' marks where the printed title breaks its line
  @center/@right/@left T  aligned paragraph
  @h1 T      level-1 heading (黑体)                @h2 T     level-2 heading (楷体)
  @caption T table caption                         @note T   small note under a table
  @table ... @end   table rows, cells split on ' | '; a cell '^' is merged with the cell above
  @page      page break
  other lines: body paragraph with a two-character first-line indent
"""

import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "f_src"

DOCS = {  # stem: (author, created) written into the file's properties, as an office PC would
    "f_js_xishan_kjcx_15w": ("Administrator", "2026-04-08 16:22"),
    "f_zj_nanhu_cgzh_ssfa": ("nhkjj", "2026-02-06 10:05"),
}
SCANS = {  # stem: (random seed, rotation in degrees, plan title starts a new page)
    "f_jx_ncgx_qytc_xdfa_scan": (20260120, 0.35, True),
    "f_cq_bishan_gxq_gzfa_scan": (20260216, -0.42, False),
}


# ---------------------------------------------------------------- parsing
def parse(path):
    blocks = []
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        i += 1
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("@table"):
            rows = []
            while not lines[i].startswith("@end"):
                rows.append([c.strip() for c in lines[i].split(" | ")])
                i += 1
            i += 1
            blocks.append(("table", rows))
            continue
        if line.startswith("@"):
            tag, _, text = line[1:].partition(" ")
            blocks.append((tag, text.strip()))
        else:
            blocks.append(("p", line.strip()))
    return blocks


# ---------------------------------------------------------------- .doc
def build_doc(stem):
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    blocks = parse(SRC / f"{stem}.txt")
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.top_margin, sec.bottom_margin = Cm(3.7), Cm(3.5)
    sec.left_margin, sec.right_margin = Cm(2.8), Cm(2.6)

    def run(par, text, font="仿宋_GB2312", size=16, bold=False, color=None):
        r = par.add_run(text)
        r.font.size = Pt(size)
        r.font.bold = bold
        r.font.name = font
        r._element.rPr.rFonts.set(qn("w:eastAsia"), font)
        if color:
            r.font.color.rgb = RGBColor(*color)
        return r

    def para(text, align=None, indent=True, **kw):
        p = doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.space_after = Pt(0)
        fmt.line_spacing = Pt(28)
        if indent:
            fmt.first_line_indent = Pt(32)
        if align:
            p.alignment = align
        run(p, text, **kw)
        return p

    for kind, body in blocks:
        if kind == "red":
            p = para(
                body, WD_ALIGN_PARAGRAPH.CENTER, False, font="方正小标宋简体", size=26, color=(0xE0, 0, 0)
            )
            p.paragraph_format.space_before = Pt(40)
            p.paragraph_format.space_after = Pt(30)
            p.paragraph_format.line_spacing = Pt(44)
        elif kind == "docno":
            p = para(body, WD_ALIGN_PARAGRAPH.CENTER, False)
            p.paragraph_format.space_after = Pt(24)
            line = para("━" * 24, WD_ALIGN_PARAGRAPH.CENTER, False, size=12, color=(0xE0, 0, 0))
            line.paragraph_format.space_after = Pt(18)
        elif kind == "title":
            p = para(
                body.replace(" // ", ""), WD_ALIGN_PARAGRAPH.CENTER, False, font="方正小标宋简体", size=22
            )
            p.paragraph_format.line_spacing = Pt(36)
            p.paragraph_format.space_before = Pt(12)
            p.paragraph_format.space_after = Pt(18)
        elif kind == "center":
            para(body, WD_ALIGN_PARAGRAPH.CENTER, False)
        elif kind == "right":
            p = para(body, WD_ALIGN_PARAGRAPH.RIGHT, False)
            p.paragraph_format.right_indent = Pt(48)
        elif kind == "left":
            para(body, None, False)
        elif kind == "h1":
            para(body, None, True, font="黑体")
        elif kind == "h2":
            para(body, None, True, font="楷体_GB2312")
        elif kind == "caption":
            p = para(body, WD_ALIGN_PARAGRAPH.CENTER, False, font="黑体", size=14)
            p.paragraph_format.space_before = Pt(10)
            p.paragraph_format.space_after = Pt(6)
        elif kind == "note":
            para(body, None, False, size=12)
        elif kind == "page":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif kind == "p":
            para(body)
        elif kind == "table":
            rows = body
            ncol = len(rows[0])
            t = doc.add_table(rows=len(rows), cols=ncol)
            t.style = "Table Grid"
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            for r, cells in enumerate(rows):
                for c, text in enumerate(cells):
                    if text == "^":
                        continue
                    cell = t.cell(r, c)
                    p = cell.paragraphs[0]
                    p.paragraph_format.space_after = Pt(0)
                    wide = len(text) > 8 and not text[0].isdigit()
                    p.alignment = WD_ALIGN_PARAGRAPH.LEFT if (wide and r) else WD_ALIGN_PARAGRAPH.CENTER
                    run(p, text, font="黑体" if r == 0 else "仿宋_GB2312", size=12 if r == 0 else 11)
            for r, cells in enumerate(rows):  # vertical merges marked '^'
                for c, text in enumerate(cells):
                    if text == "^":
                        top = r - 1
                        while rows[top][c] == "^":
                            top -= 1
                        t.cell(top, c).merge(t.cell(r, c))
            # column widths after the longest cell, the whole table 15.6 cm wide
            want = [min(max(max(len(r[c]) for r in rows), 2.5), 16) for c in range(ncol)]
            t.autofit = False
            for c in range(ncol):
                w = Cm(15.6 * want[c] / sum(want))
                t.columns[c].width = w
                for r in range(len(rows)):
                    t.cell(r, c).width = w
            doc.add_paragraph()  # Word needs a paragraph after a table (esp. at the end)
        else:
            raise ValueError(f"unknown block {kind}")

    import datetime

    author, created = DOCS[stem]
    cp = doc.core_properties
    cp.author = cp.last_modified_by = author
    cp.comments = cp.title = cp.subject = cp.keywords = ""
    cp.created = cp.modified = datetime.datetime.strptime(created, "%Y-%m-%d %H:%M")
    cp.revision = 3

    tmp = Path(tempfile.mkdtemp(prefix="f5doc-"))
    docx_path = tmp / f"{stem}.docx"
    doc.save(docx_path)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp}/lo",
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(HERE),
            str(docx_path),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    docx_path.unlink()
    shutil.rmtree(tmp, ignore_errors=True)
    out = HERE / f"{stem}.doc"
    assert out.exists(), out
    leftover = HERE / f"{stem}.docx"
    if leftover.exists():
        leftover.unlink()
    print("built", out.name, out.stat().st_size, "bytes")


# ---------------------------------------------------------------- scans
DPI = 200
PAGE_W, PAGE_H = int(21 / 2.54 * DPI), int(29.7 / 2.54 * DPI)  # 1654 x 2339
MARGIN_T, MARGIN_B = int(3.0 / 2.54 * DPI), int(2.8 / 2.54 * DPI)
MARGIN_L, MARGIN_R = int(2.8 / 2.54 * DPI), int(2.6 / 2.54 * DPI)
FONT_DIR = "/usr/share/fonts/opentype/noto/"
NO_LINE_START = set("，。、；：？！）》”’％%")
NO_LINE_END = set("（《“‘")


def pt(points):
    return int(round(points * DPI / 72))


def fonts():
    from PIL import ImageFont

    def f(name, size):
        return ImageFont.truetype(FONT_DIR + name, pt(size), index=2)  # index 2 = SC

    return {
        "body": f("NotoSerifCJK-Regular.ttc", 14),
        "h1": f("NotoSansCJK-Regular.ttc", 14),
        "h2": f("NotoSerifCJK-Bold.ttc", 14),
        "title": f("NotoSerifCJK-Bold.ttc", 19),
        "red": f("NotoSerifCJK-Bold.ttc", 26),
        "cell": f("NotoSerifCJK-Regular.ttc", 11),
        "cellh": f("NotoSansCJK-Regular.ttc", 11),
        "note": f("NotoSerifCJK-Regular.ttc", 11),
        "pageno": f("NotoSerifCJK-Regular.ttc", 12),
    }


def wrap(text, font, width, first_indent=0):
    """Greedy character wrap with a simple 禁则: closing punctuation never starts a line."""
    lines, cur, avail = [], "", width - first_indent
    for ch in text:
        if font.getlength(cur + ch) <= avail or (ch in NO_LINE_START and cur):
            cur += ch
        elif cur and cur[-1] in NO_LINE_END:
            lines.append(cur[:-1])
            cur, avail = cur[-1] + ch, width
        else:
            lines.append(cur)
            cur, avail = ch, width
    if cur:
        lines.append(cur)
    return lines


class Pager:
    def __init__(self, F):
        from PIL import Image, ImageDraw

        self.Image, self.ImageDraw, self.F = Image, ImageDraw, F
        self.pages = []
        self.new_page()

    def new_page(self):
        self.img = self.Image.new("L", (PAGE_W, PAGE_H), 255)
        self.draw = self.ImageDraw.Draw(self.img)
        self.pages.append(self.img)
        self.y = MARGIN_T

    def room(self, h):
        if self.y + h > PAGE_H - MARGIN_B:
            self.new_page()

    def text_block(self, text, font, align="left", indent_chars=0, gap=0.62, before=0, after=0, fill=20):
        width = PAGE_W - MARGIN_L - MARGIN_R
        size = font.size
        indent = int(indent_chars * size)
        lines = []
        for part in text.split(" // "):
            lines += wrap(part, font, width - (int(3 * size) if align == "right" else 0), indent)
        lh = int(size * (1 + gap))
        self.y += before
        for k, ln in enumerate(lines):
            self.room(lh)
            w = font.getlength(ln)
            if align == "center":
                x = MARGIN_L + (width - w) / 2
            elif align == "right":
                x = PAGE_W - MARGIN_R - int(2 * size) - w
            else:
                x = MARGIN_L + (indent if k == 0 else 0)
            self.draw.text((x, self.y), ln, font=font, fill=fill)
            self.y += lh
        self.y += after

    def rule(self, thick=4, fill=60):
        self.room(30)
        self.y += 6
        self.draw.rectangle([MARGIN_L, self.y, PAGE_W - MARGIN_R, self.y + thick], fill=fill)
        self.y += thick + 30

    def table(self, rows):
        F = self.F
        width = PAGE_W - MARGIN_L - MARGIN_R
        ncol = len(rows[0])
        font, fonth = F["cell"], F["cellh"]
        pad = 10
        # column widths from the longest cell (capped), then scaled to the text width
        want = []
        for c in range(ncol):
            longest = max(font.getlength(r[c]) for r in rows if r[c] != "^")
            want.append(min(max(longest + 2 * pad, font.size * 2.6), font.size * 13))
        scale = width / sum(want)
        colw = [int(w * scale) for w in want]
        colw[-1] = width - sum(colw[:-1])
        lh = int(font.size * 1.45)
        name_col = max(range(ncol), key=lambda c: max(len(r[c]) for r in rows[1:]))
        layout = []
        for r, cells in enumerate(rows):
            f = fonth if r == 0 else font
            wrapped = [[] if t == "^" else wrap(t, f, colw[c] - 2 * pad) for c, t in enumerate(cells)]
            h = max(len(w) for w in wrapped) * lh + 2 * pad + 4
            layout.append((f, wrapped, h))
        for r, (f, wrapped, h) in enumerate(layout):
            if self.y + h > PAGE_H - MARGIN_B:
                self.new_page()
                self.draw.line([MARGIN_L, self.y, PAGE_W - MARGIN_R, self.y], fill=30, width=2)
            if r == 0:
                self.draw.line([MARGIN_L, self.y, PAGE_W - MARGIN_R, self.y], fill=30, width=3)
            x = MARGIN_L
            for c, lines in enumerate(wrapped):
                below_merged = r + 1 < len(rows) and rows[r + 1][c] == "^"
                if not below_merged:
                    self.draw.line([x, self.y + h, x + colw[c], self.y + h], fill=30, width=2)
                tot = len(lines) * lh
                for k, ln in enumerate(lines):
                    w = f.getlength(ln)
                    left_align = r > 0 and c == name_col
                    tx = x + pad if left_align else x + (colw[c] - w) / 2
                    ty = self.y + (h - tot) / 2 + k * lh - 2
                    self.draw.text((tx, ty), ln, font=f, fill=15)
                x += colw[c]
            xs = [MARGIN_L]
            for w in colw:
                xs.append(xs[-1] + w)
            for xv in xs:
                self.draw.line([xv, self.y, xv, self.y + h], fill=30, width=3 if xv in (xs[0], xs[-1]) else 2)
            self.y += h
        self.y += 16


def degrade(img, rng, angle):
    """Scanner look: paper tone, slight blur, rotation, noise, specks; no text layer."""
    import numpy as np
    from PIL import Image, ImageFilter

    img = img.filter(ImageFilter.GaussianBlur(0.7))
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    a = np.asarray(img).astype(np.float32)
    nrng = np.random.default_rng(rng.randrange(1 << 30))
    a = a * 0.93 + 8  # ink not pure black, paper ~245
    a += nrng.normal(0, 6.0, a.shape)  # sensor noise
    h, w = a.shape
    shade = np.linspace(0, 1, w)[None, :] * nrng.uniform(-6, 6)
    a += shade  # uneven illumination
    for _ in range(90):  # dust specks
        y, x = nrng.integers(0, h), nrng.integers(0, w)
        r = nrng.integers(1, 3)
        a[max(0, y - r) : y + r, max(0, x - r) : x + r] -= nrng.uniform(60, 140)
    a[:, :6] -= 40  # scanner edge shadow
    return Image.fromarray(np.clip(a, 0, 255).astype("uint8"), "L")


def build_scan(stem, seed, angle, plan_new_page):
    blocks = parse(SRC / f"{stem}.txt")
    F = fonts()
    pg = Pager(F)
    for kind, body in blocks:
        if kind == "red":
            from PIL import ImageFont

            size = 26
            while True:  # the organ's name is set on one line, shrinking the type if needed
                font = ImageFont.truetype(FONT_DIR + "NotoSerifCJK-Bold.ttc", pt(size), index=2)
                if font.getlength(body) <= PAGE_W - MARGIN_L - MARGIN_R or size <= 16:
                    break
                size -= 1
            pg.text_block(body, font, "center", before=40, after=10, fill=70)
        elif kind == "docno":
            pg.text_block(body, F["body"], "center", before=10, after=0)
            pg.rule(thick=5, fill=70)
        elif kind == "title":
            if plan_new_page and pg.y > MARGIN_T + 200 and "通知" not in body:
                pg.new_page()  # the plan itself starts on a fresh page, as in print
            pg.text_block(body, F["title"], "center", gap=0.5, before=20, after=30)
        elif kind in ("center", "right", "left"):
            pg.text_block(body, F["body"], kind)
        elif kind == "h1":
            pg.text_block(body, F["h1"], indent_chars=2)
        elif kind == "h2":
            pg.text_block(body, F["h2"], indent_chars=2)
        elif kind == "caption":
            pg.room(200)
            pg.text_block(body, F["h1"], "center", before=10, after=12)
        elif kind == "note":
            pg.text_block(body, F["note"])
        elif kind == "page":
            pg.new_page()
        elif kind == "p":
            pg.text_block(body, F["body"], indent_chars=2)
        elif kind == "table":
            pg.table(body)
    rng = random.Random(seed)
    n = len(pg.pages)
    out_pages = []
    for k, img in enumerate(pg.pages, 1):
        from PIL import ImageDraw

        d = ImageDraw.Draw(img)
        label = f"— {k} —"
        d.text(
            ((PAGE_W - F["pageno"].getlength(label)) / 2, PAGE_H - MARGIN_B + 60),
            label,
            font=F["pageno"],
            fill=30,
        )
        out_pages.append(degrade(img, rng, angle + rng.uniform(-0.08, 0.08)).convert("RGB"))
    out = HERE / f"{stem}.pdf"
    out_pages[0].save(out, "PDF", resolution=DPI, save_all=True, append_images=out_pages[1:])
    print("built", out.name, n, "pages", out.stat().st_size, "bytes")


def main(argv):
    what = argv[1] if len(argv) > 1 else "all"
    if what in ("all", "doc"):
        for stem in DOCS:
            build_doc(stem)
    if what in ("all", "scan"):
        for stem, (seed, angle, new_page) in SCANS.items():
            build_scan(stem, seed, angle, new_page)


if __name__ == "__main__":
    main(sys.argv)
