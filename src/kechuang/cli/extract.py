"""`kechuang extract PATH... --out DIR`: read plan documents into extraction JSON, no Django.

One bad document does not stop the batch; the summary lists every failure.
Exit codes: 0 all read, 1 some failed, 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kechuang.reader import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_S, ReaderError, extract_path


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "extract",
        help="读取规划文件（txt/md/docx/doc/wps/pdf/html），输出指标、目标、序列和任务 JSON",
        description="读取规划文件，每个文件写出 OUT/<文件名>.json（UTF-8）。",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="规划文件")
    parser.add_argument("--out", "-o", required=True, metavar="DIR", help="输出目录（不存在则创建）")
    parser.add_argument("--quiet", "-q", action="store_true", help="不显示进度条")
    parser.add_argument(
        "--max-mb", type=float, default=DEFAULT_MAX_BYTES / 1024 / 1024, help="单个文件大小上限（MB）"
    )
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, help="单个文件读取时限（秒）")
    parser.set_defaults(func=handler)
    return parser


def handler(args: argparse.Namespace) -> int:
    out_dir = Path(args.out)
    if out_dir.exists() and not out_dir.is_dir():
        print(f"错误：输出路径不是目录：{out_dir}", file=sys.stderr)
        return 2
    if args.max_mb <= 0 or args.timeout <= 0:
        print("错误：--max-mb 和 --timeout 必须大于 0", file=sys.stderr)
        return 2
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"错误：无法创建输出目录 {out_dir}：{exc.strerror}", file=sys.stderr)
        return 2
    paths = [Path(p) for p in args.paths]
    failures: list[tuple[Path, str]] = []
    written = 0
    for path in _progress(paths, quiet=args.quiet):
        try:
            result = extract_path(path, max_bytes=int(args.max_mb * 1024 * 1024), timeout_s=args.timeout)
        except ReaderError as exc:
            failures.append((path, str(exc)))
            continue
        target = out_dir / f"{path.stem}.json"
        try:
            target.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            failures.append((path, f"无法写出 {target.name}：{exc.strerror}"))
            continue
        written += 1
    print(f"已读取 {written}/{len(paths)} 个文件，输出目录：{out_dir}")
    if failures:
        print(f"失败 {len(failures)} 个：", file=sys.stderr)
        for path, reason in failures:
            print(f"  {path}: {reason}", file=sys.stderr)
        return 1
    return 0


def _progress(paths: list[Path], *, quiet: bool):
    """A tqdm bar on stderr for batches, only on a terminal and without --quiet."""
    if quiet or len(paths) < 2 or not sys.stderr.isatty():
        return paths
    from tqdm import tqdm

    return tqdm(paths, desc="读取规划", unit="个", file=sys.stderr)
