"""A town's or park's own figures beside the goals of the district plans above it.

Why: a liaison is asked what their town contributes to the district's goals ("全区高新技术企业
达到 1500 家" — how many are ours?). The figures are the catalogue figures the progress engine
judges the district plan by, read under the same rule (``figure_filter``): area-level
catalogue figures of the town and of the plan's area, never a draft plan's.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from kechuang.observations.access import figure_filter
from kechuang.observations.models import Observation
from kechuang.plans.enums import IndicatorRole, PlanStatus
from kechuang.plans.models import Indicator, Plan, Target

# Units of a count or an amount: a town's figure is part of the district's and a share means something.
_RATIO_MARKS = ("%", "‰", "/", "每", "率")


@dataclass
class AreaShare:
    plan: Plan
    indicator: Indicator
    target: Target
    area_value: float
    area_year: int
    plan_area_value: float | None
    plan_area_year: int | None
    simulated: bool

    @property
    def share(self) -> float | None:
        """The town's part of the plan area's figure, in per cent, for counts and amounts of one year."""
        unit = self.indicator.unit or ""
        if any(mark in unit for mark in _RATIO_MARKS) or not self.plan_area_value:
            return None
        if self.area_year != self.plan_area_year or self.plan_area_value <= 0:
            return None
        return 100 * self.area_value / self.plan_area_value


def _latest(figures: list[Observation]) -> dict[tuple[int, int], Observation]:
    latest: dict[tuple[int, int], Observation] = {}
    for obs in figures:  # ordered oldest first, so the last one wins
        latest[(obs.catalog_id, obs.area_id)] = obs
    return latest


def shares_for_area(area: object, *, user: object) -> list[AreaShare]:
    """For each published plan of an area above ``area``: its catalogue goals the area has a figure for."""
    above = [a.pk for a in area.ancestors()]
    plans = list(
        Plan.objects.filter(area_id__in=above, status=PlanStatus.PUBLISHED)
        .select_related("area")
        .order_by("-period_end", "title")
        .prefetch_related(
            Prefetch(
                "indicators",
                queryset=Indicator.objects.filter(role=IndicatorRole.GOAL, catalog__isnull=False)
                .select_related("catalog")
                .prefetch_related(Prefetch("targets", queryset=Target.objects.order_by("year", "position"))),
            )
        )
    )
    catalog_ids = {i.catalog_id for p in plans for i in p.indicators.all()}
    if not catalog_ids:
        return []
    figures = Observation.objects.filter(
        indicator__isnull=True, catalog_id__in=catalog_ids, area_id__in=[area.pk, *above]
    )
    allowed = figure_filter(user)
    if allowed is not None:
        figures = figures.filter(allowed)
    latest = _latest(list(figures.order_by("period_end", "pk")))
    found = []
    for plan in plans:
        for indicator in plan.indicators.all():
            # The plan's own goals: a target dated before its period is the earlier plan's result.
            targets = [
                t for t in indicator.targets.all() if t.value is not None and t.year >= plan.period_start
            ]
            mine = latest.get((indicator.catalog_id, area.pk))
            if not targets or mine is None:
                continue
            theirs = latest.get((indicator.catalog_id, plan.area_id))
            found.append(
                AreaShare(
                    plan=plan,
                    indicator=indicator,
                    target=targets[-1],
                    area_value=mine.value,
                    area_year=mine.year,
                    plan_area_value=theirs.value if theirs else None,
                    plan_area_year=theirs.year if theirs else None,
                    simulated=mine.simulated or bool(theirs and theirs.simulated),
                )
            )
    return found
