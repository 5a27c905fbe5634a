"""Task progress: responsible units report what they did, and the task's state follows the latest report."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from kechuang.plans.enums import TaskStatus
from kechuang.plans.models import Task, TaskUpdate


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
