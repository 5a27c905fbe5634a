"""Demo evaluation: the shipped schemes for 金山区, one confirmed run of its incubators and a draft re-run.

Idempotent: schemes already there are left alone (runs.load_schemes) and runs are made only when the
demo has made none for that scheme, so a second `make demo` changes nothing. The runs use the demo's
approved monthly reports and registry, so their figures are the demo's simulated ones.
"""

from __future__ import annotations

from django.db import transaction

from kechuang.collection.enums import ReportStatus
from kechuang.collection.models import CarrierReport
from kechuang.common.demo import demo_ids, mark_demo
from kechuang.evaluation.collect import CollectError
from kechuang.evaluation.domain import confirm_run
from kechuang.evaluation.models import EvaluationRun, EvaluationScheme
from kechuang.evaluation.runs import load_schemes, run_for_year
from kechuang.tenancy.models import Area

DISTRICT_CODE = "310116"  # 金山区, the district of the seed plans
DEMO_DRAWS = 300


def _demo_year(area: Area) -> int | None:
    """The latest year with approved reports of the district's carriers."""
    latest = (
        CarrierReport.objects.filter(status=ReportStatus.APPROVED, carrier__area_id__in=area.descendant_ids())
        .order_by("-period")
        .values_list("period", flat=True)
        .first()
    )
    return int(latest[:4]) if latest else None


@transaction.atomic
def load_evaluation_demo() -> list[str]:
    area = Area.objects.filter(code=DISTRICT_CODE).first()
    if area is None:
        return []
    lines = []
    loaded = load_schemes(area)
    for scheme, new in loaded:
        if new:
            mark_demo(scheme, source="随软件附带的区级评价方案")
    lines.append(f"评价方案：新增 {sum(new for _, new in loaded)} 个，共 {len(loaded)} 个")
    scheme = next((s for s, _ in loaded if s.subject == "incubator_comprehensive"), None)
    year = _demo_year(area)
    if scheme is None or year is None or scheme.pk not in demo_ids(EvaluationScheme):
        return lines
    if EvaluationRun.objects.filter(scheme__area=area, scheme__name=scheme.name).exists():
        return lines
    try:
        confirmed = run_for_year(scheme, year, draws=DEMO_DRAWS)
    except CollectError as exc:
        lines.append(f"评价：未生成（{exc}）")
        return lines
    confirm_run(confirmed)
    draft = run_for_year(scheme, year, draws=DEMO_DRAWS)
    for run in (confirmed, draft):
        mark_demo(run, source="演示评价")
    lines.append(f"评价：{scheme.name} {year} 年，已确认 1 次、草稿 1 次（数据为模拟数据）")
    return lines


def demo_run_years() -> list[int]:
    """The years of the demo's runs: the subsidy rules are loaded for them too (a payment list needs them)."""
    return sorted(
        set(EvaluationRun.objects.filter(pk__in=demo_ids(EvaluationRun)).values_list("year", flat=True))
    )
