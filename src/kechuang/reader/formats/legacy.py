"""Word 97–2003 (.doc), WPS (.wps) and RTF files → .docx through LibreOffice → blocks.

Many district plans are still published as old Word files. Their binary format
is not worth reading ourselves: LibreOffice converts it faithfully
(``soffice --headless --convert-to docx``) and the .docx reader does the rest,
so a .doc gives the same blocks, and the same JSON, as the .docx it was saved from.

What a file is, is told from its OLE directory (``olefile``): a ``WordDocument``
stream is Word (WPS Office writes the same format); Excel, PowerPoint and
password-protected Office files are named for what they are. A Word file whose
header says it is encrypted is refused before LibreOffice sees it.

Each conversion runs in a temporary directory with its own LibreOffice profile
(``-env:UserInstallation``), so conversions running at once do not lock each
other, and the directory is removed afterwards. The converter is held to the
reader's Deadline three ways: we kill its process group when the time is up or
the reader is cancelled; ``timeout(1)`` kills the group on its own at the same
moment (and two seconds later with SIGKILL), should this process be gone; and
``setpriv --pdeathsig`` tells ``timeout`` to do so at once when the thread that
started it dies (the upload sandbox kills its child at its own time limit). A
folder such a killed process leaves behind is removed by a later conversion.
Where the account may create namespaces, the converter also runs without any
network (``unshare --net``): an uploaded file's links to pictures or data by URL
are never fetched from the server.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kechuang.reader.blocks import Block
from kechuang.reader.deadline import NO_DEADLINE, Deadline
from kechuang.reader.errors import ReaderError
from kechuang.reader.formats.docx import docx_to_blocks

logger = logging.getLogger(__name__)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Without a Deadline (the CLI's own limit applies then), a conversion still stops after this long.
MAX_CONVERT_SECONDS = 120.0
_TEMP_PREFIX = "kechuang-convert-"
# A conversion's folder older than this was left by a process killed mid-conversion: removed.
_STALE_SECONDS = 3600.0

NO_CONVERTER = (
    "服务器未安装 LibreOffice，无法读取旧版 Word（.doc/.wps）文件；"
    "请用 Word 或 WPS 另存为 .docx 后上传，或请管理员安装文档转换组件"
)
DAMAGED = "旧版 Word（.doc/.wps）文件已损坏，无法读取"
ENCRYPTED = "文件设有打开密码，无法读取，请取消密码后重新上传"
NOT_WORD = "文件不是 Word 文档（.doc/.wps），请上传 Word、PDF、网页或文本格式的规划文件"
EXCEL = "文件是 Excel 表格（.xls），不是规划文档，请上传 Word、PDF、网页或文本格式的规划文件"
POWERPOINT = "文件是 PowerPoint 演示文稿（.ppt），不是规划文档，请上传 Word、PDF、网页或文本格式的规划文件"
CONVERT_FAILED = "文件无法转换，可能已损坏，请用 Word 或 WPS 另存为 .docx 后上传"
EMPTY = "旧版 Word（.doc/.wps）文件中没有读到文字，可能已损坏，请用 Word 或 WPS 另存为 .docx 后上传"

_WORD_IDENTS = (0xA5EC, 0xA5DC)  # Word 97 and later; Word 6/95
_F_ENCRYPTED = 0x0100  # FibBase flags at offset 0x0A: fEncrypted (also set by XOR obfuscation)


def legacy_kind(data: bytes) -> str | None:
    """'doc' for a Word/WPS OLE file, 'rtf' for RTF, None for anything else; other OLE files raise."""
    if data[:5] == b"{\\rtf":
        return "rtf"
    if not data.startswith(OLE_MAGIC[:4]):
        return None
    names = _ole_names(data)
    if "worddocument" in names:
        return "doc"
    if "encryptedpackage" in names or "encryptioninfo" in names:
        raise ReaderError(ENCRYPTED)
    if "workbook" in names or "book" in names:
        raise ReaderError(EXCEL)
    if "powerpoint document" in names:
        raise ReaderError(POWERPOINT)
    raise ReaderError(NOT_WORD)


def _ole_names(data: bytes) -> set[str]:
    """Lower-case names of the streams and storages at the top of an OLE compound file."""
    import olefile

    if not data.startswith(OLE_MAGIC):
        raise ReaderError(DAMAGED)
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            return {entry[0].lower() for entry in ole.listdir(streams=True, storages=True) if entry}
    except Exception as exc:  # olefile raises OSError, struct.error, IndexError... for a damaged file
        raise ReaderError(DAMAGED) from exc


def _word_encrypted(data: bytes) -> bool:
    """The Word header's encryption flag; a header that is not Word's means a damaged file."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole, ole.openstream("WordDocument") as stream:
            header = stream.read(12)
    except Exception as exc:  # as above
        raise ReaderError(DAMAGED) from exc
    if len(header) < 12 or int.from_bytes(header[0:2], "little") not in _WORD_IDENTS:
        raise ReaderError(DAMAGED)
    return bool(int.from_bytes(header[10:12], "little") & _F_ENCRYPTED)


def legacy_to_blocks(data: bytes, kind: str, deadline: Deadline = NO_DEADLINE) -> list[Block]:
    """Read a .doc/.wps (``kind`` 'doc') or .rtf (``kind`` 'rtf') file through a .docx conversion."""
    if kind == "doc" and _word_encrypted(data):
        raise ReaderError(ENCRYPTED)
    converted = convert_to_docx(data, kind, deadline)
    try:
        blocks = docx_to_blocks(converted, deadline)
    except ReaderError as exc:
        raise ReaderError(CONVERT_FAILED) from exc
    if not blocks:  # LibreOffice opens a damaged Word file as an empty document
        raise ReaderError(EMPTY)
    return blocks


def find_soffice() -> str | None:
    """LibreOffice's ``soffice``: ``KECHUANG_SOFFICE`` if set (a wrong path means none), else on PATH."""
    configured = os.environ.get("KECHUANG_SOFFICE")
    if configured is not None:
        return configured if configured and os.access(configured, os.X_OK) else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in (
        "/usr/lib/libreoffice/program/soffice",
        "/opt/libreoffice/program/soffice",
        "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    ):
        if os.access(candidate, os.X_OK):
            return candidate
    return None


def convert_to_docx(data: bytes, suffix: str, deadline: Deadline = NO_DEADLINE) -> bytes:
    """The .docx LibreOffice makes of ``data`` (a .``suffix`` file), within the Deadline."""
    return soffice_convert(data, suffix, "docx:MS Word 2007 XML", "docx", deadline)


def soffice_convert(
    data: bytes,
    suffix: str,
    convert_to: str,
    out_suffix: str,
    deadline: Deadline = NO_DEADLINE,
    *,
    env: dict[str, str] | None = None,
) -> bytes:
    """What LibreOffice makes of ``data`` (a .``suffix`` file) with ``--convert-to convert_to``, in a
    private profile, jailed and within the Deadline (the reports' PDF uses this too); ``env`` adds
    variables (e.g. ``FONTCONFIG_FILE``)."""

    def command(soffice: list[str], source: Path, result: Path) -> list[str]:
        return [*soffice, "--convert-to", convert_to, "--outdir", str(result.parent), str(source)]

    return soffice_run(data, suffix, out_suffix, command, deadline, env=env)


def soffice_run(
    data: bytes,
    suffix: str,
    out_suffix: str,
    command: Callable[[list[str], Path, Path], list[str]],
    deadline: Deadline = NO_DEADLINE,
    *,
    env: dict[str, str] | None = None,
) -> bytes:
    """The file ``command(soffice, source, result)`` writes at ``result`` from ``data`` (a .``suffix``
    file at ``source``), run in the conversion jail: a temporary folder with its own LibreOffice
    profile, the time limit, no network, its whole process group killed afterwards.

    ``soffice`` is LibreOffice with the profile and headless flags, to start as is or with more
    arguments; ``command`` may also start another program that starts it (the reports' PDF runs a
    UNO script that way). Why one function: every LibreOffice run gets the same jail."""
    program = find_soffice()
    if program is None:
        raise ReaderError(NO_CONVERTER)
    deadline.check()
    budget = min(deadline.end - time.monotonic(), MAX_CONVERT_SECONDS)
    stop = time.monotonic() + budget
    _sweep_stale(Path(tempfile.gettempdir()))
    with tempfile.TemporaryDirectory(prefix=_TEMP_PREFIX) as tmp:
        work = Path(tmp)
        source = work / f"document.{suffix}"
        source.write_bytes(data)
        outdir = work / "out"
        outdir.mkdir()
        result = outdir / f"document.{out_suffix}"
        soffice = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "--nolockcheck",
        ]
        env = {**os.environ, **(env or {}), "HOME": str(work), "TMPDIR": str(work)}
        with open(work / "soffice.log", "wb") as log:
            process = subprocess.Popen(  # noqa: S603 - a fixed program and our own temporary paths
                _guarded(command(soffice, source, result), budget),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=work,
                env=env,
                start_new_session=True,
            )
            try:
                _wait(process, stop, deadline, budget)
            finally:
                _kill_group(process)
        if not result.is_file() or result.stat().st_size == 0:
            # `timeout` may stop the converter a moment before this loop notices the limit: that is
            # the time running out, not a damaged file
            if process.returncode in (124, 137, -9, -15) or deadline.cancelled or time.monotonic() >= stop:
                deadline.check()
                raise ReaderError(f"文件转换超时（超过 {budget:.0f} 秒）")
            _log_failure(work / "soffice.log", process.returncode)
            raise ReaderError(CONVERT_FAILED)
        return result.read_bytes()


def _log_failure(log: Path, returncode: int | None) -> None:
    """What the converter said, for the server log: the user sees only CONVERT_FAILED."""
    with contextlib.suppress(OSError):
        tail = log.read_bytes()[-2000:].decode("utf-8", "replace").strip()
        logger.warning("LibreOffice conversion failed (exit %s): %s", returncode, tail)


def _sweep_stale(folder: Path) -> None:
    """Remove conversion folders a killed process could not (the upload sandbox kills at its limit)."""
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            if not entry.name.startswith(_TEMP_PREFIX):
                continue
            with contextlib.suppress(OSError):
                if now - entry.stat().st_mtime > _STALE_SECONDS:
                    shutil.rmtree(entry, ignore_errors=True)


def _guarded(command: list[str], seconds: float) -> list[str]:
    """The command under ``timeout`` (its whole process group), a parent-death signal and no network,
    each where the machine offers it."""
    timeout = shutil.which("timeout")
    if timeout:
        command = [timeout, "--kill-after=2", f"{max(0.1, seconds):.1f}", *command]
        setpriv = shutil.which("setpriv")
        if setpriv:
            command = [setpriv, "--pdeathsig", "TERM", *command]
    unshare = _network_jail()
    if unshare:
        command = [*unshare, *command]
    return command


def _network_jail() -> list[str] | None:
    """``unshare --net --map-root-user`` where this account may make a namespace: a Word file can link
    pictures and data by URL, and the converter has no business reaching the network for them."""
    unshare = shutil.which("unshare")
    if not unshare:
        return None
    jail = [unshare, "--net", "--map-root-user"]
    try:
        probe = subprocess.run([*jail, "true"], capture_output=True, timeout=5, check=False)  # noqa: S603
    except (OSError, subprocess.SubprocessError):
        return None
    return jail if probe.returncode == 0 else None


def _wait(process: subprocess.Popen, stop: float, deadline: Deadline, budget: float) -> None:
    while True:
        try:
            process.wait(timeout=0.1)
            return
        except subprocess.TimeoutExpired:
            if deadline.cancelled or time.monotonic() >= stop:
                _kill_group(process)
                deadline.check()
                raise ReaderError(f"文件转换超时（超过 {budget:.0f} 秒）") from None


def _kill_group(process: subprocess.Popen) -> None:
    """Nothing of a conversion outlives it: the converter may leave a helper process behind."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)
