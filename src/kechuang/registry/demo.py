"""Demo registry data: a few carriers and about 60 enterprises with qualifications in 金山区 and 松江区.

Deterministic (a fixed seed) and idempotent: records are created through the audited domain
functions and recorded as the demo's (``DemoRecord``); a second run creates only what is
missing and changes nothing it finds, whoever made it.
Needs the demo area tree (``kechuang.demo.loader.load_area_tree``) to be loaded first.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from kechuang.common.demo import demo_ids, mark_demo
from kechuang.registry.domain import (
    add_qualification,
    add_tenant,
    move_enterprise_stage,
    save_carrier,
    save_enterprise,
    update_tenancy,
)
from kechuang.registry.models import Carrier, Enterprise, QualificationType, Stage
from kechuang.registry.uscc import make_uscc
from kechuang.tenancy.models import Area

TOWNS = {
    "310116": ["朱泾镇", "枫泾镇", "亭林镇", "金山工业区", "碳谷绿湾产业园", "上海湾区高新技术产业开发区"],
    "310117": ["九亭镇", "车墩镇", "泗泾镇", "松江经济技术开发区", "松江大学城"],
}
CARRIERS = [
    # name, kind, level, area name, operator, floor area, focus
    (
        "湾区科创孵化中心",
        "incubator",
        "municipal",
        "上海湾区高新技术产业开发区",
        "上海湾区科创发展有限公司",
        32000,
        "新材料、智能制造",
    ),
    (
        "碳谷绿湾众创空间",
        "maker_space",
        "district",
        "碳谷绿湾产业园",
        "碳谷绿湾园区运营公司",
        4500,
        "绿色化工、新能源",
    ),
    ("枫泾科创小镇孵化器", "incubator", "district", "枫泾镇", "枫泾镇资产经营公司", 12000, "智能网联汽车"),
    (
        "G60 科创走廊孵化基地",
        "incubator",
        "national",
        "松江经济技术开发区",
        "G60 科创走廊运营公司",
        56000,
        "人工智能、集成电路",
    ),
    (
        "松江大学城科技园",
        "university_park",
        "national",
        "松江大学城",
        "松江大学城科技园发展公司",
        28000,
        "数字经济、文化科技",
    ),
    ("九亭产业加速器", "accelerator", "district", "九亭镇", "九亭科技服务公司", 9000, "生物医药"),
]
WORDS = ["瑞", "华", "科", "鑫", "泰", "博", "恒", "达", "智", "远", "晟", "联", "创", "新", "源", "航"]
FIELDS = [
    ("新材料", "材料"),
    ("智能制造", "智能装备"),
    ("生物医药", "生物医药"),
    ("集成电路", "微电子"),
    ("新能源", "新能源"),
    ("软件和信息服务", "信息技术"),
    ("人工智能", "智能科技"),
]


@transaction.atomic
def load_registry_demo(*, today: dt.date | None = None) -> list[str]:
    """Load the demo registry where it is missing; returns summary lines for the demo command.

    Creates only: a carrier or enterprise the demo created before (``DemoRecord``) is
    left as people may have edited it, and one someone else created under the same
    name or USCC is never touched, given tenants or qualifications.
    """
    today = today or dt.date(2026, 11, 1)
    areas = {a.name: a for a in Area.objects.filter(parent__code__in=list(TOWNS))}
    missing = [n for names in TOWNS.values() for n in names if n not in areas]
    if missing:
        return [f"登记库演示数据未加载：缺少地区 {'、'.join(missing)}"]
    rng = random.Random(20261116)
    types = {t.code: t for t in QualificationType.objects.all()}
    carriers: list[Carrier | None] = []
    skipped: list[str] = []
    ours = demo_ids(Carrier)
    for name, kind, level, area_name, operator, floor, focus in CARRIERS:
        area = areas[area_name]
        same = Carrier.objects.filter(area=area, name=name).order_by("pk")
        carrier = same.filter(pk__in=ours).first()
        if carrier is None and same.exists():
            skipped.append(name)
            carriers.append(None)  # someone else's carrier: no demo tenants for it
            continue
        if carrier is None:
            carrier, _ = save_carrier(
                acting_user=None,
                name=name,
                kind=kind,
                level=level,
                area=area,
                operator=operator,
                floor_area=floor,
                focus_industries=focus,
            )
            mark_demo(carrier, source="演示登记库")
        carriers.append(carrier)
    created = 0
    serial = 0
    enterprises: list[tuple[Enterprise | None, bool]] = []  # (enterprise, created in this run)
    ours = demo_ids(Enterprise)
    for division, town_names in TOWNS.items():
        for town in town_names:
            for _ in range(6 if division == "310116" else 5):
                serial += 1
                industry, word = FIELDS[rng.randrange(len(FIELDS))]
                name = f"上海{rng.choice(WORDS)}{rng.choice(WORDS)}{word}有限公司"
                uscc = make_uscc(100000 + serial * 7919, division=division)
                contact = f"{rng.choice('王李张刘陈杨赵黄周吴')}经理"
                phone = f"021-5{rng.randrange(1000000, 9999999)}"
                steps = _qualification_steps(rng, types, today)  # drawn every run: same figures
                existing = Enterprise.objects.filter(uscc=uscc).first()
                if existing is not None:
                    enterprises.append((existing if existing.pk in ours else None, False))
                    continue
                enterprise, _ = save_enterprise(
                    acting_user=None,
                    uscc=uscc,
                    name=f"{name[:-4]}{serial:02d}有限公司",
                    area=areas[town],
                    industry=industry,
                    address=f"上海市{'金山区' if division == '310116' else '松江区'}{town}示范路 {serial} 号",
                    contact_name=contact,
                    contact_phone=phone,
                )
                mark_demo(enterprise, source="演示登记库")
                created += 1
                enterprises.append((enterprise, True))
                _apply_steps(enterprise, steps)
    by_district_all = list(enterprises)
    tenants = 0
    # A carrier hosts enterprises of its own district only (access.require_attachable).
    by_district: dict[str, list[tuple[Enterprise | None, bool]]] = {}
    serial = 0
    for division, town_names in TOWNS.items():
        for _ in town_names:
            for _ in range(6 if division == "310116" else 5):
                by_district.setdefault(division, []).append(enterprises[serial])
                serial += 1
    divisions = [next(d for d, names in TOWNS.items() if c[3] in names) for c in CARRIERS]
    for i in range(24):
        carrier = carriers[i % len(carriers)]
        enterprise, new = by_district[divisions[i % len(carriers)]].pop(0)
        if carrier is None or enterprise is None or not new:
            continue  # someone else's record, or a tenancy an earlier run made (kept as people left it)
        entered = dt.date(2021 + i % 4, 1 + i % 12, 1)
        tenancy, _ = add_tenant(carrier, enterprise=enterprise, entered_on=entered)
        if i % 5 == 0:
            update_tenancy(
                tenancy, left_on=dt.date(entered.year + 2, entered.month, 15), exit_reason="graduated"
            )
        tenants += 1
    ours_carriers = [c for c in carriers if c is not None]
    ours_enterprises = [e for e, _ in enterprises if e is not None]
    lines = [
        f"登记库：载体 {len(ours_carriers)} 个，企业 {len(ours_enterprises)} 家（新增 {created} 家），"
        f"新增入驻记录 {tenants} 条"
    ]
    if skipped:
        lines.append(f"登记库：已有同名载体 {'、'.join(skipped)}（非演示创建），演示不改动")
    lines.extend(load_plot_demo(areas, [e for e, _ in by_district_all if e is not None]))
    return lines


# code, name, town/park, mu, use, status, [(enterprise index, output 2023, tax share ‰, rd ‰, energy t/万元)]
PLOTS = [
    (
        "ZJ2019-01",
        "朱泾工业园一号地块",
        "朱泾镇",
        "52.6",
        "industrial",
        "producing",
        [(0, 18000, 62, 35, 0.08)],
    ),
    (
        "ZJ2019-02",
        "朱泾工业园二号地块",
        "朱泾镇",
        "38.0",
        "industrial",
        "producing",
        [(1, 9000, 48, 22, 0.11), (2, 4200, 40, 18, 0.09)],
    ),
    (
        "FJ2019-01",
        "枫泾智能网联汽车产业地块",
        "枫泾镇",
        "86.4",
        "industrial",
        "producing",
        [(6, 42000, 55, 48, 0.06)],
    ),
    ("FJ2019-02", "枫泾老工业区地块", "枫泾镇", "45.0", "industrial", "producing", [(7, 2600, 12, 4, 0.35)]),
    (
        "TL2019-01",
        "亭林生物医药地块",
        "亭林镇",
        "30.5",
        "research",
        "producing",
        [(12, 12500, 80, 120, 0.03)],
    ),
    ("TL2019-02", "亭林镇闲置厂房地块", "亭林镇", "18.2", "industrial", "idle", []),
    (
        "GY2019-01",
        "金山工业区新材料地块",
        "金山工业区",
        "120.0",
        "industrial",
        "producing",
        [(18, 56000, 45, 30, 0.15), (19, 21000, 38, 26, 0.12)],
    ),
    ("GY2019-02", "金山工业区在建地块", "金山工业区", "64.0", "industrial", "building", []),
    (
        "TG2019-01",
        "碳谷绿湾绿色化工地块",
        "碳谷绿湾产业园",
        "95.3",
        "industrial",
        "producing",
        [(24, 38000, 40, 22, 0.42)],
    ),
    (
        "TG2019-02",
        "碳谷绿湾新能源地块",
        "碳谷绿湾产业园",
        "40.8",
        "industrial",
        "producing",
        [(25, 15500, 52, 40, 0.10)],
    ),
    (
        "WQ2019-01",
        "湾区科创研发地块",
        "上海湾区高新技术产业开发区",
        "22.6",
        "research",
        "producing",
        [(30, 8800, 70, 150, 0.02)],
    ),
    (
        "WQ2019-02",
        "湾区综合服务地块",
        "上海湾区高新技术产业开发区",
        "15.4",
        "mixed",
        "producing",
        [(31, 5200, 65, 30, 0.04), (32, 1800, 50, 20, 0.05)],
    ),
]
PLOT_YEARS = (2023, 2024, 2025)


def load_plot_demo(areas: dict[str, Area], enterprises: list[Enterprise]) -> list[str]:
    """A dozen land plots in 金山区's towns and parks with three years of figures (2023–2025):
    one idle, one under construction, one inefficient (枫泾老工业区地块, under the district's
    5 万元/亩 floor and in its bottom 10 %). Creates only what is missing."""
    from decimal import Decimal

    from kechuang.registry.domain import occupy_plot, record_plot_figures, save_plot
    from kechuang.registry.models import LandPlot, PlotEvaluationSettings

    jinshan = [e for e in enterprises if e.area.parent and e.area.parent.code == "310116"]
    district = areas["朱泾镇"].district()
    # The district's rule as data: below 5 万元/亩 of tax, or the bottom 10 % of plots in production.
    PlotEvaluationSettings.objects.get_or_create(
        district=district, defaults={"min_tax_per_mu": Decimal("5"), "bottom_share": Decimal("0.10")}
    )
    ours = demo_ids(LandPlot)
    created = 0
    for code, name, town, mu, use, status, users in PLOTS:
        district = areas[town].district()
        existing = LandPlot.objects.filter(district=district, code=code).first()
        if existing is not None:
            continue  # made by an earlier run (kept as people left it) or by someone else
        plot, _ = save_plot(
            acting_user=None,
            area=areas[town],
            code=code,
            name=name,
            area_mu=mu,
            land_use=use,
            status=status,
            location=f"上海市金山区{town}",
        )
        mark_demo(plot, source="演示登记库")
        created += 1
        for index, output, tax, rd, energy in users:
            if index >= len(jinshan):
                continue
            enterprise = jinshan[index]
            occupy_plot(plot, enterprise=enterprise, started_on=dt.date(2019, 1, 1))
            for step, year in enumerate(PLOT_YEARS):
                grown = Decimal(output) * (Decimal("1.06") ** step)
                record_plot_figures(
                    plot,
                    enterprise=enterprise,
                    year=year,
                    output=round(grown, 2),
                    tax=round(grown * tax / 1000, 2),
                    rd_spending=round(grown * rd / 1000, 2),
                    energy=round(grown * Decimal(str(energy)), 2),
                    employees=int(grown / 60) + 5,
                )
    total = LandPlot.objects.filter(pk__in=demo_ids(LandPlot) | ours).count()
    return [f"地块：演示地块 {total} 个（新增 {created} 个），含闲置、在建和低效地块各一"]


def _qualification_steps(rng: random.Random, types: dict, today: dt.date) -> list[tuple]:
    """Qualifications and a ladder history drawn from the seeded generator (same every run).

    Drawn whether or not they are written, so every enterprise gets the same ones on any run.
    """
    steps: list[tuple] = []
    roll = rng.random()
    hnte_year = rng.randrange(2019, 2026)
    hnte_day = dt.date(hnte_year, rng.choice([3, 6, 9, 11]), rng.choice([1, 15, 28]))
    sme_years = sorted(rng.sample(range(2021, 2026), rng.randrange(1, 4)))
    stage_plan = [Stage.SURVEYED]
    if roll < 0.45:
        certificate = f"GR{hnte_year}3100{rng.randrange(1000, 9999)}"
        steps.append(("q", {"qtype": types["hnte"], "certificate_no": certificate, "issued_on": hnte_day}))
        stage_plan += [Stage.CULTIVATING, Stage.RECOGNISED]
        if roll < 0.12:
            steps.append(
                (
                    "q",
                    {
                        "qtype": types["little_giant"],
                        "certificate_no": "",
                        "issued_on": dt.date(hnte_year + 1, 7, 1),
                    },
                )
            )
            stage_plan.append(Stage.LEADING)
    elif roll < 0.7:
        stage_plan.append(Stage.CULTIVATING)
        if roll < 0.55:
            steps.append(("q", {"qtype": types["little_giant_candidate"], "issued_on": dt.date(2024, 7, 1)}))
    for year in sme_years:
        certificate = f"{year}3101160{rng.randrange(10000, 99999)}"
        steps.append(("q", {"qtype": types["tech_sme"], "certificate_no": certificate, "year": year}))
    if 0.85 < roll < 0.9:
        steps.append(("q", {"qtype": types["srdi"], "issued_on": dt.date(2023, 12, 1)}))
    since = dt.date(2020, 3, 1)
    for step, stage in enumerate(stage_plan):
        day = min(since.replace(year=since.year + step), today)
        steps.append(("stage", {"stage": stage, "since": day, "note": "演示数据"}))
    if roll >= 0.9:
        steps.append(
            (
                "stage",
                {
                    "stage": Stage.SURVEYED,
                    "since": dt.date(2024, 6, 30),
                    "dropped": True,
                    "note": "演示：迁出区外",
                },
            )
        )
    return steps


def _apply_steps(enterprise: Enterprise, steps: list[tuple]) -> None:
    for kind, kwargs in steps:
        if kind == "q":
            add_qualification(enterprise, **kwargs)
        else:
            move_enterprise_stage(enterprise, **kwargs)
