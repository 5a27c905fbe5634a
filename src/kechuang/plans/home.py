"""Counts the home page shows from plans: plans awaiting approval, overdue tasks, tasks naming a town."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from kechuang.common.rows import fetch_prepared
from kechuang.plans.access import monitored_plans, plans_naming_member_areas
from kechuang.plans.enums import PlanStatus, TaskStatus
from kechuang.plans.models import Plan, Task, TaskOwner, TaskUpdate
from kechuang.plans.tasks import task_names_areas, task_state
from kechuang.tenancy.access import administered_area_ids, member_areas
from kechuang.tenancy.models import Area


def plans_awaiting_approval(user: object) -> QuerySet[Plan]:
    """Plans submitted for approval (待审核) that the user decides on as a district administrator."""
    qs = Plan.objects.filter(status=PlanStatus.PENDING)
    ids = administered_area_ids(user)
    return qs if ids is None else qs.filter(area_id__in=ids)


def _tasks(plans: list[Plan]) -> QuerySet[Task]:
    return Task.objects.filter(plan__in=plans).prefetch_related(
        Prefetch("owners", queryset=TaskOwner.objects.order_by("position", "pk")),
        Prefetch("updates", queryset=TaskUpdate.objects.order_by("-reported_on", "-pk")),
    )


@dataclass(frozen=True)
class PlanTaskCount:
    """One plan and how many of its tasks are in a state (for a tile's breakdown)."""

    plan: Plan
    count: int


def overdue_tasks_by_plan(user: object, *, today: dt.date) -> list[PlanTaskCount]:
    """Per monitored plan the user may see, its tasks past their deadline year and not finished."""
    in_force = monitored_plans(user).filter(status=PlanStatus.PUBLISHED)
    # Only plans with a task whose deadline year is over can have an overdue task: load those alone
    # (a national administrator's scope holds thousands of plans).
    due = Task.objects.filter(plan__in=in_force, deadline__lt=today.year).values("plan_id")
    plans = list(in_force.filter(pk__in=due).order_by("-period_end", "title"))
    counts: dict[int, int] = {}
    for task in _tasks(plans).filter(deadline__lt=today.year):
        if task_state(task, today).status == TaskStatus.DELAYED:
            counts[task.plan_id] = counts.get(task.plan_id, 0) + 1
    return [PlanTaskCount(p, counts[p.pk]) for p in plans if counts.get(p.pk)]


def overdue_task_counts(
    plans: list[Plan] | QuerySet[Plan], *, as_of: dt.date, key: Hashable | None = None
) -> dict[int, int]:
    """Per plan, its tasks past their deadline year and not finished on ``as_of`` (the task board's 逾期).
    With `key` (the plans are the same for everyone it names: every plan, a superuser's), whether
    any task is due at all is asked with a query compiled once (`fetch_prepared`): the national
    overview asks it on every request, and most days no task of the nation's plans is due."""
    counts: dict[int, int] = {}

    def due() -> QuerySet[Task]:
        # No other task can be overdue; counted, so in no order (that would join the plans), and
        # with only the reports `task_state` reads. For a query of plans, an EXISTS per due task:
        # SQLite would first list every plan for an IN.
        if isinstance(plans, QuerySet):
            of_plans = Q(Exists(plans.order_by().filter(pk=OuterRef("plan_id"))))
        else:
            of_plans = Q(plan__in=plans)
        return Task.objects.filter(of_plans, deadline__lt=as_of.year).order_by()

    if key is not None and not fetch_prepared(
        ("due tasks", key, as_of.year), lambda: due().values_list("pk")[:1]
    ):
        return counts
    updates = Prefetch("updates", queryset=TaskUpdate.objects.order_by("-reported_on", "-pk"))
    for task in due().prefetch_related(updates):
        if task_state(task, as_of).status == TaskStatus.DELAYED:
            counts[task.plan_id] = counts.get(task.plan_id, 0) + 1
    return counts


@dataclass(frozen=True)
class NamedTasks:
    """A published plan, the user's towns it names, its tasks naming them and how many are overdue."""

    plan: Plan
    areas: list[Area]
    count: int
    overdue: int


def tasks_naming_my_areas(user: object, *, today: dt.date) -> list[NamedTasks]:
    """Published plans (the user's own and those above) whose tasks name the user's town or park."""
    mine = member_areas(user)
    if not mine:
        return []
    candidates: list[tuple[Plan, list[Area]]] = [
        (p, mine)
        for p in monitored_plans(user).filter(status=PlanStatus.PUBLISHED).order_by("-period_end", "title")
    ]
    candidates += plans_naming_member_areas(user)
    found = []
    for plan, areas in candidates:
        named = [t for t in _tasks([plan]) if task_names_areas(t, areas)]
        if named:
            overdue = sum(1 for t in named if task_state(t, today).status == TaskStatus.DELAYED)
            found.append(NamedTasks(plan, areas, len(named), overdue))
    return found
