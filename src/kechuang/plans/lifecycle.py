"""A plan's life after upload: submitted, published, withdrawn, revised into a new version.

草稿 → 待审核 → 已发布 → 已撤回, or 已调整 once a newer version comes into force. Whoever
may change the plan's area submits it; the district's administrators decide (the views ask
``plans.access.can_administer_plan``). Publishing and withdrawing take a reason; every step
is kept on the plan (``PlanEvent``, shown on its page) and in the audit trail.

A mid-term revision (中期调整) is a new plan row: ``previous`` points at the version it
replaces, ``version`` counts up, ``in_force_since`` says from when it applies. Its indicators
and tasks start as copies that remember where they came from (``revised_from``).

Figures follow the version in force. Observations are keyed by indicator, so when a new
version is published every figure of an earlier indicator moves to its counterpart in the
new version (carried over, not copied: one figure, one history, no duplicate for the
catalogue to pick). The earlier version keeps its targets and tasks, readable and marked
已调整, and its pages point to the version in force, where the figures are. A revision that
leaves an indicator with recorded figures without a counterpart, or without any target, is
refused: those figures would be left judging nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from kechuang.common.users import display_name
from kechuang.plans import notices
from kechuang.plans.drafts import _PLAN_DOCUMENT_SOURCE, DraftError
from kechuang.plans.enums import IndicatorRole, PlanStatus
from kechuang.plans.models import Indicator, Plan, PlanEvent, Target, TaskOwner
from kechuang.plans.titles import name_key
from kechuang.tenancy.domain.audit import record_audit

REASON_MAX = 500


class LifecycleError(DraftError):
    """A step of the plan's life refused for a reason a person can act on; nothing was changed."""


def _person(user: object) -> object | None:
    return user if getattr(user, "is_authenticated", False) else None


def clean_reason(reason: object, what: str) -> str:
    """The reason as stored: one line of text, required, not over ``REASON_MAX`` characters."""
    text = " ".join(str(reason or "").split())
    if not text:
        raise LifecycleError(f"请填写{what}理由：理由会记入规划的状态记录和变更记录")
    if len(text) > REASON_MAX:
        raise LifecycleError(f"{what}理由过长（不超过 {REASON_MAX} 字）")
    return text


def _lock(plan: Plan) -> Plan:
    return Plan.objects.select_for_update(of=("self",)).select_related("area", "previous").get(pk=plan.pk)


def _step(plan: Plan, action: str, before: str, *, reason: str, acting_user: object, **extra: list) -> None:
    """Keep one step on the plan's own record and in the audit trail."""
    PlanEvent.objects.create(
        plan=plan,
        action=action,
        from_status=before,
        to_status=plan.status,
        reason=reason,
        user=_person(acting_user),
        user_name=display_name(acting_user),
    )
    changes: dict[str, list] = {"status": [before or None, plan.status]} if before != plan.status else {}
    if reason:
        changes["reason"] = [None, reason]
    changes.update(extra)
    record_audit(acting_user=acting_user, action=action, obj=plan, changes=changes)


def _has_content(plan: Plan) -> bool:
    return plan.indicators.exists() or plan.tasks.exists()


def _awaiting_decision(plan: Plan) -> None:
    if plan.duplicate_of_id is not None:
        raise LifecycleError(
            f"该规划与已有的“{plan.duplicate_of.title}”疑似重复，请先在重复处理页选择替换、作为新版本或取消"
        )


# --- submit ------------------------------------------------------------------------------------------


@transaction.atomic
def submit_plan(plan: Plan, *, acting_user: object) -> Plan:
    """Hand a reviewed draft to the district for approval: 草稿 → 待审核.

    Side effects: status, a ``PlanEvent`` and an audit entry. Refused for a plan that is not a
    draft, has nothing to monitor, or waits for a duplicate decision.
    """
    current = _lock(plan)
    if current.status == PlanStatus.PENDING:
        raise LifecycleError("该规划已提交审核，正等待区级管理员发布")
    if current.status != PlanStatus.DRAFT:
        raise LifecycleError(f"该规划{current.get_status_display()}，不能提交审核")
    _awaiting_decision(current)
    if not _has_content(current):
        raise LifecycleError("规划没有任何指标或任务，不能提交审核")
    current.status = PlanStatus.PENDING
    current.save(update_fields=["status", "updated_at"])
    _step(current, PlanEvent.Action.SUBMIT, PlanStatus.DRAFT, reason="", acting_user=acting_user)
    notices.plan_submitted(current, acting_user=acting_user)
    plan.refresh_from_db()
    return plan


# --- the revision check --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Carry:
    """What publishing a new version does to the figures of the version it replaces."""

    moved: int  # figures that move to the new version's indicators
    merged: int  # figures the new version already holds with the same value (kept once)
    stay: int  # figures the plan document reported for an indicator the revision leaves out
    tasks: int  # task progress reports that move


def _recorded(indicator: Indicator) -> list[str]:
    """Periods of figures people or statistics supplied for an indicator (not the document's own)."""
    rows = indicator.observations.exclude(source=_PLAN_DOCUMENT_SOURCE).order_by("period_end")
    return list(rows.values_list("period", flat=True))


def _counterparts(plan: Plan) -> dict[int, Indicator]:
    """The new version's indicators by the earlier indicator each continues."""
    found = plan.indicators.filter(revised_from__isnull=False).annotate(n_targets=Count("targets"))
    return {i.revised_from_id: i for i in found}


def revision_problems(plan: Plan) -> list[str]:
    """Why a new version cannot come into force yet, one sentence each; empty when it can.

    An indicator of the earlier version with recorded figures must continue in the new one and
    keep at least one target (its value and year may change); a figure the new version already
    holds for the same area and period must agree with the earlier one.
    """
    previous = plan.previous
    if previous is None:
        return []
    problems: list[str] = []
    after = _counterparts(plan)
    earlier = previous.indicators.filter(role=IndicatorRole.GOAL).annotate(n_targets=Count("targets"))
    for old in earlier.order_by("position", "pk"):
        periods = _recorded(old)
        if not periods or old.n_targets == 0:
            continue
        shown = "、".join(periods[:3]) + ("等" if len(periods) > 3 else "")
        new = after.get(old.pk)
        if new is None:
            problems.append(
                f"第{plan.version}版删去了“{old.name}”，而该指标已有录入的数据（{shown}），不能发布；"
                "请在本版中保留该指标（目标值和年份可以修改）"
            )
        elif new.n_targets == 0:
            problems.append(
                f"第{plan.version}版删去了“{new.name}”的全部目标，而该指标已有录入的数据（{shown}），"
                "不能发布；请至少保留一个目标（目标值和年份可以修改）"
            )
    for old in previous.indicators.filter(pk__in=list(after)).prefetch_related("observations"):
        new = after[old.pk]
        theirs = {(o.area_id, o.period): o for o in new.observations.all()}
        for obs in old.observations.all():
            twin = theirs.get((obs.area_id, obs.period))
            if twin is not None and twin.value != obs.value:
                problems.append(
                    f"“{new.name}”{obs.period} 的数值在本版中为 {twin.value:g}，现行版本为 {obs.value:g}，"
                    "两者不一致；请先在本版中核对该数值"
                )
    return problems


def carry_summary(plan: Plan) -> Carry:
    """What publishing ``plan`` would carry over from its previous version (for the confirmation page)."""
    previous = plan.previous
    if previous is None:
        return Carry(0, 0, 0, 0)
    after = _counterparts(plan)
    moved = merged = stay = 0
    for old in previous.indicators.prefetch_related("observations"):
        new = after.get(old.pk)
        theirs = {(o.area_id, o.period) for o in new.observations.all()} if new else set()
        for obs in old.observations.all():
            if new is None:
                stay += 1
            elif (obs.area_id, obs.period) in theirs:
                merged += 1
            else:
                moved += 1
    continued = plan.tasks.filter(revised_from__isnull=False).select_related("revised_from")
    tasks = sum(t.revised_from.updates.count() for t in continued)
    return Carry(moved, merged, stay, tasks)


def _carry_over(previous: Plan, plan: Plan) -> Carry:
    """Move the earlier version's figures and task reports to their counterparts in ``plan``."""
    after = _counterparts(plan)
    moved = merged = stay = 0
    for old in previous.indicators.all():
        new = after.get(old.pk)
        if new is None:
            stay += old.observations.count()
            continue
        theirs = {(o.area_id, o.period): o for o in new.observations.all()}
        for obs in old.observations.all():
            twin = theirs.get((obs.area_id, obs.period))
            if twin is not None:
                # Same value (checked before): the earlier figure, with its history, is the one kept.
                twin.delete()
                merged += 1
            else:
                moved += 1
            obs.indicator_id = new.pk
            obs.catalog_id = new.catalog_id
            obs.save(update_fields=["indicator", "catalog"])
    tasks = 0
    for task in plan.tasks.filter(revised_from__isnull=False).select_related("revised_from"):
        old_task = task.revised_from
        tasks += old_task.updates.update(task=task)
        # Progress is reported, not planned: the new version continues where the old one stands.
        task.status, task.progress = old_task.status, old_task.progress
        task.save(update_fields=["status", "progress", "updated_at"])
    return Carry(moved, merged, stay, tasks)


# --- publish -------------------------------------------------------------------------------------------


def published_copies(plan: Plan) -> list[Plan]:
    """Published plans that are this plan under another spelling (kechuang.plans.duplicates)."""
    from kechuang.plans.duplicates import matching_plans

    found = matching_plans(
        area=plan.area,
        key=plan.title_key,
        period_start=plan.period_start,
        period_end=plan.period_end,
        statuses=[PlanStatus.PUBLISHED],
    )
    return [p for p in found if p.pk not in (plan.pk, plan.previous_id)]


def publish_problems(plan: Plan) -> list[str]:
    """Why ``plan`` cannot be published now, one sentence each (shown before the confirmation too)."""
    problems: list[str] = []
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.PENDING):
        return [f"该规划{plan.get_status_display()}，不能发布"]
    if plan.duplicate_of_id is not None:
        problems.append(
            f"该规划与已有的“{plan.duplicate_of.title}”疑似重复，请先在重复处理页选择替换、作为新版本或取消"
        )
    if not _has_content(plan):
        problems.append("规划没有任何指标或任务，不能发布")
    for other in published_copies(plan):
        problems.append(
            f"已发布的“{other.title}”（{other.area.name}，{other.period_start}–{other.period_end}年）"
            "与本规划是同一规划，不能再发布一份；如需更新，请对该规划做中期调整"
        )
    previous = plan.previous
    if previous is not None and previous.status not in (PlanStatus.PUBLISHED, PlanStatus.WITHDRAWN):
        problems.append(
            f"第{previous.version}版{previous.get_status_display()}，本版不能再作为它的新版本发布"
        )
    problems += revision_problems(plan)
    return problems


@transaction.atomic
def publish_plan(
    plan: Plan, *, acting_user: object, reason: object, in_force_since: dt.date | None = None
) -> Plan:
    """Release a draft or a plan awaiting approval: it is monitored, reported and shown publicly.

    ``reason`` is required. For a new version, the version it replaces becomes 已调整 and its
    figures and task reports are carried over (see the module's note); ``in_force_since``
    (default today) is the date the page names. Side effects: statuses, ``PlanEvent`` rows and
    audit entries for both versions. Anything in ``publish_problems`` refuses it, unchanged.
    """
    text = clean_reason(reason, "发布")
    return _publish(plan, acting_user=acting_user, reason=text, in_force_since=in_force_since)


def _publish(plan: Plan, *, acting_user: object, reason: str, in_force_since: dt.date | None) -> Plan:
    current = _lock(plan)
    if current.previous_id:
        _lock(current.previous)
    problems = publish_problems(current)
    if problems:
        raise LifecycleError("；".join(problems))
    before = current.status
    previous = current.previous
    carry = None
    if previous is not None:
        carry = _carry_over(previous, current)
        if previous.status == PlanStatus.PUBLISHED:
            previous.status = PlanStatus.SUPERSEDED
            previous.save(update_fields=["status", "updated_at"])
            _step(
                previous,
                PlanEvent.Action.SUPERSEDE,
                PlanStatus.PUBLISHED,
                reason=f"第{current.version}版发布，本版不再施行" + (f"：{reason}" if reason else ""),
                acting_user=acting_user,
                replaced_by=[None, current.pk],
            )
    current.status = PlanStatus.PUBLISHED
    current.published_at = timezone.now()
    current.published_by = _person(acting_user)
    current.in_force_since = in_force_since or timezone.localdate()
    current.save(update_fields=["status", "published_at", "published_by", "in_force_since", "updated_at"])
    extra = {}
    if carry is not None:
        extra = {"figures_carried": [None, carry.moved + carry.merged], "previous": [None, previous.pk]}
    _step(current, PlanEvent.Action.PUBLISH, before, reason=reason, acting_user=acting_user, **extra)
    notices.plan_published(current, reason=reason, acting_user=acting_user)
    plan.refresh_from_db()
    return plan


def publish_reviewed_draft(plan: Plan, *, acting_user: object) -> Plan:
    """Publish without a stated reason: for imports and scripts that release what they load."""
    return _publish(plan, acting_user=acting_user, reason="", in_force_since=None)


# --- withdraw ------------------------------------------------------------------------------------------


@transaction.atomic
def withdraw_plan(plan: Plan, *, acting_user: object, reason: object) -> Plan:
    """Take a published plan out of force: off the public page and the monitoring counts, kept
    readable to officers with the reason. Side effects: status, ``PlanEvent``, audit entry."""
    text = clean_reason(reason, "撤回")
    current = _lock(plan)
    if current.status != PlanStatus.PUBLISHED:
        raise LifecycleError(f"只有已发布的规划可以撤回；该规划{current.get_status_display()}")
    current.status = PlanStatus.WITHDRAWN
    current.save(update_fields=["status", "updated_at"])
    _step(current, PlanEvent.Action.WITHDRAW, PlanStatus.PUBLISHED, reason=text, acting_user=acting_user)
    notices.plan_withdrawn(current, reason=text, acting_user=acting_user)
    plan.refresh_from_db()
    return plan


# --- revise --------------------------------------------------------------------------------------------


def open_revision(plan: Plan) -> Plan | None:
    """A newer version of ``plan`` still being prepared (草稿 or 待审核), if any."""
    return plan.next_versions.filter(status__in=[PlanStatus.DRAFT, PlanStatus.PENDING]).order_by("pk").first()


def _copy_row(obj: object, **changes: object) -> object:
    fields = {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if not f.primary_key and f.attname not in ("created_at", "updated_at")
    }
    fields.update(changes)
    return type(obj).objects.create(**fields)


@transaction.atomic
def revise_plan(plan: Plan, *, acting_user: object, reason: object) -> Plan:
    """Start a mid-term revision: a draft of the next version, a copy of this one to correct.

    The copy has every indicator, target, task and owner of the published plan (each
    indicator and task remembering its original); figures stay with the version in force until
    the new one is published. Side effects: the new plan, ``PlanEvent`` rows and audit entries
    on both versions. Refused unless the plan is published, or while another revision is open.
    """
    text = clean_reason(reason, "调整")
    current = _lock(plan)
    if current.status != PlanStatus.PUBLISHED:
        raise LifecycleError(f"只有已发布的规划可以中期调整；该规划{current.get_status_display()}")
    pending = open_revision(current)
    if pending is not None:
        raise LifecycleError(
            f"第{pending.version}版（{pending.get_status_display()}）已在准备中，请继续修改该版本，不要重复建立"
        )
    new = Plan.objects.create(
        title=current.title,
        issuer=current.issuer,
        area=current.area,
        region_text=current.region_text,
        period_start=current.period_start,
        period_end=current.period_end,
        doc_number=current.doc_number,
        issued=current.issued,
        status=PlanStatus.DRAFT,
        source_file=current.source_file.name or None,
        created_by=_person(acting_user),
        version=current.version + 1,
        previous=current,
    )
    for ind in current.indicators.prefetch_related("targets").order_by("role", "position", "pk"):
        copy = _copy_row(ind, plan_id=new.pk, revised_from_id=ind.pk)
        for target in ind.targets.all():
            _copy_row(target, indicator_id=copy.pk)
    for task in current.tasks.prefetch_related("owners").order_by("position", "pk"):
        copy = _copy_row(task, plan_id=new.pk, revised_from_id=task.pk)
        TaskOwner.objects.bulk_create(
            [TaskOwner(task=copy, position=o.position, name=o.name) for o in task.owners.all()]
        )
    _step(new, PlanEvent.Action.REVISE, "", reason=text, acting_user=acting_user, previous=[None, current.pk])
    record_audit(
        acting_user=acting_user,
        action="revise",
        obj=current,
        changes={"next_version": [None, new.pk], "reason": [None, text]},
    )
    return new


# --- linking an uploaded document to the version it replaces ---------------------------------------------


def link_to_previous(plan: Plan, previous: Plan) -> int:
    """Make ``plan`` (an uploaded draft) the next version of ``previous``: each indicator and task is
    matched to the one it continues — same catalogue entry, or the same name once width, brackets
    and endings like 数量/总数 are set aside. Returns how many indicators were matched."""
    old = list(previous.indicators.order_by("role", "position", "pk"))
    by_catalog: dict[tuple[str, int], list[Indicator]] = {}
    by_name: dict[tuple[str, str], Indicator] = {}
    for ind in old:
        if ind.catalog_id:
            by_catalog.setdefault((ind.role, ind.catalog_id), []).append(ind)
        by_name.setdefault((ind.role, name_key(ind.name)), ind)
    taken: set[int] = set()
    matched = 0
    for ind in plan.indicators.order_by("role", "position", "pk"):
        found = by_name.get((ind.role, name_key(ind.name)))
        if found is None or found.pk in taken:
            same = [o for o in by_catalog.get((ind.role, ind.catalog_id), []) if o.pk not in taken]
            found = same[0] if ind.catalog_id and len(same) == 1 else None
        if found is not None and found.pk not in taken:
            taken.add(found.pk)
            ind.revised_from = found
            ind.save(update_fields=["revised_from"])
            matched += 1
    old_tasks = {name_key(t.goal): t for t in previous.tasks.all()}
    for task in plan.tasks.all():
        found_task = old_tasks.pop(name_key(task.goal), None)
        if found_task is not None:
            task.revised_from = found_task
            task.save(update_fields=["revised_from", "updated_at"])
    return matched


def changes_from_previous(plan: Plan) -> dict[str, list[str]]:
    """What a new version changes, for the confirmation page: targets changed, indicators added or left out."""
    previous = plan.previous
    if previous is None:
        return {}

    def goals(p: Plan) -> dict[int, list[tuple]]:
        rows: dict[int, list[tuple]] = {}
        for t in Target.objects.filter(indicator__plan=p).order_by("year", "position", "pk"):
            rows.setdefault(t.indicator_id, []).append((t.year, t.comparator, t.value, t.kind))
        return rows

    old_goals, new_goals = goals(previous), goals(plan)
    after = {i.revised_from_id: i for i in plan.indicators.filter(revised_from__isnull=False)}
    changed, added, dropped = [], [], []
    for ind in plan.indicators.filter(Q(revised_from__isnull=True) | ~Q(revised_from__plan=previous)):
        added.append(ind.name)
    for old in previous.indicators.order_by("role", "position", "pk"):
        new = after.get(old.pk)
        if new is None:
            dropped.append(old.name)
        elif old_goals.get(old.pk, []) != new_goals.get(new.pk, []):
            changed.append(new.name)
    return {"changed": changed, "added": added, "dropped": dropped}
