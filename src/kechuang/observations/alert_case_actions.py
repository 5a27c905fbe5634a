"""Who may see and act on an alert case, and the actions themselves (docs/access.md, 预警事项).

- Seeing: whoever may read the case's plan, and the people of the unit it is assigned to (a town's
  liaison sees the district plan's case handed to the town, not the rest of that plan).
- Acknowledging and commenting: whoever may change the plan's area or the assigned unit's area
  (district administrators, liaisons).
- Assigning, closing, reopening: the district administrators of the plan's area or an area above
  it (and superusers) — closing an alert is the district's verification (销号), as approving a
  monthly report is; a liaison reports what was done in a comment.
- Carrier operators and users of other areas: 404; viewers: read only (403 on every action).

Every action runs in one transaction, checks the version the form saw (a stale one is refused,
409), writes one line of the case's history and one audit entry, then tells the people concerned.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from kechuang.common.rows import fetch_prepared, fetch_rows
from kechuang.observations.alert_cases import add_event, chinese_date, tell
from kechuang.observations.enums import OPEN_ALERT_STATES, AlertEvent, AlertState
from kechuang.observations.models import AlertCase
from kechuang.plans.access import can_administer_plan, plan_filter
from kechuang.plans.enums import CLOSED_STATUSES, PlanStatus
from kechuang.plans.models import Plan
from kechuang.tenancy.access import can_change_area, visible_area_ids
from kechuang.tenancy.domain.audit import record_audit
from kechuang.tenancy.models import Area


class CaseRuleError(ValueError):
    """An action refused for a reason the person can correct (message in Chinese; 400)."""


class StaleCase(Exception):
    """The form saw an older version of the case: someone else acted on it meanwhile (409)."""


# --- access ---------------------------------------------------------------------------------------


def case_filter(user: object) -> Q | None:
    """Cases a user may read, as a filter; None = all (superusers)."""
    plans = plan_filter(user, "plan__")
    if plans is None:
        return None
    areas = visible_area_ids(user) or set()
    return plans | Q(assigned_area_id__in=areas)


def visible_cases(user: object) -> QuerySet[AlertCase]:
    """The cases a user may read, with what their pages show."""
    qs = AlertCase.objects.select_related("plan__area", "target__indicator", "assigned_area")
    q = case_filter(user)
    return qs if q is None else qs.filter(q)


def can_manage_case(user: object, case: AlertCase) -> bool:
    """Assign, close, reopen: the district administrators of the plan's area (or above)."""
    return case.plan.status not in CLOSED_STATUSES and can_administer_plan(user, case.plan)


def can_work_case(user: object, case: AlertCase) -> bool:
    """Acknowledge and comment: whoever may change the plan's area or the assigned unit's area."""
    if case.plan.status in CLOSED_STATUSES:
        return False
    if can_manage_case(user, case) or can_change_area(user, case.plan.area):
        return True
    return case.assigned_area is not None and can_change_area(user, case.assigned_area)


def get_case_for_user(user: object, pk: int) -> AlertCase:
    """The case or 404 (outside the user's scope, it does not exist for them)."""
    case = visible_cases(user).filter(pk=pk).first()
    if case is None:
        raise Http404("预警事项不存在或无权访问")
    return case


def assignable_areas(case: AlertCase) -> list[Area]:
    """Units a case may be handed to: the plan's own area and the towns, parks and sub-parks below it
    (areas, because their liaisons and administrators are the people who act and are told)."""
    ids = case.plan.area.descendant_ids()
    return list(Area.objects.filter(pk__in=ids).order_by("code"))


# --- actions --------------------------------------------------------------------------------------


def _refuse_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _lock(case: AlertCase, version: int | None) -> AlertCase:
    """The case as stored now, locked for the transaction; refused if the form saw another version."""
    fresh = (
        AlertCase.objects.select_for_update(of=("self",))
        .select_related("plan__area", "assigned_area")
        .get(pk=case.pk)
    )
    if version is None or fresh.version != version:
        raise StaleCase("该预警事项已被他人处理或已随最新评估更新，请查看最新情况后重新操作")
    fresh.target = case.target
    return fresh


def _save(
    case: AlertCase, user: object, action: str, changes: dict[str, list[object]], **extra: object
) -> None:
    case.version += 1
    case.save()
    record_audit(acting_user=user, action=f"alert_{action}", obj=case, changes={**changes, **extra})


def acknowledge(case: AlertCase, *, user: object, version: int | None, comment: str = "") -> AlertCase:
    """确认: someone has seen the alert (and, if it was 已升级, the escalation)."""
    _refuse_unless(can_work_case(user, case), "您无权处理该预警事项")
    with transaction.atomic():
        case = _lock(case, version)
        if case.state != AlertState.OPEN and not (case.escalated and case.is_open):
            raise CaseRuleError("只有待处理或已升级的预警事项需要确认")
        old = case.state
        if case.state == AlertState.OPEN:
            case.state = AlertState.ACKNOWLEDGED
        case.escalated = False
        _save(
            case, user, "acknowledge", {"state": [old, case.state]}, **({"说明": comment} if comment else {})
        )
        add_event(case, AlertEvent.ACKNOWLEDGED, user=user, comment=comment)
    return case


def assign(
    case: AlertCase,
    *,
    user: object,
    version: int | None,
    area_id: int | None,
    due_on: dt.date | None,
    today: dt.date,
    comment: str = "",
) -> AlertCase:
    """指派: hand the case to a unit in the plan's area with a due date; the unit is told."""
    _refuse_unless(can_manage_case(user, case), "只有本区的区级管理员可以指派预警事项")
    area = next((a for a in assignable_areas(case) if a.pk == area_id), None)
    if area is None:
        raise CaseRuleError("请选择本规划所属地区或其下属街镇、园区作为责任单位")
    if due_on is None:
        raise CaseRuleError("请填写办理期限")
    if due_on < today:
        raise CaseRuleError("办理期限不能早于今天")
    with transaction.atomic():
        case = _lock(case, version)
        if not case.is_open:
            raise CaseRuleError("已关闭或已解除的预警事项不能指派，请先重新打开")
        changes = {
            "state": [case.state, AlertState.ASSIGNED],
            "assigned_area": [case.assigned_area_id, area.pk],
            "due_on": [case.due_on.isoformat() if case.due_on else None, due_on.isoformat()],
        }
        case.state, case.assigned_area, case.due_on = AlertState.ASSIGNED, area, due_on
        _save(case, user, "assign", changes, **({"说明": comment} if comment else {}))
        add_event(
            case,
            AlertEvent.ASSIGNED,
            user=user,
            summary=f"指派给{area.name}，办理期限 {chinese_date(due_on)}",
            comment=comment,
        )
        tell(case, AlertEvent.ASSIGNED, actor=user)
    return case


def comment_on(case: AlertCase, *, user: object, version: int | None, comment: str) -> AlertCase:
    """备注: what was done or found, by the district or the responsible unit."""
    _refuse_unless(can_work_case(user, case), "您无权处理该预警事项")
    comment = comment.strip()
    if not comment:
        raise CaseRuleError("请填写备注内容")
    with transaction.atomic():
        case = _lock(case, version)
        _save(case, user, "comment", {}, 说明=comment)
        add_event(case, AlertEvent.COMMENTED, user=user, comment=comment)
        tell(case, AlertEvent.COMMENTED, actor=user)
    return case


def close(case: AlertCase, *, user: object, version: int | None, reason: str) -> AlertCase:
    """关闭: the district's decision that the alert needs nothing more, with the reason (required)."""
    _refuse_unless(can_manage_case(user, case), "只有本区的区级管理员可以关闭预警事项")
    reason = reason.strip()
    if not reason:
        raise CaseRuleError("关闭预警事项须填写关闭原因")
    with transaction.atomic():
        case = _lock(case, version)
        if not case.is_open:
            raise CaseRuleError("该预警事项已关闭或已解除")
        old = case.state
        case.state, case.closed_reason, case.escalated = AlertState.CLOSED, reason[:500], False
        _save(case, user, "close", {"state": [old, case.state], "closed_reason": ["", case.closed_reason]})
        add_event(case, AlertEvent.CLOSED, user=user, comment=reason)
        tell(case, AlertEvent.CLOSED, actor=user)
    return case


def reopen(case: AlertCase, *, user: object, version: int | None, comment: str = "") -> AlertCase:
    """重新打开: a closed case goes back to work (to its unit, if it had been assigned)."""
    _refuse_unless(can_manage_case(user, case), "只有本区的区级管理员可以重新打开预警事项")
    with transaction.atomic():
        case = _lock(case, version)
        if case.state != AlertState.CLOSED:
            raise CaseRuleError("只有已关闭的预警事项可以重新打开")
        case.state = AlertState.ASSIGNED if case.assigned_area_id else AlertState.OPEN
        _save(
            case,
            user,
            "reopen",
            {"state": [AlertState.CLOSED, case.state]},
            **({"说明": comment} if comment else {}),
        )
        add_event(case, AlertEvent.REOPENED, user=user, comment=comment)
        tell(case, AlertEvent.REOPENED, actor=user)
    return case


@dataclass
class OpenCounts:
    """Open cases the user may see: in all, overdue, and per plan (for the monitoring overview)."""

    total: int = 0
    overdue: int = 0
    by_plan: dict[int, int] = field(default_factory=dict)


def open_case_counts(user: object, today: dt.date) -> OpenCounts:
    """Counts of the open cases of plans in force that the user may see, in one query, counted per
    plan in SQL. A superuser's (every case) is compiled once a day and process (`fetch_prepared`):
    the national overview asks it on every request."""
    q = case_filter(user)

    def per_plan() -> QuerySet:
        cases = AlertCase.objects.all() if q is None else AlertCase.objects.filter(q)
        return (
            cases.filter(state__in=sorted(OPEN_ALERT_STATES))
            # The plan in force as an EXISTS per case: SQLite joined every plan first, cases or not.
            .filter(Exists(Plan.objects.filter(pk=OuterRef("plan_id"), status=PlanStatus.PUBLISHED)))
            .order_by()  # counted, not listed: no joins for the cases' order
            .values("plan_id")
            .annotate(n=Count("*"), late=Count("pk", filter=Q(due_on__lt=today)))
            .values_list("plan_id", "n", "late")
        )

    rows = fetch_rows(per_plan()) if q is not None else fetch_prepared(("open cases", today), per_plan)
    out = OpenCounts()
    for plan_id, n, late in rows:
        out.total += n
        out.overdue += late
        out.by_plan[plan_id] = n
    return out


def allowed_actions(user: object, case: AlertCase) -> set[str]:
    """The actions the detail page offers this user now (the functions above still check)."""
    out: set[str] = set()
    if can_work_case(user, case):
        out.add("comment")
        if case.state == AlertState.OPEN or (case.escalated and case.is_open):
            out.add("acknowledge")
    if can_manage_case(user, case):
        if case.state in OPEN_ALERT_STATES:
            out.update({"assign", "close"})
        if case.state == AlertState.CLOSED:
            out.add("reopen")
    return out
