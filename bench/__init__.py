"""Benchmarks (`make bench` = `python -m bench`): each measurement beside its raw baseline, as a ratio.

Every `bench/bench_*.py` module exposes `main() -> int` and prints its own report.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_on_fresh_sqlite(child: str, *args: str, prefix: str) -> dict | None:
    """Run ``child`` (Python source printing one JSON line last) in a child process on an empty
    SQLite data folder; its JSON, or None after printing the child's error.

    Why a child: each benchmark builds its own database, and nothing it loads (fonts, caches,
    Django settings) leaks into the next benchmark's timings.
    """
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        env = {**os.environ, "KECHUANG_DATA_DIR": str(Path(tmp) / "data"), "PYTHONPATH": str(ROOT / "src")}
        env.pop("DATABASE_URL", None)
        done = subprocess.run(
            [sys.executable, "-c", child, *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
    if done.returncode:
        print(done.stderr[-3000:], file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])
