"""`kechuang public export DIR`: write the public progress site to a folder (see docs/cli.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("public", help="公开进展网站", description="公开进展网站：导出为静态文件")
    commands = parser.add_subparsers(dest="public_command", metavar="子命令")
    export = commands.add_parser(
        "export",
        help="把公开进展网站导出到文件夹",
        description="把公开进展网站（全部已发布规划、指标页面、数据文件和样式脚本）写入文件夹，"
        "链接均为相对链接，可上传到政府网站任意路径，也可直接在本机打开",
    )
    export.add_argument("directory", metavar="DIR", help="输出文件夹（不存在则创建）")
    export.add_argument("--quiet", "-q", action="store_true", help="不显示进度条")
    export.set_defaults(func=export_command)
    parser.set_defaults(func=lambda args: parser.print_help() or 2)


def export_command(args: argparse.Namespace) -> int:
    from kechuang.cli.django_setup import setup_django

    setup_django()
    from kechuang.public.export import export_site

    def bar(total: int):
        from tqdm import tqdm

        return tqdm(total=total, desc="导出公开页面", unit="页", file=sys.stderr)

    out = Path(args.directory)
    try:
        result = export_site(out, progress=None if args.quiet else bar)
    except OSError as exc:
        print(f"错误：无法写入 {out}：{exc.strerror}", file=sys.stderr)
        return 1
    print(
        f"已导出 {result.pages} 个页面、{result.data_files} 个数据文件、{result.static_files} 个样式和脚本文件："
        f"{out.resolve() / 'index.html'}"
    )
    if result.unresolved:
        print(f"警告：{len(result.unresolved)} 个链接指向导出范围以外的页面：", file=sys.stderr)
        for page, link in result.unresolved[:20]:
            print(f"  {page}: {link}", file=sys.stderr)
        return 1
    return 0
