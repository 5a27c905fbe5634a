"""Who hears about plans: submitted for approval, published, withdrawn, and tasks nearing their deadline.

A plan submitted for approval is visible only to those who may change its area, so only the
district administrators who decide on it hear of it. A published or withdrawn plan concerns
everyone who reads its area (administrators, liaisons, viewers there or above), and the towns
or parks below it that its tasks name (they see those tasks on the task board).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from kechuang.notifications.domain import notify
from kechuang.notifications.enums import Kind
from kechuang.notifications.recipients import area_role_holders
from kechuang.plans.enums import PlanStatus, TaskStatus
from kechuang.plans.models import Plan, Task, TaskOwner
from kechuang.plans.tasks import task_names_areas, task_state
from kechuang.tenancy.models import Area, Membership, Role

READERS = (Role.DISTRICT_ADMIN, Role.LIAISON, Role.VIEWER)
WRITERS = (Role.DISTRICT_ADMIN, Role.LIAISON)


def _plan_link(plan: Plan) -> str:
    return f"/plans/{plan.pk}/"


def _board_link(plan: Plan) -> str:
    return f"/monitor/plans/{plan.pk}/tasks/"


def _named_below(plan: Plan, tasks: list[Task], roles: tuple[str, ...]) -> dict[int, list[int]]:
    """Users holding ``roles`` in a town or park below the plan's area → the ids of the tasks naming it.

    Why: a district plan hands tasks to towns; their people cannot read the plan, only those tasks.
    """
    below = [pk for pk in plan.area.descendant_ids() if pk != plan.area_id]
    members = Membership.objects.filter(area_id__in=below, role__in=roles, carrier__isnull=True)
    areas = Area.objects.in_bulk({m.area_id for m in members})
    found: dict[int, list[int]] = defaultdict(list)
    for m in members:
        for task in tasks:
            if task_names_areas(task, [areas[m.area_id]]) and task.pk not in found[m.user_id]:
                found[m.user_id].append(task.pk)
    return found


def _tasks(plan: Plan) -> list[Task]:
    return list(
        plan.tasks.prefetch_related(Prefetch("owners", queryset=TaskOwner.objects.order_by("position", "pk")))
    )


def _title(plan: Plan) -> str:
    return f"《{plan.title}》"


def plan_submitted(plan: Plan, *, acting_user: object | None) -> None:
    """Tell the district administrators who may publish it that a plan waits for their decision."""
    notify(
        area_role_holders(plan.area, [Role.DISTRICT_ADMIN]),
        Kind.PLAN_SUBMITTED,
        f"{_title(plan)}已提交审核，等待发布",
        f"地区：{plan.area.name}；规划期：{plan.period_start}—{plan.period_end}年",
        _plan_link(plan),
        exclude=acting_user,
    )


def _released(plan: Plan, kind: str, verb: str, reason: str, acting_user: object | None) -> None:
    body = f"地区：{plan.area.name}；规划期：{plan.period_start}—{plan.period_end}年"
    if reason:
        body += f"\n{verb}理由：{reason}"
    readers = area_role_holders(plan.area, READERS)
    notify(readers, kind, f"{_title(plan)}已{verb}", body, _plan_link(plan), exclude=acting_user)
    if plan.status != PlanStatus.PUBLISHED:
        return  # a withdrawn plan's task board is no longer open to the towns it named
    seen = {u.pk for u in readers}
    for user_id, task_ids in _named_below(plan, _tasks(plan), READERS).items():
        if user_id in seen:
            continue
        notify(
            [user_id],
            kind,
            f"{_title(plan)}已{verb}，其中 {len(task_ids)} 项任务涉及本地区",
            body,
            _board_link(plan),
            exclude=acting_user,
        )


def plan_published(plan: Plan, *, reason: str, acting_user: object | None) -> None:
    _released(plan, Kind.PLAN_PUBLISHED, "发布", reason, acting_user)


def plan_withdrawn(plan: Plan, *, reason: str, acting_user: object | None) -> None:
    _released(plan, Kind.PLAN_WITHDRAWN, "撤回", reason, acting_user)


def task_reminders(today: dt.date | None = None) -> int:
    """The scheduled run: unfinished tasks of published plans whose deadline year ends within one of
    ``KECHUANG_TASK_DUE_DAYS`` (90 and 30 days) — one notification per plan and person, naming how many.

    Those who may change the plan's area hear of all its such tasks; people of a town or park the
    tasks name, of theirs. Idempotent: the key names the plan, the year and the threshold.
    """
    today = today or timezone.localdate()
    days_left = (dt.date(today.year, 12, 31) - today).days
    hits = [d for d in settings.KECHUANG_TASK_DUE_DAYS if days_left <= d]
    if not hits:
        return 0
    threshold = min(hits)  # the nearest reminder only; a run started late does not send the earlier one too
    tasks = (
        Task.objects.filter(plan__status=PlanStatus.PUBLISHED, deadline=today.year)
        .exclude(status=TaskStatus.DONE)
        .select_related("plan__area")
        .prefetch_related(
            "updates", Prefetch("owners", queryset=TaskOwner.objects.order_by("position", "pk"))
        )
    )
    by_plan: dict[int, list[Task]] = defaultdict(list)
    for task in tasks:
        if task_state(task, today).status != TaskStatus.DONE:
            by_plan[task.plan_id].append(task)
    written = 0
    for open_tasks in by_plan.values():
        plan = open_tasks[0].plan
        key = f"task-due:{plan.pk}:{today.year}:{threshold}d"
        when = f"{today.year}年底到期（还有 {days_left} 天）"
        writers = area_role_holders(plan.area, WRITERS)
        written += len(
            notify(
                writers,
                Kind.TASK_DUE,
                f"{_title(plan)}有 {len(open_tasks)} 项任务将于{when}",
                "这些任务尚未完成，请督促责任单位报送进展。",
                _board_link(plan),
                dedupe_key=key,
            )
        )
        seen = {u.pk for u in writers}
        for user_id, task_ids in _named_below(plan, open_tasks, WRITERS).items():
            if user_id not in seen:
                written += len(
                    notify(
                        [user_id],
                        Kind.TASK_DUE,
                        f"{_title(plan)}中涉及本地区的 {len(task_ids)} 项任务将于{when}",
                        "这些任务尚未完成，请及时推进并报送进展。",
                        _board_link(plan),
                        dedupe_key=key,
                    )
                )
    return written
