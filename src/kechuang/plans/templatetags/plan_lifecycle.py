"""The plan's state, version and next steps, shown the same way on its page and its review page."""

from __future__ import annotations

from django import template

from kechuang.plans.access import can_administer_plan, can_review_plan
from kechuang.plans.enums import PlanStatus
from kechuang.plans.lifecycle import open_revision
from kechuang.plans.models import Plan, PlanEvent

register = template.Library()


def version_in_force(plan: Plan) -> Plan | None:
    """For an earlier version: the version that replaced it, followed to the one in force now."""
    node, seen = plan, set()
    while node is not None and node.status == PlanStatus.SUPERSEDED and node.pk not in seen:
        seen.add(node.pk)
        node = (
            node.next_versions.exclude(status__in=[PlanStatus.DRAFT, PlanStatus.PENDING])
            .order_by("-version", "-pk")
            .first()
        )
    return node if node is not None and node.pk != plan.pk else None


@register.inclusion_tag("plans/_life.html", takes_context=True)
def plan_life(context: template.Context, plan: Plan, where: str = "detail") -> dict:
    """State, version, who may do what next, and the plan's record of steps.

    ``where`` is ``detail`` (the plan's page: everything) or ``review`` (the review page: the
    next steps only, below the corrections).
    """
    user = context["request"].user
    reviewer = can_review_plan(user, plan)
    admin = can_administer_plan(user, plan)
    events = list(plan.events.select_related("user").order_by("at", "pk"))
    withdrawal = next((e for e in reversed(events) if e.action == PlanEvent.Action.WITHDRAW), None)
    revision = open_revision(plan) if plan.status == PlanStatus.PUBLISHED else None
    waiting = plan.duplicate_of_id is not None
    return {
        "plan": plan,
        "where": where,
        "events": events,
        "withdrawal": withdrawal,
        "in_force": version_in_force(plan),
        "revision": revision if reviewer else None,
        "duplicate": waiting and reviewer,
        "can_edit": reviewer and plan.is_unreleased and not waiting,
        "can_submit": reviewer and plan.status == PlanStatus.DRAFT and not waiting,
        "can_publish": admin and plan.is_unreleased and not waiting,
        "can_withdraw": admin and plan.status == PlanStatus.PUBLISHED,
        "can_revise": admin and plan.status == PlanStatus.PUBLISHED and revision is None,
        "reviewer": reviewer,
        "admin": admin,
    }
