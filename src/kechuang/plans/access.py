"""Who may see which plans, indicators, targets and tasks: the one rule every page asks.

A plan is visible to users who may read its area. A draft — the reader's unchecked
output — is visible only to its reviewers, the users who may change its area
(district administrators and liaisons there, superusers): everyone else gets 404 for
it and its parts, everywhere, and never sees its title in a list or a comparison.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from kechuang.plans.enums import PlanStatus
from kechuang.plans.models import Indicator, Plan, Target, Task
from kechuang.registry.access import can_change_area, visible_area_ids, writable_area_ids


def _released(user: object, prefix: str = "") -> Q | None:
    """Q over plans (through ``prefix``) that are published or that the user reviews; None = all."""
    writable = writable_area_ids(user)
    if writable is None:
        return None
    return Q(**{f"{prefix}status": PlanStatus.PUBLISHED}) | Q(**{f"{prefix}area_id__in": writable})


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


def get_plan_for_user(user: object, pk: int, *, write: bool = False) -> Plan:
    """The plan or 404 — a plan outside the user's scope, or a draft they do not review, does not exist for them."""
    plan = visible_plans(user).filter(pk=pk).first()
    if plan is None or (write and not can_change_area(user, plan.area)):
        raise Http404("规划不存在或无权访问")
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
    return task
