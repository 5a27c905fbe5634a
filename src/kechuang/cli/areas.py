"""`kechuang areas import|load|find|list`: the area tree from a file or from the national list."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "areas", help="导入和载入地区", description="导入地区表、载入全国行政区划、查找地区"
    )
    areas_sub = parser.add_subparsers(dest="areas_command", metavar="ACTION", required=True)

    imp = areas_sub.add_parser(
        "import",
        help="从 Excel 或 CSV 导入地区",
        description="导入地区表（表头 code,name,kind,parent；类型为 省、市、区县、街镇、园区、分园）："
        "逐行校验，全部正确才写入；再次导入会更新名称和上级，不会重复新增",
    )
    imp.add_argument("file", type=Path, help="地区表（.xlsx 或 .csv）")
    imp.add_argument("--check", action="store_true", help="只校验，不写入")
    imp.set_defaults(func=import_command)

    load = areas_sub.add_parser(
        "load",
        help="载入全国行政区划中的一个省或市",
        description="从随软件附带的全国行政区划（省、市、区县）载入一个地区及其下全部区县，并补齐其上级；"
        "已有的地区保持不变，可重复运行",
    )
    load.add_argument("--under", required=True, metavar="CODE", help="六位行政区划代码，如 330300（温州市）")
    load.set_defaults(func=load_command)

    find = areas_sub.add_parser(
        "find", help="在全国行政区划中查找", description="按名称或代码查找全国行政区划"
    )
    find.add_argument("query", help="名称或代码，如 鹿城区")
    find.set_defaults(func=find_command)


def _fail(message: str) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return 1


def import_command(args: argparse.Namespace) -> int:
    from kechuang.cli.django_setup import setup_django
    from kechuang.cli.tables import run_table_import

    setup_django()
    from kechuang.tenancy.domain.areas_import import (
        MAX_ROWS,
        AreaImportError,
        check_area_rows,
        import_areas,
        rows_from_table,
    )

    return run_table_import(
        args.file,
        max_rows=MAX_ROWS,
        parse=rows_from_table,
        check=check_area_rows,
        write=import_areas,
        error=AreaImportError,
        check_only=args.check,
        done="地区导入完成",
    )


def load_command(args: argparse.Namespace) -> int:
    from kechuang.cli.django_setup import setup_django

    setup_django()
    from kechuang.tenancy.domain.areas_import import AreaImportError
    from kechuang.tenancy.domain.divisions import VINTAGE, DivisionNotFound, full_name, load_divisions

    try:
        result = load_divisions(args.under)
    except DivisionNotFound as exc:
        return _fail(f"{exc}；可用 kechuang areas find 名称 查找代码")
    except AreaImportError as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        return _fail("未写入任何数据")
    print(f"已载入{full_name(args.under)}（{VINTAGE}）：{result.summary()}")
    return 0


def find_command(args: argparse.Namespace) -> int:
    from kechuang.cli.django_setup import setup_django

    setup_django(migrate=False)
    from kechuang.tenancy.domain.divisions import find_divisions, full_name

    found = find_divisions(args.query)
    if not found:
        return _fail(f"全国行政区划中没有“{args.query}”")
    for division in found[:50]:
        print(f"{division.code}  {division.kind:<3} {full_name(division.code)}")
    if len(found) > 50:
        print(f"……共 {len(found)} 个，请写得更具体")
    return 0
