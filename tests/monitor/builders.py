"""A hand-made plan with known figures, shared by the monitoring, page, CLI and browser tests."""

from __future__ import annotations

import datetime as dt

from kechuang.observations.domain import record_observation
from kechuang.plans.enums import PlanStatus
from kechuang.plans.models import CatalogIndicator, Indicator, Plan, Target, Task, TaskOwner, TaskUpdate

AS_OF = dt.date(2024, 6, 30)


def add_indicator(
    plan: Plan,
    name: str,
    *,
    unit: str,
    category: str,
    source: str,
    target: float | None,
    baseline: float | None = None,
    figures: dict[int, float] | None = None,
    provisional: dict[int, float] | None = None,
    simulated: bool = False,
    catalog: str | None = None,
    comparator: str = ">=",
    kind: str = "level",
    year: int = 2025,
) -> Indicator:
    ind = Indicator.objects.create(
        plan=plan,
        position=plan.indicators.count() + 1,
        name=name,
        unit=unit,
        category=category,
        data_source=source,
        baseline_year=2020 if baseline is not None else None,
        baseline_value=baseline,
        catalog=CatalogIndicator.objects.get(code=catalog) if catalog else None,
    )
    Target.objects.create(indicator=ind, year=year, value=target, comparator=comparator, kind=kind)
    for y, v in (figures or {}).items():
        record_observation(
            indicator=ind, area=plan.area, period=str(y), value=v, source="statistics", simulated=simulated
        )
    for y, v in (provisional or {}).items():
        record_observation(
            indicator=ind, area=plan.area, period=str(y), value=v, source="statistics", status="provisional"
        )
    return ind


def build_plan(
    area, *, title: str = "金山区科技创新“十四五”规划", status: str = PlanStatus.PUBLISHED
) -> Plan:
    """Four targets whose statuses at AS_OF (2024-06-30) are known by hand:

    - 高新技术企业数 100 → 200 by 2025, 160 in 2023: completion 60 %, expected on a compound path
      ((2^0.6 − 1)/(2 − 1) ≈ 51.6 %) → 超前 (r ≈ 1.16 ≥ 1.10);
    - 研发经费投入强度 2.0 → 3.0 %, 2.1 in 2023: completion 10 % against 60 % → 严重滞后;
    - 技术合同成交额: no figures → 无数据;
    - 科技小巨人企业 10 → 30, 20 in 2023, 29 provisional in 2024 (not yet known at AS_OF).
    """
    plan = Plan.objects.create(title=title, area=area, period_start=2021, period_end=2025, status=status)
    add_indicator(
        plan,
        "高新技术企业数",
        unit="家",
        category="创新主体",
        source="区科委",
        target=200,
        baseline=100,
        figures={2021: 120, 2022: 140, 2023: 160},
        catalog="HNTE_COUNT",
    )
    add_indicator(
        plan,
        "研发经费投入强度",
        unit="%",
        category="创新投入",
        source="区统计局",
        target=3.0,
        baseline=2.0,
        figures={2021: 2.0, 2022: 2.05, 2023: 2.1},
        catalog="RD_INTENSITY",
    )
    add_indicator(plan, "技术合同成交额", unit="亿元", category="成果转化", source="区科委", target=50)
    add_indicator(
        plan,
        "科技小巨人企业",
        unit="家",
        category="创新主体",
        source="区经委",
        target=30,
        baseline=10,
        figures={2021: 14, 2022: 17, 2023: 20},
        provisional={2024: 29},
    )
    task = Task.objects.create(
        plan=plan, position=1, code="1", goal="建设高质量孵化器", deadline=2025, progress=40
    )
    TaskOwner.objects.create(task=task, position=0, name="区科委")
    TaskOwner.objects.create(task=task, position=1, name="山阳镇")
    TaskUpdate.objects.create(
        task=task, reported_on=dt.date(2024, 3, 31), unit="区科委", text="完成选址论证", progress=40
    )
    other = Task.objects.create(plan=plan, position=2, code="2", goal="举办创新创业大赛", deadline=2024)
    TaskOwner.objects.create(task=other, position=0, name="区人社局")
    return plan
