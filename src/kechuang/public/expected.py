"""When an indicator without a public figure should get one: from its data source and frequency.

Why: a public page full of 无数据 tells a reader nothing. Annual statistics for a year are
published in the statistics yearbook and bulletins of the following year; figures the district
collects itself (monthly reports of carriers, the enterprise registry) come each month or quarter
after review; figures a responsible unit reports once a year come in the first half of the next.
The frequency is the period kind of the indicator's figures (any status: only how often they come
is used, never a value), annual when it has none yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from kechuang.observations.enums import PeriodKind, Source
from kechuang.observations.models import Observation
from kechuang.observations.monitoring import TargetRow
from kechuang.plans.models import Indicator

_STATISTICS_WORDS = ("统计", "年鉴", "公报")
_REGISTRY_WORDS = ("登记", "认定", "名录", "库")


@dataclass
class WaitingGroup:
    """Indicators whose figures are expected at the same time, said once in one line."""

    when: str
    entries: list[tuple[int, str]]  # (indicator id, name)


def _habit(indicator: Indicator, area_id: int) -> tuple[str, str]:
    """(source, period kind) of the indicator's latest figure, of any status; ("", year) when none."""
    qs = Observation.objects.filter(area_id=area_id)
    if indicator.catalog_id is not None:
        qs = qs.filter(indicator=indicator) | qs.filter(
            catalog_id=indicator.catalog_id, indicator__isnull=True
        )
    else:
        qs = qs.filter(indicator=indicator)
    last = qs.order_by("-period_end", "-pk").values_list("source", "period_kind").first()
    return last if last is not None else ("", PeriodKind.YEAR)


def expected_line(indicator: Indicator, as_of: dt.date, area_id: int | None = None) -> str:
    """A short phrase: when and how the indicator's next figure is expected to be published."""
    source, kind = _habit(indicator, area_id if area_id is not None else indicator.plan.area_id)
    text = indicator.data_source or ""
    year = as_of.year - 1  # the latest year that counts in a judgement on as_of
    if kind in (PeriodKind.MONTH, PeriodKind.QUARTER) or source in (Source.MONTHLY_REPORT, Source.REGISTRY):
        step = "季度" if kind == PeriodKind.QUARTER else "月度"
        return f"按{step}汇总，审核后公布，预计{as_of.year}年{as_of.month}月起陆续公布"
    if source == Source.STATISTICS or any(w in text for w in _STATISTICS_WORDS) or not text:
        return f"{year}年统计数据预计于{year + 1}年随统计年鉴和统计公报公布"
    if any(w in text for w in _REGISTRY_WORDS):
        return f"{year}年数据由{text}年度认定后公布，预计{year + 1}年公布"
    return f"{year}年数据由{text}报送，预计{year + 1}年上半年公布"


def group_waiting(rows: Sequence[TargetRow], as_of: dt.date, area_id: int) -> list[WaitingGroup]:
    """Targets without a public figure, one entry per indicator, grouped by when figures are expected."""
    groups: dict[str, WaitingGroup] = {}
    seen: set[int] = set()
    for row in rows:
        ind = row.indicator
        if ind is None or ind.pk in seen:
            continue
        seen.add(ind.pk)
        when = expected_line(ind, as_of, area_id)
        groups.setdefault(when, WaitingGroup(when, [])).entries.append((ind.pk, ind.name))
    return list(groups.values())
