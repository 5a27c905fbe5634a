"""Cooperative time limit checked inside the long loops of the reader.

The caller runs the parse in a worker thread and stops waiting when the limit
passes (see ``pipeline``); this flag makes the abandoned worker stop soon after.
"""

from __future__ import annotations

import time

from kechuang.reader.errors import ReaderError


class Deadline:
    """Wall-clock limit; ``check()`` raises ReaderError once it has passed or was cancelled."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + max(0.0, seconds)
        self.seconds = seconds
        self.cancelled = False

    def check(self) -> None:
        if self.cancelled or time.monotonic() > self.end:
            raise ReaderError(f"读取超时（超过 {self.seconds:g} 秒）")


NO_DEADLINE = Deadline(1e9)
