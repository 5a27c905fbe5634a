"""The one exception the reader raises, so callers need a single ``except``."""

from __future__ import annotations


class ReaderError(Exception):
    """A document could not be read; the message is one Chinese line fit for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message.replace("\n", " ").strip())
