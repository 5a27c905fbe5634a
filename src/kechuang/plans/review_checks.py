"""What a reviewer should look at twice before publishing: warnings on a draft, and page versions.

Nothing here refuses a save: a 2027 target in a 2024–2026 plan may be a misreading or a
long-range goal, and only the reviewer can tell. The review page shows every warning next
to the entry it concerns, so nothing odd is accepted silently.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from kechuang.common.numbers import plain_number
from kechuang.plans.enums import Comparator, IndicatorRole, TargetKind
from kechuang.plans.models import Indicator, Plan, Target


def review_stamp(indicator: Indicator) -> str:
    """A short version of an indicator and its targets as a review page shows them.

    Why: the review page saves every entry at once; a save made from a page opened before
    someone else changed an entry must not silently overwrite that change. Uses
    ``indicator.targets.all()`` (prefetch it for a page).
    """
    state = (
        indicator.name,
        indicator.unit,
        indicator.category,
        indicator.attribute,
        indicator.catalog_id,
        indicator.reviewed,
        sorted((t.pk, t.year, t.value, t.comparator, t.kind) for t in indicator.targets.all()),
    )
    return hashlib.sha256(repr(state).encode()).hexdigest()[:16]


def _norm(text: str | None) -> str:
    """Full-width and half-width, spaces and brackets do not make two units or names different."""
    text = unicodedata.normalize("NFKC", text or "")
    return "".join(ch for ch in text if not ch.isspace() and ch not in "()[]【】")


def _goal(t: Target, unit: str) -> str:
    value = "" if t.value is None else plain_number(t.value)
    suffix = "%" if t.kind == TargetKind.GROWTH else unit
    return f"{t.year}年{t.get_comparator_display()} {value}{suffix}"


# Goals a zero can be meant for: “控制在 0” accidents, “低于 0” growth of emissions.
_CEILINGS = {Comparator.LE, Comparator.LT}


def _target_warnings(plan: Plan, indicator: Indicator, targets: list[Target]) -> list[str]:
    found = []
    period = f"{plan.period_start}–{plan.period_end}年"
    for t in targets:
        if t.year > plan.period_end:
            found.append(f"目标年 {t.year} 超出规划期（{period}），请核对是否读错")
        elif t.year < plan.period_start:
            found.append(f"目标年 {t.year} 早于规划期（{period}），将作为上期完成情况，不计入本规划")
        if t.value is not None and t.comparator != Comparator.RELATIVE:
            zero_ceiling = t.value == 0 and t.comparator in _CEILINGS
            falling_growth = t.value < 0 and t.kind == TargetKind.GROWTH and t.comparator in _CEILINGS
            if t.value <= 0 and not zero_ceiling and not falling_growth:
                what = "为零，等于没有目标" if t.value == 0 else "为负数"
                found.append(f"目标“{_goal(t, indicator.unit)}”{what}，请核对是否读错")
    by_year: dict[tuple[int, str], list[Target]] = {}
    for t in targets:
        by_year.setdefault((t.year, t.kind), []).append(t)
    for (year, _), same in by_year.items():
        if len(same) > 1:
            goals = "、".join(_goal(t, indicator.unit) for t in same)
            found.append(f"{year}年有 {len(same)} 个目标（{goals}），请删去重复的一个或改正年份")
    return found


def _unit_warning(indicator: Indicator) -> str | None:
    entry = indicator.catalog
    if entry is None or not entry.unit:
        return None
    if not indicator.unit:
        return f"未填单位；标准指标“{entry.name_zh}”的单位为“{entry.unit}”"
    if _norm(indicator.unit) != _norm(entry.unit):
        return f"单位“{indicator.unit}”与标准指标“{entry.name_zh}”的单位“{entry.unit}”不一致，请核对单位或对应关系"
    return None


@dataclass(frozen=True)
class _Goals:
    """What two entries are compared on, worked out once per entry (a plan has a hundred)."""

    indicator: Indicator
    name: str
    unit: str
    years: frozenset[tuple[int, str]]
    exact: dict[tuple, Target]

    @classmethod
    def of(cls, ind: Indicator) -> _Goals:
        targets = list(ind.targets.all())
        return cls(
            ind,
            _norm(ind.name),
            _norm(ind.unit),
            frozenset((t.year, t.kind) for t in targets),
            {(t.year, t.value, t.comparator, t.kind): t for t in targets if t.value is not None},
        )


def _duplicate_warnings(goals: list[Indicator]) -> dict[int, list[str]]:
    """Entries that state the same goal twice: same name, same catalogue entry and year, same goal."""
    found: dict[int, list[str]] = {}
    facts = [_Goals.of(i) for i in goals]
    for k, a in enumerate(facts):
        for b in facts[k + 1 :]:
            reason = _same_goal(a, b)
            if reason:
                found.setdefault(a.indicator.pk, []).append(
                    f"与“{b.indicator.name}”{reason}，可能重复，可合并"
                )
                found.setdefault(b.indicator.pk, []).append(
                    f"与“{a.indicator.name}”{reason}，可能重复，可合并"
                )
    return found


def _same_goal(a: _Goals, b: _Goals) -> str:
    if a.name == b.name:
        return "名称相同"
    catalog = a.indicator.catalog_id
    shared_years = a.years & b.years
    if catalog and catalog == b.indicator.catalog_id and shared_years:
        year = min(y for y, _ in shared_years)
        return f"对应同一标准指标“{a.indicator.catalog.name_zh}”，且都有{year}年目标"
    if a.unit != b.unit:
        return ""
    for key, t in b.exact.items():
        if key in a.exact:
            return f"的目标相同（{_goal(t, b.indicator.unit)}）"
    return ""


def review_warnings(plan: Plan, indicators: Iterable[Indicator]) -> dict[int, list[str]]:
    """Warnings per indicator: target years outside the plan period, zero or negative goals,
    a unit unlike its catalogue entry's, and goals that duplicate another (or each other).

    Uses ``indicator.targets.all()`` and ``indicator.catalog`` (prefetch and select them).
    """
    indicators = list(indicators)
    goals = [i for i in indicators if i.role == IndicatorRole.GOAL]
    found: dict[int, list[str]] = {}
    for ind in goals:
        messages = _target_warnings(plan, ind, list(ind.targets.all()))
        unit = _unit_warning(ind)
        if unit:
            messages.append(unit)
        if messages:
            found[ind.pk] = messages
    for pk, messages in _duplicate_warnings(goals).items():
        found.setdefault(pk, []).extend(messages)
    return {pk: list(dict.fromkeys(messages)) for pk, messages in found.items()}  # each said once
