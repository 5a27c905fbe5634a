"""Run every benchmark module `bench/bench_*.py` (its `main()`) and print their reports in turn.

python -m bench [NAME ...]   # e.g. `python -m bench progress` runs bench_progress only
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def discover(names: list[str]) -> list[str]:
    modules = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if names:
        wanted = {n if n.startswith("bench_") else f"bench_{n}" for n in names}
        modules = [m for m in modules if m in wanted]
    return modules


def main(argv: list[str] | None = None) -> int:
    names = list(sys.argv[1:] if argv is None else argv)
    modules = discover(names)
    if not modules:
        print("没有找到基准测试模块 bench/bench_*.py", file=sys.stderr)
        return 2
    failures = []
    for name in modules:
        print(f"\n===== {name} =====", flush=True)
        started = time.perf_counter()
        saved_argv = sys.argv
        sys.argv = [f"bench/{name}.py"]  # each benchmark parses its own (empty) command line
        try:
            module = importlib.import_module(f"bench.{name}")
            code = int(module.main() or 0)
        except Exception as exc:  # one broken benchmark must not hide the others' reports
            print(f"{name} 失败：{exc!r}", file=sys.stderr)
            code = 1
        finally:
            sys.argv = saved_argv
        print(f"----- {name}: 退出码 {code}，用时 {time.perf_counter() - started:.1f} 秒", flush=True)
        if code:
            failures.append(name)
    if failures:
        print(f"\n失败的基准测试：{'、'.join(failures)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
