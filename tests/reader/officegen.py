"""Old Office files for the tests: real ones made by LibreOffice, and OLE containers built by hand.

``require_soffice()`` is how a test asks for LibreOffice. ``make test`` installs it
(scripts/ensure_libreoffice.sh), so a test that needs it fails when it is missing
rather than skipping unseen; set ``KECHUANG_ALLOW_NO_SOFFICE=1`` to skip instead
on a machine without it.

``ole_file({name: bytes})`` writes a minimal OLE compound file (version 3, 512-byte
sectors, each stream padded to the 4 KB mini-stream cutoff, so no mini stream is needed) with the given
top-level streams: enough to stand for an Excel, PowerPoint, encrypted or Word file
whose directory is all that is read before LibreOffice is asked.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

import pytest

SECTOR = 512
END_OF_CHAIN = 0xFFFFFFFE
FREE = 0xFFFFFFFF
FAT_SECTOR = 0xFFFFFFFD
NO_STREAM = 0xFFFFFFFF


def require_soffice() -> str:
    """The path of LibreOffice's soffice; fails the test without it unless KECHUANG_ALLOW_NO_SOFFICE=1."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get("KECHUANG_ALLOW_NO_SOFFICE") == "1":
        pytest.skip("LibreOffice (soffice) is not installed and KECHUANG_ALLOW_NO_SOFFICE=1")
    pytest.fail(
        "LibreOffice (soffice) is needed to read .doc/.wps files and is not installed: run "
        "`bash scripts/ensure_libreoffice.sh` (make test does), or set KECHUANG_ALLOW_NO_SOFFICE=1 to skip"
    )


def convert(data: bytes, source_suffix: str, target: str) -> bytes:
    """``data`` (a .``source_suffix`` file) converted by LibreOffice to ``target`` ("doc", "rtf", ...)."""
    soffice = require_soffice()
    with tempfile.TemporaryDirectory(prefix="kechuang-test-convert-") as tmp:
        work = Path(tmp)
        source = work / f"plan.{source_suffix}"
        source.write_bytes(data)
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                target,
                "--outdir",
                str(work / "out"),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
            env={**os.environ, "HOME": str(work)},
        )
        return (work / "out" / f"plan.{target.split(':')[0]}").read_bytes()


def ole_file(streams: dict[str, bytes]) -> bytes:
    """A compound file whose root holds ``streams``, each zero-padded to at least 4 KB."""
    names = sorted(streams, key=lambda n: (len(n), n.upper()))
    chains: list[tuple[int, int]] = []  # (first sector, sector count) per stream, data sectors numbered later
    data_sectors: list[bytes] = []
    for name in names:
        payload = streams[name].ljust(4096, b"\x00")
        count = -(-len(payload) // SECTOR)
        payload = payload.ljust(count * SECTOR, b"\x00")
        chains.append((len(data_sectors), count))
        data_sectors.extend(payload[i : i + SECTOR] for i in range(0, len(payload), SECTOR))
    entries = 1 + len(names)
    dir_sectors = -(-entries * 128 // SECTOR)
    total = len(data_sectors) + dir_sectors
    fat_sectors = 1
    while fat_sectors * (SECTOR // 4) < total + fat_sectors:
        fat_sectors += 1
    first_dir = fat_sectors
    first_data = fat_sectors + dir_sectors
    fat = [FAT_SECTOR] * fat_sectors
    fat += [first_dir + i + 1 for i in range(dir_sectors - 1)] + [END_OF_CHAIN]
    for start, count in chains:
        base = first_data + start
        fat += [base + i + 1 for i in range(count - 1)] + [END_OF_CHAIN]
    fat += [FREE] * (fat_sectors * (SECTOR // 4) - len(fat))

    directory = _entry("Root Entry", 5, child=1 if names else NO_STREAM, start=END_OF_CHAIN, size=0)
    for ix, name in enumerate(names, start=1):
        start, _count = chains[ix - 1]
        right = ix + 1 if ix < len(names) else NO_STREAM
        size = max(4096, len(streams[name]))  # smaller streams would live in the mini stream
        directory += _entry(name, 2, right=right, start=first_data + start, size=size)
    directory = directory.ljust(dir_sectors * SECTOR, b"\x00")

    difat = list(range(fat_sectors)) + [FREE] * (109 - fat_sectors)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"\x00" * 16,
        0x003E,
        0x0003,
        0xFFFE,
        9,
        6,
        b"\x00" * 6,
        0,
        fat_sectors,
        first_dir,
        0,
        4096,
        END_OF_CHAIN,
        0,
        END_OF_CHAIN,
        0,
    ) + struct.pack("<109I", *difat)
    return header + struct.pack(f"<{len(fat)}I", *fat) + directory + b"".join(data_sectors)


def _entry(
    name: str, kind: int, *, child: int = NO_STREAM, right: int = NO_STREAM, start: int, size: int
) -> bytes:
    encoded = name.encode("utf-16-le") + b"\x00\x00"
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        encoded,
        len(encoded),
        kind,
        1,  # black
        NO_STREAM,
        right,
        child,
        b"\x00" * 16,
        0,
        0,
        0,
        start,
        size,
    )


def word_header(*, encrypted: bool = False) -> bytes:
    """The first bytes of a Word 97 WordDocument stream (its FIB), with the encryption flag as asked."""
    flags = 0x0100 if encrypted else 0
    return struct.pack("<HHHHHH", 0xA5EC, 0x00C1, 0, 0x0804, 0, flags) + b"\x00" * 500
