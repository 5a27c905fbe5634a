"""Format readers: bytes → ordered blocks; the format is told by content, never by name."""

from __future__ import annotations

import io
import zipfile

from kechuang.reader.blocks import Block
from kechuang.reader.deadline import NO_DEADLINE, Deadline
from kechuang.reader.errors import ReaderError
from kechuang.reader.formats.docx import docx_to_blocks, is_docx
from kechuang.reader.formats.encoding import decode_text
from kechuang.reader.formats.pdf import pdf_to_blocks
from kechuang.reader.formats.text import lines_to_blocks, text_to_blocks

__all__ = ["detect_format", "read_blocks", "text_to_blocks", "lines_to_blocks"]


def detect_format(data: bytes) -> str:
    """'pdf', 'docx' or 'text' from magic bytes; other archives and binaries raise ReaderError."""
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
            raise ReaderError("压缩文件已损坏，无法读取") from exc
        raise ReaderError("压缩包不是 Word 文档（缺少 word/document.xml）")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReaderError("不支持旧版 Word/Excel（.doc/.xls）格式，请另存为 .docx")
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")):
        raise ReaderError("文件不是可识别的文本、Word 或 PDF 文档")
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
    else:
        text = decode_text(data)
        if sum(1 for line in text.splitlines() if line.strip()) > 3 * MAX_BLOCKS:
            raise ReaderError(_TOO_LONG)
        blocks = text_to_blocks(text, deadline)
    if len(blocks) > MAX_BLOCKS:
        raise ReaderError(_TOO_LONG)
    return blocks
