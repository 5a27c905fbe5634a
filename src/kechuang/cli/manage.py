"""`kechuang manage ...`: Django's manage.py, for administrators (createsuperuser, migrate, shell)."""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "manage", help="运行 Django 管理命令", description="运行 Django 管理命令（同 manage.py）"
    )
    parser.add_argument("args", nargs=argparse.REMAINDER, help="管理命令及其参数")
    parser.set_defaults(func=manage_command)


def manage_command(args: argparse.Namespace) -> int:
    from kechuang.cli.django_setup import setup_django

    setup_django(migrate=not args.args or args.args[0] != "migrate")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["kechuang manage", *args.args])
    return 0
