"""The monthly 孵化动态 bulletin of a district with 200 carriers, in Word, PDF and Excel.

In a child process on a temporary SQLite database: a district of five towns with 200 carriers, each
with an approved monthly report for the last two months (the bulletin compares a month with the one
before). Reported per format: seconds of ``build_bulletin`` plus ``render`` (chart cache emptied
first), and the seconds of the build alone. Goal: each format under 10 s.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from bench import run_on_fresh_sqlite

ROOT = Path(__file__).resolve().parents[1]
CARRIERS = 200
GOAL_SECONDS = 10.0

CHILD = r"""
import json, random, sys, time
from kechuang.cli.django_setup import setup_django
setup_django()
from kechuang.collection.domain import active_form, approve_report, open_report, previous_period, reporting_period, submit_report
from kechuang.registry.domain import save_carrier
from kechuang.reports.bulletin import build_bulletin
from kechuang.reports.render import charts, render
from kechuang.tenancy.models import Area

n = int(sys.argv[1])
rng = random.Random(200)
city = Area.objects.create(code="310000", name="上海市", kind="city")
area = Area.objects.create(code="310116", name="金山区", kind="district", parent=city)
towns = [Area.objects.create(code=f"310116{t:03d}", name=f"基准镇{t}", kind="town", parent=area) for t in range(1, 6)]
form = active_form()
fields = list(form.fields.all())
month = reporting_period()
months = (previous_period(month), month)


def values(tenants):
    # Every field of the active form: counts stay under the tenants (the form's compare rules),
    # percentages within 0–100, and the tenants move little from month to month (the jump rule).
    out = {}
    for f in fields:
        if f.code == "tenants":
            out[f.code] = tenants
        elif f.type == "percent":
            out[f.code] = round(rng.uniform(50, 98), 1)
        elif f.type == "decimal":
            out[f.code] = round(rng.uniform(0, 3000), 2)
        else:
            out[f.code] = rng.randint(0, 5)
    return out


t0 = time.perf_counter()
kinds = ("incubator", "maker_space", "accelerator")
levels = ("national", "municipal", "district")
for i in range(n):
    carrier = save_carrier(acting_user=None, name=f"基准载体{i + 1:03d}", kind=kinds[i % 3], level=levels[i % 3],
                           area=towns[i % len(towns)])[0]
    tenants = rng.randint(10, 80)
    for period in months:
        report, _ = open_report(carrier=carrier, period=period, form=form)
        submit_report(report, values=values(tenants), acting_user=None)
        report.refresh_from_db()
        approve_report(report, acting_user=None)
        tenants += rng.randint(-2, 4)
out = {"setup": time.perf_counter() - t0, "month": month}
t0 = time.perf_counter(); document = build_bulletin(area, month, user=None); out["build"] = time.perf_counter() - t0
out["n_charts"] = len(document.charts())
for fmt in ("docx", "pdf", "xlsx"):
    charts.clear_cache()
    t0 = time.perf_counter()
    data = render(build_bulletin(area, month, user=None), fmt)
    out[fmt] = time.perf_counter() - t0
    out[fmt + "_kb"] = len(data) // 1024
print(json.dumps(out))
"""


def main() -> int:
    r = run_on_fresh_sqlite(CHILD, str(CARRIERS), prefix="kechuang-bench-bulletin-")
    if r is None:
        return 1
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    print(f"本机 {os.cpu_count()} 核，测量时 1 分钟平均负载 {load:.1f}")
    print(
        f"{CARRIERS} 家载体、各两个月审核通过月报（准备数据 {r['setup']:.1f} 秒）的 {r['month']} 孵化动态月报简报："
        f"组装文档 {r['build']:.2f} 秒，{r['n_charts']} 张图"
    )
    failed = False
    for fmt, label in (("docx", "Word"), ("pdf", "PDF"), ("xlsx", "Excel")):
        ok = r[fmt] < GOAL_SECONDS
        failed = failed or not ok
        print(
            f"{label}：{r[fmt]:.2f} 秒（含组装），{r[fmt + '_kb']:,} KB，"
            f"{'达标' if ok else '超出'}（目标 < {GOAL_SECONDS:.0f} 秒）"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
