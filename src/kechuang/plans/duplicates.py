"""One plan uploaded twice: recognise it, and let the uploader say what the second copy is.

Two plans are likely the same when their titles read the same (``titles.title_key``: width,
spaces, brackets, dashes, 〇/○/零 and the issuer set aside) and either they are of the same
area with overlapping periods, or they cover the very same period. An upload that matches is
kept as a draft marked ``duplicate_of`` and goes no further until its uploader chooses:

* replace the earlier draft (草稿 or 待审核) with this one;
* make this one the next version of the published plan (a mid-term revision from a new
  document; publishing it then replaces the earlier version and carries its figures over);
* cancel the upload (the new draft is removed; nothing else changes).

Publishing refuses a second published copy whatever was chosen (``lifecycle.publish_problems``),
and the database refuses one too (``plan_one_published_copy``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from kechuang.plans.drafts import _PLAN_DOCUMENT_SOURCE, DraftError
from kechuang.plans.enums import PlanStatus
from kechuang.plans.models import Plan, PlanEvent
from kechuang.tenancy.domain.audit import record_audit
from kechuang.tenancy.models import Area

REPLACE, VERSION, CANCEL = "replace", "version", "cancel"
CHOICE_LABELS = {REPLACE: "替换原草稿", VERSION: "作为已发布规划的新版本", CANCEL: "取消本次上传"}


def matching_plans(
    *,
    area: Area,
    key: str,
    period_start: int,
    period_end: int,
    statuses: Iterable[str] | None = None,
    exclude: Iterable[int] = (),
) -> list[Plan]:
    """Plans that are likely the same plan: same title key, and same area with overlapping
    periods or the very same period. Earlier versions and other undecided uploads are left out."""
    if not key:
        return []
    same_area = Q(area=area, period_start__lte=period_end, period_end__gte=period_start)
    same_period = Q(period_start=period_start, period_end=period_end)
    qs = (
        Plan.objects.select_related("area")
        .filter(title_key=key, duplicate_of__isnull=True)
        .filter(same_area | same_period)
        .exclude(status=PlanStatus.SUPERSEDED)
        .exclude(pk__in=list(exclude))
    )
    if statuses is not None:
        qs = qs.filter(status__in=list(statuses))
    # The plan of the same area first, then the one in force, then the newest.
    found = list(qs.order_by("-version", "-pk"))
    rank = {PlanStatus.PUBLISHED: 0, PlanStatus.PENDING: 1, PlanStatus.DRAFT: 2, PlanStatus.WITHDRAWN: 3}
    return sorted(found, key=lambda p: (p.area_id != area.pk, rank.get(p.status, 9)))


def choices_for(plan: Plan, existing: Plan, *, may_change: bool) -> list[tuple[str, str, str]]:
    """The decisions offered for ``plan`` against ``existing``: (value, label, why not or "")."""
    offered = []
    if existing.status in (PlanStatus.DRAFT, PlanStatus.PENDING):
        why = "" if may_change else f"您无权修改“{existing.area.name}”的规划，不能替换该草稿"
        offered.append((REPLACE, CHOICE_LABELS[REPLACE], why))
    if existing.status in (PlanStatus.PUBLISHED, PlanStatus.WITHDRAWN):
        from kechuang.plans.lifecycle import open_revision

        pending = open_revision(existing)
        why = ""
        if existing.area_id != plan.area_id:
            why = f"原规划属于“{existing.area.name}”，新版本须与原规划同属一个地区"
        elif pending is not None:
            why = f"第{pending.version}版已在准备中（{pending.get_status_display()}），请改为替换该草稿"
        label = (
            CHOICE_LABELS[VERSION] if existing.status == PlanStatus.PUBLISHED else "作为已撤回规划的新版本"
        )
        offered.append((VERSION, label, why))
    offered.append((CANCEL, CHOICE_LABELS[CANCEL], ""))
    return offered


def _figures_entered(plan: Plan) -> bool:
    from django.apps import apps

    observation = apps.get_model("observations", "Observation")
    return observation.objects.filter(indicator__plan=plan).exclude(source=_PLAN_DOCUMENT_SOURCE).exists()


def _delete_draft(plan: Plan) -> None:
    """Remove an unreleased plan with what the reader made of it; its document file too unless
    another version still uses the same file."""
    from django.apps import apps

    observation = apps.get_model("observations", "Observation")
    observation.objects.filter(indicator__plan=plan).delete()
    name = plan.source_file.name if plan.source_file else ""
    storage = plan.source_file.storage if plan.source_file else None
    plan.delete()
    if name and not Plan.objects.filter(source_file=name).exists():

        def remove() -> None:
            # A file left behind is harmless; the plan is gone either way.
            with contextlib.suppress(OSError):
                storage.delete(name)

        transaction.on_commit(remove)


def _step(plan: Plan, action: str, *, reason: str, acting_user: object, **changes: list) -> None:
    from kechuang.common.users import display_name

    PlanEvent.objects.create(
        plan=plan,
        action=action,
        from_status=plan.status,
        to_status=plan.status,
        reason=reason,
        user=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        user_name=display_name(acting_user),
    )
    record_audit(acting_user=acting_user, action=action, obj=plan, changes=changes)


def visible_matches(found: list[Plan], user_filter: Q | None) -> list[Plan]:
    """Of ``found``, those the uploader may see (``user_filter``: ``plans.access.plan_filter``);
    published plans are public anyway. Nothing about another area's draft is revealed."""
    if user_filter is None or not found:
        return found
    allowed = set(
        Plan.objects.filter(pk__in=[p.pk for p in found])
        .filter(user_filter | Q(status=PlanStatus.PUBLISHED))
        .values_list("pk", flat=True)
    )
    return [p for p in found if p.pk in allowed]


def candidates_for(plan: Plan, user_filter: Q | None) -> list[Plan]:
    """The plans an upload marked as a likely duplicate may repeat, as its uploader may see them."""
    found = matching_plans(
        area=plan.area,
        key=plan.title_key,
        period_start=plan.period_start,
        period_end=plan.period_end,
        exclude=[plan.pk],
    )
    return visible_matches(found, user_filter)


@transaction.atomic
def decide_duplicate(
    plan: Plan, choice: str, *, existing: Plan | None, acting_user: object, may_change_existing: bool
) -> Plan | None:
    """Carry out the uploader's decision on a likely duplicate of ``existing``; returns the plan that
    remains (``None`` after a cancel). Raises ``DraftError`` with the reason when the choice is not open.

    Side effects — replace: the earlier draft is deleted and this one takes its version and place;
    version: this draft becomes the next version of the published plan, each of its indicators
    and tasks matched to the one it continues; cancel: this draft is deleted. Every decision is
    recorded (``PlanEvent`` on the plan that remains, and the audit trail).
    """
    from kechuang.plans.lifecycle import link_to_previous

    current = Plan.objects.select_for_update(of=("self",)).select_related("area").get(pk=plan.pk)
    if current.duplicate_of_id is None:
        raise DraftError("该规划没有待处理的重复提示")
    if current.status not in (PlanStatus.DRAFT, PlanStatus.PENDING):
        raise DraftError(f"该规划{current.get_status_display()}，不能再处理重复")
    if choice != CANCEL:
        if existing is None:
            raise DraftError("请选择：替换原草稿、作为已发布规划的新版本，或取消本次上传")
        existing = Plan.objects.select_for_update(of=("self",)).select_related("area").get(pk=existing.pk)
        offered = {v: why for v, _, why in choices_for(current, existing, may_change=may_change_existing)}
        if choice not in offered:
            raise DraftError("请选择：替换原草稿、作为已发布规划的新版本，或取消本次上传")
        if offered[choice]:
            raise DraftError(offered[choice])
    if choice == CANCEL:
        if _figures_entered(current):
            raise DraftError("本次上传的草稿已录入了数据，不能直接取消；请先核对这些数据")
        record_audit(
            acting_user=acting_user,
            action="cancel_upload",
            obj=current,
            changes={"duplicate_of": [current.duplicate_of_id, None], "title": [current.title, None]},
        )
        _delete_draft(current)
        return None
    if choice == REPLACE:
        if _figures_entered(existing):
            raise DraftError(f"原草稿“{existing.title}”已录入了数据，不能替换；请在原草稿中修改")
        place = {"version": existing.version, "previous_id": existing.previous_id}
        replaced = (existing.pk, existing.title, existing.get_status_display())
        _delete_draft(existing)
        current.version, current.previous_id = place["version"], place["previous_id"]
        current.duplicate_of = None
        current.save(update_fields=["version", "previous", "duplicate_of", "updated_at"])
        if current.previous_id:
            link_to_previous(current, current.previous)
        _step(
            current,
            PlanEvent.Action.REPLACE,
            reason=f"替换了原草稿“{replaced[1]}”（编号 {replaced[0]}，{replaced[2]}）",
            acting_user=acting_user,
            replaced=[replaced[0], None],
        )
        return current
    current.version = existing.version + 1
    current.previous = existing
    current.duplicate_of = None
    current.save(update_fields=["version", "previous", "duplicate_of", "updated_at"])
    matched = link_to_previous(current, existing)
    _step(
        current,
        PlanEvent.Action.VERSION,
        reason=f"作为“{existing.title}”第{existing.version}版之后的第{current.version}版上传",
        acting_user=acting_user,
        previous=[None, existing.pk],
        matched_indicators=[None, matched],
    )
    return current
