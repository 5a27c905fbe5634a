#!/usr/bin/env python3
"""Rebuild the binary test documents of this folder (files prefixed f_) from
their source texts f_src_<stem>.txt.

    python f_make_files.py            # build everything
    python f_make_files.py doc wps    # only some targets (doc, wps, pdf, docx, htm)

Needs python-docx and Pillow (e.g. /tmp/f-heldout6-venv: pip install pillow
python-docx numpy), LibreOffice (`soffice`) for .doc/.wps and fonts-noto-cjk
for the scanned PDF.

Outputs
  f_hebei_tangshan_gxq_sannian_2026_2028.doc  python-docx -> soffice --convert-to doc
                                              (the intermediate .docx is deleted)
  f_jiangxi_qingshanhu_kjpt_ssfa.wps          same, the .doc saved under .wps
  f_shaanxi_weibin_qcy_gzfa_scan.pdf          rendered with Pillow at 170 dpi on A4,
                                              rotated <= 0.5 deg, noise, JPEG pages,
                                              no text layer
  f_henan_gongyi_shiwuwu_kjcx_guihua.docx     python-docx
  f_hunan_tianyuan_shiwuwu_kjcx_guihua.htm    hand-written UTF-8 HTML (no charset
                                              declaration); only checked here

Source markup (one block per line; lines starting with '#' are comments):
  @redhead T   red masthead            @center T / @right T / @noindent T
  @title T     centred title line      @subtitle T   centred (楷体) line
  @h1 T        heading (黑体)           @h2 T         heading (楷体)
  @caption T   table caption           @note T       small note under a table
  @rule        red rule under masthead @blank        empty line
  @pagebreak   new page
  @table W1,W2,...   followed by rows "a|b|c", closed by @end;
               W are relative column widths; a cell "^" merges with the cell above.
  any other line: a body paragraph with a two-character first-line indent.
"""

import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

DOCS = {
    "doc": ("f_src_hebei_tangshan_gxq_sannian_2026_2028.txt", "f_hebei_tangshan_gxq_sannian_2026_2028.doc"),
    "wps": ("f_src_jiangxi_qingshanhu_kjpt_ssfa.txt", "f_jiangxi_qingshanhu_kjpt_ssfa.wps"),
    "pdf": ("f_src_shaanxi_weibin_qcy_gzfa_scan.txt", "f_shaanxi_weibin_qcy_gzfa_scan.pdf"),
    "docx": ("f_src_henan_gongyi_shiwuwu_kjcx_guihua.txt", "f_henan_gongyi_shiwuwu_kjcx_guihua.docx"),
    "htm": (None, "f_hunan_tianyuan_shiwuwu_kjcx_guihua.htm"),
}


# ---------------------------------------------------------------- parsing
def parse(path):
    blocks = []
    table = None
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        line = raw.rstrip()
        if not line.strip() or line.startswith("#"):
            continue
        if table is not None:
            if line.strip() == "@end":
                blocks.append(("table", table))
                table = None
            else:
                table["rows"].append([c.strip() for c in line.split("|")])
            continue
        if line.startswith("@"):
            tag, _, text = line[1:].partition(" ")
            if tag == "table":
                widths = [float(w) for w in text.split(",")] if text.strip() else None
                table = {"widths": widths, "rows": []}
            else:
                blocks.append((tag, text.strip()))
        else:
            blocks.append(("p", line.strip()))
    return blocks


# ---------------------------------------------------------------- Word
def build_docx(blocks, out_path, author="Administrator", when=None):
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.top_margin, sec.bottom_margin = Cm(3.7), Cm(3.5)
    sec.left_margin, sec.right_margin = Cm(2.8), Cm(2.6)
    text_width_cm = 21.0 - 2.8 - 2.6
    cp = doc.core_properties
    cp.author = author
    cp.last_modified_by = author
    cp.title = ""
    cp.comments = ""
    if when:
        import datetime

        stamp = datetime.datetime.strptime(when, "%Y-%m-%d %H:%M")
        cp.created = cp.modified = stamp
        cp.revision = 3

    def set_font(run, name, size, bold=False, color=None):
        run.font.name = name
        run.font.size = Pt(size)
        run.font.bold = bold
        rpr = run._element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
            fonts.set(qn(attr), name)
        if color:
            run.font.color.rgb = RGBColor(*color)

    def para(
        text, font="仿宋_GB2312", size=16, bold=False, align=None, indent=True, color=None, space_after=0
    ):
        p = doc.add_paragraph()
        pf = p.paragraph_format
        pf.space_before = Pt(0)
        pf.space_after = Pt(space_after)
        pf.line_spacing = Pt(28)
        if indent:
            pf.first_line_indent = Pt(size * 2)
        if align is not None:
            p.alignment = align
        if text:
            set_font(p.add_run(text), font, size, bold, color)
        return p

    for tag, val in blocks:
        if tag == "redhead":
            p = para(val, "方正小标宋简体", 26, False, WD_ALIGN_PARAGRAPH.CENTER, False, (0xE6, 0, 0))
            p.paragraph_format.line_spacing = Pt(40)
        elif tag == "rule":
            p = para("", indent=False)
            ppr = p._p.get_or_add_pPr()
            bdr = OxmlElement("w:pBdr")
            bottom = OxmlElement("w:bottom")
            for k, v in (("w:val", "single"), ("w:sz", "18"), ("w:space", "1"), ("w:color", "E60000")):
                bottom.set(qn(k), v)
            bdr.append(bottom)
            ppr.append(bdr)
        elif tag == "title":
            p = para(val, "方正小标宋简体", 22, False, WD_ALIGN_PARAGRAPH.CENTER, False)
            p.paragraph_format.line_spacing = Pt(36)
        elif tag == "subtitle":
            para(val, "楷体_GB2312", 16, False, WD_ALIGN_PARAGRAPH.CENTER, False)
        elif tag == "center":
            para(val, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        elif tag == "right":
            para(val, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        elif tag == "noindent":
            para(val, indent=False)
        elif tag == "blank":
            para("", indent=False)
        elif tag == "pagebreak":
            doc.add_page_break()
        elif tag == "h1":
            para(val, "黑体", 16)
        elif tag == "h2":
            para(val, "楷体_GB2312", 16)
        elif tag == "caption":
            para(val, "黑体", 14, False, WD_ALIGN_PARAGRAPH.CENTER, False, space_after=6)
        elif tag == "note":
            para(val, "仿宋_GB2312", 12, indent=False)
        elif tag == "p":
            para(val)
        elif tag == "table":
            rows = val["rows"]
            ncols = max(len(r) for r in rows)
            table = doc.add_table(rows=len(rows), cols=ncols)
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            weights = val["widths"] or [1] * ncols
            total = sum(weights)
            widths = [Cm(text_width_cm * w / total) for w in weights]
            table.autofit = False
            for ci, col in enumerate(table.columns):
                col.width = widths[ci]  # w:gridCol, which LibreOffice honours
            for ri, row in enumerate(rows):
                for ci in range(ncols):
                    cell = table.cell(ri, ci)
                    cell.width = widths[ci]
                    text = row[ci] if ci < len(row) else ""
                    if text == "^":
                        continue
                    p = cell.paragraphs[0]
                    p.paragraph_format.line_spacing = Pt(18)
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    set_font(p.add_run(text), "仿宋_GB2312", 10.5, bold=(ri == 0))
            # vertical merges ("^" cells)
            for ci in range(ncols):
                ri = 1
                while ri < len(rows):
                    if ci < len(rows[ri]) and rows[ri][ci] == "^":
                        start = ri - 1
                        end = ri
                        while end + 1 < len(rows) and ci < len(rows[end + 1]) and rows[end + 1][ci] == "^":
                            end += 1
                        table.cell(start, ci).merge(table.cell(end, ci))
                        # merge() may append empty paragraphs; drop them
                        merged = table.cell(start, ci)
                        for extra in merged.paragraphs[1:]:
                            if not extra.text:
                                extra._p.getparent().remove(extra._p)
                        ri = end + 1
                    else:
                        ri += 1
        else:
            raise ValueError(f"unknown tag @{tag}")
    if blocks and blocks[-1][0] == "table":
        para("", indent=False)  # Word always keeps a paragraph after a final table
    doc.save(out_path)


def docx_to_doc(docx_path, out_path):
    """Convert with LibreOffice into a temporary directory, then move into place."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("soffice not found")
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        cmd = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            tmp,
            str(docx_path),
        ]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        produced = Path(tmp) / (Path(docx_path).stem + ".doc")
        if not produced.exists():
            sys.exit(f"conversion failed for {docx_path}")
        shutil.move(str(produced), str(out_path))


# document properties written into the Word files (saved a few days before issue)
SAVED = {
    "f_hebei_tangshan_gxq_sannian_2026_2028.doc": "2026-01-23 16:40",
    "f_jiangxi_qingshanhu_kjpt_ssfa.wps": "2025-09-10 10:12",
    "f_henan_gongyi_shiwuwu_kjcx_guihua.docx": "2026-02-25 17:05",
}


def make_word97(src, out):
    blocks = parse(HERE / src)
    with tempfile.TemporaryDirectory() as tmp:
        docx_path = Path(tmp) / (Path(out).stem + ".docx")
        build_docx(blocks, docx_path, when=SAVED.get(out))
        docx_to_doc(docx_path, HERE / out)
        docx_path.unlink()  # the intermediate .docx is not kept


# ---------------------------------------------------------------- scanned PDF
FONT_DIR = "/usr/share/fonts/opentype/noto/"
DPI = 170


def px(pt):
    return int(round(pt * DPI / 72.0))


def render_pages(blocks):
    from PIL import Image, ImageDraw, ImageFont

    W, H = int(round(8.27 * DPI)), int(round(11.69 * DPI))
    left, right = int(2.5 / 2.54 * DPI), int(2.4 / 2.54 * DPI)
    top, bottom = int(2.3 / 2.54 * DPI), int(2.2 / 2.54 * DPI)
    width = W - left - right

    def font(kind, size):
        files = {
            "serif": "NotoSerifCJK-Regular.ttc",
            "serifb": "NotoSerifCJK-Bold.ttc",
            "sans": "NotoSansCJK-Regular.ttc",
            "sansb": "NotoSansCJK-Bold.ttc",
        }
        return ImageFont.truetype(FONT_DIR + files[kind], px(size), index=2)

    body = font("serif", 11.5)
    NOSTART = set("，。、；：？！）》”’％%")

    def wrap(text, fnt, maxw, indent=0):
        lines, cur, curw = [], "", indent
        for ch in text:
            w = fnt.getlength(ch)
            if curw + w > maxw and cur:
                if ch in NOSTART:  # keep closing punctuation on this line
                    cur += ch
                    lines.append(cur)
                    cur, curw = "", 0
                    continue
                lines.append(cur)
                cur, curw = "", 0
            cur += ch
            curw += w
        if cur:
            lines.append(cur)
        return lines or [""]

    pages = []
    state = {"img": None, "draw": None, "y": 0}

    def new_page():
        img = Image.new("RGB", (W, H), (255, 255, 255))
        state["img"], state["draw"], state["y"] = img, ImageDraw.Draw(img), top
        pages.append(img)

    def ensure(h):
        if state["img"] is None or state["y"] + h > H - bottom - px(20):
            new_page()

    def text_lines(text, fnt, align="left", indent_chars=0, color=(20, 20, 20), lead=1.55):
        size = fnt.size
        ind = indent_chars * size
        for i, line in enumerate(wrap(text, fnt, width, ind)):
            lh = int(size * lead)
            ensure(lh)
            lw = fnt.getlength(line)
            if align == "center":
                x = left + (width - lw) / 2
            elif align == "right":
                x = left + width - lw - size
            else:
                x = left + (ind if i == 0 else 0)
            state["draw"].text((x, state["y"]), line, font=fnt, fill=color)
            state["y"] += lh

    for tag, val in blocks:
        if tag == "redhead":
            text_lines(val, font("serifb", 20), "center", color=(200, 20, 25), lead=1.5)
        elif tag == "rule":
            ensure(px(8))
            y = state["y"] + px(2)
            state["draw"].line((left, y, left + width, y), fill=(200, 20, 25), width=px(1.5))
            state["y"] += px(10)
        elif tag == "title":
            state["y"] += px(4)
            text_lines(val, font("serifb", 15), "center", lead=1.5)
            state["y"] += px(4)
        elif tag == "subtitle" or tag == "center":
            text_lines(val, body, "center")
        elif tag == "right":
            text_lines(val, body, "right")
        elif tag == "noindent":
            text_lines(val, body)
        elif tag == "blank":
            state["y"] += int(body.size * 0.8)
        elif tag == "pagebreak":
            new_page()
        elif tag == "h1":
            text_lines(val, font("sansb", 11.5), indent_chars=2)
        elif tag == "h2":
            text_lines(val, font("serifb", 11.5), indent_chars=2)
        elif tag == "caption":
            state["y"] += px(3)
            text_lines(val, font("sansb", 11), "center")
        elif tag == "note":
            text_lines(val, font("serif", 9.5))
        elif tag == "p":
            text_lines(val, body, indent_chars=2)
        elif tag == "table":
            tfont = font("serif", 9.5)
            hfont = font("sansb", 9.5)
            rows = val["rows"]
            ncols = max(len(r) for r in rows)
            weights = val["widths"] or [1] * ncols
            colw = [width * w / sum(weights) for w in weights]
            pad = px(3)
            lh = int(tfont.size * 1.35)
            for ri, row in enumerate(rows):
                f = hfont if ri == 0 else tfont
                cells = [wrap(row[ci] if ci < len(row) else "", f, colw[ci] - 2 * pad) for ci in range(ncols)]
                rh = max(len(c) for c in cells) * lh + 2 * pad
                ensure(rh)
                y0 = state["y"]
                x = left
                d = state["draw"]
                for ci in range(ncols):
                    d.rectangle((x, y0, x + colw[ci], y0 + rh), outline=(15, 15, 15), width=2)
                    lines = cells[ci]
                    ty = y0 + (rh - len(lines) * lh) / 2
                    for ln in lines:
                        lw = f.getlength(ln)
                        left_align = ci == 1 and ri > 0 and len(lines) > 1
                        tx = x + pad if left_align else x + (colw[ci] - lw) / 2
                        d.text((tx, ty), ln, font=f, fill=(20, 20, 20))
                        ty += lh
                    x += colw[ci]
                state["y"] = y0 + rh
            state["y"] += px(4)
        else:
            raise ValueError(f"unknown tag @{tag}")

    # page numbers, as on the printed original
    pfont = font("serif", 10.5)
    for i, img in enumerate(pages, 1):
        d = ImageDraw.Draw(img)
        label = f"— {i} —"
        lw = pfont.getlength(label)
        d.text(((W - lw) / 2, H - bottom + px(4)), label, font=pfont, fill=(30, 30, 30))
    return pages


def scan_effect(img, rng):
    import numpy as np
    from PIL import Image, ImageFilter

    angle = rng.uniform(-0.5, 0.5)
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=(255, 255, 255))
    img = img.filter(ImageFilter.GaussianBlur(0.5))
    arr = np.asarray(img).astype(np.float32)
    # paper tone and a faint uneven illumination
    h, w, _ = arr.shape
    shade = np.linspace(0, 6, w)[None, :, None]
    arr = arr * 0.96 + 4 - shade
    nprng = np.random.default_rng(rng.randrange(1 << 30))
    arr += nprng.normal(0, 5.0, arr.shape[:2])[:, :, None]
    # a few dust specks
    for _ in range(120):
        y, x = nprng.integers(0, h), nprng.integers(0, w)
        arr[y : y + 2, x : x + 2, :] -= nprng.uniform(60, 140)
    arr = np.clip(arr, 0, 255).astype(np.uint8)
    return Image.fromarray(arr, "RGB"), angle


def make_scan(src, out):
    blocks = parse(HERE / src)
    pages = render_pages(blocks)
    rng = random.Random(20260403)
    scanned = []
    for p in pages:
        im, angle = scan_effect(p, rng)
        scanned.append(im)
        print(f"  page rotated {angle:+.2f} deg")
    # Pillow writes each RGB page as a JPEG image: image-only PDF, no text layer
    scanned[0].save(
        HERE / out,
        "PDF",
        resolution=DPI,
        save_all=True,
        append_images=scanned[1:],
        quality=80,
        title="",
        author="",
        creator="",
        producer="",
    )
    print(f"  {len(pages)} pages")
    return len(pages)


def make_docx(src, out):
    build_docx(parse(HERE / src), HERE / out, when=SAVED.get(out))


def check_htm(out):
    raw = (HERE / out).read_bytes()
    raw.decode("utf-8")  # must be UTF-8
    assert not raw.startswith(b"\xef\xbb\xbf"), "no BOM"
    low = raw.lower()
    assert b"charset" not in low and b"encoding=" not in low, "no charset declaration"


def main(argv):
    targets = argv or list(DOCS)
    for t in targets:
        src, out = DOCS[t]
        print(f"{t}: {out}")
        if t in ("doc", "wps"):
            make_word97(src, out)
        elif t == "pdf":
            make_scan(src, out)
        elif t == "docx":
            make_docx(src, out)
        elif t == "htm":
            check_htm(out)


if __name__ == "__main__":
    main(sys.argv[1:])
