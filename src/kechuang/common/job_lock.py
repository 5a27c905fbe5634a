"""One holder at a time for work that must run once however many servers run it (scheduled jobs).

PostgreSQL: a session advisory lock, shared by every machine using the database. SQLite: the
database is a file on one machine, so a file lock beside it in the data folder does the same.
"""

from __future__ import annotations

import fcntl
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection


@contextmanager
def held_once(name: str) -> Iterator[bool]:
    """Yields True when this process now holds `name`, False when another process holds it."""
    if connection.vendor == "postgresql":
        key = zlib.crc32(f"kechuang:{name}".encode())
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            got = bool(cursor.fetchone()[0])
        try:
            yield got
        finally:
            if got:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    folder = settings.DATA_DIR / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{name}.lock", "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
