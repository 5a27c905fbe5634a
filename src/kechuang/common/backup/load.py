"""Putting a dumped database back: reading what a target holds, emptying it, loading the dump into it."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from kechuang.common.backup import BackupError
from kechuang.common.backup.database import Target, pg_connect, pg_env, quote, table_counts, tables

SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def target_counts(target: Target) -> dict[str, int]:
    """Rows per table in the target now ({} for a database not created yet)."""
    if target.engine == "sqlite":
        path = Path(target.name)
        if not path.exists() or path.stat().st_size == 0:
            return {}
        with contextlib.closing(sqlite3.connect(path)) as conn:
            return table_counts(conn.cursor(), "sqlite")
    with pg_connect(target) as conn:
        return table_counts(conn.cursor(), "postgresql")


def _close_django(target: Target) -> None:
    """Django's connections to the target are closed, so none keeps the old file or tables open."""
    from django.db import connections

    for conn in connections.all(initialized_only=True):
        if conn.settings_dict.get("NAME") == target.settings.get("NAME"):
            conn.close()


def empty(target: Target) -> None:
    """Remove every table (PostgreSQL) or the database file (SQLite): the target is as new."""
    _close_django(target)
    if target.engine == "sqlite":
        for suffix in ("", *SQLITE_COMPANIONS):
            Path(target.name + suffix).unlink(missing_ok=True)
        return
    with pg_connect(target) as conn:
        cursor = conn.cursor()
        names = tables(cursor, "postgresql")
        if names:
            cursor.execute(f"DROP TABLE {', '.join(quote(n) for n in names)} CASCADE")
        cursor.execute(
            "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = current_schema()"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f"DROP SEQUENCE IF EXISTS {quote(name)} CASCADE")


def load_sqlite(target: Target, dump: Path) -> None:
    """The dumped file becomes the database file, in one rename; made readable by this account only."""
    from kechuang.common.private_files import make_private

    path = Path(target.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".restoring")
    shutil.copyfile(dump, partial)
    make_private(partial)
    os.replace(partial, path)


def load_postgres(target: Target, dump: Path) -> None:
    pg_restore = shutil.which("pg_restore")
    if not pg_restore:
        raise BackupError("找不到 pg_restore：请安装 PostgreSQL 客户端工具后再恢复")
    command = [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    command += ["-d", target.name, str(dump)]
    done = subprocess.run(command, env=pg_env(target), capture_output=True, text=True, check=False)  # noqa: S603 - fixed argv
    if done.returncode:
        raise BackupError(f"pg_restore 导入失败：{done.stderr.strip()}")


def load_logical(dump: Path) -> None:
    """Django's own database: the schema by `migrate`, emptied, then every row from the JSON lines."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    call_command("loaddata", str(dump), verbosity=0)


def load(target: Target, dump: Path, fmt: str) -> None:
    _close_django(target)
    if fmt == "sqlite":
        load_sqlite(target, dump)
    elif fmt == "pg_dump":
        load_postgres(target, dump)
    else:
        load_logical(dump)
    _close_django(target)
