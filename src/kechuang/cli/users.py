"""`kechuang users import FILE`: accounts in bulk; `kechuang users lock|unlock LOGIN`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "users", help="批量导入账号、锁定和解锁账号", description="批量导入账号、锁定和解锁账号"
    )
    users_sub = parser.add_subparsers(dest="users_command", metavar="ACTION", required=True)

    imp = users_sub.add_parser(
        "import",
        help="从 Excel 或 CSV 导入账号",
        description="导入账号表（表头 姓名,用户名,电子邮箱,角色,地区,载体；角色为 区级管理员、科技联络员、载体运营方、只读用户；"
        "地区填代码，载体运营方填载体编号或名称）：逐行校验，全部正确才写入；新账号收到设置密码的邮件",
    )
    imp.add_argument("file", type=Path, help="账号表（.xlsx 或 .csv）")
    imp.add_argument("--check", action="store_true", help="只校验，不写入")
    imp.set_defaults(func=import_command)

    for action, label in (("lock", "锁定"), ("unlock", "解锁")):
        cmd = users_sub.add_parser(action, help=f"{label}账号", description=f"{label}账号（记入变更记录）")
        cmd.add_argument("login", help="用户名")
        cmd.set_defaults(func=lock_command, locked=action == "lock")


def _fail(message: str) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return 1


def import_command(args: argparse.Namespace) -> int:
    from kechuang.cli.django_setup import setup_django
    from kechuang.cli.tables import run_table_import

    setup_django()
    from kechuang.tenancy.domain.users_import import (
        MAX_ROWS,
        UserImportError,
        check_user_rows,
        import_users,
        user_rows_from_table,
    )

    return run_table_import(
        args.file,
        max_rows=MAX_ROWS,
        parse=user_rows_from_table,
        check=check_user_rows,
        write=import_users,
        error=UserImportError,
        check_only=args.check,
        done="账号导入完成",
    )


def lock_command(args: argparse.Namespace) -> int:
    from kechuang.cli.django_setup import setup_django

    setup_django()
    from django.contrib.auth import get_user_model

    from kechuang.tenancy.domain.accounts import set_locked

    user = get_user_model().objects.filter(username=args.login).first()
    if user is None:
        return _fail(f"用户“{args.login}”不存在")
    changed = set_locked(user, locked=args.locked, acting_user=None)
    label = "锁定" if args.locked else "解锁"
    print(f"已{label}账号“{args.login}”" if changed else f"账号“{args.login}”本已{label}，未改变")
    return 0
