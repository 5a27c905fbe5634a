"""Reusable reads for plan pages."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from kechuang.plans.enums import RELEASED_STATUSES, IndicatorRole, PlanStatus
from kechuang.plans.figures import figure_store
from kechuang.plans.models import Indicator, Plan, Target, Task
from kechuang.plans.tasks import task_state


def plans_for_user(user: object) -> QuerySet[Plan]:
    """Plans a signed-in user may see, newest period first."""
    from kechuang.plans.access import visible_plans

    return visible_plans(user).order_by("-period_end", "title")


def latest_observations(indicators: list[Indicator], area_id: int) -> dict[int, object]:
    """The most recent observation of each indicator in the plan's area, in one query."""
    return figure_store().latest_figures(indicators, area_id)


def continuing_indicators(indicators: list[Indicator]) -> dict[int, int]:
    """Each indicator's id → the id of the indicator that continues it in the newest released
    version of its plan (itself when none does): the figures of an earlier version (已调整)
    moved there when the new version was published (``kechuang.plans.lifecycle``)."""
    current = {i.pk: i.pk for i in indicators}
    frontier = set(current)
    while frontier:
        found = dict(
            Indicator.objects.filter(revised_from_id__in=frontier, plan__status__in=sorted(RELEASED_STATUSES))
            .values_list("revised_from_id", "pk")
            .order_by("pk")
        )
        if not found:
            break
        for old, now in current.items():
            if now in found:
                current[old] = found[now]
        frontier = set(found.values())
    return current


def plan_indicator_groups(plan: Plan) -> tuple[OrderedDict[str, list[Indicator]], list[Indicator]]:
    """Goal indicators grouped by category in plan order, and the statistics series beside them.

    An earlier version's indicators show the latest figure of the version that continues them.
    """
    indicators = list(
        plan.indicators.select_related("catalog").prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("year", "position", "pk"))
        )
    )
    follow = continuing_indicators(indicators) if plan.status == PlanStatus.SUPERSEDED else {}
    if follow:
        ids = set(follow.values())
        latest = latest_observations(list(Indicator.objects.filter(pk__in=ids)), plan.area_id)
        latest = {old: latest.get(now) for old, now in follow.items()}
    else:
        latest = latest_observations(indicators, plan.area_id)
    groups: OrderedDict[str, list[Indicator]] = OrderedDict()
    series: list[Indicator] = []
    for ind in indicators:
        ind.latest = latest.get(ind.pk)
        if ind.role == IndicatorRole.SERIES:
            series.append(ind)
            continue
        groups.setdefault(ind.category or "其他指标", []).append(ind)
    return groups, series


def plan_tasks(plan: Plan, as_of: dt.date | None = None) -> list[Task]:
    """The plan's tasks, each with ``state`` (its status as of today): an overdue task reads 逾期 here too."""
    today = as_of or timezone.localdate()
    tasks = list(plan.tasks.prefetch_related("owners", "updates"))
    for task in tasks:
        task.state = task_state(task, today)
    return tasks
