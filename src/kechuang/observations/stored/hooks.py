"""What refreshes stored judgements: changes are collected during a transaction and refreshed
once it commits (a rolled-back change refreshes nothing wrong, only something needlessly).

Plans and targets live below this app, so their changes arrive as model signals connected in
`ObservationsConfig.ready`; figures and thresholds are changed in this app and call `mark_*`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from kechuang.plans.enums import PlanStatus

log = logging.getLogger(__name__)

# Beyond this many targets in force, a thresholds change leaves the full rebuild to the next
# `kechuang run-scheduled` (pages judge on demand meanwhile) instead of holding the request.
SYNC_REBUILD_LIMIT = 20000

_local = threading.local()


def _pending() -> dict[str, Any]:
    state = getattr(_local, "pending", None)
    if state is None:
        state = _local.pending = {"figures": set(), "targets": set(), "plans": set(), "all": False}
    return state


def _later() -> None:
    # One callback per change; the first to run does all the work, the rest find nothing.
    transaction.on_commit(flush)


def mark_figures(keys: Iterable[tuple[int | None, int | None, int]]) -> None:
    """Figures (indicator id, catalogue id, area id) were recorded, corrected or removed."""
    _pending()["figures"].update(keys)
    _later()


def mark_targets(ids: Iterable[int]) -> None:
    _pending()["targets"].update(ids)
    _later()


def mark_plans(ids: Iterable[int]) -> None:
    _pending()["plans"].update(ids)
    _later()


def mark_all() -> None:
    """Everything changes (thresholds)."""
    _pending()["all"] = True
    _later()


def flush() -> None:
    """Refresh what the committed changes touched. Never raises: the change itself is saved,
    and a judgement left stale is put right by the next scheduled run."""
    state = _pending()
    if not (state["figures"] or state["targets"] or state["plans"] or state["all"]):
        return
    figures, targets, plans, everything = (
        set(state["figures"]),
        set(state["targets"]),
        set(state["plans"]),
        state["all"],
    )
    _local.pending = None
    from kechuang.observations.stored import refresh

    try:
        if everything:
            _rebuild_all(refresh)
            return
        if plans:
            refresh.refresh_plans(plans)
        refresh.refresh_targets(targets | refresh.targets_using(figures))
    except Exception:
        log.exception("目标评估结果未能及时更新，将在下次定时任务中重算")


def _rebuild_all(refresh: Any) -> None:
    from kechuang.observations.models import TargetJudgement
    from kechuang.plans.models import Target

    in_force = Target.objects.filter(indicator__plan__status="published").count()
    if in_force <= SYNC_REBUILD_LIMIT:
        refresh.rebuild()
    else:
        TargetJudgement.objects.all().delete()


# --- model signals from the apps below -----------------------------------------------------------


def _target_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        mark_targets([instance.pk])


def _indicator_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        mark_targets(instance.targets.values_list("pk", flat=True))


def _plan_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    if instance.status != PlanStatus.PUBLISHED:
        forget_plan(instance.pk)
    mark_plans([instance.pk])


def forget_plan(plan_id: int) -> None:
    """Drop a plan's stored judgements and summaries now, in the transaction that takes it out of
    force: only plans in force have them, so the superuser's overview counts the summaries without
    checking each plan (even when the refresh after the commit fails)."""
    from kechuang.observations.models import PlanJudgementSummary, TargetJudgement

    TargetJudgement.objects.filter(plan_id=plan_id).delete()
    PlanJudgementSummary.objects.filter(plan_id=plan_id).delete()


def _observation_removed(sender: Any, instance: Any, **kwargs: Any) -> None:
    mark_figures([(instance.indicator_id, instance.catalog_id, instance.area_id)])


def connect() -> None:
    """Called once from `ObservationsConfig.ready`."""
    from django.db.models.signals import post_delete, post_save

    from kechuang.observations.models import Observation
    from kechuang.plans.models import Indicator, Plan, Target

    post_save.connect(_target_saved, sender=Target, dispatch_uid="judgements-target")
    post_save.connect(_indicator_saved, sender=Indicator, dispatch_uid="judgements-indicator")
    post_save.connect(_plan_saved, sender=Plan, dispatch_uid="judgements-plan")
    post_delete.connect(_observation_removed, sender=Observation, dispatch_uid="judgements-figure")
