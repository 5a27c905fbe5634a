"""The alerts list (/monitor/alerts/) with each alert's case, and a case's page with its actions.

Views only check access, read the request and render; the rules are in ``alert_cases`` (sync)
and ``alert_case_actions`` (who may do what, the actions).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from kechuang.common.exports import export_format, table_response
from kechuang.observations import alert_case_actions as actions
from kechuang.observations import monitor_exports
from kechuang.observations.access import figure_filter
from kechuang.observations.alert_cases import sync_visible
from kechuang.observations.enums import OPEN_ALERT_STATES, AlertState
from kechuang.observations.models import AlertCase
from kechuang.observations.monitoring import TargetRow, dashboard, judge_plans
from kechuang.observations.monitoring.simulated import mark_simulated
from kechuang.plans.access import monitored_plans, visible_plans
from kechuang.plans.enums import PlanStatus
from kechuang.plans.models import Plan

# ?state= values of the list besides the states themselves.
OPEN_FILTER, ALL_FILTER = "", "all"


@dataclass
class Entry:
    """One line of the alerts list: the alert as judged now (if it is one) and its case (if any)."""

    row: TargetRow | None
    case: AlertCase | None

    @property
    def target_id(self) -> int:
        return self.row.spec.target_id if self.row is not None else self.case.target_id


def _keep(entry: Entry, state: str, area: str, overdue: bool, today: dt.date) -> bool:
    case = entry.case
    if state == OPEN_FILTER and case is not None and not case.is_open:
        return False
    if state not in (OPEN_FILTER, ALL_FILTER) and (case is None or case.state != state):
        return False
    if area and (case is None or str(case.assigned_area_id) != area):
        return False
    return not overdue or (case is not None and case.overdue(today))


def _state_counts(cases: list[AlertCase], today: dt.date) -> list[dict[str, Any]]:
    counts = [
        {"code": code, "word": word, "count": sum(1 for c in cases if c.state == code)}
        for code, word in AlertState.choices
    ]
    return [*counts, {"code": "overdue", "word": "逾期", "count": sum(1 for c in cases if c.overdue(today))}]


@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    """Every alert of the plans the user may see, with its case's state; filters by state, unit, overdue.

    At today's date the cases are first brought in step with the monitoring (cheap when nothing
    changed); at another ``?at=`` the alerts of that day are shown beside today's case states.
    """
    today = timezone.localdate()
    as_of = dashboard.parse_as_of(request.GET.get("at"), today=today)
    user = request.user
    plans = list(monitored_plans(user).order_by("-period_end", "title"))
    if as_of == today:
        sync_visible(plans, today)
    figures = figure_filter(user)
    rows_by_plan = judge_plans(plans, as_of=as_of, figures=figures)
    cases = list(
        actions.visible_cases(user).filter(plan__status=PlanStatus.PUBLISHED).order_by("plan", "target")
    )
    state = request.GET.get("state", OPEN_FILTER)
    if state not in (ALL_FILTER, *AlertState.values):
        state = OPEN_FILTER
    area = request.GET.get("area", "")
    overdue = request.GET.get("overdue") == "1"
    only_plan = request.GET.get("plan", "")  # the overview's 预警 count of one plan
    only_live = request.GET.get("live") == "1"  # …which counts the targets alerting on the date only

    by_target = {c.target_id: c for c in cases}
    groups: dict[int, dict[str, Any]] = {}
    order: list[Plan] = list(plans)
    monitored = {p.pk for p in plans}
    for c in cases:
        if c.plan_id not in {p.pk for p in order}:
            order.append(c.plan)  # a district plan's case handed to the user's town
    for plan in order:
        if only_plan and str(plan.pk) != only_plan:
            continue
        rows = dashboard.alert_rows(rows_by_plan.get(plan.pk, []))
        entries = [Entry(r, by_target.get(r.spec.target_id)) for r in rows]
        live = {r.spec.target_id for r in rows}
        if not only_live:  # cases whose target no longer alerts, unless only the day's alerts are asked for
            entries += [Entry(None, c) for c in cases if c.plan_id == plan.pk and c.target_id not in live]
        entries = [e for e in entries if _keep(e, state, area, overdue, today)]
        if entries:
            # A case handed to the user's town from a plan they may not open: no link to the plan.
            groups[plan.pk] = {"plan": plan, "entries": entries, "linked": plan.pk in monitored}
    if fmt := export_format(request):
        columns, table = monitor_exports.alerts_table(list(groups.values()), today)
        filters = [
            ("评估日期", str(as_of)),
            ("处理状态", "全部" if state == ALL_FILTER else dict(AlertState.choices).get(state, "未办结")),
            ("责任单位", next((c.assigned_area.name for c in cases if str(c.assigned_area_id) == area), "")),
            ("仅逾期", "是" if overdue else ""),
            ("规划", next((p.title for p in order if str(p.pk) == only_plan), "")),
        ]
        return table_response(request, "预警", columns, table, fmt, filters=filters)
    shown = [e.row for g in groups.values() for e in g["entries"] if e.row is not None]
    units = sorted({c.assigned_area for c in cases if c.assigned_area}, key=lambda a: a.code)
    context = {
        "as_of": as_of,
        "today": today,
        "groups": list(groups.values()),
        "has_simulated": mark_simulated(shown, figures=figures),
        "counts": _state_counts(cases, today),
        "open_count": sum(1 for c in cases if c.state in OPEN_ALERT_STATES),
        "state": state,
        "state_choices": AlertState.choices,
        "area": area,
        "units": units,
        "overdue": overdue,
        "only_plan": next((p for p in order if str(p.pk) == only_plan), None),
    }
    return render(request, "monitor/alerts.html", context)


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text else None
    except ValueError:
        return None


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _act(request: HttpRequest, case: AlertCase, today: dt.date) -> AlertCase:
    """Run the posted action (the action functions check who may do it)."""
    post, user = request.POST, request.user
    version = _int(post.get("version"))
    comment = post.get("comment", "").strip()
    action = post.get("action", "")
    if action == "acknowledge":
        return actions.acknowledge(case, user=user, version=version, comment=comment)
    if action == "assign":
        return actions.assign(
            case,
            user=user,
            version=version,
            area_id=_int(post.get("area")),
            due_on=_date(post.get("due_on")),
            today=today,
            comment=comment,
        )
    if action == "comment":
        return actions.comment_on(case, user=user, version=version, comment=comment)
    if action == "close":
        return actions.close(case, user=user, version=version, reason=post.get("reason", ""))
    if action == "reopen":
        return actions.reopen(case, user=user, version=version, comment=comment)
    raise actions.CaseRuleError("未知的操作")


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One case: what the alert says, its state, unit and due date, its history, and the actions
    the user may take (POST; refused 403, invalid 400, stale 409 with the latest state shown)."""
    case = actions.get_case_for_user(request.user, pk)
    today = timezone.localdate()
    error, status = "", 200
    if request.method == "POST":
        try:
            _act(request, case, today)
        except actions.CaseRuleError as exc:
            error, status = str(exc), 400
        except actions.StaleCase as exc:
            error, status = str(exc), 409
        else:
            return redirect("monitor:alert_case", pk=case.pk)
        case = actions.get_case_for_user(request.user, pk)
    context = {
        "case": case,
        "today": today,
        "overdue": case.overdue(today),
        "events": list(case.events.order_by("-at", "-pk")),
        "can_see_plan": visible_plans(request.user).filter(pk=case.plan_id).exists(),
        "allowed": actions.allowed_actions(request.user, case),
        "areas": actions.assignable_areas(case),
        "error": error,
        "posted": request.POST if status != 200 else {},
    }
    return render(request, "monitor/alert_case.html", context, status=status)
