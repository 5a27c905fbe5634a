"""Alerts as work items: keep one stored case per alert, in step with what the monitoring computes.

The monitoring engine computes alerts on every request; a case (``AlertCase``) is what people act
on. Its identity is the target and the kind of alert, so judging a plan again finds the same case:
``sync_alert_cases`` creates the cases of new alerts, refreshes what an alert says, marks a case
已解除 when its alert is gone (unless it was closed), brings it back when the alert reappears and
flags it 已升级 when the alert worsens. It writes nothing when nothing changed, so the pages may
call it on every visit (at today's date only), and ``sync_all`` is the scheduled run over every
plan in force. Judgement for cases always uses the figures every reader may see (never a draft's),
so two users' visits cannot disagree about whether an alert exists.

Every "tell someone" point goes through ``tell``: the people ``recipients_for`` computes get a\nnotification (``kechuang.notifications``) in the transaction of the change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from kechuang.common.users import display_name
from kechuang.notifications.domain import notify
from kechuang.notifications.enums import Kind
from kechuang.observations.access import figure_filter
from kechuang.observations.enums import OPEN_ALERT_STATES, AlertEvent, AlertKind, AlertState
from kechuang.observations.models import AlertCase, AlertCaseEvent
from kechuang.observations.monitoring import TargetRow, judge_plans
from kechuang.observations.monitoring.dashboard import alert_rows
from kechuang.observations.monitoring.explain import alert_reasons
from kechuang.plans.enums import PlanStatus
from kechuang.plans.models import Plan
from kechuang.tenancy.models import Area, Membership, Role

# How bad an alert is: level first, then how far the status has fallen.
_LEVEL_RANK = {"warn": 1, "red": 2}
_STATUS_RANK = {"behind": 1, "ceiling_rising": 1, "seriously_behind": 2, "over_ceiling": 2, "missed": 3}
_CHUNK = 200  # plans judged at once by sync_all, so memory does not grow with the country


def severity(level: str, status_code: str) -> tuple[int, int]:
    """A comparable measure of an alert: a rise means the case is 已升级."""
    return (_LEVEL_RANK.get(level, 0), _STATUS_RANK.get(status_code, 0))


@dataclass
class SyncResult:
    """What one sync changed, for the scheduled run's log and for tests."""

    created: list[AlertCase] = field(default_factory=list)
    resolved: list[AlertCase] = field(default_factory=list)
    reappeared: list[AlertCase] = field(default_factory=list)
    escalated: list[AlertCase] = field(default_factory=list)
    overdue: list[AlertCase] = field(default_factory=list)

    def extend(self, other: SyncResult) -> None:
        for name in ("created", "resolved", "reappeared", "escalated", "overdue"):
            getattr(self, name).extend(getattr(other, name))


# --- history, notification points --------------------------------------------------------------


def chinese_date(day: dt.date) -> str:
    """2025年3月31日, as every date on the site."""
    return f"{day.year}年{day.month}月{day.day}日"


def add_event(
    case: AlertCase, action: str, *, user: object | None = None, summary: str = "", comment: str = ""
) -> AlertCaseEvent:
    """One line of the case's history (``user`` None = the monitoring itself, shown as 系统)."""
    return AlertCaseEvent.objects.create(
        case=case,
        action=action,
        state=case.state,
        actor=user if getattr(user, "is_authenticated", False) else None,
        actor_name=display_name(user),
        summary=summary[:300],
        comment=comment,
    )


def _district_admins(area: Area) -> set[int]:
    ids = [area.pk, *(a.pk for a in area.ancestors())]
    return set(
        Membership.objects.filter(
            role=Role.DISTRICT_ADMIN, area_id__in=ids, carrier__isnull=True
        ).values_list("user_id", flat=True)
    )


def _unit_people(area: Area | None) -> set[int]:
    if area is None:
        return set()
    return set(
        Membership.objects.filter(
            role__in=(Role.LIAISON, Role.DISTRICT_ADMIN), area=area, carrier__isnull=True
        ).values_list("user_id", flat=True)
    )


def recipients_for(case: AlertCase, event: str, *, actor: object | None = None) -> list[object]:
    """Who is told of an event on a case (docs/monitoring.md, 预警事项), never the person who acted.

    - 指派: the assigned unit's liaisons and district administrators (members of that area);
    - 出现预警、预警再次出现、预警升级、逾期未办结: the district administrators of the plan's area (or above) and the
      assigned unit's people;
    - 备注: the other side — the district administrators and the assigned unit's people;
    - 关闭、重新打开: the assigned unit's people (the district decided on their case);
    - anything else: nobody.
    """
    if event == AlertEvent.ASSIGNED:
        ids = _unit_people(case.assigned_area)
    elif event in (
        AlertEvent.OPENED,
        AlertEvent.REAPPEARED,
        AlertEvent.ESCALATED,
        AlertEvent.OVERDUE,
        AlertEvent.COMMENTED,
    ):
        ids = _district_admins(case.plan.area) | _unit_people(case.assigned_area)
    elif event in (AlertEvent.CLOSED, AlertEvent.REOPENED):
        ids = _unit_people(case.assigned_area)
    else:
        ids = set()
    ids.discard(getattr(actor, "pk", None))
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def _tell(case: AlertCase, event: str, users: Sequence[object]) -> None:
    """The one place a case tells people something: their inbox, and e-mail where they want it.

    The message names the plan, the indicator and what happened, never a figure: the people told
    are the plan's district and the assigned unit, who may open the case, but an e-mail travels.
    """
    indicator = case.target.indicator
    title = f"预警事项{AlertEvent(event).label}：{indicator.name}"
    lines = [f"规划：{case.plan.title}", f"目标：{case.target.year}年 {indicator.name}"]
    if case.assigned_area is not None:
        lines.append(f"承办单位：{case.assigned_area.name}")
    if case.due_on is not None:
        lines.append(f"办理期限：{case.due_on.year}年{case.due_on.month}月{case.due_on.day}日")
    lines.append(f"当前状态：{case.get_state_display()}")
    # The overdue reminder is a scheduled one: once per case and due date, however often it runs.
    key = f"alert-overdue:{case.pk}:{case.due_on}" if event == AlertEvent.OVERDUE else None
    notify(users, Kind.ALERT, title, "\n".join(lines), f"/monitor/alerts/{case.pk}/", dedupe_key=key)


def tell(case: AlertCase, event: str, *, actor: object | None = None) -> None:
    """Tell the people of ``recipients_for``, in the transaction of the change they are told of."""
    users = recipients_for(case, event, actor=actor)
    if users:
        _tell(case, event, users)


# --- the sync ------------------------------------------------------------------------------------


def _snapshot(row: TargetRow) -> dict[str, str]:
    return {
        "level": row.alert or "warn",
        "status_code": row.status_code,
        "status_text": row.progress.status[:24],
        "reasons": "；".join(alert_reasons(row))[:500],
    }


def _guarded(case: AlertCase, **changes: object) -> bool:
    """Write ``changes`` unless someone changed the case since it was read; bumps the version."""
    done = AlertCase.objects.filter(pk=case.pk, version=case.version).update(
        **changes, version=F("version") + 1, updated_at=timezone.now()
    )
    if done:
        for name, value in changes.items():
            setattr(case, name, value)
        case.version += 1
    return bool(done)


def _back_to_work(case: AlertCase) -> str:
    """The state a case returns to when its alert comes back: in hand if it was assigned."""
    return AlertState.ASSIGNED if case.assigned_area_id else AlertState.OPEN


def _create(plan: Plan, row: TargetRow, today: dt.date) -> AlertCase | None:
    try:
        with transaction.atomic():
            case = AlertCase.objects.create(
                plan=plan,
                target_id=row.spec.target_id,
                kind=AlertKind.TARGET,
                first_seen=today,
                last_seen=today,
                **_snapshot(row),
            )
    except IntegrityError:  # another request created it a moment ago
        return None
    add_event(case, AlertEvent.OPENED, summary=case.reasons)
    tell(case, AlertEvent.OPENED)
    return case


def _refresh(case: AlertCase, row: TargetRow, today: dt.date, result: SyncResult) -> None:
    snap = _snapshot(row)
    if not case.active:
        if _guarded(case, active=True, state=_back_to_work(case), resolved_on=None, last_seen=today, **snap):
            add_event(case, AlertEvent.REAPPEARED, summary=case.reasons)
            tell(case, AlertEvent.REAPPEARED)
            result.reappeared.append(case)
        return
    if severity(snap["level"], snap["status_code"]) > severity(case.level, case.status_code):
        state = _back_to_work(case) if case.state == AlertState.CLOSED else case.state
        if _guarded(case, escalated=True, state=state, last_seen=today, **snap):
            add_event(case, AlertEvent.ESCALATED, summary=f"{case.get_level_display()}：{case.reasons}")
            tell(case, AlertEvent.ESCALATED)
            result.escalated.append(case)
        return
    if any(getattr(case, k) != v for k, v in snap.items()):
        # What the alert says changed but it is no worse: refresh it quietly, no version bump
        # (an open form stays valid) and no history line.
        AlertCase.objects.filter(pk=case.pk).update(last_seen=today, **snap)


def _resolve(case: AlertCase, today: dt.date, result: SyncResult) -> None:
    closed = case.state == AlertState.CLOSED
    changes: dict[str, object] = {"active": False, "escalated": False}
    if not closed:
        changes.update(state=AlertState.RESOLVED, resolved_on=today)
    if _guarded(case, **changes):
        add_event(
            case, AlertEvent.RESOLVED, summary="预警已消失" + ("（事项已关闭，状态不变）" if closed else "")
        )
        result.resolved.append(case)


def sync_plans(
    plans: Iterable[Plan], rows_by_plan: dict[int, Sequence[TargetRow]], today: dt.date
) -> SyncResult:
    """Bring the cases of ``plans`` in step with their judged rows (at ``today``) in a fixed number
    of queries when nothing changed; only plans in force (已发布) have cases."""
    result = SyncResult()
    plans = [p for p in plans if p.status == PlanStatus.PUBLISHED and p.pk in rows_by_plan]
    if not plans:
        return result
    by_plan: dict[int, dict[int, AlertCase]] = {p.pk: {} for p in plans}
    for case in AlertCase.objects.filter(plan__in=plans, kind=AlertKind.TARGET).select_related(
        "target__indicator"
    ):
        by_plan[case.plan_id][case.target_id] = case
    seen: list[int] = []
    with transaction.atomic():
        for plan in plans:
            existing = by_plan[plan.pk]
            alerting = {r.spec.target_id: r for r in alert_rows(rows_by_plan[plan.pk]) if not r.earlier}
            for target_id, row in alerting.items():
                case = existing.get(target_id)
                if case is None:
                    created = _create(plan, row, today)
                    if created is not None:
                        result.created.append(created)
                    continue
                seen.append(case.pk)
                _refresh(case, row, today, result)
            for target_id, case in existing.items():
                if target_id not in alerting and case.active:
                    _resolve(case, today, result)
        if seen:
            AlertCase.objects.filter(pk__in=seen).exclude(last_seen=today).update(last_seen=today)
    return result


def sync_alert_cases(plan: Plan, rows: Sequence[TargetRow], today: dt.date) -> SyncResult:
    """One plan's cases in step with its rows judged at ``today`` (idempotent; see module doc)."""
    return sync_plans([plan], {plan.pk: rows}, today)


def judge_for_cases(plans: Sequence[Plan], today: dt.date) -> dict[int, list[TargetRow]]:
    """The plans judged as cases see them: at today, with every figure but a draft's."""
    return judge_plans(list(plans), as_of=today, figures=figure_filter(None))


def sync_visible(plans: Sequence[Plan], today: dt.date) -> SyncResult:
    """What the pages call at today's date: judge the plans in force among ``plans`` and sync them."""
    published = [p for p in plans if p.status == PlanStatus.PUBLISHED]
    if not published:
        return SyncResult()
    return sync_plans(published, judge_for_cases(published, today), today)


def remind_overdue(today: dt.date) -> list[AlertCase]:
    """Open cases past their due date that nobody has been reminded of since: one history line and
    one reminder each (the date stored makes a second run the same day a no-op)."""
    due = AlertCase.objects.filter(state__in=sorted(OPEN_ALERT_STATES), due_on__lt=today).exclude(
        overdue_told_on__gte=F("due_on")
    )
    out = []
    for case in due.select_related("plan__area", "assigned_area", "target__indicator"):
        with transaction.atomic():
            if AlertCase.objects.filter(pk=case.pk).update(overdue_told_on=today):
                add_event(case, AlertEvent.OVERDUE, summary=f"办理期限 {chinese_date(case.due_on)} 已过")
                tell(case, AlertEvent.OVERDUE)
                out.append(case)
    return out


def alert_reminders(today: dt.date) -> int:
    """``kechuang run-scheduled``'s job: sync every plan's cases, remind overdue ones; how many
    cases told someone (new, back, escalated, overdue)."""
    result = sync_all(today)
    return len(result.created) + len(result.reappeared) + len(result.escalated) + len(result.overdue)


def sync_all(today: dt.date) -> SyncResult:
    """The scheduled run (``kechuang run-scheduled``): every plan in force judged at ``today`` and
    its cases synced, then reminders for overdue cases. Safe to run more than once a day."""
    result = SyncResult()
    plans = list(Plan.objects.filter(status=PlanStatus.PUBLISHED).select_related("area").order_by("pk"))
    for start in range(0, len(plans), _CHUNK):
        chunk = plans[start : start + _CHUNK]
        result.extend(sync_plans(chunk, judge_for_cases(chunk, today), today))
    result.overdue.extend(remind_overdue(today))
    return result
