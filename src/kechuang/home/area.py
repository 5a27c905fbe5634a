"""Everything about one town or park on one page: figures, carriers, enterprises, tasks, plans.

Why here: the page reads the registry (carriers, enterprises) beside plans and observations, and
``kechuang.home`` is the one app above all of them (the layers contract forbids the registry or
observations from reading each other upward). Every part is read through its app's own access
function, so the page shows only what the user may read elsewhere too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404

from kechuang.common.periods import PeriodError, parse_period
from kechuang.observations.access import figure_filter, visible_observations
from kechuang.observations.area_share import AreaShare, shares_for_area
from kechuang.observations.monitoring import dashboard, judge_plans, visuals
from kechuang.plans.access import monitored_plans
from kechuang.plans.enums import PlanStatus, TaskStatus
from kechuang.plans.models import Plan, Task, TaskOwner, TaskUpdate
from kechuang.plans.tasks import task_names_areas, task_state
from kechuang.registry.access import visible_enterprises
from kechuang.registry.home import area_carriers, current_tenant_count
from kechuang.tenancy.access import can_see_area
from kechuang.tenancy.models import Area

ENTERPRISES_SHOWN = 12  # a screenful (a phone scrolled through 36); the rest via the list's area filter


@dataclass
class Figure:
    """The latest figure of one catalogue indicator (or plan indicator) in the area, with its year."""

    name: str
    unit: str
    value: float
    year: int
    period: str
    source: str
    simulated: bool
    periods: int  # how many periods the area has a figure for


@dataclass
class PlanLine:
    """A plan that applies to the area: its own, one below it, or a published plan above it."""

    plan: Plan
    relation: str  # 本地规划 / 上级规划
    segments: list = field(default_factory=list)  # the status bar, for a plan the user may open
    linked: bool = False
    named_tasks: int = 0


@dataclass
class TaskLine:
    task: Task
    plan: Plan
    word: str
    status: str
    progress: int


@dataclass
class AreaPage:
    area: Area
    figures: list[Figure]
    shares: list[AreaShare]
    carriers: list
    enterprise_count: int
    enterprises: list
    plans: list[PlanLine]
    tasks: list[TaskLine]
    overdue: int


def get_area_for_user(user: object, pk: int) -> Area:
    """The area, or 404 when the user may not read it (another town, another district)."""
    area = Area.objects.select_related("parent").filter(pk=pk).first()
    if area is None or not can_see_area(user, area):
        raise Http404("地区不存在或无权访问")
    return area


def _figures(user: object, area: Area) -> list[Figure]:
    """The latest figure (year, quarter or month) of each indicator recorded for the area itself."""
    qs = visible_observations(user).filter(area=area).order_by("year", "period_end", "pk")
    latest: dict[tuple, object] = {}
    periods: dict[tuple, int] = {}
    for obs in qs:
        key = ("c", obs.catalog_id) if obs.catalog_id else ("i", obs.indicator_id)
        latest[key] = obs
        periods[key] = periods.get(key, 0) + 1
    out = []
    for key, obs in latest.items():
        source = obs.catalog if obs.catalog_id else obs.indicator
        name = getattr(source, "name_zh", None) or getattr(source, "name", "")
        out.append(
            Figure(
                name=name,
                unit=getattr(source, "unit", "") or "",
                value=obs.value,
                year=obs.year,
                period=_display(obs.period),
                source=obs.get_source_display(),
                simulated=obs.simulated,
                periods=periods[key],
            )
        )
    return sorted(out, key=lambda f: f.name)


def _display(period: str) -> str:
    """2026-10 → 2026年10月: a period as people write it."""
    try:
        return parse_period(period).display
    except PeriodError:
        return period


def _plans_and_tasks(user: object, area: Area, today: dt.date) -> tuple[list[PlanLine], list[TaskLine]]:
    own = list(
        monitored_plans(user).filter(area_id__in=area.descendant_ids()).order_by("-period_end", "title")
    )
    above = list(
        Plan.objects.select_related("area")
        .filter(status=PlanStatus.PUBLISHED, area_id__in=[a.pk for a in area.ancestors()])
        .order_by("-period_end", "title")
    )
    openable = {p.pk for p in monitored_plans(user).filter(pk__in=[p.pk for p in above])}
    lines = [PlanLine(p, "本地规划", linked=True) for p in own]
    lines += [PlanLine(p, "上级规划", linked=p.pk in openable) for p in above]
    judged = [line.plan for line in lines if line.linked]
    rows_by_plan = judge_plans(judged, as_of=today, figures=figure_filter(user), with_previous=False)
    for line in lines:
        if line.linked:
            counts = dashboard.status_counts(rows_by_plan.get(line.plan.pk, []))
            pk = line.plan.pk
            line.segments = visuals.stacked_bar(counts, lambda c, pk=pk: f"/monitor/plans/{pk}/?status={c}")
    tasks = Task.objects.filter(plan__in=[line.plan for line in lines]).prefetch_related(
        Prefetch("owners", queryset=TaskOwner.objects.order_by("position", "pk")),
        Prefetch("updates", queryset=TaskUpdate.objects.order_by("-reported_on", "-pk")),
    )
    by_plan = {line.plan.pk: line for line in lines}
    found = []
    for task in tasks.order_by("plan_id", "position", "pk"):
        if not task_names_areas(task, [area]):
            continue
        state = task_state(task, today)
        by_plan[task.plan_id].named_tasks += 1
        found.append(TaskLine(task, by_plan[task.plan_id].plan, state.word, state.status, state.progress))
    order = [TaskStatus.DELAYED, TaskStatus.IN_PROGRESS, TaskStatus.NOT_STARTED, TaskStatus.DONE]
    found.sort(key=lambda t: order.index(t.status) if t.status in order else 9)
    return lines, found


def area_page(user: object, area: Area, *, today: dt.date) -> AreaPage:
    """What the area page shows, each part read under the user's own access rules."""
    enterprises = visible_enterprises(user).filter(area_id__in=area.descendant_ids()).order_by("name")
    carriers = area_carriers(user, area)
    for carrier in carriers:
        carrier.tenants_now = current_tenant_count(carrier)
    plans, tasks = _plans_and_tasks(user, area, today)
    return AreaPage(
        area=area,
        figures=_figures(user, area),
        shares=shares_for_area(area, user=user),
        carriers=carriers,
        enterprise_count=enterprises.count(),
        enterprises=list(enterprises[:ENTERPRISES_SHOWN]),
        plans=plans,
        tasks=tasks,
        overdue=sum(1 for t in tasks if t.status == TaskStatus.DELAYED),
    )
