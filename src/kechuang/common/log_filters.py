"""Logging filters named in ``settings.LOGGING``."""

from __future__ import annotations

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """A refused request (403 and other 4xx) is logged as one line; server errors keep their traceback.

    Why: Django logs every ``PermissionDenied`` with the full traceback, so a user clicking a link
    they may not follow filled the log with stack traces that hid the real failures (5xx).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if record.exc_info and isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
