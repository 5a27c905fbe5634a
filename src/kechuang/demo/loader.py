"""Load the demo: areas, plans read by the plan reader from shipped documents, simulated figures.

Running it again changes nothing: areas and the admin are looked up before they
are created, a plan already present is skipped, and simulated figures only fill
empty years. Everything the demo creates is recorded (``common.DemoRecord``), and
the demo touches nothing else: a plan, carrier, enterprise or account someone else
created, even under a demo name, is left as it is and never given simulated figures.
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

from kechuang.common.demo import demo_ids, is_demo, mark_demo
from kechuang.demo.areas import CITY, DISTRICTS, SUBAREAS, SUBPARKS
from kechuang.registry.models import Carrier
from kechuang.tenancy.models import Area, AreaKind

DOCUMENTS_DIR = Path(__file__).resolve().parent / "documents"
DOCUMENT_SUFFIXES = {".txt", ".md", ".docx", ".pdf", ".html", ".htm", ".doc", ".wps"}
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
    """Read each shipped document with the plan reader and import it unless it is already there.

    A plan the demo imports is recorded as the demo's (``DemoRecord``, with the document's
    name and SHA-256); a plan of the same title that someone else uploaded is left alone.
    """
    from kechuang.plans.models import Plan
    from kechuang.plans.transfer import PlanImportError, import_plan
    from kechuang.reader import ReaderError, extract_path

    ours = demo_ids(Plan)
    for path in demo_documents():
        try:
            data = extract_path(path)
        except ReaderError as exc:
            lines.append(f"跳过 {path.name}：{exc}")
            continue
        doc = data["document"]
        same = Plan.objects.filter(
            title=doc["title"], period_start=doc["period"]["start"], period_end=doc["period"]["end"]
        ).order_by("pk")
        existing = same.filter(pk__in=ours).first()
        if existing:
            lines.append(f"已存在：{existing.title}（编号 {existing.pk}）")
            continue
        if same.exists():
            lines.append(f"未导入 {path.name}：已有用户上传的同名规划，演示不改动它，也不为它添加模拟数据")
            continue
        try:
            plan = import_plan(data)
        except PlanImportError as exc:
            lines.append(f"跳过 {path.name}：{exc}")
            continue
        mark_demo(plan, source=path.name, digest=hashlib.sha256(path.read_bytes()).hexdigest())
        lines.append(
            f"已导入：{plan.title}（编号 {plan.pk}，{plan.indicators.count()} 项指标，{plan.tasks.count()} 项任务）"
        )


def _rng(*parts: object) -> random.Random:
    seed = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()
    return random.Random(int(seed[:16], 16))  # demo figures, not secrets


@dataclass(frozen=True)
class Shape:
    """How an indicator's figures look: whole numbers, percentages, or neither."""

    whole: bool
    percent: bool

    @classmethod
    def of(cls, indicator: object, figures: list[float]) -> Shape:
        from kechuang.observations.monitoring.inputs import path_for
        from kechuang.plans.units import is_count_unit, is_percent_unit

        unit, name = indicator.unit or "", indicator.name or ""
        whole = is_count_unit(unit, name)
        if not unit and not whole:
            # No unit written (亭林镇科创载体 ≥ 1): a goal that is not a ratio and whose own
            # figures are all whole is a count; a simulated 0.95 载体 would be absurd.
            whole = path_for(unit="", name=name) == "compound" and all(float(v).is_integer() for v in figures)
        return cls(whole=whole, percent=is_percent_unit(unit))

    def fit(self, value: float, low: float, high: float) -> float:
        """``value`` kept within [low, high] (and 0–100 for a percentage), rounded as the unit is written."""
        if self.percent:
            low, high = max(low, 0.0), min(high, 100.0)
        value = min(max(value, low), high)
        if self.whole:
            return float(max(round(value), 0))
        return round(value, 2) if abs(value) < 100 else float(round(value))


def simulated_path(
    indicator: object,
    targets: list,
    *,
    period_start: int,
    last_year: int,
    same_area: dict[int, float] | None = None,
) -> list[tuple[int, float]]:
    """Plausible yearly figures (year, value) for one goal indicator, from its own plan figures.

    The path runs from the baseline (or a start derived from the targets) towards the
    final target at a pace drawn per indicator, so the demo shows every status. Counts
    are whole numbers, percentages stay within 0–100 and every figure stays near the
    plan's own baseline and targets. An increment of a stock (新增 N 家) is written as
    year-end totals from a base-year total, so 高新技术企业 reads as a count of enterprises;
    when another plan of the area already has figures of the same catalogue entry
    (``same_area``: year → value), those are used, so two plans never disagree on a year.
    """
    from kechuang.plans.enums import Accumulation, Comparator, Direction, TargetKind

    final = max(targets, key=lambda t: t.year)
    rng = _rng(indicator.plan_id, indicator.name)
    pace = rng.choice([0.55, 0.8, 0.95, 1.05, 1.2])
    target = float(final.value)
    figures = [float(t.value) for t in targets]
    if indicator.baseline_value is not None:
        figures.append(float(indicator.baseline_value))
    shape = Shape.of(indicator, figures)
    lower = indicator.direction == Direction.LOWER or final.comparator in (Comparator.LE, Comparator.LT)
    years = list(range(period_start, min(final.year, last_year) + 1))
    span = max(final.year - period_start + 1, 1)

    def share(step: int) -> float:
        return min(step / span * pace, 1.3) * rng.uniform(0.92, 1.08)

    if final.kind == TargetKind.INCREMENT:
        total = abs(target)
        stock = indicator.accumulation == Accumulation.STOCK
        known = same_area or {}
        base = 0.0
        if stock:
            if indicator.baseline_value is not None:
                base = float(indicator.baseline_value)
            elif period_start - 1 in known:
                base = known[period_start - 1]
            else:
                known = {}
                base = total * rng.uniform(1.5, 4)
            base = shape.fit(base, 0.0, float("inf"))
        path: list[tuple[int, float]] = [(period_start - 1, base)] if stock else []
        done = 0.0
        for step, year in enumerate(years, start=1):
            reached = max(shape.fit(total * share(step), 0.0, total * 1.3), done)
            value = base + reached if stock else reached - done
            if stock and year in known:
                value, reached = known[year], max(known[year] - base, done)
            path.append((year, shape.fit(value, 0.0, float("inf"))))
            done = reached
        return path
    if indicator.baseline_value is not None:
        start = float(indicator.baseline_value)
    elif final.kind == TargetKind.ANNUAL:
        start = target * rng.uniform(0.7, 0.95)
    elif lower:
        start = target * rng.uniform(1.05, 1.3)  # a ceiling not yet reached, coming down to it
    else:
        first = min(targets, key=lambda t: t.year).value
        start = (first if first != target else target) * rng.uniform(0.8, 0.95)
        if shape.whole:
            start = float(int(start))
    # Near the plan's own figures: at most a quarter of the distance beyond start or target.
    slack = abs(target - start) * 0.25 or abs(target) * 0.05
    low, high = min(start, target, *figures) - slack, max(start, target, *figures) + slack
    if min(*figures, start) >= 0:
        low = max(low, 0.0)
    return [
        (year, shape.fit(start + (target - start) * share(step), low, high))
        for step, year in enumerate(years, start=1)
    ]


@transaction.atomic
def simulate_observations(last_year: int) -> int:
    """Simulated yearly figures for the goal indicators of the plans the demo loaded, and only those.

    A plan someone uploaded is never given simulated figures, and a figure already
    recorded (by anyone) for an indicator and year is never replaced: the demo only
    fills empty years. The latest year is provisional, as real statistics are in
    their first release.
    """
    from kechuang.observations.domain import record_observation
    from kechuang.observations.enums import ObservationStatus, PeriodKind, Source
    from kechuang.observations.models import Observation
    from kechuang.plans.enums import IndicatorRole, PlanStatus, TargetKind
    from kechuang.plans.models import Indicator, Plan

    written = 0
    goals = (
        Indicator.objects.filter(
            role=IndicatorRole.GOAL, plan__status=PlanStatus.PUBLISHED, plan_id__in=demo_ids(Plan)
        )
        .select_related("plan", "plan__area")
        .prefetch_related("targets")
        .order_by("plan__period_start", "plan_id", "position", "pk")
    )
    for ind in goals:
        numeric = [t for t in ind.targets.all() if t.value is not None and t.kind != TargetKind.GROWTH]
        plan = ind.plan
        if not numeric or plan.period_end < plan.period_start:
            continue
        final = max(numeric, key=lambda t: t.year)
        if final.year <= plan.period_start - 1 or final.year < 2015:
            continue  # completion tables of earlier periods are history, not live goals
        same_area: dict[int, float] = {}
        if ind.catalog_id is not None:
            rows = Observation.objects.filter(
                catalog_id=ind.catalog_id, area=plan.area, period_kind=PeriodKind.YEAR
            ).exclude(indicator=ind)
            for year, value in rows.order_by("-pk").values_list("year", "value"):
                same_area.setdefault(year, value)
        taken = set(
            Observation.objects.filter(indicator=ind, area=plan.area).values_list("period", flat=True)
        )
        path = simulated_path(
            ind, numeric, period_start=plan.period_start, last_year=last_year, same_area=same_area
        )
        for year, value in path:
            if str(year) in taken:
                continue  # someone's figure (or an earlier run's) stays as it is
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
        user = user_model.objects.create_superuser(
            ADMIN_USERNAME, "admin@example.org", password, first_name="演示管理员"
        )
        mark_demo(user, source="演示管理员")
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
    ours = Carrier.objects.filter(pk__in=demo_ids(Carrier))
    lines.append(f"孵化月报：新增 {load_collection_demo(carriers=ours)} 份")
    from kechuang.evaluation.demo import demo_run_years, load_evaluation_demo
    from kechuang.evaluation.demo_subsidies import load_subsidy_demo

    lines.extend(load_evaluation_demo())
    lines.extend(load_subsidy_demo(years=tuple(sorted({last_year, *demo_run_years()}))))
    username, password = ensure_admin()
    lines.extend(ensure_role_users(password))
    return DemoSummary(admin_username=username, admin_password=password, lines=lines)


# (username, display name, role, area code or None, carrier operator?)
ROLE_USERS = [
    ("district", "金山区科委管理员", "district_admin", "310116", False),
    # A town with a carrier and figures of its own, so the liaison's home page has something to show.
    ("liaison", "枫泾镇科技联络员", "liaison", "310116002", False),
    ("viewer", "金山区只读用户", "viewer", "310116", False),
    ("operator", "载体运营方", "carrier_operator", None, True),
]


def ensure_role_users(password: str) -> list[str]:
    """One account per role, so the demo shows what each role sees; same password as the admin."""
    from kechuang.tenancy.models import Membership

    user_model = get_user_model()
    lines = []
    ours = Carrier.objects.filter(pk__in=demo_ids(Carrier))
    first_carrier = ours.select_related("area").order_by("pk").first()
    for username, name, role, area_code, is_operator in ROLE_USERS:
        if is_operator and first_carrier is None:
            continue
        area = first_carrier.area if is_operator else Area.objects.filter(code=area_code).first()
        if area is None:
            continue
        user = user_model.objects.filter(username=username).first()
        if user is None:
            # An address, so the demo's notification e-mails (printed to the console) have somewhere to go.
            user = user_model.objects.create_user(
                username, email=f"{username}@example.org", password=password, first_name=name
            )
            mark_demo(user, source="演示账号")
        elif not is_demo(user):
            lines.append(f"未设演示账号 {username}：已有同名用户，演示不改动它")
            continue
        if not Membership.objects.filter(user=user).exists():  # roles someone changed since stay changed
            extra = {"carrier": first_carrier} if is_operator else {}
            Membership.objects.create(user=user, role=role, area=area, **extra)
        scope = f"{first_carrier.name}" if is_operator else area.name
        lines.append(f"演示账号：{username}（{name}，范围：{scope}；密码同管理员）")
    return lines
