"""Run a function in a forked child with a memory and a wall-time limit, and get its result back.

Why: an upload of a few hundred kilobytes can unpack to gigabytes (a zip bomb)
or keep a parser busy for minutes. Checks before parsing catch the known
shapes; this is the backstop for the unknown ones. The parse runs in a child
process whose address space is capped (``RLIMIT_AS``) and which is killed when
its time is up, so the worst a hostile file can do is fail its own upload.

Some work needs more memory than any ordinary parse and is known only inside
the child: reading a scanned PDF loads an OCR model (see
``kechuang.reader.formats.ocr``). The caller may grant a higher
``memory_ceiling_bytes``; the child starts at ``memory_bytes`` and only code
that knows it needs more calls :func:`allow_memory_ceiling` to lift its own
limit that far, so a hostile file of any other kind still stops at the lower one.

The child is a ``fork`` of the caller: nothing is imported again and starting
it costs a few milliseconds, so ordinary uploads stay fast. The function must
turn bytes into plain, picklable Python data and touch nothing shared — no
database, no files it did not open itself (see ``before_child``). Linux only;
where ``fork`` does not exist the function runs in the caller without limits.

Framework-free on purpose: the plan reader and the Django apps use it alike.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import resource
import select
import signal
import sys
import threading
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")

LIMIT_MESSAGE = "文件解析超出内存或时间限制，请检查文件后重新上传"
FAILURE_MESSAGE = "文件解析失败，请检查文件后重新上传"
DEFAULT_MEMORY_BYTES = 1024 * 1024 * 1024
# OCR of a scanned page (rapidocr on onnxruntime, 2 cores, an A4 page at 200 dpi) was measured to add
# 1.4 GB of address space at its peak (0.8 GB resident): the models, onnxruntime's thread pools and
# the detector's feature maps. 2.5 GB leaves room for a larger page and more threads.
DEFAULT_OCR_MEMORY_BYTES = 2560 * 1024 * 1024
DEFAULT_SECONDS = 60.0

logger = logging.getLogger("kechuang.sandbox")

_in_child = False
_child_base_vsize = 0
# A parse that raised MemoryError still needs a little memory to report it; this is freed first.
_RESERVE_BYTES = 4 * 1024 * 1024
_OK, _RAISED = b"R", b"E"
# Held from creating the pipe until the parent closed its write end: a child forked meanwhile by
# another thread would otherwise inherit that write end and hold back the other caller's EOF.
_fork_lock = threading.Lock()


class LimitExceeded(Exception):
    """The child ran out of memory or time, or died; the message is one Chinese line for the user."""

    def __init__(self, message: str = LIMIT_MESSAGE) -> None:
        super().__init__(message)


@dataclass(frozen=True)
class ChildRun:
    """What one child cost, for logs and tests: ``start_rss`` and ``peak_rss`` in bytes.

    ``start_rss`` is the child's resident size before it began to parse (pages
    it shares with the caller included), ``peak_rss`` its highest (``wait4``),
    so ``added_rss`` is what the parse itself took.
    """

    name: str
    seconds: float
    start_rss: int
    peak_rss: int
    outcome: str  # "ok", "raised", "killed" (time), "limit" (memory or a crash)

    @property
    def added_rss(self) -> int:
        return max(0, self.peak_rss - self.start_rss)


def in_child() -> bool:
    """True inside a limited child: nested calls then run inline instead of forking again."""
    return _in_child


def run_limited(
    func: Callable[..., T],
    /,
    *args: Any,
    memory_bytes: int = DEFAULT_MEMORY_BYTES,
    seconds: float = DEFAULT_SECONDS,
    before_child: Callable[[], None] | None = None,
    memory_ceiling_bytes: int | None = None,
    **kwargs: Any,
) -> T:
    """``func(*args, **kwargs)`` in a child limited to ``memory_bytes`` more memory and ``seconds`` of wall time.

    Returns what ``func`` returned; re-raises what it raised (pickled across);
    raises :class:`LimitExceeded` when the child hit a limit or died.
    ``before_child`` runs first in the child (e.g. to forbid database access).
    ``memory_ceiling_bytes`` (at least ``memory_bytes``) is how far the child may
    lift its own limit with :func:`allow_memory_ceiling`.
    """
    if _in_child or not hasattr(os, "fork"):
        return func(*args, **kwargs)
    name = getattr(func, "__qualname__", repr(func))
    with _fork_lock:
        read_fd, write_fd = os.pipe()
        started = time.monotonic()
        with warnings.catch_warnings():
            # Python 3.12+ warns that fork in a threaded process may deadlock; the child
            # only parses, and a child that hangs is killed at its deadline.
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child; its outcome is asserted in the parent
            os.close(read_fd)
            ceiling = max(memory_bytes, memory_ceiling_bytes or 0)
            _child(write_fd, func, args, kwargs, (memory_bytes, ceiling), seconds, before_child)
        os.close(write_fd)
    answer, timed_out = _collect(read_fd, pid, started + seconds)
    status, peak_rss = _reap(pid)
    # The child's first eight bytes are its resident size at start; the answer follows.
    start_rss = int.from_bytes(answer[:8], "little") if len(answer) >= 8 else 0
    payload = answer[8:]
    run_seconds = time.monotonic() - started
    outcome = "ok" if payload[:1] == _OK else "raised" if payload[:1] == _RAISED else "limit"
    if timed_out:
        outcome = "killed"
    run = ChildRun(name, run_seconds, start_rss, peak_rss, outcome)
    logger.debug(
        "child %s: %.2f s, peak %.0f MB (+%.0f MB), %s",
        name,
        run_seconds,
        peak_rss / 2**20,
        run.added_rss / 2**20,
        outcome,
        extra={"child_run": run},
    )
    if outcome in ("killed", "limit"):
        logger.warning(
            "child %s stopped (%s, exit status %s) after %.1f s", name, outcome, status, run_seconds
        )
        raise LimitExceeded()
    try:
        value = pickle.loads(payload[1:])  # noqa: S301 - written by our own child, not by the uploader
    except Exception as exc:  # a result or exception that cannot cross back
        logger.warning("child %s returned data that cannot be read back: %r", name, exc)
        raise LimitExceeded(FAILURE_MESSAGE) from None
    if outcome == "raised":
        raise value
    return value


def _child(
    write_fd: int,
    func: Callable[..., Any],
    args: tuple,
    kwargs: dict,
    memory: tuple[int, int],
    seconds: float,
    before_child: Callable[[], None] | None,
) -> None:  # pragma: no cover - runs in the child
    """Limit, run, write ``R``+pickle or ``E``+pickle to the pipe, and leave without any clean-up."""
    global _in_child
    code = 0
    try:
        _in_child = True
        with contextlib.suppress(ValueError):  # only a main thread may; the forking thread is one now
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
        _limit_memory(*memory)
        os.write(write_fd, _current_rss().to_bytes(8, "little"))
        # A second line of defence should the parent die before killing us. CPU time runs as fast
        # as the wall clock times the threads at work (OCR uses every core), so allow for them.
        cpu = int(seconds * max(1, os.cpu_count() or 1)) + 2
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
        reserve = bytearray(_RESERVE_BYTES)
        try:
            if before_child is not None:
                before_child()
            payload = _OK + pickle.dumps(func(*args, **kwargs), protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            del reserve
            code = 3
            payload = b""
        except BaseException as exc:  # noqa: BLE001 - every failure is reported to the parent
            del reserve
            # The traceback cannot cross the pipe; its text can, for the parent's error log.
            exc.add_note("".join(traceback.format_exception(exc)).rstrip())
            exc.__traceback__ = None
            try:
                payload = _RAISED + pickle.dumps(exc, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # noqa: BLE001 - an exception that cannot be pickled
                traceback.print_exception(exc, file=sys.stderr)
                payload = _RAISED + pickle.dumps(LimitExceeded(FAILURE_MESSAGE))
        view = memoryview(payload)
        while view:
            view = view[os.write(write_fd, view) :]
    except BaseException:  # noqa: BLE001
        code = 4
        with contextlib.suppress(BaseException):
            traceback.print_exc(file=sys.stderr)
    finally:
        # No atexit handlers, no finalizers: the database connection and open files are the parent's.
        os._exit(code)


def _limit_memory(memory_bytes: int, ceiling_bytes: int) -> None:  # pragma: no cover - runs in the child
    """Cap the address space at what the child starts with plus ``memory_bytes`` (the soft limit),
    and at most plus ``ceiling_bytes`` for good (the hard limit, which the child cannot lift).

    The budget is relative: the forked child already maps the caller's heap,
    libraries and thread stacks, which may exceed any fixed figure.
    """
    global _child_base_vsize
    base = _child_base_vsize = _current_vsize()
    limit = base + max(0, memory_bytes)
    ceiling = base + max(0, memory_bytes, ceiling_bytes)
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit, ceiling = min(limit, hard), min(ceiling, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, ceiling))


def allow_memory_ceiling() -> int:
    """In a limited child, lift the memory limit to the ceiling its caller granted; outside one, nothing.

    Called by work that is known to need more than an ordinary parse (the OCR of
    a scan) once it knows it will do it. Returns the bytes the child may now add
    to what it started with (0 outside a child or where limits do not exist).
    """
    if not _in_child:
        return 0
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY:
        return 0
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
    return max(0, hard - _child_base_vsize)


def _collect(read_fd: int, pid: int, deadline: float) -> tuple[bytes, bool]:
    """Read the child's whole answer; kill it at ``deadline``. Returns (bytes read, timed out)."""
    chunks: list[bytes] = []
    timed_out = False
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([read_fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        if timed_out:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    return b"".join(chunks), timed_out


def _reap(pid: int) -> tuple[int, int]:
    """Wait for the child; its exit status and peak resident size in bytes (Linux reports KB)."""
    while True:
        try:
            _, status, usage = os.wait4(pid, 0)
            return status, usage.ru_maxrss * 1024
        except InterruptedError:
            continue
        except ChildProcessError:
            return -1, 0


def _proc_status(field: str) -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _current_rss() -> int:
    return _proc_status("VmRSS")


def _current_vsize() -> int:
    return _proc_status("VmSize")
