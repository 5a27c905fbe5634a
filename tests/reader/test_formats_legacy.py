"""Old Word files (.doc, .wps) and RTF read through LibreOffice give the plan their .docx gives.

The .doc files are made here from a .docx by LibreOffice itself (what 另存为 Word 97–2003 does), so
no binary fixture is committed. Excel, PowerPoint, encrypted and damaged OLE files are built by
hand (``officegen.ole_file``): only their directory is read before they are refused.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from kechuang.reader import ReaderError, extract_bytes
from kechuang.reader.deadline import Deadline
from kechuang.reader.formats import detect_format, legacy, read_blocks

from . import webgen
from .officegen import convert, ole_file, require_soffice, word_header


@pytest.fixture(scope="module")
def plan_docx() -> bytes:
    return webgen.plan_docx()


@pytest.fixture(scope="module")
def plan_doc(plan_docx) -> bytes:
    return convert(plan_docx, "docx", "doc:MS Word 97")


def _refused(data: bytes) -> str:
    with pytest.raises(ReaderError) as caught:
        extract_bytes(data, "plan.doc")
    message = str(caught.value)
    assert "\n" not in message and any("\u4e00" <= ch <= "\u9fff" for ch in message)
    return message


def test_a_doc_gives_the_same_plan_as_the_docx_it_was_saved_from(plan_doc, plan_docx):
    assert plan_doc.startswith(legacy.OLE_MAGIC)
    assert detect_format(plan_doc) == "doc"

    assert read_blocks(plan_doc) == read_blocks(plan_docx)
    result = extract_bytes(plan_doc, "plan.doc")
    assert result == extract_bytes(plan_docx, "plan.docx")
    assert result["document"]["title"] == webgen.PLAN_TITLE
    assert len(result["indicators"]) == 7 and len(result["tasks"]) == 2


def test_a_wps_file_is_the_same_word_format_and_reads_alike(plan_doc, plan_docx):
    # WPS Office writes .wps in the Word 97–2003 format; the name does not decide, the content does.
    assert extract_bytes(plan_doc, "plan.wps") == extract_bytes(plan_docx, "plan.docx")


def test_rtf_is_converted_too(plan_docx):
    rtf = convert(plan_docx, "docx", "rtf")
    assert detect_format(rtf) == "rtf"

    result = extract_bytes(rtf, "plan.rtf")

    assert result["document"]["title"] == webgen.PLAN_TITLE
    assert {i["name"] for i in result["indicators"]} == {
        i["name"] for i in extract_bytes(plan_docx, "plan.docx")["indicators"]
    }


def test_two_conversions_at_once_do_not_lock_each_other(plan_doc):
    results: list[object] = [None, None]

    def read(ix: int) -> None:
        try:
            results[ix] = extract_bytes(plan_doc, f"plan{ix}.doc")
        except ReaderError as exc:
            results[ix] = exc

    threads = [threading.Thread(target=read, args=(ix,)) for ix in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    assert all(isinstance(r, dict) for r in results), results
    assert results[0] == results[1]


def _converter_processes(marker: str) -> list[str]:
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\x00", b" ").decode(errors="ignore")
            state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        except OSError:
            continue
        if marker in cmdline and state != "Z":
            found.append(cmdline)
    return found


def _converters_gone(marker: str) -> bool:
    """Killed converters leave within moments; a loaded machine may need a few seconds to reap them."""
    give_up = time.monotonic() + 15
    while _converter_processes(marker):
        if time.monotonic() > give_up:
            return False
        time.sleep(0.2)
    return True


def test_a_conversion_past_the_deadline_is_stopped_and_leaves_nothing_behind(plan_doc, tmp_path, monkeypatch):
    require_soffice()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    deadline = Deadline(0.3)

    with pytest.raises(ReaderError, match="超时"):
        read_blocks(plan_doc, deadline)

    assert list(tmp_path.iterdir()) == []  # the temporary folder and its profile are gone
    assert _converters_gone(str(tmp_path))


def test_a_cancelled_read_stops_the_converter(plan_doc, tmp_path, monkeypatch):
    require_soffice()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    deadline = Deadline(60)
    threading.Timer(0.3, lambda: setattr(deadline, "cancelled", True)).start()

    with pytest.raises(ReaderError, match="超时"):
        read_blocks(plan_doc, deadline)

    assert list(tmp_path.iterdir()) == []
    assert _converters_gone(str(tmp_path))


def test_without_libreoffice_the_message_says_what_to_do(plan_doc, monkeypatch):
    monkeypatch.setenv("KECHUANG_SOFFICE", "/nonexistent/soffice")

    message = _refused(plan_doc)

    assert message == legacy.NO_CONVERTER
    assert "另存为 .docx" in message and "管理员" in message


# --- refused before LibreOffice is asked ----------------------------------------------------------


@pytest.mark.parametrize(
    ("streams", "message"),
    [
        ({"Workbook": b"\x09\x08" * 100, "SummaryInformation": b"x"}, legacy.EXCEL),
        ({"Book": b"\x09\x02" * 100}, legacy.EXCEL),
        ({"PowerPoint Document": b"x" * 100, "Current User": b"y"}, legacy.POWERPOINT),
        ({"EncryptionInfo": b"\x04\x00", "EncryptedPackage": b"x" * 100}, legacy.ENCRYPTED),
        ({"WordDocument": word_header(encrypted=True), "1Table": b"x" * 100}, legacy.ENCRYPTED),
        ({"WordDocument": b"not a word header" * 10, "1Table": b"x"}, legacy.DAMAGED),
        ({"VisioDocument": b"x" * 100}, legacy.NOT_WORD),
    ],
    ids=["xls", "xls-95", "ppt", "encrypted-docx", "encrypted-doc", "bad-word-header", "visio"],
)
def test_other_office_files_are_named_for_what_they_are(streams, message, monkeypatch):
    monkeypatch.setenv("KECHUANG_SOFFICE", "/nonexistent/soffice")  # none of these may reach it

    assert _refused(ole_file(streams)) == message


@pytest.mark.parametrize(
    "data",
    [
        legacy.OLE_MAGIC + os.urandom(4096),
        legacy.OLE_MAGIC[:4] + b"\x00" * 600,
        ole_file({"WordDocument": word_header()})[:700],
    ],
    ids=["garbage-after-magic", "short-magic", "truncated"],
)
def test_a_damaged_ole_file_is_one_clear_sentence(data):
    assert _refused(data) == legacy.DAMAGED


def test_a_word_file_whose_content_is_garbage_is_refused_after_conversion():
    require_soffice()
    data = ole_file({"WordDocument": word_header() + os.urandom(8192), "1Table": os.urandom(4096)})

    assert _refused(data) in (legacy.EMPTY, legacy.CONVERT_FAILED)


def test_the_converter_runs_without_network():
    if legacy._network_jail() is None:
        pytest.skip("this account may not create a network namespace (unshare --net)")
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        reach = f"import socket; socket.create_connection(('127.0.0.1', {port}), timeout=2)"
        command = [sys.executable, "-c", reach]

        outside = subprocess.run(command, capture_output=True, timeout=30, check=False)
        inside = subprocess.run(legacy._guarded(command, 20), capture_output=True, timeout=30, check=False)

    assert outside.returncode == 0
    assert inside.returncode != 0 and b"Error" in inside.stderr  # what the converter would meet
