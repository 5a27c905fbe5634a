"""Monitoring pages: access check, judgement, render (the public site is ``kechuang.public``).

Every internal page requires a login and reaches plans, indicators and figures only through
`plans.access` and `observations.access`, so a plan outside the user's areas, or a draft they do
not review, is a 404 and absent from every list; its figures judge nothing they see.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import NamedTuple

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from kechuang.common.exports import export_format, table_response
from kechuang.common.rows import fetch_prepared, fetch_rows
from kechuang.observations import monitor_exports
from kechuang.observations.access import figure_filter, visible_observations
from kechuang.observations.alert_case_actions import open_case_counts
from kechuang.observations.alert_cases import sync_visible
from kechuang.observations.models import AlertCase, Audience, ObservationRevision
from kechuang.observations.monitoring import comparison, dashboard, judge_plan, judge_plans, visuals
from kechuang.observations.monitoring.dashboard import StatusCount
from kechuang.observations.monitoring.simulated import mark_simulated
from kechuang.observations.progress import STATUS_WORDS
from kechuang.observations.stored import compare as stored_compare
from kechuang.observations.stored.overview import ORDER, PlanRef, judged_overview, scope_size, stored_overview
from kechuang.observations.stored.tallies import PlanTally
from kechuang.plans.access import (
    get_indicator_for_user,
    get_plan_for_user,
    get_task_board_for_user,
    monitored_plans,
    plan_filter,
    plans_naming_member_areas,
)
from kechuang.plans.enums import TaskStatus
from kechuang.plans.home import overdue_task_counts
from kechuang.plans.models import CatalogIndicator, Indicator, Plan, TaskOwner, TaskUpdate
from kechuang.plans.tasks import task_board as task_board_rows
from kechuang.tenancy.access import member_areas, visible_areas
from kechuang.tenancy.models import AreaKind

_TOWN_KINDS = [AreaKind.TOWN, AreaKind.PARK, AreaKind.SUBPARK]


def _as_of(request: HttpRequest):
    return dashboard.parse_as_of(request.GET.get("at"), today=timezone.localdate())


def _at(request: HttpRequest, sep: str = "&") -> str:
    """The ``at=`` of the page, carried into the links it opens (the same date behind every number)."""
    at = request.GET.get("at", "")
    return f"{sep}{urlencode({'at': at})}" if at else ""


def _as_of_picker(as_of, *, first_year: int) -> list[visuals.AsOfGroup]:
    return visuals.as_of_choices(timezone.localdate(), as_of, first_year=first_year)


def _load_plans(ids: list[int], *, shown: bool = False) -> list[Plan]:
    """The plans as models (with their area), in the order of `ids`; with `shown`, only the fields
    the overview's rows and its export show (`_as_shown`)."""
    qs = Plan.objects.select_related("area")
    by_pk = (_as_shown(qs) if shown else qs).in_bulk(ids)
    return [by_pk[pk] for pk in ids if pk in by_pk]


def _as_shown(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    """Only the fields the overview's rows and its export show (`monitor_rows`,
    `monitor_exports.plans_table`)."""
    return plans.select_related("area").only("title", "area__name", "period_start", "period_end", "status")


def _plan_summaries(plans: list[Plan], tallies: Mapping[int, PlanTally]) -> list[dict]:
    return [
        {
            "plan": plan,
            "counts": [StatusCount(code, STATUS_WORDS[code], n) for code, n in tallies[plan.pk].ordered()],
            "alerts": tallies[plan.pk].alerts,
            "targets": tallies[plan.pk].targets,
            "simulated": tallies[plan.pk].simulated,
        }
        for plan in plans
    ]


# Beyond this many plans the page does not bring alert cases in step itself: the refresh after
# each change and `kechuang run-scheduled` do (syncing thousands of plans would hold the page).
_PAGE_SYNC_LIMIT = 50
PLANS_PER_PAGE = 50
COMPARE_PER_PAGE = 50


class AreaLink(NamedTuple):
    """A town or park as the overview links to it."""

    pk: int
    name: str
    kind: str
    code: str


def _areas_of(user: object, plan_areas: QuerySet, *, every_plan: bool = False) -> list[AreaLink]:
    """Towns and parks of the plans in scope (the plans' own, and those just below), each with its page.
    `plan_areas` is a subquery of the plans' area ids; `every_plan`: the scope is every plan (a
    superuser's, who is a member of no area), so the query is the same for all who have it."""
    mine = [a.pk for a in member_areas(user)]  # a liaison's own town too

    def found() -> QuerySet:
        near = Q(pk__in=plan_areas) | Q(parent_id__in=plan_areas)
        if mine:
            near |= Q(pk__in=mine) | Q(parent_id__in=mine)
        # The kind first: SQLite then tests it before reading the plans' areas (none when no town is kept).
        qs = visible_areas(user).filter(kind__in=_TOWN_KINDS).filter(near)
        # Read in (kind, code) order, which the (kind, code) index gives: in code order alone SQLite
        # walked every area of the nation by code looking for towns (half a millisecond on each
        # overview). Towns first (their code sorts last), then listed as towns, parks, sub-parks.
        return qs.order_by("-kind", "code").values_list("pk", "name", "kind", "code")[:200]

    rows = fetch_prepared("overview areas", found) if every_plan and not mine else fetch_rows(found())
    return sorted(map(AreaLink._make, rows), key=lambda a: (_TOWN_KINDS.index(a.kind), a.code))


@login_required
def monitor_index(request: HttpRequest) -> HttpResponse:
    """Every plan the user may see that is in force (or in review), with its targets counted by status;
    withdrawn plans and earlier versions are not counted."""
    as_of = _as_of(request)
    in_scope = monitored_plans(request.user)
    today = timezone.localdate()
    figures = figure_filter(request.user)

    def judge(rest: list[PlanRef]) -> dict:
        rows_by_plan = judge_plans(_load_plans([p.pk for p in rest]), as_of=as_of, figures=figures)
        mark_simulated([r for rows in rows_by_plan.values() for r in rows], figures=figures)
        return rows_by_plan

    status = request.GET.get("status", "")
    fmt = export_format(request)
    within = plan_filter(request.user, "plan__")  # None: every plan
    listing = {
        "audience": Audience.STAFF,
        "judge": judge,
        "within": within or Q(),  # every plan in scope, as a filter
        "status": status,
        "per_page": None if fmt else PLANS_PER_PAGE,  # one screen at a time; an export has them all
        "page": request.GET.get("page"),
    }
    if as_of == today:
        # A province's or the nation's thousands of plans are counted and paged in SQL, from
        # their stored summaries; only the plans on this screen are loaded as models.
        size = scope_size(in_scope, key=None if within else "every plan")  # a superuser's: the same SQL
        if size.count <= _PAGE_SYNC_LIMIT:  # open-case counts agree with today's alerts
            sync_visible(_load_plans(list(in_scope.order_by(*ORDER).values_list("pk", flat=True))), as_of)
        plans = stored_overview(
            in_scope, size, as_of=as_of, every_plan=within is None, shown_as=_as_shown, **listing
        )
    else:
        plans = judged_overview(in_scope, as_of=as_of, today=today, **listing)
    total, tallies = plans.total, plans.tallies
    open_cases = open_case_counts(request.user, today)
    # a subquery: thousands of ids bind slowly
    overdue = overdue_task_counts(in_scope, as_of=as_of, key=None if within else "every plan")
    counts = [StatusCount(code, STATUS_WORDS[code], n) for code, n in total.ordered()]
    at = _at(request)
    for c in counts:
        c.url = f"?status={c.code}{at}"
    page, first_year = plans.page, plans.first_year
    models = {p.pk: p for p in plans.models or _load_plans(plans.shown, shown=True)}
    summaries = _plan_summaries([models[pk] for pk in plans.shown if pk in models], tallies)
    for s in summaries:
        pk = s["plan"].pk
        s["open_cases"] = open_cases.by_plan.get(pk, 0)
        s["overdue"] = overdue.get(pk, 0)
        s["alerts_url"] = f"/monitor/alerts/?plan={pk}{at}"
        s["overdue_url"] = f"/monitor/plans/{pk}/tasks/?status=delayed&scope=all{at}"
        if not fmt:
            s["segments"] = visuals.stacked_bar(
                s["counts"], lambda code, pk=pk: f"/monitor/plans/{pk}/?status={code}{at}"
            )
    if fmt:
        columns, table = monitor_exports.plans_table(summaries)
        return table_response(request, "监测总览", columns, table, fmt, filters=[("评估日期", str(as_of))])
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "open_cases": open_cases,
        "has_simulated": total.simulated,
        "as_of": as_of,
        "counts": counts,
        "status": status,
        "status_word": STATUS_WORDS.get(status, ""),
        "overdue_total": sum(overdue.values()),
        "summaries": summaries,
        "page": page,
        "query": query.urlencode(),
        "plan_count": plans.plan_count,
        "shown_count": plans.shown_count,
        "as_of_groups": _as_of_picker(as_of, first_year=as_of.year if first_year is None else first_year),
        "alert_count": total.alerts,
        "named_boards": plans_naming_member_areas(request.user),
        "areas": _areas_of(request.user, in_scope.values("area_id"), every_plan=within is None),
    }
    return render(request, "monitor/monitor_index.html", context)


@login_required
def plan_overview(request: HttpRequest, pk: int) -> HttpResponse:
    """One plan's every indicator on one screen: counts, alerts, filterable and sortable table."""
    plan = get_plan_for_user(request.user, pk)
    as_of = _as_of(request)
    if as_of == timezone.localdate():
        sync_visible([plan], as_of)
    figures = figure_filter(request.user)
    rows = judge_plan(plan, as_of=as_of, figures=figures)
    # The previous period's record (rows.earlier, when judged) is shown too: mark it as well.
    has_simulated = mark_simulated([*rows, *getattr(rows, "earlier", [])], figures=figures)
    shown, flt = dashboard.filter_rows(rows, request.GET.dict())
    if fmt := export_format(request):
        columns, table = monitor_exports.overview_table(shown)
        filters = [("评估日期", str(as_of)), ("类别", flt.category), ("责任单位", flt.unit)]
        filters.append(("状态", STATUS_WORDS.get(flt.status, flt.status)))
        return table_response(request, f"{plan.title}_监测", columns, table, fmt, filters=filters)
    alerts = dashboard.alert_rows(rows)
    cases = {c.target_id: c for c in AlertCase.objects.filter(plan=plan).select_related("assigned_area")}
    for row in alerts:
        row.case = cases.get(row.spec.target_id)  # its work item's state beside the alert
    dashboard.annotate_cells(shown)
    for row in shown:
        row.spark = visuals.sparkline(row.points, row.indicator.unit or "")
        row.bar = visuals.progress_bar(row)
    # Tiles count the targets of the other filters, so each opens its own part of that list.
    unfiltered, _ = dashboard.filter_rows(rows, {k: v for k, v in request.GET.items() if k != "status"})
    counts = dashboard.status_counts(unfiltered)
    keep = {k: v for k, v in request.GET.items() if k in ("at", "sort", "dir", "category", "unit")}
    for c in counts:
        c.url = "?" + urlencode({**keep, "status": c.code})
    context = {
        "has_simulated": has_simulated,
        "plan": plan,
        "as_of": as_of,
        "rows": shown,
        "total": len(rows),
        "counts": counts,
        "status_word": STATUS_WORDS.get(flt.status, ""),
        "clear_url": "?" + urlencode(keep),
        "as_of_groups": _as_of_picker(as_of, first_year=plan.period_start),
        "alerts": alerts,
        "filter": flt,
        "query": {k: v for k, v in request.GET.items() if k not in ("sort", "dir")},
        "earlier": rows.earlier,  # the previous period's record: its own section, never counted
    }
    return render(request, "monitor/plan_overview.html", context)


@login_required
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One indicator: chart (observed, path, forecast band, target), targets, figures and their history."""
    indicator = get_indicator_for_user(request.user, pk)
    plan = indicator.plan
    as_of = _as_of(request)
    rows = judge_plan(plan, as_of=as_of, only=Q(indicator=indicator), figures=figure_filter(request.user))
    has_simulated = mark_simulated(
        [*rows, *getattr(rows, "earlier", [])], figures=figure_filter(request.user)
    )
    # An indicator with only earlier-period goals still draws its chart from those.
    primary = dashboard.primary_row(rows) or dashboard.primary_row(rows.earlier)
    points = primary.points if primary is not None else []
    from_catalog = primary is not None and primary.points_source == "catalog"
    if from_catalog:
        figures = visible_observations(request.user).filter(
            catalog_id=indicator.catalog_id, area_id=plan.area_id
        )
    else:
        figures = visible_observations(request.user).filter(indicator=indicator, area_id=plan.area_id)
    figures = figures.order_by("period_end", "pk").prefetch_related(
        Prefetch("revisions", queryset=ObservationRevision.objects.order_by("-changed_at", "-pk"))
    )
    figures = list(figures)
    if fmt := export_format(request):
        columns, table = monitor_exports.figures_table(indicator, figures)
        return table_response(
            request, f"{indicator.name}_观测值", columns, table, fmt, filters=[("规划", plan.title)]
        )
    chart = dashboard.indicator_chart(indicator, primary, points)
    context = {
        "has_simulated": has_simulated or any(f.simulated for f in figures),
        "plan": plan,
        "indicator": indicator,
        "as_of": as_of,
        "rows": rows,
        "primary": primary,
        "from_catalog": from_catalog,
        "figures": figures,
        "chart": chart,
        "chart_caption": dashboard.chart_caption(chart),
        "earlier": rows.earlier,
    }
    return render(request, "monitor/indicator_detail.html", context)


@login_required
def task_board(request: HttpRequest, pk: int) -> HttpResponse:
    """A plan's tasks, each once with all its owners and its state as of ?at=; ?owner= narrows to one
    unit; ?scope=mine (the default for a town's own people) to the tasks that name their town or park."""
    access = get_task_board_for_user(request.user, pk)
    plan, as_of = access.plan, _as_of(request)
    tasks = plan.tasks.prefetch_related(
        Prefetch("owners", queryset=TaskOwner.objects.order_by("position", "pk")),
        Prefetch("updates", queryset=TaskUpdate.objects.order_by("-reported_on", "-pk")),
    )
    scope = request.GET.get("scope") or ("mine" if access.areas else "all")
    mine = access.restricted or (scope == "mine" and bool(access.areas))
    owner = request.GET.get("owner", "")
    board = task_board_rows(tasks, as_of=as_of, owner=owner, areas=access.areas if mine else None)
    status = request.GET.get("status", "")
    if status in TaskStatus.values:  # ?status=delayed: the home page's 逾期任务
        board.tasks = [t for t in board.tasks if t.state.status == status]
    else:
        status = ""
    if fmt := export_format(request):
        columns, table = monitor_exports.tasks_table(board.tasks)
        filters = [
            ("评估日期", str(as_of)),
            ("责任单位", owner),
            ("状态", TaskStatus(status).label if status else ""),
        ]
        filters.append(("范围", "本单位相关" if mine else "全部"))
        return table_response(request, f"{plan.title}_任务看板", columns, table, fmt, filters=filters)
    context = {
        "plan": plan,
        "as_of": as_of,
        "board": board,
        "owner": owner,
        "status": status,
        "status_word": TaskStatus(status).label if status else "",
        "areas": access.areas,
        "area_names": "、".join(a.name for a in access.areas),
        "restricted": access.restricted,
        "mine": mine,
    }
    return render(request, "monitor/task_board.html", context)


@login_required
def compare(request: HttpRequest) -> HttpResponse:
    """The same catalogue indicator across the plans of every visible area: chart and table."""
    as_of = _as_of(request)
    plans_qs = monitored_plans(request.user)
    in_scope = Exists(plans_qs.order_by().filter(pk=OuterRef("plan_id")))
    national = plan_filter(request.user) is None
    if national:
        # Every plan of the country: per catalogue entry, an EXISTS from its indicators stops at the
        # first plan in force (reading the scope's 120,000 indicators takes a quarter of a second).
        used = Indicator.objects.order_by().filter(in_scope, catalog=OuterRef("pk"))
        choices = list(CatalogIndicator.objects.filter(Exists(used)).order_by("code"))
    else:  # a district's or a city's plans: their own indicators are few
        used = Indicator.objects.filter(plan__in=plans_qs, catalog__isnull=False).values("catalog_id")
        choices = list(CatalogIndicator.objects.filter(pk__in=used).order_by("code"))
    code = request.GET.get("catalog", "")
    entry = next((c for c in choices if c.code == code), None)
    if entry is None and choices:
        entry = next((c for c in choices if c.code == "RD_INTENSITY"), choices[0])
    entries: list[dashboard.CompareEntry] = []
    figures = figure_filter(request.user)
    if entry is not None:
        # From the entry's indicators with the scope as EXISTS (not every indicator of the scope).
        ids = set(
            Indicator.objects.order_by()
            .filter(in_scope if national else Q(plan__in=plans_qs), catalog=entry)
            .values_list("plan_id", flat=True)
        )
        # Today's judgements are stored: read in one query for thousands of areas; the rest judged.
        if as_of == timezone.localdate():
            entries = stored_compare.stored_entries(
                plans_qs, entry.pk, Audience.STAFF, as_of, national=national
            )
        kept = {e.plan_id for e in entries}
        missing = ids - kept
        rest = list(Plan.objects.filter(pk__in=missing).select_related("area")) if missing else []
        if rest:
            rows_by_plan = judge_plans(
                rest, as_of=as_of, only=Q(indicator__catalog=entry), with_previous=False, figures=figures
            )
            mark_simulated([r for rows in rows_by_plan.values() for r in rows], figures=figures)
            entries += dashboard.compare_entries(rows_by_plan, {p.pk: p for p in rest})
    ranked = comparison.rank(entries)
    entries = ranked.entries
    page = None
    if len(entries) > COMPARE_PER_PAGE and not export_format(request):
        # Thousands of areas (a national comparison): ranked over all, shown a page of ranks at a time.
        page = Paginator(entries, COMPARE_PER_PAGE).get_page(request.GET.get("page"))
        entries = list(page.object_list)
    if entry is not None:
        stored_compare.add_points(entries, entry.pk, figures)
        years = sorted({p.year for e in entries for p in e.points})
        ranked = dataclasses.replace(ranked, entries=entries, years=years)
    towns = None
    if entry is not None:  # the areas below the plans' areas: towns of a district, districts of a city
        figures = visible_observations(request.user).filter(
            catalog=entry, indicator__isnull=True, period_end__lte=as_of
        )
        towns = comparison.child_area_ranking(figures, {e.plan_area_id for e in entries})
    if fmt := export_format(request):
        columns, table = monitor_exports.compare_table(entries, entry.unit if entry else "")
        filters = [("评估日期", str(as_of)), ("指标", entry.name_zh if entry else "")]
        return table_response(request, "横向对比", columns, table, fmt, filters=filters)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "query": query.urlencode(),
        "has_simulated": any(e.simulated for e in entries),
        "as_of": as_of,
        "choices": choices,
        "entry": entry,
        "entries": entries,
        "ranked": ranked,
        "chart": comparison.ranked_chart(ranked, entry.unit if entry else ""),
        "trend": comparison.trend_chart(ranked, entry.unit if entry else ""),
        "trend_rows": comparison.trend_rows(ranked),
        "chart_height": comparison.chart_height(len(entries)),
        "towns": towns,
        "plan_areas": "、".join(dict.fromkeys(e.area_name for e in entries)),
        "town_rows": comparison.area_trend_rows(towns) if towns else [],
        "town_chart": comparison.area_bar_chart(towns, entry.unit) if towns and towns.figures else None,
        "town_trend": comparison.area_trend_chart(towns, entry.unit) if towns and towns.figures else None,
        "town_chart_height": comparison.chart_height(len(towns.figures)) if towns else 0,
        "as_of_groups": _as_of_picker(as_of, first_year=timezone.localdate().year - 5),
    }
    return render(request, "monitor/compare.html", context)
