"""Load the demo: areas, plans read by the plan reader from shipped documents, simulated figures.

Running it again changes nothing: areas and the admin are looked up before they
are created, a plan already present is skipped, and ``record_observation``
writes nothing when a figure is unchanged.
"""

from __future__ import annotations

import hashlib
import random
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from kechuang.demo.areas import CITY, DISTRICTS, SUBAREAS, SUBPARKS
from kechuang.registry.models import Area, AreaKind

DOCUMENTS_DIR = Path(__file__).resolve().parent / "documents"
DOCUMENT_SUFFIXES = {".txt", ".md", ".docx", ".pdf"}
ADMIN_USERNAME = "admin"
SIMULATION_NOTE = "模拟数据，仅供演示"


@dataclass
class DemoSummary:
    admin_username: str
    admin_password: str
    lines: list[str] = field(default_factory=list)


@transaction.atomic
def load_area_tree() -> int:
    """Create the Shanghai area tree; returns how many areas were new."""
    created = 0
    city, new = Area.objects.get_or_create(code=CITY[0], defaults={"name": CITY[1], "kind": AreaKind.CITY})
    created += new
    districts = {}
    for code, name in DISTRICTS:
        districts[code], new = Area.objects.get_or_create(
            code=code, defaults={"name": name, "kind": AreaKind.DISTRICT, "parent": city}
        )
        created += new
    counters: dict[str, int] = {}
    by_name = {}
    for district_code, name, kind in SUBAREAS:
        counters[district_code] = counters.get(district_code, 0) + 1
        code = f"{district_code}{counters[district_code]:03d}"
        by_name[name], new = Area.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "parent": districts[district_code]}
        )
        created += new
    for index, (parent_name, name) in enumerate(SUBPARKS, start=1):
        parent = by_name[parent_name]
        _, new = Area.objects.get_or_create(
            code=f"{parent.code}{index:02d}",
            defaults={"name": name, "kind": AreaKind.SUBPARK, "parent": parent},
        )
        created += new
    return created


def demo_documents() -> list[Path]:
    return sorted(
        p for p in DOCUMENTS_DIR.glob("*") if p.suffix in DOCUMENT_SUFFIXES and p.name != "README.md"
    )


def load_plans(lines: list[str]) -> None:
    """Read each shipped document with the plan reader and import it unless it is already there."""
    from kechuang.plans.models import Plan
    from kechuang.plans.transfer import PlanImportError, import_plan
    from kechuang.reader import ReaderError, extract_path

    for path in demo_documents():
        try:
            data = extract_path(path)
        except ReaderError as exc:
            lines.append(f"跳过 {path.name}：{exc}")
            continue
        doc = data["document"]
        existing = Plan.objects.filter(
            title=doc["title"], period_start=doc["period"]["start"], period_end=doc["period"]["end"]
        ).first()
        if existing:
            lines.append(f"已存在：{existing.title}（编号 {existing.pk}）")
            continue
        try:
            plan = import_plan(data)
        except PlanImportError as exc:
            lines.append(f"跳过 {path.name}：{exc}")
            continue
        lines.append(
            f"已导入：{plan.title}（编号 {plan.pk}，{plan.indicators.count()} 项指标，{plan.tasks.count()} 项任务）"
        )


def _rng(*parts: object) -> random.Random:
    seed = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()
    return random.Random(int(seed[:16], 16))  # demo figures, not secrets


@transaction.atomic
def simulate_observations(last_year: int) -> int:
    """Plausible yearly figures for goal indicators after each plan began, marked as simulated.

    Each path runs from the baseline (or a little under the first target) towards
    the final target with noise, so that the demo shows every status; the latest
    year is provisional, as real statistics are in their first release.
    """
    from kechuang.observations.domain import record_observation
    from kechuang.observations.enums import ObservationStatus, Source
    from kechuang.plans.enums import IndicatorRole, PlanStatus, TargetKind
    from kechuang.plans.models import Indicator

    written = 0
    goals = Indicator.objects.filter(
        role=IndicatorRole.GOAL, plan__status=PlanStatus.PUBLISHED
    ).select_related("plan")
    for ind in goals.prefetch_related("targets"):
        numeric = [t for t in ind.targets.all() if t.value is not None and t.kind != TargetKind.GROWTH]
        plan = ind.plan
        if not numeric or plan.period_end < plan.period_start:
            continue
        final = max(numeric, key=lambda t: t.year)
        if final.year <= plan.period_start - 1 or final.year < 2015:
            continue  # completion tables of earlier periods are history, not live goals
        rng = _rng(plan.pk, ind.name)
        pace = rng.choice([0.55, 0.8, 0.95, 1.05, 1.2])
        target = final.value
        if final.kind in (TargetKind.ANNUAL,):
            start = target * rng.uniform(0.7, 0.95)
        elif ind.baseline_value is not None:
            start = ind.baseline_value
        else:
            first = min(numeric, key=lambda t: t.year).value
            start = (first if first != target else target) * rng.uniform(0.8, 0.95)
        if final.kind == TargetKind.INCREMENT:
            start, target = 0.0, target
        years = list(range(plan.period_start, min(final.year, last_year) + 1))
        span = max(final.year - plan.period_start + 1, 1)
        for step, year in enumerate(years, start=1):
            share = min(step / span * pace, 1.3)
            if final.kind == TargetKind.INCREMENT:
                value = target * share / span * rng.uniform(0.8, 1.2) if share else 0.0
            else:
                value = start + (target - start) * share * rng.uniform(0.92, 1.08)
            value = round(value, 2) if abs(value) < 100 else round(value)
            result = record_observation(
                indicator=ind,
                area=plan.area,
                period=str(year),
                value=value,
                source=Source.STATISTICS,
                status=ObservationStatus.PROVISIONAL if year == last_year else ObservationStatus.FINAL,
                simulated=True,
                note=SIMULATION_NOTE,
                reason="演示数据",
            )
            written += result.created
    return written


def ensure_admin() -> tuple[str, str]:
    """The demo administrator; its password is generated once and kept in the data folder."""
    password_file = Path(settings.DATA_DIR) / "demo_admin_password"
    if password_file.exists():
        password = password_file.read_text(encoding="utf-8").strip()
    else:
        password = secrets.token_urlsafe(9)
        password_file.write_text(password, encoding="utf-8")
        password_file.chmod(0o600)
    user_model = get_user_model()
    user = user_model.objects.filter(username=ADMIN_USERNAME).first()
    if user is None:
        user_model.objects.create_superuser(
            ADMIN_USERNAME, "admin@example.org", password, first_name="演示管理员"
        )
    return ADMIN_USERNAME, password


def load_demo(*, last_year: int = 2025) -> DemoSummary:
    """Everything `make demo` shows; safe to run any number of times."""
    lines: list[str] = []
    new_areas = load_area_tree()
    lines.append(f"地区：新增 {new_areas} 个，共 {Area.objects.count()} 个")
    load_plans(lines)
    written = simulate_observations(last_year)
    lines.append(f"模拟观测值：新增 {written} 条（页面标注“模拟数据”）")
    from kechuang.collection.demo import load_collection_demo
    from kechuang.registry.demo import load_registry_demo

    lines.extend(load_registry_demo())
    lines.append(f"孵化月报：新增 {load_collection_demo()} 份")
    username, password = ensure_admin()
    lines.extend(ensure_role_users(password))
    return DemoSummary(admin_username=username, admin_password=password, lines=lines)


# (username, display name, role, area code or None, carrier operator?)
ROLE_USERS = [
    ("liaison", "朱泾镇科技联络员", "liaison", "310116001", False),
    ("viewer", "金山区只读用户", "viewer", "310116", False),
    ("operator", "载体运营方", "carrier_operator", None, True),
]


def ensure_role_users(password: str) -> list[str]:
    """One account per role, so the demo shows what each role sees; same password as the admin."""
    from kechuang.registry.models import Carrier, Membership

    user_model = get_user_model()
    lines = []
    first_carrier = Carrier.objects.select_related("area").order_by("pk").first()
    for username, name, role, area_code, is_operator in ROLE_USERS:
        if is_operator and first_carrier is None:
            continue
        area = first_carrier.area if is_operator else Area.objects.filter(code=area_code).first()
        if area is None:
            continue
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model.objects.create_user(username, password=password, first_name=name)
        extra = {"carrier": first_carrier} if is_operator else {}
        Membership.objects.get_or_create(user=user, role=role, area=area, defaults=extra)
        scope = f"{first_carrier.name}" if is_operator else area.name
        lines.append(f"演示账号：{username}（{name}，范围：{scope}；密码同管理员）")
    return lines
