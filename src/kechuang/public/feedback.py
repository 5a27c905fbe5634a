"""公众监督: storing a message from the public page and the staff's answer.

Why these rules: the form needs no login, so it is the site's one write open to anyone. Each
address may leave a few messages an hour (counted in the cache, keyed by a hash of the address, so
the raw address is never stored); a hidden field people do not see catches form-filling robots.
The plan's district administrators are told in their inbox and answer on the feedback page; an
answer they mark public is shown beside the plan with the message.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from kechuang.common.rate_limits import RateLimit
from kechuang.notifications.domain import notify
from kechuang.notifications.enums import Kind
from kechuang.notifications.recipients import area_role_holders
from kechuang.plans.models import Plan
from kechuang.public.models import Feedback
from kechuang.tenancy.access import administered_area_ids
from kechuang.tenancy.models import Role

PER_HOUR = 5
WINDOW_SECONDS = 3600


LIMIT = RateLimit("public-feedback", PER_HOUR, WINDOW_SECONDS)


def over_limit(key: str) -> bool:
    return LIMIT.over(key)


def _count(key: str) -> None:
    LIMIT.count(key)


@transaction.atomic
def submit(plan: Plan, *, message: str, name: str, contact: str, key: str) -> Feedback:
    """Store the message and tell the plan's district administrators."""
    _count(key)
    item = Feedback.objects.create(plan=plan, message=message, name=name, contact=contact, client_key=key)
    notify(
        area_role_holders(plan.area, [Role.DISTRICT_ADMIN]),
        Kind.PUBLIC_FEEDBACK,
        f"公众留言：{plan.title}",
        message[:200],
        link=f"/public/feedback/{item.pk}/",
    )
    return item


def visible_feedback(user: object) -> QuerySet[Feedback]:
    """Messages on plans of the areas the user administers (district administrators; all for superusers)."""
    qs = Feedback.objects.select_related("plan__area", "answered_by")
    areas = administered_area_ids(user)
    return qs if areas is None else qs.filter(plan__area_id__in=areas)


def get_feedback_for_user(user: object, pk: int) -> Feedback:
    item = visible_feedback(user).filter(pk=pk).first()
    if item is None:
        raise Http404("留言不存在或无权查看")
    return item


def answer(item: Feedback, *, text: str, public: bool, user: object) -> Feedback:
    """Record (or change) the answer; ``public`` shows it beside the plan."""
    item.answer = text
    item.answer_public = public and bool(text)
    item.state = Feedback.State.ANSWERED if text else Feedback.State.NEW
    item.answered_by = user if text else None
    item.answered_at = timezone.now() if text else None
    item.save(update_fields=["answer", "answer_public", "state", "answered_by", "answered_at"])
    return item


def published_answers(plan: Plan) -> list[Feedback]:
    """Answered messages the staff chose to publish, newest first."""
    return list(
        plan.feedback.filter(state=Feedback.State.ANSWERED, answer_public=True).order_by("-answered_at")
    )
