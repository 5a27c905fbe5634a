"""extract_bytes / extract_path: limits, format detection, extraction, catalogue codes.

Time limit: the parse runs in a daemon worker thread and the caller waits at
most ``timeout_s``. A thread cannot be killed, so on timeout the caller gets
ReaderError at once and the abandoned worker is told to stop through the
shared Deadline, which the readers check inside their loops (per page, per
block, per row). A process would be killable but costs a fresh interpreter
(~0.3 s) per document and cannot share the caller's imports; documents are
parsed in well under a second, so the thread keeps the common case fast.
"""

from __future__ import annotations

import threading
import warnings
from pathlib import Path

from kechuang.common.uploads import zip_problem
from kechuang.reader.catalog import load_catalog, match_catalog
from kechuang.reader.deadline import Deadline
from kechuang.reader.errors import ReaderError
from kechuang.reader.extract import extract_blocks
from kechuang.reader.formats import read_blocks

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_TIMEOUT_S = 30.0
# A document that was read without fault but holds no text at all (a blank page scanned): an empty
# result that says so, rather than an error.
NOTHING_READ = "文件中没有读到任何文字（扫描件可能只有空白页），请核对原件"


def _size_label(n: int) -> str:
    return f"{n / 1024 / 1024:g} MB" if n >= 1024 * 1024 else f"{n} 字节"


def _extract(data: bytes, deadline: Deadline) -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        blocks = read_blocks(data, deadline)
        result = extract_blocks(blocks, deadline)
    if not blocks:
        result["notices"] = [NOTHING_READ]
    entries = load_catalog()
    for ind in result["indicators"]:
        ind["catalog"] = match_catalog(ind["name"], ind.get("unit"), entries)
    return result


def extract_bytes(
    data: bytes,
    filename: str = "",
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> dict:
    """Read a plan from bytes; the format comes from the content, ``filename`` only labels errors.

    Raises ReaderError (and nothing else) for empty, oversized, unreadable or slow documents.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ReaderError("输入不是文件内容（bytes）")
    data = bytes(data)
    if len(data) > max_bytes:
        raise ReaderError(f"文件过大（{_size_label(len(data))}，上限 {_size_label(max_bytes)}）")
    if not data.strip():
        raise ReaderError("文件为空")
    if data.startswith(b"PK"):
        # A .docx of a megabyte can unpack to gigabytes: judge the zip's table of contents first.
        problem = zip_problem(data, upload_limit=max_bytes)
        if problem:
            raise ReaderError(problem)
    deadline = Deadline(timeout_s)
    box: dict = {}

    def work() -> None:
        try:
            box["result"] = _extract(data, deadline)
        except ReaderError as exc:
            box["error"] = exc
        except RecursionError:
            box["error"] = ReaderError("文档结构过深，无法读取")
        except MemoryError:
            box["error"] = ReaderError("文档过大，内存不足")
        except Exception:  # any parser failure on damaged input
            box["error"] = ReaderError("文档无法读取：文件可能已损坏，或不是可识别的规划文件")

    worker = threading.Thread(target=work, name=f"reader:{filename or 'document'}", daemon=True)
    worker.start()
    worker.join(timeout_s)
    if worker.is_alive():
        deadline.cancelled = True
        raise ReaderError(f"读取超时（超过 {timeout_s:g} 秒）")
    if "error" in box:
        raise box["error"]
    return box["result"]


def extract_path(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> dict:
    """Read a plan file; the size is checked before the file is read."""
    p = Path(path)
    try:
        if not p.is_file():
            raise ReaderError(f"找不到文件：{p.name}")
        size = p.stat().st_size
        if size > max_bytes:
            raise ReaderError(f"文件过大（{_size_label(size)}，上限 {_size_label(max_bytes)}）")
        data = p.read_bytes()
    except OSError as exc:
        raise ReaderError(f"无法打开文件：{p.name}") from exc
    return extract_bytes(data, p.name, max_bytes=max_bytes, timeout_s=timeout_s)
