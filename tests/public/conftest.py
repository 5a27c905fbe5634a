"""A published plan with real, provisional, simulated and noted figures, and a draft beside it."""

from __future__ import annotations

import pytest

from kechuang.observations.domain import record_observation
from kechuang.plans.enums import PlanStatus
from kechuang.plans.models import CatalogIndicator, Indicator, Plan, Target

AT = "?at=2026-06-30"
# Values no real figure of the fixture has, so finding one on a page means it leaked.
PROVISIONAL = 4321.5
SIMULATED = 8765.25
NOTE = "内部说明：此数待区统计局核实"
DRAFT_FIGURE = 5555.75


def _figure(indicator, area, period, value, **extra) -> None:
    record_observation(
        indicator=indicator, area=area, period=period, value=value, source="statistics", **extra
    )


@pytest.fixture
def public_plan(shanghai):
    area = shanghai["jinshan"]
    catalog = CatalogIndicator.objects.create(
        code="HNTE_T", name_zh="高新技术企业数", unit="家", definition="经认定的有效期内高新技术企业总数。"
    )
    plan = Plan.objects.create(
        title="金山区科技创新“十四五”规划",
        area=area,
        period_start=2021,
        period_end=2025,
        status=PlanStatus.PUBLISHED,
    )
    hnte = Indicator.objects.create(
        plan=plan,
        position=1,
        name="高新技术企业总数",
        unit="家",
        catalog=catalog,
        baseline_year=2020,
        baseline_value=936,
        data_source="区科委",
    )
    Target.objects.create(indicator=hnte, year=2025, value=1500)
    _figure(hnte, area, "2021", 1068)
    _figure(hnte, area, "2022", 1234, note=NOTE)
    _figure(hnte, area, "2023", PROVISIONAL, status="provisional")
    _figure(hnte, area, "2024", SIMULATED, simulated=True)
    rd = Indicator.objects.create(plan=plan, position=2, name="全社会研发经费支出占GDP比重", unit="%")
    Target.objects.create(indicator=rd, year=2025, value=3.0)
    patents = Indicator.objects.create(plan=plan, position=3, name="每万人发明专利拥有量", unit="件")
    Target.objects.create(indicator=patents, year=2025, value=40)
    draft = Plan.objects.create(
        title="金山区孵化载体建设方案（草稿）",
        area=area,
        period_start=2024,
        period_end=2026,
        status=PlanStatus.DRAFT,
    )
    secret = Indicator.objects.create(plan=draft, position=1, name="草稿里的指标", unit="家")
    Target.objects.create(indicator=secret, year=2026, value=10)
    _figure(secret, area, "2024", DRAFT_FIGURE)
    plan.hnte, plan.rd, plan.patents, plan.draft, plan.secret = hnte, rd, patents, draft, secret
    return plan
