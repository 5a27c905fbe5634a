"""Suggested tasks: the task chapter's headings a reviewer accepts as tasks, with owners and deadlines.

Most plans state their tasks as chapters (主要任务、重点工程) without owners, so the
reader offers the headings (``TaskSuggestion``); the reviewer ticks the ones that
are tasks, names who carries each out and by which year, and accepts them at once.
Until then they are not tasks: not on the task board, not in monitoring.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from kechuang.plans.drafts import DraftError
from kechuang.plans.models import Plan, Task, TaskOwner, TaskSuggestion
from kechuang.plans.review import _lock_draft
from kechuang.tenancy.domain.audit import record_audit

# What the audit trail records for an accepted suggestion (fields by their task labels).
AUDIT_ACTION = "accept_task"
_OWNER_MAX = 100
_OWNERS_PER_TASK = 30
_SEPARATORS = "、，,；;"


@dataclass(frozen=True)
class Choice:
    """One ticked suggestion with the owners and deadline the reviewer gave it."""

    suggestion_id: int
    owners: list[str]
    deadline: int


def pending_suggestions(plan: Plan) -> list[TaskSuggestion]:
    """The plan's suggestions not yet accepted, in document order."""
    return list(plan.task_suggestions.filter(accepted_at__isnull=True).order_by("position", "pk"))


def split_owner_text(text: str) -> list[str]:
    """“区科委、区经委，各镇（园区）” → three units; separators inside brackets do not split.

    Why its own rule: people type units with any of 、，, ； and spaces between them.
    """
    out, depth, buf = [], 0, []
    for ch in " ".join(str(text or "").split()):
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        if depth == 0 and (ch in _SEPARATORS or ch == " "):
            out.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    out.append("".join(buf))
    return list(dict.fromkeys(o.strip() for o in out if o.strip()))


def owners_text(owners: list[str]) -> str:
    """Units as the owners field shows them."""
    return "、".join(owners)


def read_choices(
    plan: Plan, selected: list[str], fields: Mapping[str, str], *, prefix: str = "sug"
) -> list[Choice]:
    """The ticked suggestions of a posted page with their owners and deadline, checked.

    ``selected`` are the ticked suggestions' ids as posted; ``fields`` the page's fields,
    ``{prefix}{id}-owners`` and ``{prefix}{id}-deadline``. Raises ``DraftError`` with one
    Chinese sentence naming the suggestion for the first fault: nothing ticked, a
    deadline that is not a year or lies outside the plan's period, an over-long unit.
    Owners may be left empty (the task then has no named unit, as on the task board).
    """
    ids = list(dict.fromkeys(int(v) for v in selected if str(v).isdigit()))
    if not ids:
        raise DraftError("请先勾选要采纳的建议任务")
    titles = dict(plan.task_suggestions.filter(pk__in=ids).values_list("pk", "title"))
    if len(titles) != len(ids) or len(ids) != len(selected):
        raise DraftError("所选建议任务不属于本规划，请刷新页面后再试")
    choices = []
    for pk in ids:
        name = f"“{titles[pk]}”"
        raw_year = str(fields.get(f"{prefix}{pk}-deadline", "")).strip()
        if not raw_year:
            raise DraftError(f"请填写{name}的完成年限")
        if not re.fullmatch(r"\d{4}", raw_year):
            raise DraftError(f"{name}的完成年限“{raw_year}”应为四位年份，如 {plan.period_end}")
        year = int(raw_year)
        if not plan.period_start <= year <= plan.period_end:
            raise DraftError(
                f"{name}的完成年限 {year} 年不在规划期 {plan.period_start}–{plan.period_end} 年内"
            )
        owners = split_owner_text(fields.get(f"{prefix}{pk}-owners", ""))
        long = next((o for o in owners if len(o) > _OWNER_MAX), None)
        if long is not None:
            raise DraftError(f"{name}的责任单位“{long[:20]}…”过长（每个单位不超过 {_OWNER_MAX} 字）")
        if len(owners) > _OWNERS_PER_TASK:
            raise DraftError(f"{name}的责任单位过多（不超过 {_OWNERS_PER_TASK} 个）")
        choices.append(Choice(pk, owners, year))
    return choices


@transaction.atomic
def accept_suggestions(plan: Plan, choices: list[Choice], *, acting_user: object) -> list[Task]:
    """Make the chosen suggestions tasks of the draft, all or none.

    Each becomes a task after the plan's others: its goal is the heading, its 所属目标
    the heading above it (or the chapter), with the owners and deadline given. Side
    effects: the tasks and their owners; each suggestion marks the task it became (so it
    leaves the list and cannot be accepted twice); one audit entry per task. Refused —
    nothing written — when the plan is no longer a draft, a suggestion is not the plan's
    or was accepted meanwhile, or a deadline lies outside the plan's period.
    """
    locked = _lock_draft(plan)
    if not choices:
        raise DraftError("请先勾选要采纳的建议任务")
    rows = {
        s.pk: s
        for s in TaskSuggestion.objects.select_for_update(of=("self",)).filter(
            plan=locked, pk__in=[c.suggestion_id for c in choices]
        )
    }
    if len(rows) != len({c.suggestion_id for c in choices}):
        raise DraftError("所选建议任务不属于本规划，请刷新页面后再试")
    for choice in choices:
        suggestion = rows[choice.suggestion_id]
        if suggestion.is_accepted:
            raise DraftError(f"“{suggestion.title}”已采纳为任务，不能重复采纳；请刷新页面")
        if not locked.period_start <= choice.deadline <= locked.period_end:
            raise DraftError(
                f"“{suggestion.title}”的完成年限 {choice.deadline} 年不在规划期 "
                f"{locked.period_start}–{locked.period_end} 年内"
            )
    position = (locked.tasks.aggregate(m=Max("position"))["m"] or 0) + 1
    now = timezone.now()
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    created = []
    for choice in choices:
        suggestion = rows[choice.suggestion_id]
        task = Task.objects.create(
            plan=locked,
            position=position,
            code=suggestion.code,
            goal=suggestion.title,
            title=suggestion.group or suggestion.chapter,
            deadline=choice.deadline,
        )
        position += 1
        TaskOwner.objects.bulk_create(
            TaskOwner(task=task, position=k, name=name) for k, name in enumerate(choice.owners)
        )
        suggestion.task, suggestion.accepted_at, suggestion.accepted_by = task, now, user
        suggestion.save(update_fields=["task", "accepted_at", "accepted_by"])
        record_audit(
            acting_user=acting_user,
            action=AUDIT_ACTION,
            obj=task,
            changes={
                "code": [None, task.code],
                "goal": [None, task.goal],
                "title": [None, task.title],
                "deadline": [None, task.deadline],
                # not a field of the task: keyed by the label the trail shows
                "责任单位": [None, owners_text(choice.owners) or "未明确"],
            },
        )
        created.append(task)
    return created
