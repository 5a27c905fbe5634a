"""Word (.docx) → blocks, paragraphs and tables in body order.

python-docx lists paragraphs and tables separately; walking the body XML keeps
their order. Cells are read from the XML too, so that a horizontally merged
cell gives its text once and a vertically merged one only in its first row
(the tables then look like the text tables: merged cells empty below).
"""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.oxml.ns import qn

from kechuang.reader.blocks import Block, Paragraph, Table
from kechuang.reader.deadline import NO_DEADLINE, Deadline
from kechuang.reader.errors import ReaderError
from kechuang.reader.formats.text import clean_line, lines_to_blocks

_P, _TBL, _SDT = qn("w:p"), qn("w:tbl"), qn("w:sdt")


def is_docx(data: bytes) -> bool:
    """A zip archive holding word/document.xml."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "word/document.xml" in zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def docx_to_blocks(data: bytes, deadline: Deadline = NO_DEADLINE) -> list[Block]:
    """Read a .docx document; any parse failure becomes ReaderError."""
    try:
        document = Document(io.BytesIO(data))
        body = document.element.body
    except Exception as exc:  # python-docx raises many types for a damaged package
        raise ReaderError("Word 文件已损坏，无法读取") from exc
    blocks: list[Block] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            blocks.extend(lines_to_blocks(pending, join=False, deadline=deadline))
            pending.clear()

    for kind, element in _iter_body(body):
        deadline.check()
        if kind == "p":
            pending.append(clean_line(_paragraph_text(element)))
        else:
            rows = _table_rows(element)
            if rows:
                flush()
                blocks.append(Table(rows))
    flush()
    caption_tables(blocks)
    return blocks


def _iter_body(element):
    for child in element.iterchildren():
        if child.tag == _P:
            yield "p", child
        elif child.tag == _TBL:
            yield "tbl", child
        elif child.tag == _SDT:
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _iter_body(content)


def _paragraph_text(p) -> str:
    parts: list[str] = []
    for node in p.iter():
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parts.append("\t")
        elif node.tag in (qn("w:br"), qn("w:cr")):
            parts.append(" ")
    return "".join(parts)


def _cell_text(tc) -> str:
    texts = [_paragraph_text(p).strip() for p in tc.iter(qn("w:p"))]
    return " ".join(t for t in texts if t)


def _table_rows(tbl) -> list[list[str]]:
    rows: list[list[str]] = []
    for tr in tbl.iterchildren(qn("w:tr")):
        row: list[str] = []
        for tc in tr.iterchildren(qn("w:tc")):
            tc_pr = tc.find(qn("w:tcPr"))
            span, continued = 1, False
            if tc_pr is not None:
                grid = tc_pr.find(qn("w:gridSpan"))
                if grid is not None:
                    try:
                        span = max(1, int(grid.get(qn("w:val"), "1")))
                    except ValueError:
                        span = 1
                vmerge = tc_pr.find(qn("w:vMerge"))
                if vmerge is not None and vmerge.get(qn("w:val"), "continue") != "restart":
                    continued = True
            text = "" if continued else _cell_text(tc)
            row.extend([text] + [""] * (span - 1))
        if any(c.strip() for c in row):
            rows.append(row)
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def caption_tables(blocks: list[Block]) -> None:
    """A short line just above a table names it (the web page reader uses the same rule)."""
    for ix, block in enumerate(blocks):
        if isinstance(block, Table) and ix > 0 and isinstance(blocks[ix - 1], Paragraph):
            prev = blocks[ix - 1].text
            if len(prev) <= 60 and not prev.endswith(("。", "；")):
                block.caption = prev
