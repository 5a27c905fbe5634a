"""What the public pages show: published plans, their judged targets and each indicator's figures.

Only published plans (not drafts, not withdrawn or replaced versions) and only final, real figures
of released plans: judged with ``include_provisional=False, include_simulated=False`` and
``public_figure_filter()``, and every figure listed goes through ``public_figures``, which applies
the same rules. No figure's note (说明) is ever shown: notes are for staff.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kechuang.observations.access import public_figure_filter
from kechuang.observations.enums import ObservationStatus
from kechuang.observations.models import Audience, Observation
from kechuang.observations.monitoring import PlanRows, TargetRow, dashboard, judge_plan, judge_plans
from kechuang.observations.monitoring.dashboard import StatusCount
from kechuang.observations.progress import STATUS_WORDS
from kechuang.observations.stored.tallies import plan_tallies
from kechuang.plans.enums import PlanStatus
from kechuang.plans.models import Indicator, Plan, TaskOwner
from kechuang.plans.tasks import task_board as task_board_rows
from kechuang.public import expected

# The public view of a judgement: final figures only, no previous-period comparison.
_PUBLIC_JUDGING: dict[str, Any] = {
    "include_provisional": False,
    "include_simulated": False,
    "with_previous": False,
}

# A symbol beside every status word, so that colour is never the only sign (WCAG 1.4.1).
STATUS_ICONS = {
    "met": "✔",
    "nearly_met": "≈",
    "missed": "✘",
    "ahead": "▲",
    "on_track": "●",
    "behind": "▼",
    "seriously_behind": "▼▼",
    "within_ceiling": "✔",
    "ceiling_rising": "↗",
    "over_ceiling": "✘",
    "awaiting_data": "…",
    "no_data": "○",
    "undeterminable": "？",
    "not_applicable": "－",
}


def published_plans() -> QuerySet[Plan]:
    """Plans in force: published, not withdrawn, not replaced by a newer version."""
    return Plan.objects.filter(status=PlanStatus.PUBLISHED).select_related("area")


def get_published_plan(pk: int) -> Plan:
    plan = published_plans().filter(pk=pk).first()
    if plan is None:
        raise Http404("规划不存在或尚未发布")
    return plan


def get_public_indicator(pk: int) -> Indicator:
    """An indicator of a published plan, or 404 (a draft's indicator is not public)."""
    ind = (
        Indicator.objects.filter(pk=pk, plan__status=PlanStatus.PUBLISHED)
        .select_related("plan__area", "catalog")
        .first()
    )
    if ind is None:
        raise Http404("指标不存在或所属规划尚未发布")
    return ind


def public_figures(indicator: Indicator, *, from_catalog: bool = False) -> list[Observation]:
    """The indicator's final, real figures in its plan's area, oldest first (what the chart draws)."""
    qs = Observation.objects.filter(public_figure_filter(), area_id=indicator.plan.area_id)
    qs = qs.filter(simulated=False, status=ObservationStatus.FINAL)
    if from_catalog and indicator.catalog_id is not None:
        qs = qs.filter(catalog_id=indicator.catalog_id)
    else:
        qs = qs.filter(indicator=indicator)
    return list(qs.order_by("period_end", "pk"))


@dataclass
class AreaGroup:
    """One area's published plans on the index page."""

    name: str
    summaries: list[dict] = field(default_factory=list)


def index_groups(
    as_of: dt.date, *, choose: Callable[[list[int]], list[int]] | None = None
) -> list[AreaGroup]:
    """Every published plan judged on public figures, grouped by area (by area code).

    `choose` picks the areas to show from all of them in order (a page of the index); the plans
    are counted from stored summaries and loaded as models only for the areas shown."""
    refs = list(
        published_plans()
        .order_by("area__code", "-period_end", "title")
        .values_list("pk", "status", "area_id")
    )
    plans = [_Ref(pk, status) for pk, status, _ in refs]

    def judge(rest: list) -> dict:
        models = list(published_plans().filter(pk__in=[p.pk for p in rest]))
        return judge_plans(models, as_of=as_of, figures=public_figure_filter(), **_PUBLIC_JUDGING)

    area_ids = list(dict.fromkeys(area_id for _, _, area_id in refs))
    shown = set(choose(area_ids) if choose is not None else area_ids)
    tallies = plan_tallies(
        [p for p, r in zip(plans, refs, strict=True) if r[2] in shown],
        as_of=as_of,
        today=timezone.localdate(),
        audience=Audience.PUBLIC,
        judge=judge,
    )
    models = published_plans().in_bulk([pk for pk, _, area_id in refs if area_id in shown])
    groups: dict[int, AreaGroup] = {}
    for pk, _, area_id in refs:
        if area_id not in shown or pk not in models:
            continue
        plan, tally = models[pk], tallies[pk]
        group = groups.setdefault(area_id, AreaGroup(plan.area.name))
        group.summaries.append(
            {
                "plan": plan,
                "counts": [StatusCount(code, STATUS_WORDS[code], n) for code, n in tally.ordered()],
                "targets": tally.targets,
                "without_figures": tally.without_figures,
            }
        )
    return list(groups.values())


class _Ref(NamedTuple):
    pk: int
    status: str


def judge_public(plan: Plan, as_of: dt.date, only: Q | None = None) -> Any:
    return judge_plan(plan, as_of=as_of, only=only, figures=public_figure_filter(), **_PUBLIC_JUDGING)


def plan_page(plan: Plan, as_of: dt.date) -> dict[str, Any]:
    """A plan's public page: counts, targets with figures, one line for those still without."""
    rows = judge_public(plan, as_of)
    with_figures = [r for r in rows if r.points]
    waiting = [r for r in rows if not r.points]
    tasks = plan.tasks.prefetch_related(
        Prefetch("owners", queryset=TaskOwner.objects.order_by("position", "pk")), "updates"
    )
    return {
        "plan": plan,
        "as_of": as_of,
        "rows": with_figures,
        "total": len(rows),
        "counts": dashboard.status_counts(rows),
        "waiting": expected.group_waiting(waiting, as_of, plan.area_id),
        "waiting_count": len({r.spec.indicator_id for r in waiting}),
        "tasks": task_board_rows(tasks, as_of=as_of).tasks,
        "earlier": rows.earlier,  # shown apart, never in the public counts
    }


def public_chart(indicator: Indicator, row: TargetRow | None) -> dict[str, Any]:
    """The indicator's chart: actual figures and the path to the target (no forecast on the public site)."""
    option = dashboard.indicator_chart(indicator, row, row.points if row is not None else [])
    kept = {"实际值", "目标路径", "目标值"}
    option["series"] = [s for s in option["series"] if s["name"] in kept]
    option["legend"]["data"] = [n for n in option["legend"]["data"] if n in kept]
    return option


def indicator_page(indicator: Indicator, as_of: dt.date, plan_rows: PlanRows | None = None) -> dict[str, Any]:
    """One indicator: its targets judged, the chart, the table of figures behind it, its definition.

    `plan_rows` (the whole plan judged by `judge_public` at `as_of`) saves judging the plan once per
    indicator when every indicator of a plan is rendered (the static export); the rows are the same."""
    plan = indicator.plan
    if plan_rows is None:
        rows = judge_public(plan, as_of, only=Q(indicator=indicator))
    else:
        mine = indicator.pk
        rows = PlanRows(
            (r for r in plan_rows if r.spec.indicator_id == mine),
            (r for r in plan_rows.earlier if r.spec.indicator_id == mine),
        )
    primary = dashboard.primary_row(rows) or dashboard.primary_row(rows.earlier)
    from_catalog = primary is not None and primary.points_source == "catalog"
    figures = public_figures(indicator, from_catalog=from_catalog)
    if primary is None and not figures and indicator.catalog_id is not None:
        from_catalog = True
        figures = public_figures(indicator, from_catalog=True)
    chart = public_chart(indicator, primary)
    return {
        "plan": plan,
        "indicator": indicator,
        "as_of": as_of,
        "rows": rows,
        "earlier": rows.earlier,
        "primary": primary,
        "from_catalog": from_catalog,
        "figures": figures,
        "chart": chart,
        "chart_caption": dashboard.chart_caption(chart),
        "expected": expected.expected_line(indicator, as_of) if not figures else "",
        "definition": indicator.catalog.definition if indicator.catalog_id else "",
    }
