"""The `kechuang` command line: one module per command group, each thin.

Every module in ``COMMAND_MODULES`` exposes ``add_parser(subparsers)``; the
parser it adds sets ``func`` to a handler ``(args) -> int``. Commands that need
the database call :func:`kechuang.cli.django_setup.setup_django` themselves, so
that ``kechuang extract`` runs without Django.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMAND_MODULES = [
    "kechuang.cli.extract",
    "kechuang.cli.areas",
    "kechuang.cli.plots",
    "kechuang.cli.plan",
    "kechuang.cli.observations",
    "kechuang.cli.progress",
    "kechuang.cli.judgements",
    "kechuang.cli.evaluate",
    "kechuang.cli.report",
    "kechuang.cli.public",
    "kechuang.cli.demo",
    "kechuang.cli.serve",
    "kechuang.cli.manage",
    "kechuang.cli.scheduled",
    "kechuang.cli.setup",
    "kechuang.cli.users",
    "kechuang.cli.backup",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kechuang", description="科创：区科委规划监测评估平台")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # a command group not written yet
                continue
            raise
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
