"""Task progress: responsible units report what they did, and the task's state follows the latest report."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from kechuang.plans.enums import TaskStatus
from kechuang.plans.models import Task, TaskUpdate
from kechuang.tenancy.models import Area, AreaKind


class TaskProgressError(ValueError):
    """A progress report that cannot be recorded as given."""


def _status_for(task: Task, *, progress: int, reported_on: dt.date) -> str:
    if progress >= 100:
        return TaskStatus.DONE
    if task.deadline and reported_on > dt.date(task.deadline, 12, 31):
        return TaskStatus.DELAYED  # past its year and not finished
    if progress > 0:
        return TaskStatus.IN_PROGRESS
    return TaskStatus.NOT_STARTED


@transaction.atomic
def report_task_progress(
    task: Task,
    *,
    reported_on: dt.date,
    unit: str,
    text: str,
    progress: int,
    evidence: str = "",
    acting_user: object | None = None,
) -> TaskUpdate:
    """Record a responsible unit's progress report on a task (the quarterly 任务进展).

    Why: the commission reviews which tasks lag from these reports, so the task's
    percentage and status always follow the most recent report by date — a report
    filed late for an earlier date is kept but does not roll the task back.
    Side effects: writes a ``TaskUpdate`` (author ``acting_user``) and updates the
    task's ``progress`` and ``status`` in the same transaction.
    """
    if isinstance(progress, bool) or not isinstance(progress, int) or not 0 <= progress <= 100:
        raise TaskProgressError(f"进度“{progress}”无效，应为 0–100 的整数")
    text = (text or "").strip()
    if not text:
        raise TaskProgressError("进展情况不能为空")
    if not isinstance(reported_on, dt.date):
        raise TaskProgressError("报告日期无效")
    locked = Task.objects.select_for_update().get(pk=task.pk)
    update = TaskUpdate.objects.create(
        task=locked,
        reported_on=reported_on,
        unit=(unit or "").strip()[:100],
        text=text,
        progress=progress,
        evidence=(evidence or "").strip(),
        author=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    latest = locked.updates.order_by("-reported_on", "-pk").first()
    locked.progress = latest.progress
    locked.status = _status_for(locked, progress=latest.progress, reported_on=latest.reported_on)
    locked.save(update_fields=["progress", "status", "updated_at"])
    task.progress, task.status = locked.progress, locked.status
    return update


# --- the task board: a task's state on a given date, and which tasks name a town or park -------------


@dataclass(frozen=True)
class TaskState:
    """What a task's row says on a given date: status, its word, the progress then, and whether overdue."""

    status: str
    word: str
    progress: int
    overdue: bool


def task_state(task: Task, as_of: dt.date) -> TaskState:
    """The task's status as of ``as_of``: 已完成, 逾期 (deadline year over, not finished), 进行中 or 未启动.

    Why: the stored status only moves when someone reports, so a task nobody reported on
    would read 未启动 long after its deadline. Progress is the latest report dated on or
    before ``as_of`` (reports after it are not known yet); with no reports at all, the
    task's own figure. Uses ``task.updates.all()`` (prefetch it for a list).
    """
    updates = list(task.updates.all())
    known = [u for u in updates if u.reported_on <= as_of]
    if known:
        progress = max(known, key=lambda u: (u.reported_on, u.pk)).progress
    elif updates:
        progress = 0  # reported only after as_of: nothing was known then
    else:
        progress = task.progress
    done = progress >= 100 or (not updates and task.status == TaskStatus.DONE)
    if done:
        status = TaskStatus.DONE
    elif task.deadline and as_of > dt.date(task.deadline, 12, 31):
        status = TaskStatus.DELAYED
    elif progress > 0 or (not updates and task.status == TaskStatus.IN_PROGRESS):
        status = TaskStatus.IN_PROGRESS
    else:
        status = TaskStatus.NOT_STARTED
    return TaskState(
        status=status,
        word=TaskStatus(status).label,
        progress=100 if done else progress,
        overdue=status == TaskStatus.DELAYED,
    )


# "各镇（园区）", "各街镇", "各街道": a duty every town or park carries.
_EVERY_TOWN = re.compile(r"^各(街镇|镇|街道|园区|工业区|乡镇)")
_TOWN_KINDS = {AreaKind.TOWN, AreaKind.PARK, AreaKind.SUBPARK}


def owner_names_area(owner: str, area: Area) -> bool:
    """Whether a responsible unit's name points at ``area``: its name, or every town or park at once."""
    owner = owner.strip()
    if area.name and area.name in owner:
        return True
    return area.kind in _TOWN_KINDS and bool(_EVERY_TOWN.match(owner))


def task_names_areas(task: Task, areas: list[Area]) -> bool:
    """Whether one of the task's responsible units names one of ``areas`` (uses ``task.owners.all()``)."""
    return any(owner_names_area(o.name, a) for o in task.owners.all() for a in areas)


# Overdue first: it is what the board is read for.
_BOARD_ORDER = [TaskStatus.DELAYED, TaskStatus.IN_PROGRESS, TaskStatus.NOT_STARTED, TaskStatus.DONE]
NO_OWNER = "未明确责任单位"


@dataclass(frozen=True)
class StateCount:
    status: str
    word: str
    count: int


@dataclass
class TaskBoard:
    """The rows of a task board: each task once, with its state; the owners to filter by; counts."""

    tasks: list[Task]
    owners: list[str]
    counts: list[StateCount]
    total: int


def task_board(
    tasks: Iterable[Task], *, as_of: dt.date, owner: str = "", areas: list[Area] | None = None
) -> TaskBoard:
    """Each task once with all its owners and its state as of ``as_of`` (set as ``task.state``).

    ``areas`` keeps only the tasks that name one of those towns or parks (the liaison's view);
    ``owner`` keeps the tasks that unit shares. ``owners`` lists every unit of the tasks in view,
    in the order the plan first names them, for the filter. Prefetch owners and updates.
    """
    in_view = [t for t in tasks if areas is None or task_names_areas(t, areas)]
    owners: dict[str, None] = {}
    for task in in_view:
        for name in [o.name for o in task.owners.all()] or [NO_OWNER]:
            owners.setdefault(name, None)
    shown = []
    for task in in_view:
        names = [o.name for o in task.owners.all()] or [NO_OWNER]
        if owner and owner not in names:
            continue
        task.state = task_state(task, as_of)
        # Each owner with whether it is the viewer's own town or park, to mark it on the row.
        task.owner_marks = [(n, bool(areas) and any(owner_names_area(n, a) for a in areas)) for n in names]
        shown.append(task)
    counts = [
        StateCount(s, TaskStatus(s).label, sum(1 for t in shown if t.state.status == s)) for s in _BOARD_ORDER
    ]
    return TaskBoard(tasks=shown, owners=list(owners), counts=counts, total=len(in_view))
