"""A restore that would lose or garble data is refused, with a clear Chinese message, before anything is
touched: a damaged, truncated or tampered archive, one from a newer version, and restoring over data."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest

from kechuang.cli import main
from kechuang.common.backup import BackupError
from kechuang.common.backup.archive import create_backup, restore_backup
from tests.backup.conftest import restored_folders, snapshot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _rewrite(source: Path, dest: Path, change) -> Path:
    """A copy of the archive with ``change(name, data) -> data`` applied to every member."""
    with tarfile.open(source) as tar, tarfile.open(dest, "w:gz") as out:
        for member in tar.getmembers():
            data = change(member.name, tar.extractfile(member).read())
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    return dest


def _manifest(change):
    def edit(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        change(manifest)
        return json.dumps(manifest).encode()

    return edit


def _bad_archives(archive: Path, tmp: Path) -> dict[str, tuple[Path, str]]:
    raw = archive.read_bytes()
    truncated = tmp / "truncated.tar.gz"
    truncated.write_bytes(raw[: len(raw) // 2])
    flipped = bytearray(raw)
    flipped[len(raw) // 2] ^= 0xFF
    corrupt = tmp / "corrupt.tar.gz"
    corrupt.write_bytes(bytes(flipped))
    not_ours = tmp / "other.tar.gz"
    with tarfile.open(not_ours, "w:gz") as tar:
        tar.addfile(tarfile.TarInfo("readme.txt"), io.BytesIO(b""))

    def swap_upload(name: str, data: bytes) -> bytes:
        return "被改过的规划文本".encode() if name.endswith("规划文本.txt") else data

    def future_migration(manifest: dict) -> None:
        manifest["migrations"].append("observations.9999_future_change")

    def future_format(manifest: dict) -> None:
        manifest["format_version"] = 99

    return {
        "截断": (truncated, "损坏或不完整"),
        "损坏": (corrupt, "损坏"),
        "非本平台": (not_ours, "不是科创平台的备份文件"),
        "文件被改": (_rewrite(archive, tmp / "tampered.tar.gz", swap_upload), "校验值与清单不符"),
        "新版本迁移": (_rewrite(archive, tmp / "newer.tar.gz", _manifest(future_migration)), "较新版本"),
        "新格式": (_rewrite(archive, tmp / "format.tar.gz", _manifest(future_format)), "较新版本"),
    }


def test_bad_archives_and_existing_data_are_refused_untouched(world, empty_target, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    create_backup(archive)
    folders = restored_folders(tmp_path)
    restore_backup(archive, target=empty_target, folders=folders)
    before = snapshot(empty_target, folders)

    # the target now holds data: a second restore is refused unless forced
    with pytest.raises(BackupError, match="目标已有数据.*--force"):
        restore_backup(archive, target=empty_target, folders=folders)
    assert snapshot(empty_target, folders) == before

    for label, (bad, message) in _bad_archives(archive, tmp_path).items():
        with pytest.raises(BackupError, match=message):
            restore_backup(bad, target=empty_target, folders=folders, force=True)
        assert snapshot(empty_target, folders) == before, label
    assert not list(Path(empty_target.name).parent.glob(".kechuang-restore-*"))

    restore_backup(archive, target=empty_target, folders=folders, force=True)
    assert snapshot(empty_target, folders) == before


def test_command_line_backup_and_refused_restore(world, tmp_path, capsys):
    archive = tmp_path / "命令行备份.tar.gz"
    assert main(["backup", str(archive)]) == 0
    out = capsys.readouterr().out
    assert "已备份到" in out and "个文件" in out and archive.exists()
    # the suite's own database holds the world: restoring over it is refused, and says how to force it
    assert main(["restore", str(archive)]) == 1
    err = capsys.readouterr().err
    assert "目标已有数据" in err and "--force" in err
    assert main(["restore", str(tmp_path / "没有这个文件.tar.gz")]) == 1
    assert "找不到备份文件" in capsys.readouterr().err
