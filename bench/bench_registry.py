"""Import 100,000 enterprises with their qualifications from one Excel file.

Steps: (1) write the workbook (sheets “企业” and “资质”: 100,000 enterprises, about
130,000 qualifications) with openpyxl's write-only mode; (2) in a child process per
database — SQLite in a temporary folder, and PostgreSQL when ``DATABASE_URL`` is set
(a separate database ``kechuang_bench_registry`` on that server is recreated) — migrate,
create a district with ten towns, then time ``kechuang.registry.imports.import_enterprises``
on the file, and again on the same file (the no-op re-import); (3) report times, rows per
second, peak resident memory of the child (``resource.getrusage``), and the ratio to the
floor: reading the same workbook with openpyxl alone.

Set ``BENCH_REGISTRY_ROWS`` for a smaller run (e.g. 10000).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kechuang.registry.uscc import make_uscc  # noqa: E402 — Django-free module, path set above

ROWS = int(os.environ.get("BENCH_REGISTRY_ROWS", "100000"))
TOWNS = 10
PG_DB = "kechuang_bench_registry"


def write_workbook(path: Path, rows: int) -> int:
    """The import file; returns the number of qualification rows."""
    from openpyxl import Workbook

    rng = random.Random(32100)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("企业")
    ws.append(
        [
            "统一社会信用代码",
            "企业名称",
            "所在地区",
            "所属行业",
            "地址",
            "联系人",
            "联系电话",
            "培育阶段",
            "阶段起始日期",
        ]
    )
    codes = []
    for i in range(rows):
        code = make_uscc(1_000_000 + i * 37)
        codes.append(code)
        stage = rng.choice(["", "", "摸底", "入库培育", "认定"])
        ws.append(
            [
                code,
                f"基准科技有限公司{i:06d}",
                f"B310116{i % TOWNS:03d}",
                rng.choice(["新材料", "生物医药", "集成电路", "智能制造"]),
                f"基准路 {i} 号",
                "王经理",
                f"021-5{i:07d}",
                stage,
                dt.date(2024, 1 + i % 12, 1) if stage else None,
            ]
        )
    qs = wb.create_sheet("资质")
    qs.append(["统一社会信用代码", "资质类型", "证书/登记编号", "发证/认定日期", "登记年度"])
    n = 0
    for i, code in enumerate(codes):
        if i % 2 == 0:
            qs.append(
                [
                    code,
                    "hnte",
                    f"GR{2021 + i % 4}31{i:07d}",
                    dt.date(2021 + i % 4, 1 + i % 12, 1 + i % 28),
                    None,
                ]
            )
        else:
            qs.append([code, "tech_sme", f"2024310116{i:07d}", None, 2024])
        n += 1
        if i % 10 < 3:
            qs.append([code, "tech_sme", f"2025310116{i:07d}", None, 2025])
            n += 1
    wb.save(path)
    return n


CHILD = r"""
import json, resource, sys, time
from kechuang.cli.django_setup import setup_django
setup_django()
from django.contrib.auth import get_user_model
from kechuang.registry.models import Enterprise, Qualification
from kechuang.tenancy.models import Area
from kechuang.registry.imports import import_enterprises
from openpyxl import load_workbook

path = sys.argv[1]
district = Area.objects.create(code="B310116", name="基准区", kind="district")
for i in range(10):
    Area.objects.create(code=f"B310116{i:03d}", name=f"基准镇{i}", kind="town", parent=district)
user = get_user_model().objects.create_superuser("bench", "bench@example.org", "bench-pw-123456")
data = open(path, "rb").read()

def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

t0 = time.perf_counter()
wb = load_workbook(path, read_only=True, data_only=True)
rows = sum(1 for _ in wb["企业"].iter_rows(values_only=True)) + sum(1 for _ in wb["资质"].iter_rows(values_only=True))
wb.close()
floor = time.perf_counter() - t0
base = rss_mb()
t0 = time.perf_counter()
first = import_enterprises(data, user=user, filename="bench.xlsx")
t_first = time.perf_counter() - t0
peak = rss_mb()
t0 = time.perf_counter()
second = import_enterprises(data, user=user, filename="bench.xlsx")
t_second = time.perf_counter() - t0
json.dump({
    "rows": rows, "floor": floor, "first": t_first, "second": t_second,
    "created": first.counts(), "second_changed": second.changed,
    "enterprises": Enterprise.objects.count(), "qualifications": Qualification.objects.count(),
    "rss_before": base, "rss_peak": peak,
}, sys.stdout)
"""


def run_child(path: Path, env_extra: dict[str, str]) -> dict:
    env = dict(os.environ)
    env.pop("KECHUANG_PRODUCTION", None)
    env.pop("DATABASE_URL", None)
    env.update(env_extra)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("KECHUANG_SECRET_KEY", "bench-registry-not-a-secret-" + "x" * 20)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    return json.loads(done.stdout)


def recreate_postgres(url: str) -> str:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{PG_DB}"')
    return urlunsplit(parts._replace(path=f"/{PG_DB}"))


def report(name: str, r: dict) -> None:
    n = r["created"]["rows"]
    print(
        f"{name}: 导入 {r['enterprises']:,} 家企业、{r['qualifications']:,} 条资质，"
        f"首次 {r['first']:.1f} 秒（{n / r['first']:,.0f} 行/秒），"
        f"重复导入 {r['second']:.1f} 秒（无变化：{not r['second_changed']}），"
        f"仅读取 Excel {r['floor']:.1f} 秒，首次导入/仅读取 = {r['first'] / r['floor']:.1f} 倍；"
        f"峰值内存 {r['rss_peak']:.0f} MB（导入前 {r['rss_before']:.0f} MB）"
    )


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="kechuang-bench-registry-") as tmp:
        path = Path(tmp) / "enterprises.xlsx"
        t0 = time.perf_counter()
        qualifications = write_workbook(path, ROWS)
        print(
            f"生成 Excel：{ROWS:,} 家企业、{qualifications:,} 条资质，"
            f"{path.stat().st_size / 1024 / 1024:.1f} MB，用时 {time.perf_counter() - t0:.1f} 秒",
            flush=True,
        )
        sqlite = run_child(path, {"KECHUANG_DATA_DIR": str(Path(tmp) / "data")})
        report("SQLite", sqlite)
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith("postgres"):
            pg = run_child(
                path, {"KECHUANG_DATA_DIR": str(Path(tmp) / "pgdata"), "DATABASE_URL": recreate_postgres(url)}
            )
            report("PostgreSQL", pg)
        else:
            print("PostgreSQL：未设置 DATABASE_URL，跳过")
    return 0


if __name__ == "__main__":
    sys.exit(main())
