"""Several app server processes against one PostgreSQL, and the scheduled work done once.

Data: `bench_progress.generate` at KECHUANG_BENCH_SERVERS_SCALE districts (default 300: 12,000
targets, 120,000 figures) in a scratch PostgreSQL database `kechuang_bench_servers` (created and
dropped here), today's judgements stored with `kechuang judgements rebuild`.

Then, once:
1. SERVERS `kechuang serve` processes (waitress) on their own ports, sharing the database and the
   data folder; CLIENTS threads fetch the public index and plan pages round-robin across them for
   SECONDS seconds; reported: requests per second and P95, beside the same load on one server;
2. RUNS `kechuang run-scheduled` started at the same moment: exactly one does the work and the
   others say they skipped (the advisory lock).

python -m bench servers
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from bench.bench_progress import DEFAULT_PG, _pg_admin

ROOT = Path(__file__).resolve().parents[1]
DB = "kechuang_bench_servers"
SERVERS = 3
CLIENTS = 6
SECONDS = 10.0
RUNS = 3
BASE_PORT = 18700


def _scale() -> int:
    return int(os.environ.get("KECHUANG_BENCH_SERVERS_SCALE", "300"))


def _cli(env: dict, *args: str, **kw) -> subprocess.CompletedProcess:
    code = "import sys; from kechuang.cli import main; sys.exit(main())"
    return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, **kw)


def _prepare(env: dict) -> list[int]:
    """Build the data set and store today's judgements; the plan ids to fetch."""
    code = (
        "import os, json; os.environ['DJANGO_SETTINGS_MODULE']='kechuang.settings'; import django; django.setup();"
        "from django.core.management import call_command; call_command('migrate', interactive=False, verbosity=0);"
        f"from bench.bench_progress import generate; info = generate({_scale()});"
        "from kechuang.plans.models import Plan; print(json.dumps(list(Plan.objects.values_list('pk', flat=True)[:200])))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=ROOT
    )
    plans = json.loads(done.stdout.strip().splitlines()[-1])
    _cli(env, "judgements", "rebuild", "--quiet", check=True, cwd=ROOT)
    return plans


def _load(ports: list[int], plans: list[int]) -> dict:
    """CLIENTS threads fetching pages round-robin across `ports` for SECONDS seconds."""
    stop = time.perf_counter() + SECONDS
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client(k: int) -> None:
        n = k
        while time.perf_counter() < stop:
            port = ports[n % len(ports)]
            path = "/public/" if n % 4 == 0 else f"/public/plans/{plans[n % len(plans)]}/"
            n += 1
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as r:
                    r.read()
            except Exception:
                with lock:
                    errors[0] += 1
                continue
            with lock:
                times.append(time.perf_counter() - started)

    with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(client, range(CLIENTS)))
    times.sort()
    return {
        "requests": len(times),
        "per_s": len(times) / SECONDS,
        "p50_ms": statistics.median(times) * 1000 if times else None,
        "p95_ms": times[min(len(times) - 1, int(0.95 * len(times)))] * 1000 if times else None,
        "errors": errors[0],
    }


def _serve(env: dict, port: int) -> subprocess.Popen:
    code = "import sys; from kechuang.cli import main; sys.exit(main())"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "serve", "--port", str(port), "--threads", "4"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return proc
        except Exception:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"端口 {port} 的服务未能启动")


def main() -> int:
    admin = os.environ.get("KECHUANG_BENCH_PG_URL", DEFAULT_PG)
    url = admin.rsplit("/", 1)[0] + f"/{DB}"
    try:
        _pg_admin(admin, f"DROP DATABASE IF EXISTS {DB}")
        _pg_admin(admin, f"CREATE DATABASE {DB}")
    except Exception as exc:
        print(f"多进程基准：PostgreSQL 不可用，未运行（{exc}）", file=sys.stderr)
        return 1
    servers: list[subprocess.Popen] = []
    try:
        with tempfile.TemporaryDirectory(prefix="kechuang-bench-servers-") as tmp:
            env = {
                **os.environ,
                "DATABASE_URL": url,
                "KECHUANG_DATA_DIR": str(Path(tmp) / "data"),
                "KECHUANG_SECRET_KEY": "bench-servers-" + "x" * 40,
                "KECHUANG_ALLOWED_HOSTS": "127.0.0.1,localhost",
                "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
            }
            started = time.perf_counter()
            plans = _prepare(env)
            prepare_s = time.perf_counter() - started
            ports = [BASE_PORT + k for k in range(SERVERS)]
            servers = [_serve(env, p) for p in ports]
            one = _load(ports[:1], plans)
            many = _load(ports, plans)
            runs = [
                subprocess.Popen(
                    [
                        sys.executable,
                        "-c",
                        "import sys; from kechuang.cli import main; sys.exit(main())",
                        "run-scheduled",
                    ],
                    env=env,
                    cwd=ROOT,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                for _ in range(RUNS)
            ]
            outs = [r.communicate(timeout=600)[0] for r in runs]
    finally:
        for proc in servers:
            proc.terminate()
        for proc in servers:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        _pg_admin(admin, f"DROP DATABASE IF EXISTS {DB}")
    worked = sum(1 for o in outs if "邮件：发送" in o)
    skipped = sum(1 for o in outs if "本次跳过" in o)
    print(
        f"多进程部署：{_scale()} 个地区的数据集（准备 {prepare_s:.0f} 秒），PostgreSQL，{CLIENTS} 个并发客户端 × {SECONDS:.0f} 秒"
    )
    for label, r in (("1 个服务进程", one), (f"{SERVERS} 个服务进程", many)):
        print(
            f"  {label}：{r['per_s']:.1f} 次/秒，中位数 {r['p50_ms']:.0f} ms，P95 {r['p95_ms']:.0f} ms，出错 {r['errors']} 次"
        )
    print(
        f"  同时启动 {RUNS} 个 run-scheduled：执行 {worked} 个，跳过 {skipped} 个   只执行一次：{'达标' if worked == 1 and skipped == RUNS - 1 else '未达标'}"
    )
    return 0 if worked == 1 and skipped == RUNS - 1 and not many["errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
