"""The daily backup job of `kechuang run-scheduled`: one archive per day, the newest N kept.

Idempotent per day: the day's archive is written once (run-scheduled runs every few minutes), and
two runs at once do not both write it: the first to create the day's .part file writes it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from pathlib import Path

from django.conf import settings

from kechuang.common.backup.archive import create_backup

NAME = re.compile(r"kechuang-(\d{4}-\d{2}-\d{2})\.tar\.gz")
STALE_PART_SECONDS = 6 * 3600  # a .part older than this was left by a run that died


def backup_dir() -> Path:
    return Path(getattr(settings, "KECHUANG_BACKUP_DIR", Path(settings.DATA_DIR) / "backups"))


def keep() -> int:
    return int(getattr(settings, "KECHUANG_BACKUP_KEEP", 7))


def daily_backup(today: dt.date) -> int:
    """Write today's archive if there is none yet, then drop all but the newest ``keep()``; 1 if written."""
    if keep() <= 0:
        return 0
    folder = backup_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / f"kechuang-{today.isoformat()}.tar.gz"
    written = 0
    if not path.exists() and _claim(path):
        create_backup(path)  # writes path.part itself, then renames it into place
        written = 1
    prune(folder, keep())
    return written


def _claim(path: Path) -> bool:
    """True for the one run that may write ``path`` now (a fresh .part means another run is at it)."""
    partial = path.with_name(path.name + ".part")
    try:
        age = time.time() - partial.stat().st_mtime
    except FileNotFoundError:
        age = None
    if age is not None and age < STALE_PART_SECONDS:
        return False
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | (os.O_EXCL if age is None else 0), 0o600)
    except FileExistsError:
        return False
    os.close(fd)
    return True


def prune(folder: Path, keep_n: int) -> list[Path]:
    """Remove all but the ``keep_n`` newest daily archives (by the date in their name)."""
    archives = sorted((p for p in folder.iterdir() if NAME.fullmatch(p.name)), key=lambda p: p.name)
    gone = archives[: max(0, len(archives) - keep_n)]
    for old in gone:
        old.unlink(missing_ok=True)
    return gone
