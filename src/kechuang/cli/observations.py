"""`kechuang observations import|template`: figures from Excel/CSV, all or nothing, and the template to fill in."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "observations", help="导入观测值、生成导入模板", description="从 Excel/CSV 导入观测值，生成导入模板"
    )
    obs_sub = parser.add_subparsers(dest="observations_command", metavar="ACTION", required=True)

    imp = obs_sub.add_parser(
        "import",
        help="从 Excel 或 CSV 导入观测值",
        description="从 Excel（.xlsx）或 CSV 导入观测值：逐行校验，全部正确才写入",
    )
    imp.add_argument("file", type=Path, help="数据文件（.xlsx 或 .csv）")
    imp.add_argument("--plan", type=int, required=True, metavar="PLAN_ID", help="规划编号")
    imp.add_argument(
        "--user", metavar="USERNAME", help="以该用户身份导入（检查其地区权限；默认以系统身份导入）"
    )
    imp.set_defaults(func=import_command)

    tpl = obs_sub.add_parser(
        "template", help="生成规划的导入模板", description="生成规划的观测值导入模板（.xlsx）"
    )
    tpl.add_argument("--plan", type=int, required=True, metavar="PLAN_ID", help="规划编号")
    tpl.add_argument("--out", type=Path, required=True, metavar="FILE", help="输出文件（.xlsx）")
    tpl.set_defaults(func=template_command)


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

    from kechuang.observations.imports import import_observations
    from kechuang.plans.models import Plan

    plan = Plan.objects.select_related("area").filter(pk=args.plan).first()
    if plan is None:
        return _fail(f"规划编号 {args.plan} 不存在")
    user = None
    if args.user:
        user = get_user_model().objects.filter(username=args.user, is_active=True).first()
        if user is None:
            return _fail(f"用户“{args.user}”不存在")
    result = import_observations(data, args.file.name, plan=plan, acting_user=user)
    if not result.ok:
        for error in result.errors:
            print(error if error.row is not None else f"错误：{error}", file=sys.stderr)
        print("未写入任何数据", file=sys.stderr)
        return 1
    print(result.summary)
    return 0


def template_command(args: argparse.Namespace) -> int:
    from kechuang.cli.django_setup import setup_django

    setup_django()
    from kechuang.observations.imports import build_template
    from kechuang.plans.models import Plan

    plan = Plan.objects.select_related("area").filter(pk=args.plan).first()
    if plan is None:
        return _fail(f"规划编号 {args.plan} 不存在")
    try:
        args.out.write_bytes(build_template(plan))
    except OSError as exc:
        return _fail(f"无法写入文件 {args.out}：{exc.strerror}")
    print(f"已生成导入模板：{args.out}")
    return 0
