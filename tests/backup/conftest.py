"""A world worth backing up (every kind of row, stored files in all three folders) and empty targets."""

from __future__ import annotations

import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connection, connections
from django.db.utils import load_backend

from kechuang.common.backup.archive import stored_folders
from kechuang.common.backup.database import Target, pg_connect, quote, tables
from kechuang.common.site_config import write_site_config
from kechuang.observations.domain import record_observation
from tests.access.world import build_world


@pytest.fixture
def folders(settings, tmp_path) -> dict[str, Path]:
    """The source's stored-file folders, in a temporary place, each with a file in a subfolder."""
    settings.MEDIA_ROOT = tmp_path / "source" / "uploads"
    (settings.MEDIA_ROOT / "plans").mkdir(parents=True)
    (settings.MEDIA_ROOT / "plans" / "规划文本.txt").write_text("金山区科技创新规划", encoding="utf-8")
    reports = Path(settings.KECHUANG_REPORT_DIR)
    (reports / "stored.xlsx").write_bytes(b"PK\x03\x04 report bytes")
    write_site_config(
        settings.DATA_DIR, {"site_name": "鹿城区科创规划监测评估平台"}
    )  # kechuang setup's answers
    return stored_folders()


@pytest.fixture
def world(django_user_model, folders):
    w = build_world(django_user_model)
    admin = w.users["admin_here"]
    obs = w.published.obs
    for value in (160, 171):  # a figure with revisions
        record_observation(
            indicator=obs.indicator,
            area=obs.area,
            period=obs.period,
            value=value,
            source=obs.source,
            reason="核对更正",
            acting_user=admin,
        )
    return w


def restored_folders(tmp_path: Path) -> dict[str, Path]:
    return {key: tmp_path / "restored" / key for key in ("uploads", "attachments", "reports", "config")}


@pytest.fixture
def empty_target(tmp_path):
    """An empty database of the engine the suite runs on: a new SQLite file, or a new PostgreSQL
    database made for this test and dropped after it."""
    if connection.vendor == "sqlite":
        yield Target("sqlite", {**connection.settings_dict, "NAME": str(tmp_path / "restored.sqlite3")})
        return
    name = f"kechuang_restore_{uuid.uuid4().hex[:12]}"
    source = Target("postgresql", dict(connection.settings_dict))
    with pg_connect(source, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield Target("postgresql", {**connection.settings_dict, "NAME": name})
    for conn in connections.all(initialized_only=True):
        if conn.settings_dict.get("NAME") == name:
            conn.close()
    with pg_connect(source, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def every_row(settings_dict: dict) -> dict[str, list]:
    """Every row of every table, in a stable order, through a fresh connection made the way Django makes
    its own (same value types on both sides)."""
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "compare")
    raw = wrapper.get_new_connection(wrapper.get_connection_params())
    engine = "sqlite" if wrapper.vendor == "sqlite" else "postgresql"
    try:
        cursor = raw.cursor()
        rows = {}
        for table in tables(cursor, engine):
            cursor.execute(f"SELECT * FROM {quote(table)}")
            rows[table] = sorted(cursor.fetchall(), key=repr)
        return rows
    finally:
        raw.close()


def files_under(folders: dict[str, Path]) -> dict[str, bytes]:
    found = {}
    for key, folder in folders.items():
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                found[f"{key}/{path.relative_to(folder).as_posix()}"] = path.read_bytes()
    return found


def snapshot(target: Target, folders: dict[str, Path]) -> SimpleNamespace:
    return SimpleNamespace(rows=every_row(target.settings), files=files_under(folders))
