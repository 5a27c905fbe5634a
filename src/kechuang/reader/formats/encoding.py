"""Bytes → text for plain-text plans: BOMs, then UTF-8, then GB18030 (a superset of GBK).

Chinese government files travel as UTF-8, GBK or UTF-16; anything that decodes
to mostly control or unassigned characters is treated as binary junk.
"""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

from kechuang.reader.errors import ReaderError

UNKNOWN_TYPE = (
    "无法识别的文件类型，请上传 Word（.docx/.doc/.wps）、PDF、网页（.html）或文本（.txt）格式的规划文件"
)

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes) -> str:
    """Decode a text document or raise ReaderError when it is not text."""
    text = None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise ReaderError("文本文件编码损坏，无法解码") from exc
            break
    if text is None and b"\x00" in data[:8192]:
        text = _utf16_without_bom(data)
        if text is None:
            raise ReaderError(UNKNOWN_TYPE)
    if text is None:
        for codec in ("utf-8", "gb18030"):
            try:
                text = data.decode(codec)
                break
            except UnicodeDecodeError:
                continue
    if text is None:
        best = from_bytes(data[:200_000]).best()
        if best is None:
            raise ReaderError(UNKNOWN_TYPE)
        text = data.decode(best.encoding, errors="replace")
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ReaderError("文件中没有文字内容")
    if junk_ratio(text) > 0.08:
        raise ReaderError(UNKNOWN_TYPE)
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM shows NUL bytes in every other position."""
    head = data[:4096]
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    codec = "utf-16-le" if odd > even else "utf-16-be"
    if max(even, odd) < len(head) // 4:
        return None
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def junk_ratio(text: str) -> float:
    """Share of characters a plan never contains: controls, private use, unassigned."""
    sample = text[:20_000]
    bad = 0
    for ch in sample:
        if ch in "\t\n\r\f":
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Co", "Cn", "Cs") or ch == "\ufffd" or ord(ch) > 0xFFFF:
            bad += 1
    return bad / max(1, len(sample))
