"""`kechuang plots import FILE`: land plots or their yearly figures from Excel/CSV, all or nothing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("plots", help="导入地块与年度数据", description="地块登记：从 Excel/CSV 导入")
    plots_sub = parser.add_subparsers(dest="plots_command", metavar="ACTION", required=True)
    imp = plots_sub.add_parser(
        "import",
        help="从 Excel 或 CSV 导入地块表或年度数据表",
        description="导入地块表（有“面积（亩）”列）或年度数据表（有“年度”列）：逐行校验，全部正确才写入；"
        "再次导入会更新已有记录，不会重复新增",
    )
    imp.add_argument("file", type=Path, help="数据文件（.xlsx 或 .csv）")
    imp.add_argument(
        "--user", metavar="USERNAME", help="以该用户身份导入（检查其地区权限；默认以系统身份导入）"
    )
    imp.add_argument("--check", action="store_true", help="只校验，不写入")
    imp.set_defaults(func=import_command)


def _fail(message: str) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return 1


def import_command(args: argparse.Namespace) -> int:
    from kechuang.cli.django_setup import setup_django

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        return _fail(f"无法读取文件 {args.file}：{exc.strerror}")
    setup_django()
    from django.contrib.auth import get_user_model

    from kechuang.registry.imports import ImportRefused
    from kechuang.registry.imports.plots import import_plots

    user = None
    if args.user:
        user = get_user_model().objects.filter(username=args.user, is_active=True).first()
        if user is None:
            return _fail(f"用户“{args.user}”不存在")
    try:
        result = import_plots(data, args.file.name, user=user, check_only=args.check)
    except ImportRefused as exc:
        for line in exc.errors:
            print(line, file=sys.stderr)
        print("未写入任何数据", file=sys.stderr)
        return 1
    print(("校验通过（未写入）：" if args.check else "导入完成：") + result.summary())
    return 0
