"""`kechuang judgements rebuild`: judge every target of every plan in force for today and store it."""

from __future__ import annotations

import argparse
import sys
import time


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "judgements",
        help="重算并保存全部目标的评估结果",
        description="页面、接口和报告读取保存的“今天”的目标评估结果；录入数据、修改目标、发布规划时自动更新，"
        "每天由 kechuang run-scheduled 重算。批量导入（或直接改库）之后运行 rebuild 立即全部重算。",
    )
    actions = parser.add_subparsers(dest="action", metavar="操作")
    rebuild = actions.add_parser("rebuild", help="重算全部施行中规划的目标评估结果（显示进度条）")
    rebuild.add_argument("--quiet", "-q", action="store_true", help="不显示进度条")
    rebuild.set_defaults(func=rebuild_command)
    parser.set_defaults(func=lambda args: parser.print_help() or 2)


def rebuild_command(args: argparse.Namespace) -> int:
    from kechuang.cli.django_setup import setup_django

    setup_django()
    from kechuang.observations.stored.refresh import rebuild

    bar = None
    if not args.quiet:
        from tqdm import tqdm

        bar = tqdm(total=0, desc="重算目标评估结果", unit="个规划", file=sys.stderr)

    def progress(done: int, total: int) -> None:
        if bar is not None:
            bar.total = total
            bar.n = done
            bar.refresh()

    started = time.perf_counter()
    written = rebuild(progress=progress)
    if bar is not None:
        bar.close()
    print(f"已保存 {written} 个目标的评估结果，用时 {time.perf_counter() - started:.1f} 秒")
    return 0
