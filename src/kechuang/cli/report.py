"""`kechuang report KIND ... --format docx|pdf|xlsx --out FILE`: make a report file.

Generic over the registered report kinds (``reports.kinds.KINDS``): each kind declares its own
parameters (``ReportParam``), e.g.

    kechuang report plan PLAN_ID --at 2024-06-30 --format docx --out 评估报告.docx
    kechuang report bulletin --area 310116 --month 2024-06 --format pdf --out 月报.pdf
    kechuang report annual --area 310116 --year 2024 --format xlsx --out 年报.xlsx

The kinds are known only once Django is set up, so the kind's own arguments are parsed then.
The file is written atomically (a temporary file beside it, renamed when complete): a refused or
failed report leaves no file behind. Errors are one Chinese line and exit code 2.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

FORMATS = ("docx", "pdf", "xlsx")


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese errors and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _Usage(message)


class _Usage(Exception):
    pass


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "report",
        help="生成报告文件（Word、PDF、Excel）",
        description="生成报告文件，如：kechuang report plan 规划编号 --at 2024-06-30 --format docx --out 报告.docx；"
        "报告类型：plan（规划实施评估报告）以及已登记的其他类型",
    )
    parser.add_argument("kind", metavar="KIND", help="报告类型，如 plan")
    parser.add_argument("rest", nargs=argparse.REMAINDER, help="该类型的参数，以及 --format、--out")
    parser.set_defaults(func=report_command)


def _value(kind: str, text: str, flag: str) -> Any:
    try:
        if kind == "int":
            return int(text)
        if kind == "date":
            return dt.date.fromisoformat(text)
        if kind == "month":
            year, month = text.split("-")
            value = (int(year), int(month))
            if not 1 <= value[1] <= 12 or len(year) != 4:
                raise ValueError(text)
            return value
        if kind == "year":
            if len(text) != 4:
                raise ValueError(text)
            return int(text)
    except ValueError:
        shape = {
            "int": "整数",
            "date": "YYYY-MM-DD，如 2024-06-30",
            "month": "YYYY-MM，如 2024-06",
            "year": "YYYY，如 2024",
        }
        raise _Usage(f"{flag} 的值“{text}”无效，应为 {shape[kind]}") from None
    return text


def _kind_parser(kind: Any) -> _Parser:
    parser = _Parser(prog=f"kechuang report {kind.code}", description=kind.label, add_help=True)
    for p in kind.params:
        if p.positional:
            parser.add_argument(p.name, metavar=p.flag, help=p.help)
        else:
            parser.add_argument(p.flag, dest=p.name, required=p.required, help=p.help)
    parser.add_argument("--format", choices=FORMATS, default=None, help="文件格式：docx、pdf 或 xlsx")
    parser.add_argument("--out", required=True, help="输出文件路径")
    parser.add_argument("--public", action="store_true", help="公开版：仅已发布规划和正式数据")
    return parser


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def report_command(args: argparse.Namespace) -> int:
    from kechuang.cli.django_setup import setup_django

    setup_django()
    from kechuang.reports.kinds import ReportRefused, load_kinds
    from kechuang.reports.render import file_name, render
    from kechuang.reports.render.docx import TemplateInvalid
    from kechuang.reports.render.pdf import PdfFailed
    from kechuang.reports.word_templates import template_for

    kinds = load_kinds()
    kind = kinds.get(args.kind)
    if kind is None:
        known = "、".join(f"{k.code}（{k.label}）" for k in kinds.values())
        print(f"错误：没有“{args.kind}”这种报告类型；可选：{known}", file=sys.stderr)
        return 2
    try:
        opts = _kind_parser(kind).parse_args(args.rest)
        params = {
            p.name: _value(p.kind, getattr(opts, p.name), p.flag)
            for p in kind.params
            if getattr(opts, p.name) is not None
        }
    except _Usage as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    out = Path(opts.out)
    fmt = opts.format or out.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        print("错误：请用 --format 指定文件格式：docx、pdf 或 xlsx", file=sys.stderr)
        return 2
    if not out.parent.is_dir():
        print(f"错误：输出目录“{out.parent}”不存在", file=sys.stderr)
        return 2
    for p in kind.params:
        if p.kind == "date" and p.name not in params:
            from django.utils import timezone

            params[p.name] = timezone.localdate()
    try:
        document = kind.build(user=None, public=opts.public, **params)
        data = render(document, fmt, template_for(kind.code) if fmt != "xlsx" else None)
        write_atomically(out, data)
    except (ReportRefused, TemplateInvalid, PdfFailed) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"错误：无法写入“{out}”：{exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"已生成：{out}（{len(data) // 1024} KB；建议文件名：{file_name(document, fmt)}）")
    return 0
