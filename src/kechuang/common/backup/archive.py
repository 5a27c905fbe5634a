"""One archive (tar.gz) per backup: ``manifest.json`` first, then ``database/…`` and ``files/<folder>/…``.

A restore reads the whole archive into a staging folder and checks every member's size and SHA-256
against the manifest, the format version and the migrations, and whether the target already holds
data, all before it touches the database or a stored file. Afterwards it checks the restored
database's row counts and the restored files' checksums against the manifest again.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils import timezone

from kechuang.common.backup import BackupError
from kechuang.common.backup import manifest as manifests
from kechuang.common.backup.database import (
    Target,
    current_target,
    dump_logical,
    dump_postgres,
    dump_sqlite,
    holds_data,
    table_counts,
)
from kechuang.common.backup.load import empty, load, target_counts

CHUNK = 1024 * 1024
MEMBER = re.compile(r"(database/[A-Za-z0-9_.-]+|files/(uploads|attachments|reports|config)/[^\x00]+)")


def stored_folders() -> dict[str, Path]:
    """Every folder of stored files a backup holds, and the answers of `kechuang setup` (site name,
    e-mail settings). The chart cache is left out: it is redrawn."""
    from kechuang.common.attachments import attachment_dir
    from kechuang.common.site_config import FOLDER

    reports = Path(getattr(settings, "KECHUANG_REPORT_DIR", Path(settings.DATA_DIR) / "reports"))
    return {
        "uploads": Path(settings.MEDIA_ROOT),
        "attachments": attachment_dir(),
        "reports": reports,
        "config": Path(settings.DATA_DIR) / FOLDER,
    }


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _stored_files(folders: dict[str, Path]) -> dict[str, Path]:
    found = {}
    for key, folder in folders.items():
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.is_symlink() and path.suffix != ".part":
                found[f"files/{key}/{path.relative_to(folder).as_posix()}"] = path
    return found


def create_backup(path: Path, *, logical: bool = False) -> dict:
    """Write the archive at ``path`` (via a .part file, 0600: it holds everything); return its manifest."""
    path = Path(path).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    target = current_target()
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".kechuang-backup-") as tmp:
        if logical:
            dump = dump_logical(Path(tmp))
        elif target.engine == "sqlite":
            dump = dump_sqlite(Path(tmp))
        else:
            dump = dump_postgres(target, Path(tmp))
        members = {f"database/{dump.member}": Path(tmp) / dump.member, **_stored_files(stored_folders())}
        files = {name: {"sha256": sha256_of(p), "size": p.stat().st_size} for name, p in members.items()}
        manifest = manifests.build(
            engine=target.engine, dump=dump, files=files, created=timezone.now().isoformat()
        )
        partial = path.with_name(path.name + ".part")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                _add_bytes(
                    tar, manifests.MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                )
                for name, source in members.items():
                    _add_file(tar, name, source, files[name])
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


class _Hashing(io.RawIOBase):
    def __init__(self, f: io.BufferedReader) -> None:
        self.f, self.digest = f, hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        data = self.f.read(n)
        self.digest.update(data)
        return data


def _add_file(tar: tarfile.TarFile, name: str, source: Path, expected: dict) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode = expected["size"], 0o600
    try:
        info.mtime = int(source.stat().st_mtime)
        with source.open("rb") as f:
            reader = _Hashing(f)
            tar.addfile(info, reader)
            grown = bool(f.read(1))
    except (FileNotFoundError, OSError) as exc:
        raise BackupError(f"备份过程中文件“{name}”被删除或无法读取，请重试") from exc
    if grown or reader.digest.hexdigest() != expected["sha256"]:
        raise BackupError(f"备份过程中文件“{name}”被修改，请重试")


# --- restore


def _safe_member(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return bool(MEMBER.fullmatch(name)) and ".." not in parts and not name.startswith("/")


def unpack(path: Path, staging: Path) -> dict:
    """Every member into ``staging`` under its own name, each checked against the manifest."""
    damaged = "备份文件已损坏或不完整（可能未下载或复制完整），未做任何改动"
    try:
        with tarfile.open(path, mode="r:gz") as tar:
            first = tar.next()
            if first is None or first.name != manifests.MANIFEST or not first.isfile():
                raise BackupError("这不是科创平台的备份文件（缺少清单），未做任何改动")
            manifest = manifests.parse(tar.extractfile(first).read())
            expected = manifest.get("files") or {}
            bad = [name for name in expected if not _safe_member(name)]
            if bad or not isinstance(expected, dict):
                raise BackupError(f"备份文件的清单含有不允许的路径（{bad[:1]}），未做任何改动")
            seen = set()
            while (member := tar.next()) is not None:
                if member.name not in expected or member.name in seen or not member.isfile():
                    raise BackupError(f"备份文件含有清单以外的内容（{member.name}），未做任何改动")
                seen.add(member.name)
                _write_checked(
                    tar.extractfile(member), staging / member.name, member.name, expected[member.name]
                )
    except BackupError:
        raise
    except (tarfile.TarError, EOFError, zlib.error, OSError, UnicodeError) as exc:
        raise BackupError(damaged) from exc
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"{damaged}：缺少 {len(missing)} 个文件，如 {missing[0]}")
    if (manifest.get("database") or {}).get("member") not in expected:
        raise BackupError("备份文件的清单已损坏（缺少数据库），未做任何改动")
    return manifest


def _write_checked(source: object, dest: Path, name: str, expected: dict) -> None:
    dest.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with dest.open("wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    os.chmod(dest, 0o600)
    if size != expected.get("size") or digest.hexdigest() != expected.get("sha256"):
        raise BackupError(f"备份文件已损坏：“{name}”的校验值与清单不符，未做任何改动")


def restore_backup(
    path: Path, *, force: bool = False, target: Target | None = None, folders: dict[str, Path] | None = None
) -> dict:
    """Restore the archive at ``path`` into ``target`` (default: Django's database) and the stored-file
    folders; refuses, untouched, a damaged or newer archive and a target that holds data (unless ``force``)."""
    path = Path(path)
    target = target or current_target()
    folders = folders or stored_folders()
    if not path.is_file():
        raise BackupError(f"找不到备份文件“{path}”")
    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=settings.DATA_DIR, prefix=".kechuang-restore-") as tmp:
        staging = Path(tmp)
        manifest = unpack(path, staging)
        manifests.check_restorable(manifest, target.engine)
        fmt = manifest["database"]["format"]
        here = django_counts() if fmt == "jsonl" else target_counts(target)
        present = _stored_files(folders)
        if (holds_data(here) or present) and not force:
            held = [
                w
                for w, has in (
                    ("数据库中已有记录", holds_data(here)),
                    (f"已存有 {len(present)} 个文件", present),
                )
                if has
            ]
            raise BackupError(
                f"目标已有数据（{'，'.join(held)}），未做任何改动：恢复会覆盖现有数据，确认无误后加 --force 重新运行"
            )
        if fmt != "jsonl":
            empty(target)
        load(target, staging / manifest["database"]["member"], fmt)
        _put_files(staging / "files", folders)
        _verify(manifest, django_counts() if fmt == "jsonl" else target_counts(target), folders)
    return manifest


def django_counts() -> dict[str, int]:
    """Rows per table in Django's own database (where the logical format is loaded)."""
    from django.db import connection

    with connection.cursor() as cursor:
        return table_counts(cursor, "sqlite" if connection.vendor == "sqlite" else "postgresql")


def _put_files(staged: Path, folders: dict[str, Path]) -> None:
    for key, folder in folders.items():
        if folder.exists():
            shutil.rmtree(folder)
        source = staged / key
        if source.is_dir():
            folder.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(source), str(folder))
        else:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.chmod(0o700)


def _verify(manifest: dict, counts: dict[str, int], folders: dict[str, Path]) -> None:
    """The restored data against the manifest: every table's row count, every file's checksum."""
    expected = dict(manifest["row_counts"])
    if manifest["database"]["format"] == "jsonl":  # `migrate` on this side wrote its own records
        expected.pop("django_migrations", None)
        counts = {t: n for t, n in counts.items() if t != "django_migrations"}
    if counts != expected:
        wrong = sorted(t for t in set(counts) | set(expected) if counts.get(t) != expected.get(t))
        raise BackupError(f"恢复后核对失败：这些表的记录数与备份清单不符：{'、'.join(wrong[:10])}")
    for name, info in manifest["files"].items():
        if not name.startswith("files/"):
            continue
        _, key, rel = name.split("/", 2)
        restored = folders[key] / rel
        if not restored.is_file() or sha256_of(restored) != info["sha256"]:
            raise BackupError(f"恢复后核对失败：文件“{name}”与备份清单不符")
