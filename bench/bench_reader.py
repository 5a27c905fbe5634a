"""Reader throughput on the seed plans: seconds per document and characters per second (goal: < 1 s each).

python bench/bench_reader.py [--repeat N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kechuang.reader import extract_path  # noqa: E402

SEEDS = (ROOT / ".." / "shared" / "seeds").resolve()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per document (the best is reported)")
    args = parser.parse_args()
    paths = sorted(SEEDS.glob("*.txt"))
    if not paths:
        print(f"no seed documents in {SEEDS}", file=sys.stderr)
        return 2
    extract_path(paths[0])  # warm-up: imports and the catalogue
    print(f"{'document':<28} {'chars':>8} {'seconds':>9} {'chars/s':>10}")
    total_chars, total_s = 0, 0.0
    for path in paths:
        chars = len(path.read_text(encoding="utf-8"))
        best = min(_timed(path) for _ in range(args.repeat))
        total_chars += chars
        total_s += best
        print(f"{path.name[:28]:<28} {chars:>8} {best:>9.3f} {chars / best:>10.0f}")
    print(f"{'total':<28} {total_chars:>8} {total_s:>9.3f} {total_chars / total_s:>10.0f}")
    slow = total_s / len(paths) >= 1.0
    print("goal < 1 s per document: " + ("missed" if slow else "met"))
    return 1 if slow else 0


def _timed(path: Path) -> float:
    start = time.perf_counter()
    extract_path(path)
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
