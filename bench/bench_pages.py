"""Dashboard and public pages at national scale, each beside a minimal page running its raw query;
then the static export of the public site.

Data set: the progress benchmark's (`bench_progress.generate`): KECHUANG_BENCH_SCALE districts
(default 3000), one published plan each with 40 indicators, a 2025 target each and ten years of
annual figures — 1.2 million rows, built in a fresh SQLite folder (`run_on_fresh_sqlite`).

Pages (Django test client, REQUESTS requests each after two warm-up requests; a page whose warm-up
takes longer than SLOW_S seconds gets SLOW_REQUESTS requests, said in the report):
- a district administrator of one district: /monitor/, a plan page, /monitor/compare/, the area page;
- a superuser (every plan of the country): /monitor/ and /monitor/compare/;
- anonymous: /public/, a public plan page, a public indicator page.
Today's judgements are stored first (`rebuild`, timed) and the pages are read for today, as users
see them; one plan page is also measured at ?at=2024-06-30, a past date judged on demand.
Baseline of each page: a minimal page behind the same middleware, session and user, that runs the
raw SQL reading the same main rows and returns their count (ratio = page ÷ baseline, at P95).
The national overview and the public index both judge every plan, so both baselines read every
target and every annual figure (`bench_progress._raw_all`).

Export: `kechuang public export DIR` (the real command, progress bar on) with only
KECHUANG_BENCH_EXPORT_PLANS plans left published (default 100; the others are set to draft after
the page timings), extrapolated linearly in pages to all plans (1 + 40 pages per plan), the index
page counted at its national-scale median measured above (it grows with the number of plans).

Goals (issue 13): every page P95 < 300 ms; the export of 3,000 plans within EXPORT_GOAL_MIN minutes.
Exit code 1 when a goal is missed or the run fails.

python -m bench pages
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import run_on_fresh_sqlite

REQUESTS = 20
SLOW_S = 3.0
SLOW_REQUESTS = 5
P95_GOAL_MS = 300.0
EXPORT_GOAL_MIN = 30.0  # "finishes in minutes": read here as within half an hour
INDICATORS_PER_PLAN = 40


def export_plans() -> int:
    return int(os.environ.get("KECHUANG_BENCH_EXPORT_PLANS", "100"))


# ---------------------------------------------------------------- raw baselines (inside the worker)


def _fetch(sql: str, params: list) -> int:
    from django.db import connection

    with connection.cursor() as c:
        c.execute(sql, params)
        return len(c.fetchall())


def _raw_compare(catalog_id: int, area_id: int | None) -> int:
    """Targets and annual figures of one catalogue indicator across the plans (of one area, or all)."""
    where, params = ("AND p.area_id = %s", [area_id]) if area_id else ("", [])
    n = _fetch(
        "SELECT t.id, t.year, t.value, t.comparator, i.id, i.plan_id, p.area_id, p.title, i.baseline_value"
        " FROM plans_target t JOIN plans_indicator i ON i.id = t.indicator_id"
        f" JOIN plans_plan p ON p.id = i.plan_id WHERE i.catalog_id = %s {where}",
        [catalog_id, *params],
    )
    return n + _fetch(
        "SELECT o.indicator_id, o.area_id, o.year, o.value, o.status FROM observations_observation o"
        " JOIN plans_indicator i ON i.id = o.indicator_id JOIN plans_plan p ON p.id = i.plan_id"
        f" WHERE o.period_kind = 'year' AND i.catalog_id = %s {where}",
        [catalog_id, *params],
    )


def _raw_area(area_id: int) -> int:
    """The area's figures and the plans that apply to it."""
    n = _fetch(
        "SELECT id, indicator_id, catalog_id, year, period, period_end, value, status"
        " FROM observations_observation WHERE area_id = %s ORDER BY year, period_end, id",
        [area_id],
    )
    return n + _fetch("SELECT id, title, status FROM plans_plan WHERE area_id = %s", [area_id])


def _raw_indicator(indicator_id: int) -> int:
    """One indicator's targets and final figures."""
    n = _fetch(
        "SELECT id, year, value, comparator, kind FROM plans_target WHERE indicator_id = %s", [indicator_id]
    )
    return n + _fetch(
        "SELECT year, period, period_end, value, source, status FROM observations_observation"
        " WHERE indicator_id = %s AND status = 'final' ORDER BY period_end",
        [indicator_id],
    )


def _raw_view(request, name: str):
    """The baseline page: middleware, session and user as for a real page, then the raw query."""
    from django.http import HttpResponse

    from bench import bench_progress

    p = request.GET
    request.user.is_authenticated  # noqa: B018 — load the session's user as a real page does
    if name == "all":
        bench_progress._raw_all()
        n = 0
    elif name == "plan":
        bench_progress._raw_overview(int(p["plan"]), int(p["area"]))
        n = 0
    elif name == "compare":
        n = _raw_compare(int(p["catalog"]), int(p["area"]) if p.get("area") else None)
    elif name == "area":
        n = _raw_area(int(p["area"]))
    else:
        n = _raw_indicator(int(p["indicator"]))
    return HttpResponse(f"<p>{n}</p>")


def _install_baseline() -> None:
    from django.urls import clear_url_caches, path

    from kechuang import urls

    urls.urlpatterns.append(path("bench-raw/<str:name>/", _raw_view))
    clear_url_caches()


# ---------------------------------------------------------------- measurements (inside the worker)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _time(client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"{url} 返回 {response.status_code}")
    return elapsed


def _measure(client, url: str, baseline: str) -> dict:
    warm = [_time(client, url) for _ in range(2)]  # templates compiled, caches filled
    _time(client, baseline)
    n = SLOW_REQUESTS if min(warm) > SLOW_S else REQUESTS
    page, raw = [], []
    for _ in range(n):
        page.append(_time(client, url))
        raw.append(_time(client, baseline))
    return {
        "url": url,
        "n": n,
        "p50_ms": statistics.median(page) * 1000,
        "p95_ms": _pct(page, 0.95) * 1000,
        "raw_p50_ms": statistics.median(raw) * 1000,
        "raw_p95_ms": _pct(raw, 0.95) * 1000,
    }


def _export(out: dict) -> None:
    """The real command on a subset of the plans, timed from outside (Django start-up included)."""
    from kechuang.plans.models import Plan

    keep = list(Plan.objects.filter(status="published").order_by("area__code", "pk")[: export_plans()])
    Plan.objects.filter(status="published").exclude(pk__in=[p.pk for p in keep]).update(status="draft")
    with tempfile.TemporaryDirectory(prefix="kechuang-export-") as tmp:
        cmd = [sys.executable, "-c", "import sys; from kechuang.cli import main; sys.exit(main())"]
        started = time.perf_counter()
        done = subprocess.run(
            [*cmd, "public", "export", str(Path(tmp) / "site")], capture_output=True, text=True, check=False
        )
        seconds = time.perf_counter() - started
        files = sum(1 for f in Path(tmp).rglob("*") if f.is_file())
    if done.returncode:
        raise RuntimeError(f"导出失败：{done.stderr[-2000:]}")
    bar = [line for line in done.stderr.replace("\r", "\n").splitlines() if "导出公开页面" in line]
    pages = 2 + len(keep) * (1 + INDICATORS_PER_PLAN)
    out["export"] = {
        "plans": len(keep),
        "pages": pages,
        "files": files,
        "seconds": seconds,
        "pages_per_s": pages / seconds,
        "bar": bar[-1].strip() if bar else "",
        "message": done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "",
    }


def worker() -> None:
    """Inside the child process (fresh SQLite folder): build, measure, print one JSON line."""
    os.environ["KECHUANG_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["DJANGO_SETTINGS_MODULE"] = "kechuang.settings"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from bench import bench_progress
    from kechuang.plans.models import Indicator, Plan
    from kechuang.tenancy.models import Membership, Role

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrate_s = time.perf_counter() - started
    info = bench_progress.generate(bench_progress.scale())
    info["migrate_s"] = round(migrate_s, 1)
    from kechuang.observations.stored.refresh import rebuild

    started = time.perf_counter()
    rebuild()  # today's judgements stored, as `kechuang judgements rebuild` does after a bulk import
    info["rebuild_s"] = round(time.perf_counter() - started, 1)
    _install_baseline()
    from kechuang.common.warm import freeze_startup_objects

    freeze_startup_objects()  # as `kechuang serve` does when it starts (kechuang.wsgi)
    plan = Plan.objects.select_related("area").get(pk=info["plan_id"])
    indicator = Indicator.objects.filter(plan=plan, catalog__isnull=False).order_by("position").first()
    users = get_user_model().objects
    admin = users.create_user("district", "district@example.org")
    Membership.objects.create(user=admin, role=Role.DISTRICT_ADMIN, area=plan.area)
    district, national, anonymous = Client(), Client(), Client()
    district.force_login(admin)
    national.force_login(users.create_superuser("bench", "bench@example.org", "bench-pw-123"))
    at = ""  # no date: today's judgements, read from storage (a past date is judged on demand)
    past = f"at={bench_progress.AS_OF.isoformat()}"
    one = f"plan={plan.pk}&area={plan.area_id}"
    cat = indicator.catalog
    cases = [
        ("区级 监测总览", district, f"/monitor/?{at}", f"/bench-raw/plan/?{one}"),
        ("区级 规划页", district, f"/monitor/plans/{plan.pk}/?{at}", f"/bench-raw/plan/?{one}"),
        (
            "区级 规划页（历史日期，即时计算）",
            district,
            f"/monitor/plans/{plan.pk}/?{past}",
            f"/bench-raw/plan/?{one}",
        ),
        (
            "区级 横向对比",
            district,
            f"/monitor/compare/?catalog={cat.code}&{at}",
            f"/bench-raw/compare/?catalog={cat.pk}&area={plan.area_id}",
        ),
        ("区级 地区页", district, f"/monitor/areas/{plan.area_id}/", f"/bench-raw/area/?area={plan.area_id}"),
        ("全国 监测总览", national, f"/monitor/?{at}", "/bench-raw/all/"),
        (
            "全国 横向对比",
            national,
            f"/monitor/compare/?catalog={cat.code}&{at}",
            f"/bench-raw/compare/?catalog={cat.pk}",
        ),
        ("公开 首页", anonymous, "/public/", "/bench-raw/all/"),
        ("公开 规划页", anonymous, f"/public/plans/{plan.pk}/", f"/bench-raw/plan/?{one}"),
        (
            "公开 指标页",
            anonymous,
            f"/public/indicators/{indicator.pk}/",
            f"/bench-raw/indicator/?indicator={indicator.pk}",
        ),
    ]
    pages = []
    for label, client, url, baseline in cases:
        pages.append({"label": label, **_measure(client, url, baseline)})
    out = {**info, "pages": pages}
    _export(out)
    print(json.dumps(out, ensure_ascii=False))


CHILD = "from bench.bench_pages import worker; worker()"


# ---------------------------------------------------------------- driver


def report(r: dict) -> tuple[list[str], bool]:
    mark = {True: "达标", False: "未达标"}
    ok_all = True
    lines = [
        f"数据集：{r['areas']} 个区县、{r['plans']} 个已发布规划、{r['targets']} 个目标、"
        f"{r['observations']:,} 条观测值（SQLite；建库 {r['migrate_s']} 秒，结构 {r['structure_s']} 秒，"
        f"观测值 {r['observations_s']} 秒）",
        f"{'页面':<10}{'请求数':>5}{'中位数':>10}{'P95':>10}{'基线中位数':>12}{'基线P95':>10}{'P95比值':>9}  目标 P95<300 ms",
    ]
    for p in r["pages"]:
        ok = p["p95_ms"] < P95_GOAL_MS
        ok_all &= ok
        lines.append(
            f"{p['label']:<10}{p['n']:>5}{p['p50_ms']:>10.1f}{p['p95_ms']:>10.1f}{p['raw_p50_ms']:>12.1f}"
            f"{p['raw_p95_ms']:>10.1f}{p['p95_ms'] / p['raw_p95_ms']:>8.1f}×  {mark[ok]}"
        )
    if any(p["n"] < REQUESTS for p in r["pages"]):
        lines.append(f"（预热请求超过 {SLOW_S:.0f} 秒的页面只测 {SLOW_REQUESTS} 次）")
    lines.append("（毫秒；基线 = 同样的中间件、会话和用户下只执行同一主查询的最小页面）")
    e = r["export"]
    full_pages = 2 + r["plans"] * (1 + INDICATORS_PER_PLAN)
    index_s = next(p["p50_ms"] for p in r["pages"] if p["url"] == "/public/") / 1000
    full_min = ((full_pages - 1) / e["pages_per_s"] + index_s) / 60
    ok = full_min < EXPORT_GOAL_MIN
    ok_all &= ok
    lines += [
        f"静态导出（kechuang public export，仅保留 {e['plans']} 个已发布规划）：{e['pages']} 个页面、"
        f"共 {e['files']} 个文件，用时 {e['seconds']:.1f} 秒，每秒 {e['pages_per_s']:.1f} 页",
        f"  进度条最后一行：{e['bar'] or '（无）'}",
        f"  外推到 {r['plans']} 个规划（{full_pages:,} 页）：其余页面按每秒页数线性外推，首页按上面同一数据集测得的"
        f"中位数 {index_s:.1f} 秒计，约 {full_min:.0f} 分钟   目标 <{EXPORT_GOAL_MIN:.0f} 分钟：{mark[ok]}",
    ]
    return lines, ok_all


def main() -> int:
    from bench.bench_progress import scale

    print(f"页面速度基准：{scale()} 个区县 × {INDICATORS_PER_PLAN} 个指标 × 10 年（KECHUANG_BENCH_SCALE）")
    load_before = Path("/proc/loadavg").read_text().strip()
    r = run_on_fresh_sqlite(CHILD, prefix="kechuang-bench-pages-")
    print(f"机器负载（/proc/loadavg）：开始 {load_before}；结束 {Path('/proc/loadavg').read_text().strip()}")
    if r is None:
        print("页面速度基准未运行完", file=sys.stderr)
        return 1
    lines, ok = report(r)
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
