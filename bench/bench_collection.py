"""500 carriers file a month's report at once through the API, on PostgreSQL behind waitress.

Steps: (1) make sure PostgreSQL runs and recreate the database ``kechuang_bench_collection``;
(2) in a child process, migrate it and create 500 carriers, each with an operator and an API
token; (3) start the production server (``kechuang.cli.serve.run_server``) on 127.0.0.1 and a
free port in another child process; (4) fire 500 concurrent PUT (draft) + POST (submit)
sequences from a thread pool; (5) check in the database that exactly 500 reports are
submitted, none duplicated, none lost; stop the server.

Report: throughput (filings per second), p50/p95 of a whole filing and of each request.
Bounded: 500 carriers, 32 client threads, 30 s per request, 120 s for the server to start.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB_NAME = "kechuang_bench_collection"
PG = "postgres://kechuang:kechuang@127.0.0.1:5432"
CARRIERS = 500
CLIENT_THREADS = 32
SERVER_THREADS = 16
PERIOD = "2025-05"
VALUES = {
    "tenants": 40,
    "new_entries": 3,
    "graduates": 2,
    "tech_smes": 12,
    "hnte_tenants": 5,
    "occupancy": 85.5,
    "financing": 1200.5,
    "events": 4,
    "mentors": 9,
    "ip_count": 7,
    "staff": 320,
}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"{PG}/{DB_NAME}",
        KECHUANG_SECRET_KEY="bench-collection-not-a-secret-" + "x" * 20,
        KECHUANG_DATA_DIR=tempfile.gettempdir() + "/kechuang-bench-collection",
        KECHUANG_CONN_MAX_AGE="60",
        PYTHONPATH=str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", ""),
    )
    env.pop("KECHUANG_PRODUCTION", None)
    return env


def recreate_database() -> None:
    subprocess.run(["bash", str(ROOT / "scripts" / "ensure_postgres.sh")], check=True, capture_output=True)
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')


SETUP_SCRIPT = r"""
import json, sys
from kechuang.cli.django_setup import setup_django
setup_django()
from django.contrib.auth import get_user_model
from django.db import transaction
from kechuang.registry.models import Carrier
from kechuang.tenancy.models import ApiToken, Area, Membership
from kechuang.tenancy.models.audit import hash_token

n = int(sys.argv[1])
User = get_user_model()
with transaction.atomic():
    district = Area.objects.create(code="B310116", name="基准区", kind="district")
    towns = [Area.objects.create(code=f"B310116{i:03d}", name=f"基准镇{i}", kind="town", parent=district) for i in range(10)]
    carriers = Carrier.objects.bulk_create(
        [Carrier(name=f"基准载体{i:04d}", kind="incubator", level="district", area=towns[i % 10]) for i in range(n)]
    )
    users = User.objects.bulk_create([User(username=f"bench_op_{i:04d}", password="!") for i in range(n)])
    Membership.objects.bulk_create(
        [Membership(user=u, role="carrier_operator", area=c.area, carrier=c) for u, c in zip(users, carriers)]
    )
    raws = [f"kc_bench_{i:04d}_" + "z" * 24 for i in range(n)]
    ApiToken.objects.bulk_create(
        [ApiToken(user=u, name="bench", key_hash=hash_token(r), prefix=r[:8]) for u, r in zip(users, raws)]
    )
json.dump([[c.pk, r] for c, r in zip(carriers, raws)], sys.stdout)
"""


def prepare(env: dict[str, str]) -> list[tuple[int, str]]:
    done = subprocess.run(
        [sys.executable, "-c", SETUP_SCRIPT, str(CARRIERS)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return [tuple(pair) for pair in json.loads(done.stdout.strip().splitlines()[-1])]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict[str, str], port: int) -> subprocess.Popen:
    code = f"from kechuang.cli.serve import run_server; run_server('127.0.0.1', {port}, {SERVER_THREADS})"
    return subprocess.Popen(
        [sys.executable, "-c", code], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def request(port: int, method: str, path: str, token: str, body: object = None) -> tuple[int, float, bytes]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        payload = json.dumps(body).encode() if body is not None else None
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        conn.request(method, path, body=payload, headers=headers)
        response = conn.getresponse()
        data = response.read()
        return response.status, time.perf_counter() - started, data
    finally:
        conn.close()


def wait_until_up(server: subprocess.Popen, port: int, token: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("服务器启动失败：" + server.stderr.read().decode(errors="replace")[-2000:])
        try:
            status, _, _ = request(port, "GET", "/api/collection/forms", token)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError("服务器 120 秒内未就绪")


def file_one(port: int, carrier_id: int, token: str) -> dict:
    path = f"/api/collection/carriers/{carrier_id}/reports/{PERIOD}"
    started = time.perf_counter()
    put_status, put_time, _ = request(port, "PUT", path, token, {"values": {"tenants": VALUES["tenants"]}})
    submit_status, submit_time, _ = request(port, "POST", path + "/submit", token, {"values": VALUES})
    return {
        "ok": put_status == 200 and submit_status == 200,
        "statuses": (put_status, submit_status),
        "requests": [put_time, submit_time],
        "total": time.perf_counter() - started,
    }


def verify() -> dict:
    import psycopg

    with psycopg.connect(f"{PG}/{DB_NAME}") as conn:
        submitted = conn.execute(
            "SELECT count(*) FROM collection_carrierreport WHERE period = %s AND status = 'submitted'",
            (PERIOD,),
        ).fetchone()[0]
        rows = conn.execute("SELECT count(*) FROM collection_carrierreport").fetchone()[0]
        duplicates = conn.execute(
            "SELECT count(*) FROM (SELECT carrier_id FROM collection_carrierreport "
            "GROUP BY carrier_id, form_id, period HAVING count(*) > 1) d"
        ).fetchone()[0]
        submit_revisions = conn.execute(
            "SELECT count(*) FROM collection_reportrevision WHERE action = 'submit'"
        ).fetchone()[0]
        carriers_missing = conn.execute(
            "SELECT count(*) FROM registry_carrier c WHERE NOT EXISTS (SELECT 1 FROM collection_carrierreport r "
            "WHERE r.carrier_id = c.id AND r.period = %s AND r.status = 'submitted')",
            (PERIOD,),
        ).fetchone()[0]
    return {
        "submitted": submitted,
        "rows": rows,
        "duplicates": duplicates,
        "submit_revisions": submit_revisions,
        "lost": carriers_missing,
    }


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def main() -> int:
    recreate_database()
    env = _env()
    t0 = time.perf_counter()
    pairs = prepare(env)
    print(f"准备：{len(pairs)} 个载体、运营方和令牌（含迁移）{time.perf_counter() - t0:.1f} 秒", flush=True)
    port = free_port()
    server = start_server(env, port)
    try:
        wait_until_up(server, port, pairs[0][1])
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=CLIENT_THREADS) as pool:
            results = list(pool.map(lambda pair: file_one(port, *pair), pairs))
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    failures = [r["statuses"] for r in results if not r["ok"]]
    totals = [r["total"] for r in results]
    each = [t for r in results for t in r["requests"]]
    check = verify()
    print(f"并发 {CLIENT_THREADS} 个客户端线程，服务器 {SERVER_THREADS} 线程（waitress，PostgreSQL）")
    print(
        f"{len(results)} 次填报（PUT 草稿 + POST 提交）用时 {wall:.2f} 秒：{len(results) / wall:.1f} 次/秒，"
        f"{len(each) / wall:.1f} 请求/秒"
    )
    print(
        f"每次填报 p50 {_pct(totals, 0.5):.0f} ms，p95 {_pct(totals, 0.95):.0f} ms；"
        f"单个请求 p50 {_pct(each, 0.5):.0f} ms，p95 {_pct(each, 0.95):.0f} ms，"
        f"均值 {statistics.mean(each) * 1000:.0f} ms"
    )
    print(
        f"数据库核对：已提交 {check['submitted']}，月报行数 {check['rows']}，重复 {check['duplicates']}，"
        f"丢失 {check['lost']}，提交记录 {check['submit_revisions']}；失败响应 {len(failures)} {failures[:5]}"
    )
    ok = (
        not failures
        and check["submitted"] == CARRIERS
        and check["rows"] == CARRIERS
        and check["duplicates"] == 0
        and check["lost"] == 0
        and check["submit_revisions"] == CARRIERS
    )
    print("结论：" + ("无重复、无丢失" if ok else "核对失败"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
