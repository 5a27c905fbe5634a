"""The SQLite database file (and its -wal and -shm companions) readable by this account only.

Why: SQLite creates the file with the process's umask, usually 0644, so anyone on the machine
could copy the whole registry. Connected in ``CommonConfig.ready``; PostgreSQL keeps its own files.
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_FILE = 0o600


def make_private(path: Path, mode: int = PRIVATE_FILE) -> None:
    """Drop group and other permissions from ``path`` if it exists and belongs to this account."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    if info.st_mode & 0o077 and (not hasattr(os, "getuid") or info.st_uid == os.getuid()):
        path.chmod(mode)


def private_sqlite_files(sender: object, connection: object, **kwargs: object) -> None:
    """``connection_created`` receiver: an on-disk SQLite database and its journals become 0600."""
    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:"):
        return  # in-memory (the test database) or a URI this code did not create
    for suffix in ("", "-wal", "-shm", "-journal"):
        make_private(Path(name + suffix))
