"""Every failure is a ReaderError with a one-line Chinese message; nothing hangs."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from kechuang.reader import ReaderError, extract_bytes, extract_path

from .pdfgen import make_pdf


def _refused(data: bytes, **kw) -> str:
    with pytest.raises(ReaderError) as info:
        extract_bytes(data, "doc", **kw)
    message = str(info.value)
    assert message and "\n" not in message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
    return message


def test_empty_and_blank_files():
    assert "为空" in _refused(b"")
    assert "为空" in _refused(b"  \n\t\n")


def test_binary_junk():
    _refused(os.urandom(4096))
    _refused(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)


def test_corrupt_pdf():
    pdf = make_pdf(["Hello"], [["a", "b"], ["c", "d"]], [])
    assert "损坏" in _refused(pdf[: len(pdf) // 3])
    assert "损坏" in _refused(b"%PDF-1.7\n" + os.urandom(2000))


def test_encrypted_pdf():
    assert "加密" in _refused(make_pdf(["x"], [["a", "b"], ["c", "d"]], [], encrypt=True))


def test_zip_that_is_not_a_word_document():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    assert "Word" in _refused(buf.getvalue())
    assert "损坏" in _refused(b"PK\x03\x04" + os.urandom(300))


def test_docx_with_broken_document_xml():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document><broken")
    _refused(buf.getvalue())


def test_too_large(tmp_path):
    data = "到2025年，孵化器达到10家。\n".encode() * 200
    assert "过大" in _refused(data, max_bytes=1000)
    path = tmp_path / "big.txt"
    path.write_bytes(data)
    with pytest.raises(ReaderError, match="过大"):
        extract_path(path, max_bytes=1000)


def test_missing_file(tmp_path):
    with pytest.raises(ReaderError, match="找不到"):
        extract_path(tmp_path / "nothing.docx")


def test_time_limit_is_enforced(seed_paths):
    data = seed_paths[0].read_bytes() * 20
    assert "超时" in _refused(data, timeout_s=0.001)


def test_old_word_format_is_named():
    assert ".doc" in _refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
