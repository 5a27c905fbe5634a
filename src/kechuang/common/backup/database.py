"""The database part of a backup: an engine-native consistent dump, its row counts and migration state.

SQLite: the online backup API copies the live database page by page while others keep writing.
PostgreSQL: one REPEATABLE READ transaction exports its snapshot; the row counts are read in it and
``pg_dump --snapshot`` dumps exactly that snapshot. Without pg_dump (or asked for the logical format)
Django's own serialisation is written inside one such transaction instead.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from kechuang.common.backup import BackupError

# Rows that `migrate` writes by itself (its records, content types and permissions, and the seeded
# catalogue, qualification types and monthly report form): a database holding only these holds no
# one's data, so a restore need not be forced over it.
MIGRATE_FILLS = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "registry_qualificationtype",
    "collection_reportform",
    "collection_reportrule",
    "collection_reportfield",
    "plans_catalogindicator",
}


@dataclass(frozen=True)
class Target:
    """Where a database lives: the engine and Django's settings dict for it (NAME, USER, HOST, ...)."""

    engine: str  # "sqlite" or "postgresql"
    settings: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.settings.get("NAME") or "")


def current_target(alias: str = "default") -> Target:
    """The database Django is configured to use."""
    from django.db import connections

    conn = connections[alias]
    engine = "sqlite" if conn.vendor == "sqlite" else conn.vendor
    return Target(engine, dict(conn.settings_dict))


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def tables(cursor: object, engine: str) -> list[str]:
    if engine == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY 1"
        )
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1")
    return [row[0] for row in cursor.fetchall()]


def table_counts(cursor: object, engine: str) -> dict[str, int]:
    counts = {}
    for table in tables(cursor, engine):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - a table name from the catalogue, quoted
        counts[table] = int(cursor.fetchone()[0])
    return counts


def applied_migrations(cursor: object, engine: str) -> list[str]:
    if "django_migrations" not in tables(cursor, engine):
        return []
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [f"{app}.{name}" for app, name in cursor.fetchall()]


def holds_data(counts: dict[str, int]) -> bool:
    return any(n for table, n in counts.items() if table not in MIGRATE_FILLS)


# --- PostgreSQL connection details, for psycopg and for the client tools (password in the environment)


def pg_params(target: Target, dbname: str | None = None) -> dict:
    s = target.settings
    params = {"dbname": dbname or s.get("NAME") or "", "user": s.get("USER") or None}
    params.update(password=s.get("PASSWORD") or None, host=s.get("HOST") or None, port=s.get("PORT") or None)
    options = s.get("OPTIONS") or {}
    if options.get("sslmode"):
        params["sslmode"] = options["sslmode"]
    return {k: v for k, v in params.items() if v is not None}


def pg_env(target: Target) -> dict:
    params = pg_params(target)
    names = {"host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "password": "PGPASSWORD"}
    names.update(dbname="PGDATABASE", sslmode="PGSSLMODE")
    return {**os.environ, **{names[k]: str(v) for k, v in params.items()}}


def pg_connect(target: Target, **kwargs: object) -> object:
    import psycopg

    try:
        return psycopg.connect(**pg_params(target), **kwargs)
    except psycopg.Error as exc:
        raise BackupError(f"无法连接 PostgreSQL 数据库“{target.name}”：{exc}") from exc


# --- dumping


@dataclass
class Dump:
    member: str  # its name inside the archive's database/ folder
    fmt: str  # "sqlite", "pg_dump" or "jsonl"
    counts: dict[str, int]
    migrations: list[str]


def dump_sqlite(dest_dir: Path) -> Dump:
    """Online backup of Django's own SQLite connection (also an in-memory one) into one plain file."""
    from django.db import connection

    connection.ensure_connection()
    path = dest_dir / "kechuang.sqlite3"
    copy = sqlite3.connect(path)
    try:
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        cursor = copy.cursor()
        counts, migrations = table_counts(cursor, "sqlite"), applied_migrations(cursor, "sqlite")
    finally:
        copy.close()
    return Dump(path.name, "sqlite", counts, migrations)


def dump_postgres(target: Target, dest_dir: Path) -> Dump:
    """pg_dump of one exported snapshot, counted in the same snapshot; logical dump without pg_dump."""
    pg_dump = shutil.which("pg_dump")
    if not pg_dump:
        return dump_logical(dest_dir)
    path = dest_dir / "kechuang.pgdump"
    with pg_connect(target) as conn:
        cursor = conn.cursor()
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts, migrations = table_counts(cursor, "postgresql"), applied_migrations(cursor, "postgresql")
        command = [pg_dump, "-Fc", "--no-owner", "--no-privileges", f"--snapshot={snapshot}", "-f", str(path)]
        done = subprocess.run(command, env=pg_env(target), capture_output=True, text=True, check=False)  # noqa: S603 - fixed argv
        conn.rollback()
    if done.returncode:
        raise BackupError(f"pg_dump 导出失败：{done.stderr.strip()}")
    return Dump(path.name, "pg_dump", counts, migrations)


def dump_logical(dest_dir: Path) -> Dump:
    """Every model's rows as Django JSON lines, read in one transaction (one snapshot)."""
    from django.core.management import call_command
    from django.db import connection, transaction

    path = dest_dir / "kechuang.jsonl"
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            engine = "sqlite" if connection.vendor == "sqlite" else "postgresql"
            counts, migrations = table_counts(cursor, engine), applied_migrations(cursor, engine)
        call_command("dumpdata", format="jsonl", all=True, output=str(path), verbosity=0)
    return Dump(path.name, "jsonl", counts, migrations)
