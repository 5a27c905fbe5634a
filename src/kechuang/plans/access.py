"""Access to plans follows access to their area."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from kechuang.plans.models import Plan
from kechuang.registry.access import can_change_area, visible_area_ids


def visible_plans(user: object) -> QuerySet[Plan]:
    """Plans a user may read: those of their areas and the areas below."""
    qs = Plan.objects.select_related("area")
    ids = visible_area_ids(user)
    return qs if ids is None else qs.filter(area_id__in=ids)


def get_plan_for_user(user: object, pk: int, *, write: bool = False) -> Plan:
    """The plan or 404 — a plan outside the user's scope is not acknowledged to exist."""
    plan = visible_plans(user).filter(pk=pk).first()
    if plan is None or (write and not can_change_area(user, plan.area)):
        raise Http404("规划不存在或无权访问")
    return plan
