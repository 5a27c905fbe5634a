"""Hostile uploads built in milliseconds: zip bombs, a lying sheet dimension, deep nesting, a 5,000-page PDF.

Every builder writes its big parts in chunks through ``zipfile`` (deflate of
repetitive bytes), so a part that expands to hundreds of megabytes costs a few
hundred kilobytes and well under a second to make; nothing big is ever held in
memory at once.
"""

from __future__ import annotations

import random
import struct
import zlib
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

MB = 1024 * 1024
_CHUNK = 4 * MB

_XLSX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="{target}" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    "</Relationships>"
)
_SHEET_OPEN = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
_DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _repeat(unit: bytes, total: int) -> Iterable[bytes]:
    """``unit`` repeated up to ``total`` bytes, in chunks of about 4 MB (the same chunk object each time)."""
    chunk = unit * max(1, _CHUNK // len(unit))
    written = 0
    while written + len(chunk) <= total:
        yield chunk
        written += len(chunk)
    rest = (total - written) // len(unit)
    if rest:
        yield unit * rest


def _deflate(pieces: Iterable[bytes]) -> tuple[bytes, int, int]:
    """Raw deflate data, CRC-32 and size of the concatenated ``pieces``.

    Each piece ends with a full flush, which resets the compressor, so a piece
    seen again (the same object) compresses to the same bytes: those are reused
    instead of compressing hundreds of megabytes again.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    out = bytearray()
    crc = size = 0
    last: tuple[bytes, bytes] | None = None
    for piece in pieces:
        if last is not None and last[0] is piece:
            out += last[1]
        else:
            packed = compressor.compress(piece) + compressor.flush(zlib.Z_FULL_FLUSH)
            last = (piece, packed)
            out += packed
        crc = zlib.crc32(piece, crc)
        size += len(piece)
    out += compressor.flush(zlib.Z_FINISH)
    return bytes(out), crc, size


def _zip(parts: Sequence[tuple[str, Iterable[bytes] | bytes | str]]) -> bytes:
    """A zip archive (deflate, no zip64) written by hand, so that huge repetitive parts cost milliseconds."""
    out = bytearray()
    directory = bytearray()
    for name, content in parts:
        if isinstance(content, str):
            content = content.encode()
        data, crc, size = _deflate([content] if isinstance(content, bytes) else content)
        encoded = name.encode()
        offset = len(out)
        out += struct.pack(
            "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0
        )
        out += encoded + data
        directory += struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            20,
            20,
            0,
            8,
            0,
            0x21,
            crc,
            len(data),
            size,
            len(encoded),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        directory += encoded
    start = len(out)
    out += directory
    out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(directory), start, 0)
    return bytes(out)


def _cells(row: int, values: Sequence[object]) -> str:
    cells = []
    for col, value in enumerate(values):
        ref = f"{chr(ord('A') + col)}{row}"
        if value is None:
            continue
        if isinstance(value, int | float):
            cells.append(f'<c r="{ref}"><v>{value}</v></c>')
        else:
            cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>')
    return f'<row r="{row}">{"".join(cells)}</row>'


def xlsx(
    rows: Sequence[Sequence[object]],
    *,
    sheet: str = "Sheet1",
    dimension: str | None = None,
    filler: bytes = b"",
    filler_bytes: int = 0,
    nested: int = 0,
    last_row: int | None = None,
) -> bytes:
    """A workbook of one sheet: ``rows`` from row 1, then ``filler`` repeated to ``filler_bytes``.

    ``dimension`` is written as the sheet's declared size whatever the rows are;
    ``nested`` adds a row of "x" whose second cell nests that many elements;
    ``last_row`` puts one more cell that far down.
    """
    head = _SHEET_OPEN
    if dimension:
        head += f'<dimension ref="{dimension}"/>'
    head += "<sheetData>" + "".join(_cells(i, r) for i, r in enumerate(rows, start=1))

    def sheet_xml() -> Iterable[bytes]:
        yield head.encode()
        if filler_bytes:
            yield from _repeat(filler, filler_bytes)
        if nested:
            n = len(rows) + 1
            yield f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>x</t></is></c><c r="B{n}" t="inlineStr"><is>'.encode()
            yield from _repeat(b"<r>", 3 * nested)
            yield b"<t>x</t>"
            yield from _repeat(b"</r>", 4 * nested)
            yield b"</is></c></row>"
        if last_row:
            yield f'<row r="{last_row}"><c r="A{last_row}" t="inlineStr"><is><t>x</t></is></c></row>'.encode()
        yield b"</sheetData></worksheet>"

    return _zip(
        [
            ("[Content_Types].xml", _XLSX_TYPES),
            ("_rels/.rels", _RELS.format(target="xl/workbook.xml")),
            ("xl/workbook.xml", _WORKBOOK.format(name=escape(sheet))),
            ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
            ("xl/worksheets/sheet1.xml", sheet_xml()),
        ]
    )


def xlsx_wide_row(head: Sequence[object], *, sheet: str = "Sheet1", cells: int = 1_500_000) -> bytes:
    """A workbook whose second row holds ``cells`` numbers: within every size and ratio cap, yet
    a reader that builds the row before handing it over needs about a kilobyte per cell."""
    row = ('<row r="2">' + "".join(f"<c><v>{n}</v></c>" for n in range(cells)) + "</row>").encode()
    # A size declared, as Excel always does: openpyxl otherwise walks the whole sheet once to find it.
    return xlsx([head], sheet=sheet, dimension="A1:XFD2", filler=row, filler_bytes=len(row))


def xlsx_bomb(rows: Sequence[Sequence[object]], *, sheet: str = "Sheet1", expanded: int = 300 * MB) -> bytes:
    """A workbook whose sheet expands to ``expanded`` bytes of empty rows after ``rows``."""
    return xlsx(rows, sheet=sheet, filler=b"<row/>", filler_bytes=expanded)


def docx(body_xml: Iterable[bytes] | bytes) -> bytes:
    """A Word document whose ``word/document.xml`` body is ``body_xml``."""

    def document() -> Iterable[bytes]:
        yield f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}"><w:body>'.encode()
        if isinstance(body_xml, bytes):
            yield body_xml
        else:
            yield from body_xml
        yield b"</w:body></w:document>"

    return _zip(
        [
            ("[Content_Types].xml", _DOCX_TYPES),
            ("_rels/.rels", _RELS.format(target="word/document.xml")),
            ("word/document.xml", document()),
        ]
    )


def docx_bomb(expanded: int = 400 * MB) -> bytes:
    """A Word document whose ``document.xml`` expands to ``expanded`` bytes of short paragraphs."""
    paragraph = "<w:p><w:r><w:t>科技创新发展规划</w:t></w:r></w:p>".encode()
    return docx(_repeat(paragraph, expanded))


def docx_nested(depth: int = 100_000) -> bytes:
    """A Word document whose body nests ``depth`` content controls inside each other.

    Each control carries a random id, as Word writes them, so the part compresses
    like a real document (about 15x) and is judged by its depth, not its ratio.
    """
    ids = random.Random(depth)
    opening = "".join(
        f'<w:sdt><w:sdtPr><w:id w:val="{ids.randrange(10**9)}"/></w:sdtPr><w:sdtContent>'
        for _ in range(depth)
    )
    return docx(
        [
            opening.encode(),
            "<w:p><w:r><w:t>科技创新</w:t></w:r></w:p>".encode(),
            b"</w:sdtContent></w:sdt>" * depth,
        ]
    )


def html_nested(depth: int = 100_000) -> bytes:
    """An HTML page whose body nests ``depth`` elements, one per line."""
    return (
        b"<!DOCTYPE html><html><head><title>\xe7\xa7\x91\xe6\x8a\x80</title></head><body>\n"
        + b"<div>\n" * depth
        + "科技创新发展规划（2024—2026年）\n".encode()
        + b"</div>\n" * depth
        + b"</body></html>\n"
    )


def long_text(paragraphs: int = 9_000) -> bytes:
    """A plain-text plan of ``paragraphs`` goal sentences: under every size cap, slow to read in full."""
    return "".join(
        f"{n}. 到2026年，全区高新技术企业达到{500 + n}家，研发经费支出占比达到{n % 7}%。\n"
        for n in range(paragraphs)
    ).encode()


def pdf_pages(count: int = 5_000) -> bytes:
    """A PDF of ``count`` empty A4 pages, written by hand (no PDF library)."""
    first_page = 3
    kids = " ".join(f"{first_page + i} 0 R" for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode(),
    ]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
    objects += [page] * count
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def html_unclosed(count: int = 150_000) -> bytes:
    """An HTML page whose body opens ``count`` inline tags and never closes one (each nests in the last)."""
    return (
        b'<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title></head><body>'
        + b"<b><i>" * (count // 2)
        + "科技创新发展规划（2024—2026年）".encode()
        + b"</body></html>"
    )


def html_huge(total: int = 19 * MB) -> bytes:
    """An HTML page of ``total`` bytes of short goal paragraphs: under the upload limit, far beyond any plan."""
    paragraph = "<p>到2026年，全区高新技术企业达到500家。</p>\n".encode()
    return (
        b'<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title></head><body>\n'
        + paragraph * (total // len(paragraph))
        + b"</body></html>\n"
    )


def ole_garbage(size: int = 64 * 1024) -> bytes:
    """A file that starts like an Office 97–2003 document (the OLE signature) and is random bytes after."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random.Random(size).randbytes(size)
