"""A tiny hand-written PDF (Helvetica text, ruled table) for the PDF reader tests, no extra library."""

from __future__ import annotations


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(paragraphs_above, table_rows, paragraphs_below, *, encrypt: bool = False) -> bytes:
    """One A4 page: lines of text, then a grid table with one text per cell, then more lines."""
    ops: list[str] = []
    y = 800
    for line in paragraphs_above:
        ops.append(f"BT /F1 11 Tf 50 {y} Td ({_esc(line)}) Tj ET")
        y -= 20
    y -= 10
    col_w, row_h = 110, 22
    ncols = max(len(r) for r in table_rows)
    top = y
    for r, row in enumerate(table_rows):
        for c, cell in enumerate(row):
            ops.append(f"BT /F1 10 Tf {55 + c * col_w} {top - (r + 1) * row_h + 7} Td ({_esc(cell)}) Tj ET")
    bottom = top - len(table_rows) * row_h
    for r in range(len(table_rows) + 1):
        yy = top - r * row_h
        ops.append(f"50 {yy} m {50 + ncols * col_w} {yy} l S")
    for c in range(ncols + 1):
        xx = 50 + c * col_w
        ops.append(f"{xx} {top} m {xx} {bottom} l S")
    y = bottom - 30
    for line in paragraphs_below:
        ops.append(f"BT /F1 11 Tf 50 {y} Td ({_esc(line)}) Tj ET")
        y -= 20
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    if encrypt:
        objects.append(
            b"<< /Filter /Standard /V 1 /R 2 /P -44 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32 + b"> >>"
        )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for num, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if encrypt:
        trailer += (
            b" /Encrypt 6 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]"
        )
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
