"""Format readers: bytes → ordered blocks; the format is told by content, never by name."""

from __future__ import annotations

import io
import zipfile

from kechuang.reader.blocks import Block
from kechuang.reader.deadline import NO_DEADLINE, Deadline
from kechuang.reader.errors import ReaderError
from kechuang.reader.formats.docx import docx_to_blocks, is_docx
from kechuang.reader.formats.encoding import UNKNOWN_TYPE, decode_text
from kechuang.reader.formats.html import html_to_blocks, looks_like_html
from kechuang.reader.formats.legacy import legacy_kind, legacy_to_blocks
from kechuang.reader.formats.pdf import pdf_to_blocks
from kechuang.reader.formats.text import lines_to_blocks, text_to_blocks

__all__ = ["detect_format", "read_blocks", "text_to_blocks", "lines_to_blocks"]


def detect_format(data: bytes) -> str:
    """'pdf', 'docx', 'doc' (Word 97–2003/WPS), 'rtf', 'html' or 'text' from the content.

    Other archives, Office files and binaries raise ReaderError. The upload path asks this
    too (``plans.drafts.sniff_document``), so one place decides what a file is.
    """
    head = data[:1024].lstrip(b"\x00\t\r\n ")
    if head.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        if is_docx(data):
            return "docx"
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                zf.namelist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise ReaderError("文件不是有效的 Word（.docx）文档，压缩包已损坏") from exc
        raise ReaderError("压缩文件不是 Word（.docx）文档，请上传 Word、PDF、网页或文本格式的规划文件")
    kind = legacy_kind(data)
    if kind:
        return kind
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")):
        raise ReaderError(UNKNOWN_TYPE)
    if looks_like_html(data):
        return "html"
    return "text"


# A plan runs to a few hundred paragraphs and tables, a long one to a few thousand; reading costs
# about 0.3 ms a paragraph, so a file of 10⁵ one-word lines (or nested HTML) would keep it busy for
# a minute. Refuse such files at once.
MAX_BLOCKS = 10_000
_TOO_LONG = f"文档过长（超过 {MAX_BLOCKS} 段），不像是一份规划文件，请检查后重新上传"


def read_blocks(data: bytes, deadline: Deadline = NO_DEADLINE) -> list[Block]:
    """Detect the format and read the document into blocks (at most ``MAX_BLOCKS``)."""
    if not data or not data.strip():
        raise ReaderError("文件为空")
    kind = detect_format(data)
    if kind == "pdf":
        blocks = pdf_to_blocks(data, deadline)
    elif kind == "docx":
        blocks = docx_to_blocks(data, deadline)
    elif kind == "html":
        blocks = html_to_blocks(data, deadline)
    elif kind in ("doc", "rtf"):
        blocks = legacy_to_blocks(data, kind, deadline)
    else:
        text = decode_text(data)
        if sum(1 for line in text.splitlines() if line.strip()) > 3 * MAX_BLOCKS:
            raise ReaderError(_TOO_LONG)
        blocks = text_to_blocks(text, deadline)
    if len(blocks) > MAX_BLOCKS:
        raise ReaderError(_TOO_LONG)
    return blocks
