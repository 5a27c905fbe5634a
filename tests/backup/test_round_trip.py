"""Backup → restore into an empty database and empty folders gives the same data, row by row and byte
by byte, on the engine the suite runs on (SQLite, and PostgreSQL in CI)."""

from __future__ import annotations

import datetime as dt
import json
import tarfile

import pytest
from django.db import connection

from kechuang.common.backup.archive import create_backup, restore_backup
from kechuang.observations.models import ObservationRevision
from kechuang.tenancy.models import AuditEntry
from tests.backup.conftest import every_row, files_under, restored_folders, snapshot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_round_trip_gives_the_same_rows_and_files(world, folders, empty_target, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    manifest = create_backup(archive)
    assert ObservationRevision.objects.count() >= 3 and AuditEntry.objects.exists()
    assert oct(archive.stat().st_mode & 0o777) == "0o600"  # it holds everything: this account only

    with tarfile.open(archive) as tar:
        names = tar.getnames()
        on_disk = json.loads(tar.extractfile("manifest.json").read())
    assert names[0] == "manifest.json" and on_disk == manifest
    assert manifest["engine"] == ("sqlite" if connection.vendor == "sqlite" else "postgresql")
    assert manifest["row_counts"]["observations_observationrevision"] == ObservationRevision.objects.count()
    assert "files/uploads/plans/规划文本.txt" in manifest["files"]
    assert any(n.startswith("files/attachments/") for n in manifest["files"])
    assert "files/reports/stored.xlsx" in manifest["files"]

    source_rows, source_files = every_row(connection.settings_dict), files_under(folders)
    assert sum(map(len, source_rows.values())) > 200 and len(source_files) >= 4
    target = restored_folders(tmp_path)
    restore_backup(archive, target=empty_target, folders=target)

    restored = snapshot(empty_target, target)
    assert restored.rows.keys() == source_rows.keys()
    for table, rows in source_rows.items():
        assert restored.rows[table] == rows, table
    assert restored.files == source_files


def test_logical_round_trip_into_the_same_database(world, folders, tmp_path):
    """The engine-neutral format (for moving between SQLite and PostgreSQL) restores every row too."""
    archive = tmp_path / "logical.tar.gz"
    manifest = create_backup(archive, logical=True)
    assert manifest["database"]["format"] == "jsonl"
    before = every_row(connection.settings_dict)
    restore_backup(archive, force=True, folders=restored_folders(tmp_path))
    after = every_row(connection.settings_dict)
    assert after.keys() == before.keys()
    for table, rows in before.items():
        if table == "django_migrations":
            assert after[table] == rows, table
        else:
            assert _to_ms(after[table]) == _to_ms(rows), table


def _to_ms(rows: list) -> list:
    """Django's JSON keeps times to the millisecond (docs/backup.md says so), and writes a JSON
    column's text afresh as JSONField does: the same value, spaced and escaped its own way."""

    def cut(v: object) -> object:
        if isinstance(v, dt.datetime | dt.time):
            return v.replace(microsecond=v.microsecond // 1000 * 1000)
        return _as_jsonfield_writes(v) if isinstance(v, str) else v

    return sorted((tuple(cut(v) for v in row) for row in rows), key=repr)


def _as_jsonfield_writes(text: str) -> str:
    """JSON object text as JSONField writes it (other text unchanged)."""
    if not text.startswith("{"):
        return text
    try:
        return json.dumps(json.loads(text))
    except ValueError:
        return text
