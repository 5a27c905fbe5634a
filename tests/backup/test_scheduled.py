"""`kechuang run-scheduled` makes one backup a day and keeps the newest N; running again changes nothing."""

from __future__ import annotations

import pytest

from kechuang.cli import main

# transactional: the online backup reads the database from a second connection
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _run(day: str, capsys) -> str:
    assert main(["run-scheduled", "--date", day]) == 0
    return capsys.readouterr().out


def test_one_backup_a_day_newest_kept(settings, tmp_path, capsys, folders):
    settings.KECHUANG_BACKUP_DIR = tmp_path / "备份"
    settings.KECHUANG_BACKUP_KEEP = 2

    assert "每日备份：新备份 1 份" in _run("2026-03-01", capsys)
    first = (settings.KECHUANG_BACKUP_DIR / "kechuang-2026-03-01.tar.gz").stat()
    assert "每日备份：新备份 0 份" in _run("2026-03-01", capsys)  # every 5 minutes: still one a day
    assert (settings.KECHUANG_BACKUP_DIR / "kechuang-2026-03-01.tar.gz").stat().st_mtime == first.st_mtime

    _run("2026-03-02", capsys)
    _run("2026-03-03", capsys)
    kept = sorted(p.name for p in settings.KECHUANG_BACKUP_DIR.iterdir())
    assert kept == ["kechuang-2026-03-02.tar.gz", "kechuang-2026-03-03.tar.gz"]


def test_another_run_writing_today_is_left_alone(settings, tmp_path, capsys):
    settings.KECHUANG_BACKUP_DIR = tmp_path
    settings.KECHUANG_BACKUP_KEEP = 3
    (tmp_path / "kechuang-2026-03-01.tar.gz.part").write_bytes(b"")  # another run is at it
    assert "每日备份：新备份 0 份" in _run("2026-03-01", capsys)
    assert not (tmp_path / "kechuang-2026-03-01.tar.gz").exists()


def test_no_scheduled_backups_when_keep_is_zero(settings, tmp_path, capsys):
    settings.KECHUANG_BACKUP_DIR = tmp_path / "none"
    settings.KECHUANG_BACKUP_KEEP = 0
    assert "每日备份：新备份 0 份" in _run("2026-03-01", capsys)
    assert not settings.KECHUANG_BACKUP_DIR.exists()
