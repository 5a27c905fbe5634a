"""`kechuang areas import|load|find|rename|merge|move|history`: the area tree from a file or from
the national list, and boundary changes (区划调整) with the date they take effect."""

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

    def change_parser(name: str, help_text: str, description: str) -> argparse.ArgumentParser:
        p = areas_sub.add_parser(name, help=help_text, description=description)
        p.add_argument("code", metavar="CODE", help="地区代码")
        return p

    def dated(p: argparse.ArgumentParser) -> None:
        p.add_argument("--on", required=True, metavar="YYYY-MM-DD", help="生效日期（今天及以前立即生效）")
        p.add_argument("--note", default="", help="说明，如批复文号")

    rename = change_parser(
        "rename",
        "地区改名（区划调整）",
        "自生效日期起改用新名称；此前的规划和数据仍属该地区，历史页面显示当时的名称",
    )
    rename.add_argument("new_name", metavar="新名称")
    dated(rename)
    rename.set_defaults(func=change_command, change="rename")

    merge = change_parser(
        "merge",
        "合并地区（区划调整）",
        "自生效日期起该地区并入另一同类型地区：其规划和数据保留，标为已撤并，下级地区改属",
    )
    merge.add_argument("--into", required=True, metavar="CODE", help="并入的地区代码")
    dated(merge)
    merge.set_defaults(func=change_command, change="merge")

    move = change_parser("move", "地区改属（区划调整）", "自生效日期起把地区（连同其下级）挂到另一上级之下")
    move.add_argument("--parent", required=True, metavar="CODE", help="新上级的地区代码")
    dated(move)
    move.set_defaults(func=change_command, change="move")

    history = change_parser("history", "地区的区划调整记录", "列出地区的历次改名、合并、改属及各时期的名称")
    history.set_defaults(func=history_command)


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


def _area(code: str) -> object:
    from kechuang.tenancy.models import Area

    area = Area.objects.filter(code=(code or "").strip()).first()
    if area is None:
        raise LookupError(f"地区代码“{code}”不存在")
    return area


def change_command(args: argparse.Namespace) -> int:
    import datetime as dt

    try:
        effective_on = dt.date.fromisoformat(args.on)
    except ValueError:
        return _fail(f"生效日期“{args.on}”无效，应为 YYYY-MM-DD 格式")
    from kechuang.cli.django_setup import setup_django

    setup_django()
    from kechuang.tenancy.domain.area_changes import AreaChangeRefused, merge_areas, move_area, rename_area
    from kechuang.tenancy.models.areas import chinese_date

    try:
        area = _area(args.code)
        if args.change == "rename":
            change = rename_area(area, args.new_name, effective_on, note=args.note)
        elif args.change == "merge":
            change = merge_areas(area, _area(args.into), effective_on, note=args.note)
        else:
            change = move_area(area, _area(args.parent), effective_on, note=args.note)
    except (LookupError, AreaChangeRefused) as exc:
        return _fail(f"{exc}；未写入任何数据")
    when = "已生效" if change.applied_at else "到期后由定时任务（kechuang run-scheduled）执行"
    print(f"已登记：{_describe(change)}，{chinese_date(change.effective_on)}起，{when}")
    return 0


def _describe(change: object) -> str:
    kind = change.kind
    if kind == "rename":
        return f"“{change.old_name}”改名为“{change.new_name}”"
    if kind == "merge":
        return f"“{change.old_name}”并入“{change.merged_into.name}”"
    old = change.old_parent.name if change.old_parent else "（无）"
    return f"“{change.old_name}”由“{old}”改属“{change.new_parent.name}”"


def history_command(args: argparse.Namespace) -> int:
    from kechuang.cli.django_setup import setup_django

    setup_django()
    from kechuang.tenancy.domain.area_changes import names_by_date
    from kechuang.tenancy.models.areas import chinese_date

    try:
        area = _area(args.code)
    except LookupError as exc:
        return _fail(str(exc))
    print(f"{area.label}（{area.code}，{area.get_kind_display()}）")
    changes = list(area.changes.select_related("old_parent", "new_parent", "merged_into"))
    if not changes:
        print("没有区划调整记录")
    for change in changes:
        state = "" if change.applied_at else "（待生效）"
        note = f"；说明：{change.note}" if change.note else ""
        print(
            f"{chinese_date(change.effective_on)}  {change.get_kind_display()}  {_describe(change)}{state}{note}"
        )
    print("各时期名称：")
    for period in names_by_date(area):
        print(f"  {period.span}  {period.name}（上级：{period.parent}）")
    return 0
