"""Progress at national scale: statuses of every target and the overview page, beside raw SQL.

Data set: KECHUANG_BENCH_SCALE areas (default 3000 county-level districts), one published
2021–2025 plan each with 40 indicators and a 2025 target each, and ten years (2014–2023) of
annual observations per indicator: 3000 × 40 × 10 = 1.2 million rows. Each database runs in
its own process: SQLite in a temporary data folder, then PostgreSQL in a scratch database
`kechuang_bench` (created and dropped here; KECHUANG_BENCH_PG_URL names the server, default
postgres://kechuang:kechuang@127.0.0.1:5432/kechuang — the database the role may log into).

Reported, each beside the raw SQL query that reads the same rows (ratio = ours ÷ raw):
- status of every target (`judge_all`), with and without the trend forecast;
- the overview page of one district, 200 requests: median and 95th percentile.
Goals: all statuses < 10 s, overview p95 < 300 ms, page within 3× of its raw query.

python -m bench.bench_progress          # both databases
python -m bench.bench_progress --worker sqlite --out result.json   # one database (internal)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2024, 6, 30)
INDICATORS_PER_PLAN = 40
YEARS = range(2014, 2024)
REQUESTS = 200
DEFAULT_PG = "postgres://kechuang:kechuang@127.0.0.1:5432/kechuang"
BENCH_DB = "kechuang_bench"
GOALS = {"all_statuses_s": 10.0, "overview_p95_ms": 300.0, "page_ratio": 3.0}


def scale() -> int:
    return int(os.environ.get("KECHUANG_BENCH_SCALE", "3000"))


# ---------------------------------------------------------------- data set (inside a worker)


def generate(n_areas: int) -> dict:
    """Areas, plans, indicators and targets through the ORM in batches; observations by raw bulk SQL."""
    from django.db import connection, transaction

    from kechuang.observations.models import Observation
    from kechuang.plans.models import CatalogIndicator, Indicator, Plan, Target
    from kechuang.tenancy.models import Area

    rng = random.Random(20240630)
    started = time.perf_counter()
    catalog = list(CatalogIndicator.objects.order_by("code")[:INDICATORS_PER_PLAN])
    categories = ["创新主体", "创新投入", "创新产出", "创新载体", "创新环境"]
    units = ["区科委", "区统计局", "区发改委", "区经委", "区市场监管局"]
    with transaction.atomic():
        country = Area.objects.create(code="000000", name="全国", kind="country")
        provinces = Area.objects.bulk_create(
            [Area(code=f"P{p:02d}", name=f"省{p:02d}", kind="province", parent=country) for p in range(31)]
        )
        districts = Area.objects.bulk_create(
            [
                Area(code=f"D{i:05d}", name=f"区县{i:05d}", kind="district", parent=provinces[i % 31])
                for i in range(n_areas)
            ],
            batch_size=5000,
        )
        plans = Plan.objects.bulk_create(
            [
                Plan(
                    title=f"{d.name}科技创新“十四五”规划",
                    area=d,
                    period_start=2021,
                    period_end=2025,
                    status="published",
                )
                for d in districts
            ],
            batch_size=5000,
        )
        specs = []
        indicators = []
        for plan in plans:
            for k, entry in enumerate(catalog):
                ratio = "%" in (entry.unit or "")
                base = round(rng.uniform(1, 5), 2) if ratio else float(rng.randint(50, 5000))
                growth = rng.uniform(-0.02, 0.15)
                ambition = rng.uniform(0.0, 0.18)
                indicators.append(
                    Indicator(
                        plan=plan,
                        position=k + 1,
                        name=entry.name_zh,
                        unit=entry.unit,
                        category=categories[k % len(categories)],
                        data_source=units[k % len(units)],
                        direction=entry.direction,
                        baseline_year=2020,
                        baseline_value=base,
                        catalog=entry,
                    )
                )
                specs.append((base, growth, ambition, ratio))
        indicators = Indicator.objects.bulk_create(indicators, batch_size=5000)
        targets = []
        for ind, (base, _growth, ambition, ratio) in zip(indicators, specs, strict=True):
            goal = base + 5 * ambition if ratio else base * (1 + ambition) ** 5
            targets.append(
                Target(indicator=ind, year=2025, value=round(goal, 2), comparator=">=", kind="level")
            )
        Target.objects.bulk_create(targets, batch_size=5000)
    structure_s = time.perf_counter() - started

    started = time.perf_counter()
    fields = [
        "indicator_id",
        "catalog_id",
        "area_id",
        "period",
        "period_kind",
        "year",
        "period_end",
        "value",
        "source",
        "status",
        "simulated",
        "note",
        "entered_at",
        "updated_at",
        "version",
    ]
    columns = [Observation._meta.get_field(f.removesuffix("_id")).column for f in fields]
    now = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)
    area_of = {p.pk: p.area_id for p in plans}

    def rows():
        for ind, (base, growth, _ambition, ratio) in zip(indicators, specs, strict=True):
            area = area_of[ind.plan_id]
            for y in YEARS:
                t = y - 2020
                mean = base + growth * t if ratio else base * (1 + growth) ** t
                value = round(mean * rng.uniform(0.97, 1.03), 3)
                yield (
                    ind.pk,
                    ind.catalog_id,
                    area,
                    str(y),
                    "year",
                    y,
                    dt.date(y, 12, 31),
                    value,
                    "statistics",
                    "final",
                    False,
                    "",
                    now,
                    now,
                    1,
                )

    table = Observation._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg 3: COPY is the fast path
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows():
                    copy.write_row(row)
        else:
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
            batch = []
            for row in rows():
                batch.append(tuple(v.isoformat(" ") if isinstance(v, dt.datetime) else v for v in row))
                if len(batch) >= 50000:
                    cursor.executemany(sql, batch)
                    batch.clear()
            if batch:
                cursor.executemany(sql, batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "areas": n_areas,
        "plans": len(plans),
        "targets": len(targets),
        "observations": Observation.objects.count(),
        "structure_s": round(structure_s, 1),
        "observations_s": round(time.perf_counter() - started, 1),
        "plan_id": plans[len(plans) // 2].pk,
    }


# ---------------------------------------------------------------- measurements (inside a worker)


def _raw_all() -> float:
    """The raw SQL reading the rows judge_all reads: every target with its indicator and plan, every figure."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as c:
        c.execute(
            "SELECT t.id, t.indicator_id, i.plan_id, p.area_id, a.parent_id, i.catalog_id, t.value, t.year,"
            " t.comparator, t.kind, i.direction, i.unit, i.name, i.accumulation, i.baseline_year,"
            " i.baseline_value, p.period_start, p.period_end"
            " FROM plans_target t JOIN plans_indicator i ON i.id = t.indicator_id"
            " JOIN plans_plan p ON p.id = i.plan_id JOIN registry_area a ON a.id = p.area_id ORDER BY t.id"
        )
        c.fetchall()
        c.execute(
            "SELECT indicator_id, catalog_id, area_id, year, period, value, status FROM observations_observation"
            " WHERE period_kind = 'year' AND indicator_id IS NOT NULL"
        )
        while c.fetchmany(50000):
            pass
    return time.perf_counter() - started


def _raw_overview(plan_id: int, area_id: int) -> float:
    """The raw SQL reading the rows of one overview: the plan's targets and their figures."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as c:
        c.execute(
            "SELECT t.id, t.year, t.value, t.comparator, t.kind, i.id, i.name, i.unit, i.category,"
            " i.data_source, i.direction, i.accumulation, i.baseline_year, i.baseline_value, i.catalog_id"
            " FROM plans_target t JOIN plans_indicator i ON i.id = t.indicator_id WHERE i.plan_id = %s"
            " ORDER BY i.position, t.year",
            [plan_id],
        )
        c.fetchall()
        c.execute(
            "SELECT indicator_id, catalog_id, area_id, year, period, value, status FROM observations_observation"
            " WHERE period_kind = 'year' AND area_id = %s"
            " AND indicator_id IN (SELECT id FROM plans_indicator WHERE plan_id = %s)",
            [area_id, plan_id],
        )
        c.fetchall()
    return time.perf_counter() - started


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(info: dict) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from kechuang.observations.monitoring import clear_memo, count_by_status, judge_all, judge_plan
    from kechuang.plans.models import Plan

    out: dict = {"vendor": connection.vendor}
    _raw_all()  # warm the database cache the same way for both sides
    raw_all = min(_raw_all() for _ in range(3))
    started = time.perf_counter()
    rows = judge_all(AS_OF, forecast=False)
    status_s = time.perf_counter() - started
    out["statuses"] = count_by_status(rows)
    del rows
    started = time.perf_counter()
    rows = judge_all(AS_OF)
    full_s = time.perf_counter() - started
    out["likely_misses"] = sum(1 for r in rows if r.forecast_miss)
    del rows
    out.update(
        all_raw_s=raw_all,
        all_status_s=status_s,
        all_full_s=full_s,
        all_status_ratio=status_s / raw_all,
        all_full_ratio=full_s / raw_all,
    )

    plan = Plan.objects.select_related("area").get(pk=info["plan_id"])
    user = get_user_model().objects.create_superuser("bench", "bench@example.org", "bench-pw-123")
    client = Client()
    client.force_login(user)
    url = f"/monitor/plans/{plan.pk}/?at={AS_OF.isoformat()}"
    for _ in range(5):  # warm-up: templates compiled, caches filled
        assert client.get(url).status_code == 200
        _raw_overview(plan.pk, plan.area_id)
    page, raw, adapter = [], [], []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url)
        page.append(time.perf_counter() - started)
        assert response.status_code == 200
        raw.append(_raw_overview(plan.pk, plan.area_id))
        clear_memo()
        started = time.perf_counter()
        judge_plan(plan, as_of=AS_OF)
        adapter.append(time.perf_counter() - started)
    out.update(
        page_median_ms=statistics.median(page) * 1000,
        page_p95_ms=_pct(page, 0.95) * 1000,
        raw_median_ms=statistics.median(raw) * 1000,
        raw_p95_ms=_pct(raw, 0.95) * 1000,
        judge_plan_median_ms=statistics.median(adapter) * 1000,
    )
    out["page_ratio_median"] = out["page_median_ms"] / out["raw_median_ms"]
    out["page_ratio_p95"] = out["page_p95_ms"] / out["raw_p95_ms"]
    return out


def worker(backend: str, out_path: Path) -> int:
    data_dir = tempfile.mkdtemp(prefix="kechuang-bench-")
    os.environ["KECHUANG_DATA_DIR"] = data_dir
    os.environ["KECHUANG_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["DJANGO_SETTINGS_MODULE"] = "kechuang.settings"
    if backend == "sqlite":
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    info = generate(scale())
    result = {**info, **measure(info), "data_dir": data_dir if backend == "sqlite" else None}
    out_path.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    if backend == "sqlite":
        import shutil

        from django.db import connection

        connection.close()
        shutil.rmtree(data_dir, ignore_errors=True)
    return 0


# ---------------------------------------------------------------- driver


def _pg_admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute(sql)


def _run(backend: str, env: dict) -> dict | None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        cmd = [sys.executable, "-m", "bench.bench_progress", "--worker", backend, "--out", str(out)]
        proc = subprocess.run(cmd, cwd=ROOT, env=env, check=False)
        if proc.returncode or not out.exists():
            print(f"{backend}: 基准测试进程失败（退出码 {proc.returncode}）", file=sys.stderr)
            return None
        return json.loads(out.read_text(encoding="utf-8"))


def report(name: str, r: dict) -> list[str]:
    ok = {
        "all": r["all_status_s"] < GOALS["all_statuses_s"],
        "p95": r["page_p95_ms"] < GOALS["overview_p95_ms"],
        "ratio": r["page_ratio_p95"] <= GOALS["page_ratio"],
    }
    mark = {True: "达标", False: "未达标"}
    return [
        f"[{name}] {r['areas']} 个地区、{r['plans']} 个规划、{r['targets']} 个目标、{r['observations']:,} 条观测值"
        f"（生成：结构 {r['structure_s']} 秒，观测值 {r['observations_s']} 秒）",
        f"  全部目标状态（不含预测）  {r['all_status_s']:7.2f} 秒   原始SQL {r['all_raw_s']:6.2f} 秒   比值 {r['all_status_ratio']:5.1f}×   目标 <10 秒：{mark[ok['all']]}",
        f"  全部目标完整评估（含预测）{r['all_full_s']:7.2f} 秒   原始SQL {r['all_raw_s']:6.2f} 秒   比值 {r['all_full_ratio']:5.1f}×",
        f"  状态分布 {json.dumps({k: v for k, v in r['statuses'].items() if v}, ensure_ascii=False)}；预计难以完成 {r['likely_misses']}",
        f"  总览页 {REQUESTS} 次请求  中位数 {r['page_median_ms']:6.1f} ms   P95 {r['page_p95_ms']:6.1f} ms   目标 P95<300 ms：{mark[ok['p95']]}",
        f"  同数据原始SQL            中位数 {r['raw_median_ms']:6.2f} ms   P95 {r['raw_p95_ms']:6.2f} ms",
        f"  页面/原始SQL 比值        中位数 {r['page_ratio_median']:5.1f}×     P95 {r['page_ratio_p95']:5.1f}×     目标 ≤3×：{mark[ok['ratio']]}",
        f"  judge_plan 不用缓存（取数+引擎，含上期对比）中位数 {r['judge_plan_median_ms']:6.1f} ms"
        "（页面复用已算过的评估结果：引擎是纯函数，输入相同则结果相同）",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--only", choices=["sqlite", "postgresql"], help="只测一种数据库")
    args = parser.parse_args()
    if args.worker:
        return worker(args.worker, args.out)
    print(
        f"进度评估基准：{scale()} 个地区 × {INDICATORS_PER_PLAN} 个指标 × {len(YEARS)} 年（KECHUANG_BENCH_SCALE）"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    results: dict[str, dict | None] = {}
    if args.only in (None, "sqlite"):
        sqlite_env = {k: v for k, v in env.items() if k != "DATABASE_URL"}
        results["SQLite"] = _run("sqlite", sqlite_env)
    if args.only in (None, "postgresql"):
        admin_url = os.environ.get("KECHUANG_BENCH_PG_URL", DEFAULT_PG)
        bench_url = admin_url.rsplit("/", 1)[0] + f"/{BENCH_DB}"
        try:
            _pg_admin(admin_url, f"DROP DATABASE IF EXISTS {BENCH_DB}")
            _pg_admin(admin_url, f"CREATE DATABASE {BENCH_DB}")
        except Exception as exc:  # no server: report SQLite alone
            print(f"PostgreSQL 不可用，跳过：{exc}", file=sys.stderr)
            results["PostgreSQL"] = None
        else:
            try:
                results["PostgreSQL"] = _run("postgresql", {**env, "DATABASE_URL": bench_url})
            finally:
                _pg_admin(admin_url, f"DROP DATABASE IF EXISTS {BENCH_DB}")
    failed = False
    for name, r in results.items():
        if r is None:
            print(f"[{name}] 未运行")
            failed = True
            continue
        print("\n".join(report(name, r)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
