"""Task progress reports: the task follows its latest report by date."""

from __future__ import annotations

import datetime as dt

import pytest

from kechuang.plans.enums import TaskStatus
from kechuang.plans.models import Plan, Task, TaskUpdate
from kechuang.plans.tasks import TaskProgressError, report_task_progress

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(shanghai):
    plan = Plan.objects.create(title="行动方案", area=shanghai["jinshan"], period_start=2024, period_end=2026)
    return Task.objects.create(plan=plan, code="3", goal="新增孵化面积 5 万平方米", deadline=2025)


def report(task, day: str, progress: int, **kwargs):
    args = {
        "reported_on": dt.date.fromisoformat(day),
        "unit": "区科委",
        "text": "推进中",
        "progress": progress,
    }
    args.update(kwargs)
    return report_task_progress(task, **args)


def test_report_writes_an_update_and_moves_the_task(task, admin_user):
    update = report(task, "2024-06-30", 40, evidence="批复文件", acting_user=admin_user)

    task.refresh_from_db()
    assert (task.progress, task.status) == (40, TaskStatus.IN_PROGRESS)
    assert (update.unit, update.progress, update.evidence, update.author) == (
        "区科委",
        40,
        "批复文件",
        admin_user,
    )


def test_full_progress_marks_the_task_done(task):
    report(task, "2025-03-31", 100)

    task.refresh_from_db()
    assert task.status == TaskStatus.DONE


def test_unfinished_after_the_deadline_year_is_delayed(task):
    report(task, "2026-01-15", 80)

    task.refresh_from_db()
    assert (task.progress, task.status) == (80, TaskStatus.DELAYED)


def test_a_late_filed_earlier_report_does_not_roll_the_task_back(task):
    report(task, "2024-09-30", 70)

    report(task, "2024-03-31", 20)

    task.refresh_from_db()
    assert (task.progress, task.status) == (70, TaskStatus.IN_PROGRESS)
    assert TaskUpdate.objects.count() == 2


def test_zero_progress_is_not_started(task):
    report(task, "2024-03-31", 0)

    task.refresh_from_db()
    assert task.status == TaskStatus.NOT_STARTED


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"progress": 101}, "进度“101”无效"),
        ({"progress": -1}, "进度“-1”无效"),
        ({"progress": 50, "text": "  "}, "进展情况不能为空"),
    ],
)
def test_bad_reports_are_refused_and_nothing_changes(task, kwargs, message):
    with pytest.raises(TaskProgressError, match=message):
        report(task, "2024-03-31", **kwargs)

    task.refresh_from_db()
    assert (task.progress, task.status, TaskUpdate.objects.count()) == (0, TaskStatus.NOT_STARTED, 0)
