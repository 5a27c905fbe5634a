"""Stored judgements at national scale: full rebuild beside a vectorised reference, one corrected
figure's refresh, and the overview page beside a minimal page running the same raw query.

Data set: `bench_progress.generate` (KECHUANG_BENCH_SCALE districts, default 3000: 120,000 targets,
1.2 million annual figures) in a fresh SQLite folder, or an existing data folder with --data-dir
(a copy made by an earlier run, to skip the build).

Measured in one run, in two processes on the same data: the first builds the data set, runs the
reference and the full rebuild; the second, started afresh as a server process is, measures:
- full rebuild (`observations.stored.refresh.rebuild`: both audiences, previous period, forecast,
  writes) and its peak memory (ru_maxrss growth), three times, each beside a reference run
  just before it (the first into an empty table, the others replacing what is stored, on
  PostgreSQL after the replaced rows are vacuumed, untimed, as autovacuum would between daily
  rebuilds); the goals are read from the medians (seconds, and the ratios of the pairs);
- reference: numpy reading the same target and figure rows with raw SQL and computing completion,
  时序进度 and a linear trend slope per target (grouped least squares) — what a vectorised
  implementation of the core arithmetic costs on this machine;
(second process)
- one corrected figure: `record_observation` in a transaction, time from commit start to the
  refreshed judgement (REFRESHES times, median and P95);
- the superuser overview `/monitor/` (today's judgements, read from storage) beside a minimal
  logged-in page that runs the summaries query raw (REQUESTS times each, P95).
Goals (issue 14): rebuild < 5 s and ≤ 3× the reference; refresh < 50 ms; overview P95 ≤ 3× the
minimal page; rebuild peak memory < 1 GB.

python -m bench stored [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

from bench import ROOT

REQUESTS = 100  # P95 of 20 was the second-slowest request: one slow millisecond moved it
REBUILDS = 3  # full rebuilds measured, each beside its own reference run
REFRESHES = 20
GOALS = {"rebuild_s": 5.0, "rebuild_ratio": 3.0, "refresh_ms": 50.0, "page_ratio": 3.0, "memory_mb": 1024.0}


def reference() -> dict:
    """The vectorised reference on the same rows: completion, 时序进度 and a trend slope per target."""
    import numpy as np
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as c:
        c.execute(
            "SELECT t.id, t.indicator_id, t.value, t.year, i.baseline_value, i.baseline_year, p.period_start"
            " FROM plans_target t JOIN plans_indicator i ON i.id = t.indicator_id"
            " JOIN plans_plan p ON p.id = i.plan_id WHERE p.status = 'published' ORDER BY t.indicator_id"
        )
        targets = np.array(c.fetchall(), dtype=float)
        c.execute(
            "SELECT indicator_id, year, value FROM observations_observation"
            " WHERE period_kind = 'year' AND indicator_id IS NOT NULL AND year < %s",
            [time.localtime().tm_year],
        )
        figures = np.array(c.fetchall(), dtype=float)
    read_s = time.perf_counter() - started
    started = time.perf_counter()
    ind = figures[:, 0].astype(np.int64)
    x, y = figures[:, 1], figures[:, 2]
    size = int(ind.max()) + 1
    n = np.bincount(ind, minlength=size)
    sx, sy = np.bincount(ind, x, size), np.bincount(ind, y, size)
    sxx, sxy = np.bincount(ind, x * x, size), np.bincount(ind, x * y, size)
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = (n * sxy - sx * sy) / (n * sxx - sx * sx)
    order = np.lexsort((x, ind))
    last = np.zeros(size)
    last[ind[order]] = y[order]  # the latest figure of each indicator (later rows overwrite)
    t_ind = targets[:, 1].astype(np.int64)
    goal, year, base, base_year = targets[:, 2], targets[:, 3], targets[:, 4], targets[:, 5]
    latest_year = np.zeros(size)
    np.maximum.at(latest_year, ind, x)
    with np.errstate(divide="ignore", invalid="ignore"):
        completion = (last[t_ind] - base) / (goal - base)
        elapsed = np.clip((latest_year[t_ind] - base_year) / (year - base_year), 0, 1)
        trend = last[t_ind] + slope[t_ind] * (year - latest_year[t_ind])
    compute_s = time.perf_counter() - started
    return {
        "targets": len(targets),
        "figures": len(figures),
        "read_s": read_s,
        "compute_s": compute_s,
        "total_s": read_s + compute_s,
        "check": float(np.nansum(completion) + np.nansum(elapsed) + np.nansum(trend[np.isfinite(trend)])),
    }


def _minimal_page(request):
    """A logged-in page doing nothing but the overview's raw summaries query."""
    from django.db import connection
    from django.http import HttpResponse
    from django.utils import timezone

    request.user.is_authenticated  # noqa: B018 — load the session's user as a real page does
    with connection.cursor() as c:
        c.execute(
            "SELECT plan_id, counts, alerts, simulated, without_figures FROM observations_planjudgementsummary"
            " WHERE audience = 'staff' AND as_of = %s",
            [timezone.localdate()],  # the site's today, as the overview's (not the machine's UTC date)
        )
        rows = c.fetchall()
    return HttpResponse(f"<p>{len(rows)}</p>")


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _setup() -> None:
    os.environ["KECHUANG_ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_SETTINGS_MODULE"] = "kechuang.settings"
    import django

    django.setup()


def worker(build: bool) -> None:
    """The data set (built or reused), the reference and the full rebuild, in one process."""
    _setup()
    from django.core.management import call_command

    from bench import bench_progress
    from kechuang.observations.stored import refresh

    call_command("migrate", interactive=False, verbosity=0)
    out: dict = {}
    if build:
        out["data"] = bench_progress.generate(bench_progress.scale())
    out["reference"] = reference()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    out["written"] = refresh.rebuild()
    out["rebuild_s"] = time.perf_counter() - started
    out["memory_mb"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    out["memory_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # Again, each rebuild beside a reference measured just before it: this shared machine's
    # speed drifts by a fifth between minutes, and the goals are read from the medians. The
    # later rebuilds replace stored rows (the daily case); the first wrote into an empty table.
    pairs = [(out["reference"]["total_s"], out["rebuild_s"])]
    for _ in range(REBUILDS - 1):
        _as_after_autovacuum()
        ref_s = reference()["total_s"]
        started = time.perf_counter()
        refresh.rebuild()
        pairs.append((ref_s, time.perf_counter() - started))
    out["pairs"] = pairs
    out["worker_peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(out, ensure_ascii=False))


def _as_after_autovacuum() -> None:
    """PostgreSQL: the rows the last rebuild replaced vacuumed away, as autovacuum does within a
    minute of a rewrite this size (rebuilds are a day apart, not seconds); untimed. Without it
    each back-to-back rebuild deletes through the dead rows of all the ones before."""
    from django.db import connection

    from kechuang.observations.models import PlanJudgementSummary, TargetJudgement

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (TargetJudgement, PlanJudgementSummary):
            cursor.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")


def server() -> None:
    """A corrected figure's refresh and the overview, in a new process as a server's would be: not
    the one that built 1.2 million rows (its heap made every collection slower), and started as
    `kechuang serve` starts (`freeze_startup_objects`)."""
    _setup()
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import Client
    from django.urls import clear_url_caches, path

    from kechuang import urls
    from kechuang.common.warm import freeze_startup_objects
    from kechuang.observations.domain import record_observation
    from kechuang.observations.models import Observation, TargetJudgement

    urls.urlpatterns.append(path("bench-raw/summaries/", _minimal_page))
    clear_url_caches()
    freeze_startup_objects()  # as `kechuang serve` does when it starts (kechuang.wsgi)
    out: dict = {}
    figure = Observation.objects.filter(indicator__isnull=False).select_related("indicator", "area").last()
    times = []
    for k in range(REFRESHES):
        with transaction.atomic():
            record_observation(
                indicator=figure.indicator,
                area=figure.area,
                period=figure.period,
                value=figure.value + k + 1,
                source=figure.source,
                reason="基准测试",
            )
            started = time.perf_counter()
        times.append(time.perf_counter() - started)
    stored = TargetJudgement.objects.filter(target__indicator=figure.indicator, audience="staff").first()
    out["refresh_ok"] = stored is not None and stored.latest_value == figure.value + REFRESHES
    out["refresh_p50_ms"] = statistics.median(times) * 1000
    out["refresh_p95_ms"] = _pct(times, 0.95) * 1000

    user = get_user_model().objects.filter(
        is_superuser=True
    ).first() or get_user_model().objects.create_superuser(
        "bench-stored", "bench@example.org", "bench-pw-123"
    )
    client = Client()
    client.force_login(user)
    page, raw = [], []
    for url in ("/monitor/", "/bench-raw/summaries/"):
        assert client.get(url).status_code == 200
    for _ in range(REQUESTS):
        started = time.perf_counter()
        assert client.get("/monitor/").status_code == 200
        page.append(time.perf_counter() - started)
        started = time.perf_counter()
        assert client.get("/bench-raw/summaries/").status_code == 200
        raw.append(time.perf_counter() - started)
    out.update(page_p95_ms=_pct(page, 0.95) * 1000, raw_p95_ms=_pct(raw, 0.95) * 1000)
    out["load"] = os.getloadavg()
    print(json.dumps(out, ensure_ascii=False))


def report(r: dict) -> list[str]:
    ref = r["reference"]
    mark = {True: "达标", False: "未达标"}
    pairs = r.get("pairs") or [(ref["total_s"], r["rebuild_s"])]
    rebuild_s = statistics.median(b for _, b in pairs)
    ratio = statistics.median(b / a for a, b in pairs)
    runs = "，".join(f"{b:.1f} 秒 ÷ {a:.2f} 秒 = {b / a:.1f}×" for a, b in pairs)
    page_ratio = r["page_p95_ms"] / r["raw_p95_ms"]
    return [
        f"存储的评估结果：{ref['targets']} 个目标、{ref['figures']:,} 条年度数据（负载 {r['load'][0]:.2f}）",
        f"  全部重算 {r['rebuild_s']:.1f} 秒（{r['written']} 个目标，两种口径）；参照（numpy：读取 {ref['read_s']:.2f} 秒 + "
        f"计算 {ref['compute_s']:.2f} 秒）{ref['total_s']:.2f} 秒",
        f"  {len(pairs)} 次重算各与其前的参照相比：{runs}；中位数 {rebuild_s:.1f} 秒，比值 {ratio:.1f}×"
        f"   目标 <5 秒：{mark[rebuild_s < GOALS['rebuild_s']]}，≤3×：{mark[ratio <= GOALS['rebuild_ratio']]}",
        f"  全部重算内存：主进程峰值 {r['memory_peak_mb']:.0f} MB（重算中增长 {r['memory_mb']:.0f} MB），"
        f"工作进程峰值 {r.get('worker_peak_mb', 0):.0f} MB"
        f"   目标 <1 GB：{mark[max(r['memory_peak_mb'], r.get('worker_peak_mb', 0)) < GOALS['memory_mb']]}",
        f"  更正一项数据后刷新 中位数 {r['refresh_p50_ms']:.1f} ms，P95 {r['refresh_p95_ms']:.1f} ms"
        f"（结果正确：{'是' if r['refresh_ok'] else '否'}）   目标 <50 ms：{mark[r['refresh_p95_ms'] < GOALS['refresh_ms']]}",
        f"  全国监测总览 P95 {r['page_p95_ms']:.0f} ms；同查询最小页面 P95 {r['raw_p95_ms']:.1f} ms；比值 {page_ratio:.1f}×"
        f"   目标 ≤3×：{mark[page_ratio <= GOALS['page_ratio']]}",
    ]


def _child(env: dict, mode: str) -> dict | None:
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_stored", "--worker", mode],
        env={**env, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])},
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if done.returncode:
        print(done.stderr[-3000:], file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def _both(env: dict, mode: str) -> dict | None:
    """The rebuild in one process, then the refresh and the pages in another on the same data."""
    built = _child(env, mode)
    served = _child(env, "serve") if built is not None else None
    return None if served is None else {**built, **served}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", help="SQLite：用已有的数据目录（不新建数据集）")
    parser.add_argument("--only", choices=["sqlite", "postgresql"], help="只测一种数据库")
    parser.add_argument("--worker", choices=["build", "reuse", "serve"], help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args(sys.argv[1:] if sys.argv[1:2] != ["stored"] else sys.argv[2:])
    if args.worker:
        server() if args.worker == "serve" else worker(args.worker == "build")
        return 0
    import tempfile

    results: dict[str, dict | None] = {}
    if args.only in (None, "sqlite"):
        sqlite_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        if args.data_dir:
            results["SQLite"] = _both({**sqlite_env, "KECHUANG_DATA_DIR": args.data_dir}, "reuse")
        else:
            with tempfile.TemporaryDirectory(prefix="kechuang-bench-stored-") as tmp:
                results["SQLite"] = _both(
                    {**sqlite_env, "KECHUANG_DATA_DIR": str(Path(tmp) / "data")}, "build"
                )
    if args.only in (None, "postgresql"):
        from bench.bench_progress import DEFAULT_PG, _pg_admin

        admin = os.environ.get("KECHUANG_BENCH_PG_URL", DEFAULT_PG)
        db = "kechuang_bench_stored"
        try:
            _pg_admin(admin, f"DROP DATABASE IF EXISTS {db}")
            _pg_admin(admin, f"CREATE DATABASE {db}")
        except Exception as exc:
            print(f"PostgreSQL 不可用，跳过：{exc}", file=sys.stderr)
            results["PostgreSQL"] = None
        else:
            try:
                with tempfile.TemporaryDirectory(prefix="kechuang-bench-stored-pg-") as tmp:
                    env = {
                        **os.environ,
                        "DATABASE_URL": admin.rsplit("/", 1)[0] + f"/{db}",
                        "KECHUANG_DATA_DIR": tmp,
                    }
                    results["PostgreSQL"] = _both(env, "build")
            finally:
                _pg_admin(admin, f"DROP DATABASE IF EXISTS {db}")
    failed = False
    for name, result in results.items():
        if result is None:
            print(f"[{name}] 未运行")
            failed = True
            continue
        print(f"[{name}] " + "\n".join(report(result)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
