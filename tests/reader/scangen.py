"""Scanned pages for the OCR tests: Chinese text and ruled tables drawn with Pillow, saved as image-only PDFs.

A page is a list of items — ``("title", text)``, ``("para", text)`` (wrapped
to the text width with a two-character indent, as government documents are),
``("heading", text)``, ``("table", rows)`` (a ruled grid; a cell holding
``None`` is merged into the cell above it) and ``("gap", pixels)``. The page is
then skewed, blurred, speckled and JPEG-compressed like a real scan, and each
page becomes one image in a PDF with no text layer at all.

The font is a subset of Noto Serif CJK SC (SIL Open Font License, see
``fixtures/OFL.txt``) holding only the characters these tests draw, so the tests
do not depend on the machine's fonts; ``fixtures/make_scan_font.py`` rebuilds it
when a test draws a new character.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = Path(__file__).resolve().parent / "fixtures" / "scan_font.otf"
A4_MM = (210, 297)


def _font(px: int) -> ImageFont.FreeTypeFont:
    if not FONT.is_file():
        raise FileNotFoundError(f"{FONT} is missing: run tests/reader/fixtures/make_scan_font.py")
    return ImageFont.truetype(str(FONT), px)


def draw_page(items: list[tuple[str, object]], *, dpi: int = 200, pt: float = 14) -> Image.Image:
    """A clean A4 page (greyscale) with the items laid out top to bottom; body text ``pt`` points
    (14 is 四号, as plans are printed; 10.5 is 五号), tables at four fifths of it."""
    width, height = (round(mm / 25.4 * dpi) for mm in A4_MM)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    px, size = dpi / 72, pt
    body = _font(round(size * px))
    title = _font(round(size * 10 / 7 * px))
    small = _font(round(size * 0.8 * px))
    left, right = round(25 / 25.4 * dpi), width - round(25 / 25.4 * dpi)
    y = round(30 / 25.4 * dpi)
    line_gap = round(body.size * 1.6)
    for kind, value in items:
        if kind == "title":
            w = draw.textlength(str(value), font=title)
            draw.text(((width - w) / 2, y), str(value), font=title, fill=0)
            y += round(title.size * 2)
        elif kind == "heading":
            draw.text((left + 2 * body.size, y), str(value), font=body, fill=0)
            y += line_gap
        elif kind == "para":
            for line in _wrap(draw, str(value), body, right - left, indent=2 * body.size):
                x = left + (2 * body.size if line[1] else 0)
                draw.text((x, y), line[0], font=body, fill=0)
                y += line_gap
        elif kind == "table":
            y = _draw_table(draw, value, small, left, right, y) + line_gap // 2  # type: ignore[arg-type]
        elif kind == "columns":  # a table without vertical rules: a rule above, below the header, below
            y = _draw_columns(draw, value, small, left, right, y) + line_gap // 2  # type: ignore[arg-type]
        elif kind == "gap":
            y += int(value)  # type: ignore[call-overload]
    return page


def _wrap(draw, text: str, font, width: int, *, indent: int) -> list[tuple[str, bool]]:
    lines: list[tuple[str, bool]] = []
    current, first = "", True
    for ch in text:
        room = width - (indent if first else 0)
        if draw.textlength(current + ch, font=font) > room:
            lines.append((current, first))
            current, first = ch, False
        else:
            current += ch
    if current:
        lines.append((current, first))
    return lines


def _draw_table(draw, rows: list[list[str | None]], font, left: int, right: int, top: int) -> int:
    """A ruled grid; columns as wide as their longest cell; a cell wider than its column wraps."""
    ncols = max(len(r) for r in rows)
    pad = font.size // 2
    natural = [
        max((draw.textlength(r[c] or "", font=font) for r in rows if c < len(r)), default=0) + 2 * pad
        for c in range(ncols)
    ]
    total = sum(natural)
    avail = right - left
    if total > avail:  # shrink the widest columns first
        widths = list(natural)
        while sum(widths) > avail:
            widest = max(range(ncols), key=lambda c: widths[c])
            widths[widest] -= 4
    else:
        widths = [w * avail / total for w in natural]
    xs = [left]
    for w in widths:
        xs.append(xs[-1] + round(w))
    row_tops = [top]
    cell_lines: list[list[list[str]]] = []
    for row in rows:
        wrapped = []
        for c in range(ncols):
            text = row[c] if c < len(row) else ""
            wrapped.append(
                [t for t, _ in _wrap(draw, text, font, xs[c + 1] - xs[c] - 2 * pad, indent=0)] if text else []
            )
        cell_lines.append(wrapped)
        height = max(1, *(len(w) for w in wrapped)) * round(font.size * 1.4) + 2 * pad
        row_tops.append(row_tops[-1] + height)
    # Merged cells (None) span down from the first non-None cell above them.
    for r, row in enumerate(rows):
        for c in range(ncols):
            text = row[c] if c < len(row) else ""
            if text is None:
                continue
            span = 1
            while r + span < len(rows) and c < len(rows[r + span]) and rows[r + span][c] is None:
                span += 1
            lines = cell_lines[r][c]
            block_h = len(lines) * round(font.size * 1.4)
            y = (row_tops[r] + row_tops[r + span]) / 2 - block_h / 2
            for line in lines:
                w = draw.textlength(line, font=font)
                draw.text(((xs[c] + xs[c + 1]) / 2 - w / 2, y), line, font=font, fill=0)
                y += round(font.size * 1.4)
            # the lines of this cell: bottom border unless merged below, right border always
            draw.line([(xs[c + 1], row_tops[r]), (xs[c + 1], row_tops[r + span])], fill=0, width=2)
            draw.line([(xs[c], row_tops[r + span]), (xs[c + 1], row_tops[r + span])], fill=0, width=2)
    draw.line([(xs[0], top), (xs[-1], top)], fill=0, width=2)
    draw.line([(xs[0], top), (xs[0], row_tops[-1])], fill=0, width=2)
    return row_tops[-1]


def _draw_columns(draw, rows: list[list[str]], font, left: int, right: int, top: int) -> int:
    """Cells at fixed column starts, no vertical rules (a "three-line" table)."""
    ncols = max(len(r) for r in rows)
    widths = [max(draw.textlength(r[c], font=font) for r in rows if c < len(r)) for c in range(ncols)]
    gap = (right - left - sum(widths)) / max(1, ncols - 1)
    xs = [left]
    for w in widths[:-1]:
        xs.append(xs[-1] + w + gap)
    step = round(font.size * 1.8)
    draw.line([(left, top), (right, top)], fill=0, width=3)
    y = top + step // 3
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            draw.text((xs[c], y), text, font=font, fill=0)
        y += step
        if r == 0:
            draw.line([(left, y - step // 4), (right, y - step // 4)], fill=0, width=1)
    draw.line([(left, y), (right, y)], fill=0, width=3)
    return y


def degrade(page: Image.Image, *, skew: float = 0.0, noise: float = 0.0, seed: int = 1) -> Image.Image:
    """What a scanner does: a small rotation, a little blur, grey speckles."""
    img = page
    if skew:
        img = img.rotate(skew, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    if noise:
        rnd = random.Random(seed)
        px = img.load()
        w, h = img.size
        for _ in range(int(w * h * noise)):
            x, y = rnd.randrange(w), rnd.randrange(h)
            px[x, y] = rnd.choice((0, 90, 180, 255))
    return img


def to_pdf(pages: list[Image.Image], *, dpi: int = 200, quality: int = 80) -> bytes:
    """Each page one JPEG image on an A4 page; no text layer."""
    out = io.BytesIO()
    rgb = [p.convert("L") for p in pages]
    rgb[0].save(
        out, "PDF", resolution=dpi, save_all=True, append_images=rgb[1:], quality=quality, optimize=False
    )
    return out.getvalue()


def merge_pdfs(*documents: bytes) -> bytes:
    """The pages of several PDFs, in order, as one PDF (a text page beside a scanned one)."""
    import pypdfium2

    merged = pypdfium2.PdfDocument.new()
    for data in documents:
        merged.import_pages(pypdfium2.PdfDocument(data))
    out = io.BytesIO()
    merged.save(out)
    return out.getvalue()


def scan_pdf(
    pages: list[list[tuple[str, object]]],
    *,
    dpi: int = 200,
    skew: float = 0.0,
    noise: float = 0.0,
    pt: float = 14,
) -> bytes:
    """Draw, degrade and bind pages into an image-only PDF."""
    drawn = [draw_page(items, dpi=dpi, pt=pt) for items in pages]
    return to_pdf([degrade(page, skew=skew, noise=noise, seed=i) for i, page in enumerate(drawn)], dpi=dpi)
