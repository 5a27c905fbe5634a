"""The plan evaluation report of a 50-indicator plan (50 charts) in Word, PDF and Excel.

In a child process on a temporary SQLite database: a 2021–2025 plan with 50 indicators, ten years
of figures each and 30 tasks. Reported per format: seconds with an empty chart cache (the build of
the Document included), the seconds of the 50 charts alone and their share; then the usual case —
the charts drawn before and kept in the disk cache, memory empty as in another server process, one
figure corrected so one chart is drawn again — with its chart share; and Word with every chart in
memory. Goal: each format under 10 s, charts no more than half of the time in the usual case.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from bench import run_on_fresh_sqlite

ROOT = Path(__file__).resolve().parents[1]
INDICATORS = 50
GOAL_SECONDS = 10.0

CHILD = r"""
import datetime as dt, json, random, sys, time
from kechuang.cli.django_setup import setup_django
setup_django()
from kechuang.observations.domain import record_observation
from kechuang.plans.enums import PlanStatus
from kechuang.plans.models import Indicator, Plan, Target, Task, TaskOwner
from kechuang.reports.plan_report import build_plan_report
from kechuang.reports.render import charts, render
from kechuang.tenancy.models import Area

n = int(sys.argv[1])
rng = random.Random(50)
city = Area.objects.create(code="310000", name="上海市", kind="city")
area = Area.objects.create(code="310116", name="金山区", kind="district", parent=city)
plan = Plan.objects.create(title="金山区科技创新“十四五”规划", area=area, period_start=2021, period_end=2025,
                           status=PlanStatus.PUBLISHED)
for i in range(n):
    base = rng.uniform(50, 500)
    ind = Indicator.objects.create(plan=plan, position=i + 1, name=f"基准指标{i + 1:02d}", unit="家",
                                   category="创新主体", data_source="区科委", baseline_year=2020, baseline_value=base)
    Target.objects.create(indicator=ind, year=2025, value=base * rng.uniform(1.3, 2.0), comparator=">=", kind="level")
    for year in range(2014, 2024):
        record_observation(indicator=ind, area=area, period=str(year),
                           value=base * (1 + rng.uniform(0.02, 0.12)) ** (year - 2020), source="statistics")
for t in range(30):
    task = Task.objects.create(plan=plan, position=t + 1, code=str(t + 1), goal=f"基准任务{t + 1}", deadline=2023 + t % 3,
                               progress=rng.choice([0, 30, 60, 100]))
    TaskOwner.objects.create(task=task, position=0, name=rng.choice(["区科委", "区经委", "区发改委"]))
at = dt.date(2024, 6, 30)
out = {}
t0 = time.perf_counter(); document = build_plan_report(plan.pk, at); out["build"] = time.perf_counter() - t0
charts.clear_cache(disk=True)
t0 = time.perf_counter(); charts.images(document.charts()); out["charts"] = time.perf_counter() - t0
for fmt in ("docx", "pdf", "xlsx"):
    charts.clear_cache(disk=True)  # nothing drawn before: the first report on these figures
    t0 = time.perf_counter()
    document = build_plan_report(plan.pk, at)
    data = render(document, fmt)
    out[fmt] = time.perf_counter() - t0
    out[fmt + "_kb"] = len(data) // 1024
# The usual case: the charts were drawn before (by this or another server process, or before a
# restart) and one figure has been corrected since, so one chart is drawn again.
charts.images(build_plan_report(plan.pk, at).charts())  # an earlier report drew them
first = Indicator.objects.filter(plan=plan).order_by("position").first()
record_observation(indicator=first, area=area, period="2023", value=12345.0, source="statistics", reason="更正")
for label, fmt in (("docx_one_changed", "docx"), ("pdf_one_changed", "pdf")):
    charts.clear_cache()  # memory empty, as in another process; the disk cache holds the rest
    if fmt == "pdf":  # the corrected chart is drawn again for the PDF too
        record_observation(indicator=first, area=area, period="2023", value=23456.0, source="statistics", reason="更正")
    t0 = time.perf_counter()
    document = build_plan_report(plan.pk, at)
    t1 = time.perf_counter(); charts.images(document.charts()); out[label + "_charts"] = time.perf_counter() - t1
    render(document, fmt)
    out[label] = time.perf_counter() - t0
out["n_charts"] = len(document.charts())
charts.clear_cache()
t0 = time.perf_counter(); render(build_plan_report(plan.pk, at), "docx"); out["docx_cached"] = time.perf_counter() - t0
print(json.dumps(out))
"""


def main() -> int:
    r = run_on_fresh_sqlite(CHILD, str(INDICATORS), prefix="kechuang-bench-reports-")
    if r is None:
        return 1
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    print(f"本机 {os.cpu_count()} 核，测量时 1 分钟平均负载 {load:.1f}")
    print(
        f"{INDICATORS} 个指标、{r['n_charts']} 张图的规划实施评估报告：组装文档 {r['build']:.2f} 秒，单独绘制全部图表 {r['charts']:.2f} 秒"
    )
    failed = False
    print("首次出报告（这些数字的图从未画过，须全部绘制）：")
    for fmt, label in (("docx", "Word"), ("pdf", "PDF"), ("xlsx", "Excel")):
        share = 0.0 if fmt == "xlsx" else r["charts"] / r[fmt]
        ok = r[fmt] < GOAL_SECONDS
        failed = failed or not ok
        print(
            f"  {label}：{r[fmt]:.2f} 秒（含组装与绘图；图表占 {share:.0%}），{r[fmt + '_kb']:,} KB，"
            f"{'达标' if ok else '超出'}（目标 < {GOAL_SECONDS:.0f} 秒）"
        )
    print("通常情况（图已画过、存于磁盘缓存，另一进程出报告；其间更正了一个数字，重画一张图）：")
    for key, label in (("docx_one_changed", "Word"), ("pdf_one_changed", "PDF")):
        share = r[key + "_charts"] / r[key]
        ok = r[key] < GOAL_SECONDS and share <= 0.5
        failed = failed or not ok
        print(
            f"  {label}：{r[key]:.2f} 秒，其中图表 {r[key + '_charts']:.2f} 秒（占 {share:.0%}），"
            f"{'达标' if ok else '超出'}（目标 < {GOAL_SECONDS:.0f} 秒，图表不超过一半）"
        )
    print(f"Word（图表全部在内存缓存中）：{r['docx_cached']:.2f} 秒")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
