"""PDF → blocks with pdfplumber: ruled tables as tables, the rest as text lines in page order.

Text outside the table areas is read line by line with its position, so a
table lands between the paragraphs around it. A page that is a picture (a
scan: almost no characters, images covering most of it) is read through OCR
(``formats.ocr``, the optional extra ``kechuang[ocr]``) into the same lines
and tables, so a mixed file reads its text pages as text and its scanned pages
through OCR, and all pages then go through the same paragraph and table rules.
"""

from __future__ import annotations

import contextlib
import io
import re
from itertools import islice

import pdfplumber
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import resolve1

from kechuang.reader.blocks import Block, Table
from kechuang.reader.deadline import NO_DEADLINE, Deadline
from kechuang.reader.errors import ReaderError
from kechuang.reader.formats.ocr import read_scanned_pages
from kechuang.reader.formats.text import clean_line, lines_to_blocks

MAX_PAGES = 400
# A scanned page: fewer characters than this in its text layer (a stamped page number or a
# header line) and pictures covering at least this share of the page.
SCAN_MAX_CHARS = 30
SCAN_MIN_COVER = 0.5
ENCRYPTED = "文件已加密（设有打开密码），无法读取；请去掉密码后重新上传"
DAMAGED = "文件已损坏，无法读取；请重新导出或另存后上传"
NO_TEXT = "文件中没有可提取的文字"


def pdf_to_blocks(data: bytes, deadline: Deadline = NO_DEADLINE) -> list[Block]:
    """Read a PDF, scanned pages through OCR; encrypted or damaged files raise ReaderError.

    A file whose scanned pages hold no text at all (a blank page scanned) gives
    no blocks rather than an error; a file without text or pictures raises.
    """
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except ReaderError:
        raise
    except Exception as exc:
        raise _pdf_error(exc) from exc
    # Judged before ``with pdf``: closing a pdfplumber PDF builds every page first.
    try:
        too_long = _more_pages_than(pdf, MAX_PAGES)
    except Exception as exc:
        raise _pdf_error(exc) from exc
    if too_long:
        raise ReaderError(f"PDF 页数过多（超过 {MAX_PAGES} 页）")
    pages: list[list[tuple[str, object]] | None] = []
    scanned: list[int] = []
    try:
        with pdf:
            for number, page in enumerate(pdf.pages):
                deadline.check()
                if is_scanned(page):
                    scanned.append(number)
                    pages.append(None)
                else:
                    pages.append(_page_items(page))
    except ReaderError:
        raise
    except Exception as exc:
        raise _pdf_error(exc) from exc
    read = read_scanned_pages(data, scanned, len(pages), deadline)
    items = [
        item for number, found in enumerate(pages) for item in (read[number] if found is None else found)
    ]
    blocks: list[Block] = []
    lines: list[str] = []
    for kind, item in items:
        if kind == "line":
            lines.append(item)  # type: ignore[arg-type]
        elif blocks and isinstance(blocks[-1], Table) and _continues(blocks[-1], item, lines):
            _join(blocks[-1], item)  # type: ignore[arg-type]
            lines = []
        else:
            blocks.extend(lines_to_blocks(lines, deadline=deadline))
            lines = []
            blocks.append(item)  # type: ignore[arg-type]
    blocks.extend(lines_to_blocks(lines, deadline=deadline))
    if not blocks and not scanned:
        raise ReaderError(NO_TEXT)
    return blocks


def is_scanned(page) -> bool:
    """A page that is a picture: next to no characters, and images covering most of it."""
    chars = sum(1 for c in page.chars if not str(c.get("text", "")).isspace())
    if chars >= SCAN_MAX_CHARS:
        return False
    width, height = float(page.width or 0), float(page.height or 0)
    if width <= 0 or height <= 0:
        return False
    covered = 0.0
    for image in page.images:
        x0, x1 = max(0.0, float(image.get("x0", 0))), min(width, float(image.get("x1", 0)))
        top, bottom = max(0.0, float(image.get("top", 0))), min(height, float(image.get("bottom", 0)))
        covered += max(0.0, x1 - x0) * max(0.0, bottom - top)
    return covered >= SCAN_MIN_COVER * width * height


def _more_pages_than(pdf, limit: int) -> bool:
    """Counted without building every page: ``pdf.pages`` would make all 5,000 of a 5,000-page file.

    The page tree's declared count answers at once; a count that lies low is
    caught by walking the tree no further than ``limit + 1`` pages.
    """
    with contextlib.suppress(Exception):  # a damaged tree is judged by walking it
        declared = resolve1(resolve1(pdf.doc.catalog.get("Pages")).get("Count"))
        if isinstance(declared, int) and declared > limit:
            return True
    return sum(1 for _ in islice(PDFPage.create_pages(pdf.doc), limit + 1)) > limit


_PAGE_MARK = re.compile(r"^[-－—\s]*(第\s*)?\d{1,3}\s*(页)?[-－—\s]*$")


def _continues(prev: Table, table: Table, between: list[str]) -> bool:
    """A table right after another (only page numbers between) with as many columns goes on across the page break."""
    if any(not _PAGE_MARK.match(line) for line in between):
        return False
    width = max(len(r) for r in prev.rows)
    return bool(table.rows) and all(len(r) == width for r in table.rows)


def _join(prev: Table, table: Table) -> None:
    """Append the rows; a repeated header is dropped and a first row with its first cell and most
    others empty is the rest of the row the page break cut ("县人力社保" + "局")."""
    rows = list(table.rows)
    if rows and rows[0] == prev.rows[0]:
        rows = rows[1:]
    if rows and not rows[0][0].strip() and sum(1 for c in rows[0] if c.strip()) * 2 <= len(rows[0]):
        last = prev.rows[-1]
        prev.rows[-1] = [a + b for a, b in zip(last, rows[0], strict=False)]
        rows = rows[1:]
    prev.rows.extend(rows)


def _pdf_error(exc: Exception) -> ReaderError:
    """pdfplumber wraps pdfminer's errors; look through the chain for a password problem."""
    chain, seen = [], exc
    for _ in range(5):
        if seen is None:
            break
        chain.append(seen)
        inner = [a for a in getattr(seen, "args", ()) if isinstance(a, BaseException)]
        seen = inner[0] if inner else (seen.__cause__ or seen.__context__)
    name = " ".join(type(e).__name__ + " " + str(e) for e in chain)
    if "Password" in name or "Encrypt" in name or "encrypt" in name:
        return ReaderError(ENCRYPTED)
    return ReaderError(DAMAGED)


def _page_items(page) -> list[tuple[str, object]]:
    found = page.find_tables()
    boxes = [t.bbox for t in found]
    placed: list[tuple[float, int, tuple[str, object]]] = []
    for t in found:
        rows = [[clean_line((c or "").replace("\n", "")) for c in row] for row in t.extract()]
        rows = [r for r in rows if any(r)]
        if rows:
            placed.append((t.bbox[1], 1, ("table", Table(rows))))

    def outside(obj) -> bool:
        x0, top, x1, bottom = obj.get("x0", 0), obj.get("top", 0), obj.get("x1", 0), obj.get("bottom", 0)
        cx, cy = (x0 + x1) / 2, (top + bottom) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    text_page = page.filter(outside) if boxes else page
    for line in text_page.extract_text_lines(layout=False, strip=True):
        text = clean_line(line.get("text", ""))
        if text:
            placed.append((line.get("top", 0.0), 0, ("line", text)))
    placed.sort(key=lambda p: (p[0], p[1]))
    return [p[2] for p in placed]
