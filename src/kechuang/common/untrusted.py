"""The one door every uploaded file is parsed through: ``@untrusted_parser``.

A function decorated with it turns uploaded bytes into plain Python data, and
every call runs it in a child process limited by the settings
``KECHUANG_PARSE_MEMORY_BYTES`` and ``KECHUANG_PARSE_SECONDS`` (see
``kechuang.common.sandbox``); a child that finds it must OCR a scan may lift
its memory to ``KECHUANG_PARSE_OCR_MEMORY_BYTES``. The child may not use the database. Callers
cannot forget the limits: the decorated name is the limited one.

``UPLOAD_PARSERS`` lists every such function; the hostile-file tests walk it
and the views that read ``request.FILES``, so a new upload path without the
door fails the suite.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.db import connections

from kechuang.common.sandbox import (
    DEFAULT_MEMORY_BYTES,
    DEFAULT_OCR_MEMORY_BYTES,
    DEFAULT_SECONDS,
    LimitExceeded,
    in_child,
    run_limited,
)

P = ParamSpec("P")
T = TypeVar("T")

UPLOAD_PARSERS: dict[str, Callable[..., Any]] = {}
BUSY_MESSAGE = "服务器正忙，请稍后重新上传"

_slots: threading.BoundedSemaphore | None = None
_slots_lock = threading.Lock()

__all__ = ["UPLOAD_PARSERS", "LimitExceeded", "parse_limits", "untrusted_parser"]


def parse_limits() -> tuple[int, float]:
    """(memory in bytes, seconds) one parse may use beyond what the process already holds."""
    memory = int(getattr(settings, "KECHUANG_PARSE_MEMORY_BYTES", DEFAULT_MEMORY_BYTES))
    seconds = float(getattr(settings, "KECHUANG_PARSE_SECONDS", DEFAULT_SECONDS))
    return memory, seconds


def ocr_memory_limit() -> int:
    """The memory a parse may lift itself to once it knows it reads a scan through OCR (see the sandbox)."""
    return int(getattr(settings, "KECHUANG_PARSE_OCR_MEMORY_BYTES", DEFAULT_OCR_MEMORY_BYTES))


def _parse_slots() -> threading.BoundedSemaphore:
    """At most ``KECHUANG_PARSE_CHILDREN`` children parse at once, whatever the number of server threads."""
    global _slots
    with _slots_lock:
        if _slots is None:
            _slots = threading.BoundedSemaphore(max(1, int(getattr(settings, "KECHUANG_PARSE_CHILDREN", 2))))
        return _slots


def _no_database(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("the parse of an upload may not use the database")


def _forbid_database() -> None:
    """In the child: any query or new connection raises (the connection is the parent's)."""
    for alias in connections:
        connection = connections[alias]
        connection.execute_wrappers.append(_no_database)
        connection.ensure_connection = _no_database


def untrusted_parser(func: Callable[P, T]) -> Callable[P, T]:
    """Run ``func`` (bytes in, plain data out) in a limited child on every call; register it.

    Raises what ``func`` raises, or :class:`LimitExceeded` (a Chinese message)
    when the child ran out of memory or time.
    """
    name = f"{func.__module__}.{func.__qualname__}"

    @functools.wraps(func)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> T:
        if in_child():  # already limited: a parser calling another runs it in place
            return func(*args, **kwargs)
        memory, seconds = parse_limits()
        slots = _parse_slots()
        if not slots.acquire(timeout=seconds):
            raise LimitExceeded(BUSY_MESSAGE)
        try:
            return run_limited(
                func,
                *args,
                memory_bytes=memory,
                memory_ceiling_bytes=ocr_memory_limit(),
                seconds=seconds,
                before_child=_forbid_database,
                **kwargs,
            )
        finally:
            slots.release()

    guarded.untrusted_parser = name  # type: ignore[attr-defined]
    UPLOAD_PARSERS[name] = guarded
    return guarded
