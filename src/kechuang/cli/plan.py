"""`kechuang plan import|export|list`: plans in the extraction format."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("plan", help="导入、导出和列出规划", description="导入、导出和列出规划")
    plan_sub = parser.add_subparsers(dest="plan_command", metavar="ACTION", required=True)

    imp = plan_sub.add_parser(
        "import", help="从 JSON 文件导入规划", description="从抽取格式的 JSON 文件导入规划"
    )
    imp.add_argument("file", type=Path, help="规划 JSON 文件")
    imp.add_argument("--area", help="地区代码（默认按文件中的地区名称查找）")
    imp.add_argument("--replace", action="store_true", help="同一地区同名同期规划已存在时整体覆盖")
    imp.add_argument("--draft", action="store_true", help="导入为草稿（默认直接发布）")
    imp.set_defaults(func=import_command)

    exp = plan_sub.add_parser("export", help="把规划导出为 JSON", description="把规划导出为抽取格式的 JSON")
    exp.add_argument("plan_id", type=int, help="规划编号")
    exp.add_argument("--out", type=Path, help="输出文件（默认输出到标准输出）")
    exp.set_defaults(func=export_command)

    lst = plan_sub.add_parser("list", help="列出规划", description="列出全部规划及其编号")
    lst.add_argument("--json", action="store_true", help="以 JSON 输出")
    lst.set_defaults(func=list_command)


def _fail(message: str) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return 1


def import_command(args: argparse.Namespace) -> int:
    from kechuang.cli.django_setup import setup_django

    try:
        raw = args.file.read_bytes()
    except OSError as exc:
        return _fail(f"无法读取文件 {args.file}：{exc.strerror}")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return _fail(f"{args.file} 不是 UTF-8 编码的 JSON 文件")
    except json.JSONDecodeError as exc:
        return _fail(f"{args.file} 不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}")
    setup_django()
    from kechuang.plans.enums import PlanStatus
    from kechuang.plans.transfer import PlanImportError, import_plan
    from kechuang.tenancy.models import Area

    area = None
    if args.area:
        area = Area.objects.filter(code=args.area).first()
        if area is None:
            return _fail(f"地区代码“{args.area}”不存在")
    try:
        plan = import_plan(
            data,
            area=area,
            replace=args.replace,
            status=PlanStatus.DRAFT if args.draft else PlanStatus.PUBLISHED,
        )
    except PlanImportError as exc:
        return _fail(f"{args.file}：{exc}（未写入任何数据）")
    print(plan.pk)
    return 0


def export_command(args: argparse.Namespace) -> int:
    from kechuang.cli.django_setup import setup_django

    setup_django()
    from kechuang.plans.models import Plan
    from kechuang.plans.transfer import export_plan

    plan = Plan.objects.filter(pk=args.plan_id).first()
    if plan is None:
        return _fail(f"规划编号 {args.plan_id} 不存在")
    text = json.dumps(export_plan(plan), ensure_ascii=False, indent=2)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return 0


def list_command(args: argparse.Namespace) -> int:
    from kechuang.cli.django_setup import setup_django

    setup_django()
    from kechuang.plans.models import Plan

    plans = Plan.objects.select_related("area").order_by("pk")
    rows = [
        {
            "id": p.pk,
            "title": p.title,
            "area": p.area.name,
            "area_code": p.area.code,
            "period": {"start": p.period_start, "end": p.period_end},
            "status": p.status,
            "version": p.version,
            "doc_number": p.doc_number or None,
        }
        for p in plans
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("暂无规划")
    for r in rows:
        print(f"{r['id']:>5}  {r['area']:<8} {r['period']['start']}-{r['period']['end']}  {r['title']}")
    return 0
