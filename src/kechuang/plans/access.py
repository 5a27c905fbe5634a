"""Who may see which plans, indicators, targets and tasks: the one rule every page asks.

A plan is visible to users who may read its area. A draft — the reader's unchecked
output — and a plan submitted for approval (待审核) are visible only to their reviewers,
the users who may change the area (district administrators and liaisons there,
superusers): everyone else gets 404 for them and their parts, everywhere, and never sees
their titles in a list or a comparison. A withdrawn plan (已撤回) and an earlier version
(已调整) stay readable, marked, but nobody changes them, and they are out of monitoring.

Publishing, withdrawing and revising are the district's: only district administrators of
the plan's area or an area above it (and superusers) may (``can_administer_plan``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from kechuang.plans.enums import CLOSED_STATUSES, RELEASED_STATUSES, PlanStatus
from kechuang.plans.models import Indicator, Plan, Target, Task, TaskOwner
from kechuang.plans.tasks import task_names_areas
from kechuang.tenancy.access import (
    administered_area_ids,
    can_change_area,
    member_areas,
    visible_area_ids,
    writable_area_ids,
)
from kechuang.tenancy.models import Area


def _released(user: object, prefix: str = "") -> Q | None:
    """Q over plans (through ``prefix``) that were released (published, withdrawn or an earlier
    version) or that the user reviews; None = all. Drafts and 待审核 plans are reviewers' only."""
    writable = writable_area_ids(user)
    if writable is None:
        return None
    return Q(**{f"{prefix}status__in": sorted(RELEASED_STATUSES)}) | Q(**{f"{prefix}area_id__in": writable})


def plan_filter(user: object, prefix: str = "") -> Q | None:
    """The rule as a filter over plans reached through ``prefix`` (``"indicator__plan__"`` …).

    ``None`` means no restriction (superusers). Otherwise: the plan's area is readable,
    and the plan is published or the user reviews it.
    """
    visible = visible_area_ids(user)
    if visible is None:
        return None
    return Q(**{f"{prefix}area_id__in": visible}) & _released(user, prefix)


def unreviewed_draft_filter(user: object, prefix: str = "") -> Q | None:
    """Only the draft half of the rule, for figures read across areas (a town plan judged
    against its district's figures): excludes drafts the user does not review; None = all."""
    return _released(user, prefix)


def _restrict(qs: QuerySet, q: Q | None) -> QuerySet:
    return qs if q is None else qs.filter(q)


def can_review_plan(user: object, plan: Plan) -> bool:
    """Reviewers of a draft are those who may change its area."""
    return can_change_area(user, plan.area)


def visible_plans(user: object) -> QuerySet[Plan]:
    """Plans a user may read: their areas' published plans, and drafts they review."""
    return _restrict(Plan.objects.select_related("area"), plan_filter(user))


def monitored_plans(user: object) -> QuerySet[Plan]:
    """The plans the monitoring pages judge and count: visible ones still in force (or in review).

    A withdrawn plan and an earlier version are left out, so no target is counted twice and a
    withdrawn plan's goals raise no alert; their own pages stay readable.
    """
    return visible_plans(user).exclude(status__in=sorted(CLOSED_STATUSES))


def _refuse_closed(plan: Plan) -> None:
    if plan.status in CLOSED_STATUSES:
        raise PermissionDenied(f"该规划{plan.get_status_display()}，只能查阅，不能修改")


def get_plan_for_user(user: object, pk: int, *, write: bool = False) -> Plan:
    """The plan or 404 — a plan outside the user's scope, or a draft they do not review, does not exist for them.

    With ``write=True``: 404 unless the user may change its area; 403 for a withdrawn plan or an
    earlier version, which nobody changes.
    """
    plan = visible_plans(user).filter(pk=pk).first()
    if plan is None or (write and not can_change_area(user, plan.area)):
        raise Http404("规划不存在或无权访问")
    if write:
        _refuse_closed(plan)
    return plan


# --- the district's decisions: publish, withdraw, revise --------------------------------------------


def can_administer_plan(user: object, plan: Plan) -> bool:
    """Whether the user decides on this plan: a district administrator of its area or one above it."""
    ids = administered_area_ids(user)
    return ids is None or plan.area_id in ids


def get_plan_for_admin(user: object, pk: int) -> Plan:
    """The plan for publishing, withdrawing or revising: 404 if the user may not see it, 403 if they
    see it but are not its district's administrator."""
    plan = visible_plans(user).filter(pk=pk).first()
    if plan is None:
        raise Http404("规划不存在或无权访问")
    if not can_administer_plan(user, plan):
        raise PermissionDenied(
            "只有本区的区级管理员可以发布、撤回或调整规划；您可以提交审核，由区级管理员决定"
        )
    return plan


def visible_indicators(user: object) -> QuerySet[Indicator]:
    """Indicators of the plans the user may read."""
    return _restrict(Indicator.objects.select_related("plan__area", "catalog"), plan_filter(user, "plan__"))


def get_indicator_for_user(user: object, pk: int) -> Indicator:
    """The indicator or 404 (outside scope, or part of a draft the user does not review)."""
    indicator = visible_indicators(user).filter(pk=pk).first()
    if indicator is None:
        raise Http404("指标不存在或无权访问")
    return indicator


def visible_targets(user: object) -> QuerySet[Target]:
    """Targets of the plans the user may read."""
    return _restrict(Target.objects.select_related("indicator__plan"), plan_filter(user, "indicator__plan__"))


def visible_tasks(user: object) -> QuerySet[Task]:
    """Tasks of the plans the user may read."""
    return _restrict(Task.objects.select_related("plan__area"), plan_filter(user, "plan__"))


def get_task_for_user(user: object, pk: int, *, write: bool = False) -> Task:
    """The task or 404; with ``write=True`` only for those who may change the plan's area."""
    task = visible_tasks(user).filter(pk=pk).first()
    if task is None or (write and not can_change_area(user, task.plan.area)):
        raise Http404("任务不存在或无权访问")
    if write:
        _refuse_closed(task.plan)
    return task


# --- tasks a district plan hands to a town or park ---------------------------------------------------


def _tasks_with_owners(plan: Plan) -> QuerySet[Task]:
    return plan.tasks.prefetch_related(
        Prefetch("owners", queryset=TaskOwner.objects.order_by("position", "pk"))
    )


def _named_member_areas(user: object, plan: Plan) -> list[Area]:
    """The user's own towns or parks that lie below ``plan``'s area and that one of its tasks names."""
    below = [a for a in member_areas(user) if a.pk != plan.area_id and plan.area_id in _ancestor_ids(a)]
    if not below:
        return []
    tasks = list(_tasks_with_owners(plan))
    return [a for a in below if any(task_names_areas(t, [a]) for t in tasks)]


def _ancestor_ids(area: Area) -> set[int]:
    return {a.pk for a in area.ancestors()}


@dataclass(frozen=True)
class TaskBoardAccess:
    """A plan's task board as one user may open it.

    ``areas``: the user's own towns or parks below the plan's area that its tasks name (for the
    “与本街镇相关” view); ``restricted``: the user may see only those tasks.
    """

    plan: Plan
    areas: list[Area]
    restricted: bool


def get_task_board_for_user(user: object, pk: int) -> TaskBoardAccess:
    """The task board the user may open, or 404.

    A user who may read the plan sees all its tasks. A published plan of an area above the
    user's own town or park (a district plan, for that town's liaison) opens too, but only
    with the tasks that name that town or park (“朱泾镇”, or “各镇（园区）”): the district
    hands those tasks to the town, so the town must see them. Anything else is 404.
    """
    plan = visible_plans(user).filter(pk=pk).first()
    if plan is not None:
        return TaskBoardAccess(plan, _named_member_areas(user, plan), restricted=False)
    plan = Plan.objects.select_related("area").filter(pk=pk, status=PlanStatus.PUBLISHED).first()
    areas = _named_member_areas(user, plan) if plan is not None else []
    if not areas:
        raise Http404("规划不存在或无权访问")
    return TaskBoardAccess(plan, areas, restricted=True)


def plans_naming_member_areas(user: object) -> list[tuple[Plan, list[Area]]]:
    """Published plans above the user's towns or parks, not otherwise visible, whose tasks name them."""
    mine = member_areas(user)
    if not mine:
        return []
    above = set().union(*(_ancestor_ids(a) for a in mine))
    candidates = Plan.objects.select_related("area").filter(status=PlanStatus.PUBLISHED, area_id__in=above)
    visible = plan_filter(user)
    if visible is not None:
        candidates = candidates.exclude(visible)
    found = []
    for plan in candidates.order_by("-period_end", "title"):
        areas = _named_member_areas(user, plan)
        if areas:
            found.append((plan, areas))
    return found
