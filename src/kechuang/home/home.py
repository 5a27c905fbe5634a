"""The home page's content per role: counts from the apps that own the data, put side by side.

Each section is built only for a role the user holds; a user holding several sees each.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from kechuang.collection import home as collection_home
from kechuang.collection.domain import ReportError, active_form
from kechuang.collection.queries import completeness_for_user
from kechuang.observations.access import figure_filter
from kechuang.observations.area_share import AreaShare, shares_for_area
from kechuang.observations.models import Audience
from kechuang.observations.monitoring import judge_plans
from kechuang.observations.monitoring.dashboard import StatusCount
from kechuang.observations.progress import STATUS_WORDS
from kechuang.observations.stored.tallies import PlanTallies, plan_tallies
from kechuang.plans import home as plans_home
from kechuang.plans.access import monitored_plans, visible_plans
from kechuang.plans.enums import PlanStatus
from kechuang.registry import home as registry_home
from kechuang.registry.access import visible_carriers
from kechuang.tenancy.access import is_district_admin, operated_carrier_ids, visible_area_ids
from kechuang.tenancy.models import Role


@dataclass
class Tile:
    """One number on the home page and the list behind it."""

    label: str
    count: int | str
    url: str
    note: str = ""
    urgent: bool = False
    parts: list[tuple[str, int, str]] = field(default_factory=list)  # (name, count, url) breakdown


def _period_display(period: str) -> str:
    return f"{int(period[:4])}年{int(period[5:7])}月"


def admin_tiles(user: object, *, today: dt.date) -> list[Tile]:
    """The district administrator's work this month, each a number that opens its list."""
    period = collection_home.current_period(today)
    to_review = collection_home.reports_to_review(user).count()
    plans = [_Ref(pk, status) for pk, status in monitored_plans(user).values_list("pk", "status")]
    alerts = sum(t.alerts for t in _tallies(user, plans, today).values())
    overdue = plans_home.overdue_tasks_by_plan(user, today=today)
    pending = plans_home.plans_awaiting_approval(user).count()
    expiring = registry_home.expiring_certificate_count(user, today=today)
    tiles = [
        Tile(
            "待审核月报",
            to_review,
            "/collection/?status=submitted",
            "已提交、等待区级审核",
            urgent=bool(to_review),
        ),
        Tile("预警", alerts, "/monitor/alerts/", "较上期下滑或预计难以完成的目标", urgent=bool(alerts)),
        Tile(
            "逾期任务",
            sum(p.count for p in overdue),
            "/monitor/",
            "完成年限已过而未完成",
            urgent=bool(overdue),
            parts=[
                (p.plan.title, p.count, f"/monitor/plans/{p.plan.pk}/tasks/?status=delayed") for p in overdue
            ],
        ),
        Tile("待审批规划", pending, "/plans/?status=pending", "已提交、等待发布", urgent=bool(pending)),
        Tile(
            "即将到期的高企证书",
            expiring,
            f"/registry/renewals/?months={registry_home.EXPIRING_MONTHS}",
            "三个月内到期、尚未重新认定",
            urgent=bool(expiring),
        ),
    ]
    try:
        data = completeness_for_user(user, form=active_form(), period=period, today=today)
    except ReportError:
        return tiles
    total = data.filed_count + data.missing_count
    tiles.append(
        Tile(
            f"{_period_display(period)}月报报送",
            f"{data.filed_count}/{total}",
            f"/collection/completeness/?period={period}",
            f"已报送 {data.filed_count} 家，未报送 {data.missing_count} 家"
            + ("，已过截止日期" if data.overdue and data.missing_count else ""),
            urgent=data.overdue and bool(data.missing_count),
        )
    )
    return tiles


@dataclass
class AreaHome:
    """A liaison's town or park: its carriers this month, enterprises, tasks naming it, its plans."""

    area: object
    carriers: list
    enterprises: int
    plans: list
    filed: int = 0
    shares: list[AreaShare] = field(default_factory=list)


def liaison_areas(user: object, *, today: dt.date) -> list[AreaHome]:
    """One section per town or park the user is liaison of."""
    period = collection_home.current_period(today)
    found = []
    for area in registry_home.areas_held(user, Role.LIAISON):
        months = collection_home.carrier_months(registry_home.area_carriers(user, area), period=period)
        plans = list(
            visible_plans(user)
            .filter(area_id__in=area.descendant_ids())
            .exclude(status__in=[PlanStatus.WITHDRAWN, PlanStatus.SUPERSEDED])
            .order_by("-period_end", "title")
        )
        found.append(
            AreaHome(
                area=area,
                carriers=months,
                enterprises=registry_home.area_enterprise_count(user, area),
                plans=plans,
                filed=sum(1 for m in months if m.filed),
                shares=shares_for_area(area, user=user),
            )
        )
    return found


@dataclass
class CarrierHome:
    """A carrier operator's carrier: this month's report, earlier months, its tenants."""

    month: collection_home.CarrierMonth
    earlier: list
    tenants: int


def operator_carriers(user: object, *, today: dt.date) -> list[CarrierHome]:
    period = collection_home.current_period(today)
    carriers = list(visible_carriers(user).filter(pk__in=operated_carrier_ids(user)).order_by("name"))
    return [
        CarrierHome(
            month=month,
            earlier=collection_home.earlier_reports(month.carrier, period=period),
            tenants=registry_home.current_tenant_count(month.carrier),
        )
        for month in collection_home.carrier_months(carriers, period=period)
    ]


def viewer_plans(user: object, *, today: dt.date) -> list[dict]:
    """The published plans in scope, each with its targets counted by status and its alerts."""
    plans = list(monitored_plans(user).filter(status=PlanStatus.PUBLISHED).order_by("-period_end", "title"))
    tallies = _tallies(user, plans, today)
    return [
        {
            "plan": plan,
            "counts": [StatusCount(code, STATUS_WORDS[code], n) for code, n in tallies[plan.pk].ordered()],
            "alerts": tallies[plan.pk].alerts,
        }
        for plan in plans
    ]


class _Ref(NamedTuple):
    pk: int
    status: str


def _tallies(user: object, plans: list, today: dt.date) -> PlanTallies:
    """Each plan's counts for today: stored judgements, or judged on demand where none are stored."""

    def judge(rest: list) -> dict:
        models = list(monitored_plans(user).filter(pk__in=[p.pk for p in rest]))
        return judge_plans(models, as_of=today, figures=figure_filter(user))

    return plan_tallies(plans, as_of=today, today=today, audience=Audience.STAFF, judge=judge)


def home_context(user: object, *, today: dt.date) -> dict:
    """Everything the home page shows for this user."""
    period = collection_home.current_period(today)
    admin = is_district_admin(user)
    liaison = liaison_areas(user, today=today)
    operator = operator_carriers(user, today=today)
    areas = visible_area_ids(user)
    sees_areas = areas is None or bool(areas)
    context = {
        "today": today,
        "period": period,
        "period_display": _period_display(period),
        "admin_tiles": admin_tiles(user, today=today) if admin else [],
        "liaison_areas": liaison,
        "named_tasks": plans_home.tasks_naming_my_areas(user, today=today) if liaison else [],
        "operator_carriers": operator,
        "plans": [],
    }
    if sees_areas and not admin and not liaison:
        context["plans"] = viewer_plans(user, today=today)
    context["empty"] = not (context["admin_tiles"] or liaison or operator or sees_areas)
    return context
