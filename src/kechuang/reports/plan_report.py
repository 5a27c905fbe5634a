"""规划实施评估报告: one plan judged at a date, as a ``Document`` every format renders.

Why from the monitoring engine: the report must say what the monitoring page says on the same
date for the same reader — the same judgement (``judge_plan``), the same access rules
(``plans.access``, ``observations.access``), the same chart (``dashboard.indicator_chart``) and
the same explanations (``monitoring.explain``). A public build uses the public page's rules:
a published plan only, final figures only (no provisional or simulated ones), no alerts.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from typing import Any

from django.db.models import Prefetch

from kechuang.observations.access import figure_filter, public_figure_filter
from kechuang.observations.monitoring import TargetRow, dashboard, explain, judge_plan, load_thresholds
from kechuang.observations.monitoring.simulated import mark_simulated
from kechuang.plans.access import get_task_board_for_user, visible_plans
from kechuang.plans.enums import PlanStatus
from kechuang.plans.models import Plan, TaskOwner, TaskUpdate
from kechuang.plans.tasks import task_board
from kechuang.reports import plan_narrative as say
from kechuang.reports.document import Column, Document, Heading, Paragraph, Table
from kechuang.reports.kinds import ReportKind, ReportParam, ReportRefused, register
from kechuang.reports.plan_blocks import alerts_table, earlier_table, indicator_chart, target_table

NUMERALS = "一二三四五六七八九十"


def stage_word(plan: Plan, at: dt.date) -> str:
    """终期评估 once the plan's last year is over (or on its last day), else 中期评估."""
    return "终期评估" if at >= dt.date(plan.period_end, 12, 31) else "中期评估"


def _plan(plan_id: int, at: dt.date, user: Any, public: bool) -> Plan:
    if public:
        qs = Plan.objects.filter(status=PlanStatus.PUBLISHED).select_related("area")
    elif user is None:
        qs = Plan.objects.select_related("area")  # the server's own command line: every plan
    else:
        qs = visible_plans(user)
    plan = qs.filter(pk=plan_id).first()
    if plan is None:
        why = "不存在或未发布" if public else "不存在" if user is None else "不存在或无权查看"
        raise ReportRefused(f"规划（编号 {plan_id}）{why}")
    if at < dt.date(plan.period_start, 1, 1):
        raise ReportRefused(
            f"评估日期 {say.day(at)} 早于规划期（{plan.period_start}—{plan.period_end} 年），无法评估；"
            f"请选择 {plan.period_start} 年 1 月 1 日以后的日期"
        )
    return plan


def _tasks(plan: Plan, at: dt.date, user: Any, public: bool) -> tuple[Table | None, dict[str, int]]:
    """Tasks grouped by responsible unit (a task shared by two units is listed under each)."""
    areas = None
    if user is not None and not public:
        access = get_task_board_for_user(user, plan.pk)
        areas = access.areas if access.restricted else None
    tasks = plan.tasks.prefetch_related(
        Prefetch("owners", queryset=TaskOwner.objects.order_by("position", "pk")),
        Prefetch("updates", queryset=TaskUpdate.objects.order_by("-reported_on", "-pk")),
    ).order_by("position", "pk")
    board = task_board(tasks, as_of=at, areas=areas)
    counts = {c.status: c.count for c in board.counts}
    counts["total"] = len(board.tasks)
    if not board.tasks:
        return None, counts
    by_owner: OrderedDict[str, list] = OrderedDict((o, []) for o in board.owners)
    for task in board.tasks:
        for name, _ in task.owner_marks:
            by_owner.setdefault(name, []).append(task)
    rows, marks = [], []
    for owner, owned in by_owner.items():
        for t in owned:
            rows.append(
                [owner, t.code or str(t.position), t.goal, t.deadline, t.state.progress, t.state.word]
            )
            marks.append("overdue" if t.state.overdue else "")
    table = Table(
        title="表 重点任务进展（按责任单位）",
        columns=[
            Column("责任单位"),
            Column("编号"),
            Column("任务"),
            Column("完成年限", "年", numeric=True),
            Column("进度", "%", numeric=True, digits=0),
            Column("状态"),
        ],
        rows=rows,
        marks=marks,
        sheet="任务进展",
        note="逾期：完成年限已过仍未完成（表中以红色底纹标出）；进度为评估日期前最近一次报送的进度。",
    )
    return table, counts


def _method(rows: list[TargetRow], public: bool) -> list[Paragraph]:
    th = load_thresholds()
    out = [
        Paragraph(
            "完成率 =（最新值 − 基期值）÷（目标值 − 基期值）；目标年已过的目标按达到目标的比例给出结论。"
            "时序进度为按预期路径到评估时应完成的比例：数量、金额类指标按年均增长（复合）路径，"
            "比例、比率类指标按直线路径。进度比 = 完成率 ÷ 时序进度。",
            style="note",
        )
    ]
    for group in explain.legend(th):
        rules = "；".join(f"{e.word}：{e.rule}" for e in group.entries)
        out.append(Paragraph(f"{group.title}——{rules}。", style="note"))
    out.append(
        Paragraph(
            f"目标年预测按近年观测值的趋势外推，给出 {explain.share(th.confidence)} 预测区间；"
            "达标概率为预测目标年达到目标的可能性。",
            style="note",
        )
    )
    if not public:
        out.append(Paragraph(explain.alert_note(th) + "。", style="note"))
    sources = sorted({r.indicator.data_source for r in rows if r.indicator.data_source})
    out.append(
        Paragraph(
            "数据来源：各指标年度数据由"
            + ("、".join(sources) if sources else "各责任单位")
            + "报送，经科创平台汇总；规划未单独报送数据的指标采用本地区标准指标统计数据。"
            + (
                "公开版仅采用正式数据，不含初步数和模拟数据。"
                if public
                else "评估采用截至评估日期已录入的正式数据和初步数。"
            ),
            style="note",
        )
    )
    return out


def build_plan_report(plan_id: int, at: dt.date, *, user: Any = None, public: bool = False) -> Document:
    """The evaluation report of one plan as of ``at``; ReportRefused (Chinese) when it cannot be made.

    ``user`` reads only what they may see on the monitoring pages; ``None`` (the server's own
    command line) reads everything; ``public`` follows the public page (published plan, final figures).
    """
    plan = _plan(plan_id, at, user, public)
    if public:
        rows = judge_plan(
            plan,
            as_of=at,
            include_provisional=False,
            include_simulated=False,
            with_previous=False,
            figures=public_figure_filter(),
        )
        simulated = False
    else:
        figures = None if user is None else figure_filter(user)
        rows = judge_plan(plan, as_of=at, figures=figures)
        simulated = mark_simulated([*rows, *rows.earlier], figures=figures)
    earlier = list(rows.earlier)
    dashboard.annotate_cells([*rows, *earlier])
    alerts = None if public else dashboard.alert_rows(rows)
    task_table, task_counts = _tasks(plan, at, user, public)
    stage = stage_word(plan, at)
    indicators = list(OrderedDict.fromkeys(r.indicator for r in rows))
    doc = Document(
        title=f"{plan.title}实施情况{stage}报告",
        subtitle=("（公开版）" if public else "") + f"评估截至 {say.day(at)}",
        issuer=plan.issuer or plan.area.name,
        as_of=at,
        source="、".join(sorted({i.data_source for i in indicators if i.data_source})) or "科创平台监测数据",
        simulated=simulated,
        kind="plan",
    )
    chapter = iter(NUMERALS)

    def h1(text: str) -> None:
        doc.blocks.append(Heading(f"{next(chapter)}、{text}", 1))

    h1("总体情况")
    for text in say.summary(
        plan_title=plan.title,
        period=(plan.period_start, plan.period_end),
        as_of=at,
        stage=stage,
        rows=rows,
        indicator_count=len(indicators),
        alerts=alerts,
        task_counts=task_counts,
        simulated=simulated,
    ):
        doc.blocks.append(Paragraph(text, style="warning" if text.startswith("说明：部分") else ""))
    counts = dashboard.status_counts(rows)
    doc.blocks.append(
        Table(
            title="目标状态统计",
            columns=[Column("状态"), Column("目标数", "项", numeric=True)],
            rows=[[c.word, c.count] for c in counts] + [["合计", len(rows)]],
            sheet="状态统计",
        )
    )
    h1("规划目标完成情况")
    doc.blocks.append(target_table(list(rows)))
    h1("主要指标走势")
    doc.blocks.append(
        Paragraph(
            "各图中实线为实际值，虚线为从基期到目标的路径，阴影为目标年预测区间，菱形为目标值。", "note"
        )
    )
    by_indicator: OrderedDict[int, list[TargetRow]] = OrderedDict()
    for r in rows:
        by_indicator.setdefault(r.spec.indicator_id, []).append(r)
    for ind_rows in by_indicator.values():
        primary = dashboard.primary_row(ind_rows)
        if primary is None:
            continue
        doc.blocks.append(Heading(primary.indicator.name, 3))
        doc.blocks.append(indicator_chart(primary))
        for r in ind_rows:
            doc.blocks.append(Paragraph(say.indicator_sentence(r)))
    if earlier:
        h1("上期规划完成情况")
        doc.blocks.append(earlier_table(earlier))
    h1("重点任务进展")
    if task_table is not None:
        overdue = task_counts.get("delayed", 0)
        doc.blocks.append(
            Paragraph(
                f"规划任务 {task_counts['total']} 项，其中逾期 {overdue} 项。"
                if overdue
                else f"规划任务 {task_counts['total']} 项，目前没有逾期任务。"
            )
        )
        doc.blocks.append(task_table)
    else:
        doc.blocks.append(Paragraph("规划未列出可跟踪的任务。"))
    if alerts is not None:
        h1("预警情况")
        if alerts:
            doc.blocks.append(Paragraph(f"共有预警目标 {len(alerts)} 项，详见下表。"))
            doc.blocks.append(alerts_table(alerts))
        else:
            doc.blocks.append(Paragraph("当前没有预警目标。"))
    doc.blocks.append(Heading("附录 评估方法与数据来源", 1))
    doc.blocks.extend(_method(list(rows), public))
    return doc


def _build(*, user: Any = None, public: bool = False, plan_id: int, at: dt.date) -> Document:
    return build_plan_report(plan_id, at, user=user, public=public)


register(
    ReportKind(
        code="plan",
        label="规划实施评估报告",
        build=_build,
        params=(
            ReportParam(
                "plan_id", "PLAN_ID", "规划编号（见 kechuang plan list）", kind="int", positional=True
            ),
            ReportParam("at", "--at", "评估日期，YYYY-MM-DD（默认今天）", kind="date", required=False),
        ),
    )
)
