"""`kechuang backup FILE` and `kechuang restore FILE`: the whole installation in one archive and back."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    backup = sub.add_parser(
        "backup",
        help="把数据库和全部上传文件备份为一个归档文件",
        description="在线备份：数据库（SQLite 在线备份；PostgreSQL 用 pg_dump）和全部上传文件、附件、已生成的报告，"
        "写成一个 .tar.gz 归档，内含记录数和校验值清单。运行中的平台无需停止。见 docs/backup.md",
    )
    backup.add_argument("file", metavar="FILE", help="归档文件路径（如 kechuang-2026-01-31.tar.gz）")
    backup.add_argument(
        "--logical",
        action="store_true",
        help="数据库写成与数据库种类无关的逻辑格式（用于在 SQLite 与 PostgreSQL 之间迁移）",
    )
    backup.set_defaults(func=backup_command)
    restore = sub.add_parser(
        "restore",
        help="从备份归档恢复数据库和上传文件",
        description="先完整检查归档（校验值、格式版本、数据库版本），再恢复到空的数据目录和空数据库，"
        "恢复后按清单核对记录数和文件校验值。目标已有数据时拒绝，除非加 --force。见 docs/backup.md",
    )
    restore.add_argument("file", metavar="FILE", help="由 kechuang backup 生成的归档文件")
    restore.add_argument("--force", action="store_true", help="覆盖目标中已有的数据（不可撤销）")
    restore.set_defaults(func=restore_command)


def backup_command(args: argparse.Namespace) -> int:
    from kechuang.cli.django_setup import setup_django

    setup_django()
    from kechuang.common.backup import BackupError
    from kechuang.common.backup.archive import create_backup

    try:
        manifest = create_backup(Path(args.file), logical=args.logical)
    except BackupError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    rows = sum(manifest["row_counts"].values())
    files = sum(1 for name in manifest["files"] if name.startswith("files/"))
    print(f"已备份到 {args.file}：{len(manifest['row_counts'])} 张表共 {rows} 条记录，{files} 个文件")
    return 0


def restore_command(args: argparse.Namespace) -> int:
    from kechuang.cli.django_setup import ensure_migrated, setup_django

    setup_django(migrate=False)  # an empty folder stays empty until the archive is checked
    from kechuang.common.backup import BackupError
    from kechuang.common.backup.archive import restore_backup

    try:
        manifest = restore_backup(Path(args.file), force=args.force)
    except BackupError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    ensure_migrated()  # an archive from an earlier version is upgraded after it was checked
    rows = sum(manifest["row_counts"].values())
    files = sum(1 for name in manifest["files"] if name.startswith("files/"))
    print(
        f"已恢复 {args.file}（{manifest['created'][:19].replace('T', ' ')} 的备份）："
        f"{len(manifest['row_counts'])} 张表共 {rows} 条记录、{files} 个文件，均已按清单核对无误"
    )
    return 0
