"""The manifest at the head of every archive, and the checks made on it before a restore touches anything."""

from __future__ import annotations

import json

from kechuang.common.backup import BackupError

FORMAT_VERSION = 1
MANIFEST = "manifest.json"


def build(*, engine: str, dump: object, files: dict[str, dict], created: str) -> dict:
    """What the archive holds: enough to refuse a wrong one and to check a restore against."""
    from kechuang import __version__

    return {
        "format": "kechuang-backup",
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "created": created,
        "engine": engine,
        "database": {"member": f"database/{dump.member}", "format": dump.fmt},
        "migrations": dump.migrations,
        "row_counts": dump.counts,
        "files": files,  # archive member -> {"sha256", "size"}
    }


def parse(raw: bytes) -> dict:
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError("备份文件的清单已损坏，无法恢复") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != "kechuang-backup":
        raise BackupError("这不是科创平台的备份文件（清单格式不符）")
    return manifest


def known_migrations() -> set[str]:
    """Every migration this version of the code has (applied or not)."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    names = {f"{app}.{name}" for app, name in loader.disk_migrations}
    for migration in loader.disk_migrations.values():  # a squashed one stands for those it replaced
        names.update(f"{app}.{name}" for app, name in getattr(migration, "replaces", []) or [])
    return names


def current_migrations() -> set[str]:
    """The migrations a database fully migrated by this code records."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {f"{app}.{name}" for app, name in loader.graph.nodes}


def check_restorable(manifest: dict, engine: str) -> None:
    """Refuse, before anything is touched, an archive this code cannot restore faithfully."""
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(
            f"备份文件来自较新版本的科创平台（备份格式 {version}，本程序只认识 {FORMAT_VERSION} 及以下），"
            "请先升级本程序再恢复"
        )
    unknown = sorted(set(manifest.get("migrations") or []) - known_migrations())
    if unknown:
        shown = "、".join(unknown[:5]) + ("等" if len(unknown) > 5 else "")
        raise BackupError(
            f"备份文件来自较新版本的科创平台（版本 {manifest.get('app_version')}，"
            f"含本程序没有的数据库变更 {shown}），请先升级本程序再恢复"
        )
    fmt = (manifest.get("database") or {}).get("format")
    if fmt == "jsonl":  # Django's serialisation loads into either engine, but only into the same schema
        if set(manifest.get("migrations") or []) != current_migrations():
            raise BackupError(
                "这份逻辑格式备份来自另一版本的科创平台，只能由同一版本恢复：请用备份时的版本恢复后再升级"
            )
        return
    wanted = {"sqlite": "sqlite", "pg_dump": "postgresql"}.get(fmt)
    if wanted is None:
        raise BackupError("备份文件的清单已损坏（数据库格式未知），无法恢复")
    if wanted != engine:
        names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
        raise BackupError(
            f"备份文件中的数据库是 {names[wanted]}，当前配置的是 {names.get(engine, engine)}："
            "请恢复到同一种数据库（或用 --logical 重新备份，见 docs/backup.md）"
        )
