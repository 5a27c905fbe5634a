"""Demo subsidy rules for 金山区: what a district's incubator plan typically pays per rating and level.

Idempotent: rules for a year that already exist (the demo's or anyone's) are left as they are.
The figures are illustrative, in 万元, and recorded as the demo's (``DemoRecord``).
"""

from __future__ import annotations

from kechuang.common.demo import mark_demo
from kechuang.evaluation.models import SubsidyRules
from kechuang.evaluation.subsidies import save_rules
from kechuang.tenancy.models import Area

DISTRICT = "310116"
AMOUNTS = """优秀 孵化器 国家级 50
优秀 孵化器 市级 30
优秀 孵化器 区级 20
优良 孵化器 国家级 30
优良 孵化器 市级 20
优良 孵化器 区级 10
优秀 众创空间 市级 20
优秀 众创空间 区级 10
优良 众创空间 区级 5
优秀 大学科技园 国家级 50
优良 大学科技园 国家级 30"""
MUNICIPAL = "湾区科创孵化中心 30"


def load_subsidy_demo(*, years: tuple[int, ...] = (2025,)) -> list[str]:
    """Subsidy rules of the demo district for the given years, where none exist."""
    district = Area.objects.filter(code=DISTRICT).first()
    if district is None:
        return ["补助规则演示数据未加载：缺少金山区"]
    created = 0
    for year in years:
        if SubsidyRules.objects.filter(area=district, year=year).exists():
            continue
        municipal = MUNICIPAL if _has_carrier(district) else ""
        rules, _ = save_rules(
            district,
            year,
            {
                "amounts": AMOUNTS,
                "carrier_cap": "80",
                "total_cap": "300",
                "matching_ratio": "1" if municipal else "",
                "municipal": municipal,
                "national_award": "100",
                "municipal_award": "30",
            },
            acting_user=None,
        )
        mark_demo(rules, source="演示补助规则")
        created += 1
    return [f"补助规则：新增 {created} 个年度（金山区）"]


def _has_carrier(district: Area) -> bool:
    from kechuang.registry.models import Carrier

    return Carrier.objects.filter(area_id__in=district.descendant_ids(), name=MUNICIPAL.split()[0]).exists()
