"""Plans in and out of the extraction format (``extraction-schema.md``), losslessly."""

from __future__ import annotations

from django.db import transaction

from kechuang.common.numbers import plain_number
from kechuang.plans.catalog import catalog_for, infer_direction
from kechuang.plans.enums import (
    ATTRIBUTE_FROM_TEXT,
    ATTRIBUTE_TO_TEXT,
    Accumulation,
    IndicatorRole,
    PlanStatus,
    TargetKind,
)
from kechuang.plans.figures import DocumentFigure, figure_store
from kechuang.plans.models import Indicator, Plan, Target, Task, TaskOwner, TaskSuggestion
from kechuang.plans.ranges import stretch_from_text
from kechuang.plans.titles import title_key
from kechuang.plans.validation import PlanFormatError, validate_plan_data
from kechuang.tenancy.domain import AreaAmbiguous, AreaNotFound, find_area
from kechuang.tenancy.models import Area


class PlanImportError(ValueError):
    """The plan cannot be imported as asked; nothing was written."""


def _accumulation(ind: dict) -> str:
    flow = "每年" in ind["note"] or any(t["kind"] == TargetKind.ANNUAL for t in ind["targets"])
    return Accumulation.FLOW if flow else Accumulation.STOCK


@transaction.atomic
def import_plan(
    data: object,
    *,
    area: Area | None = None,
    replace: bool = False,
    status: str = PlanStatus.PUBLISHED,
    acting_user: object | None = None,
    duplicate_of: Plan | None = None,
) -> Plan:
    """Create a plan with its indicators, targets, tasks, actuals and series from extraction data.

    Side effects, all in one transaction: the plan, its indicators (goals and
    series), targets, tasks with owners, the task chapter's headings offered as tasks
    (``task_suggestions``, accepted or not on the review page), and observations with source "plan
    document" for actuals and series points. A plan already present for the same
    area, title and period is refused unless ``replace`` is set, in which case it
    is rebuilt in place under the same id; figures recorded by people against its
    old indicators block the replacement rather than being lost. ``duplicate_of``
    makes a new draft beside a plan it likely repeats, marked for its uploader's
    decision (``kechuang.plans.duplicates``). A published import is refused when the
    same plan is already published under another spelling of its title.
    """
    try:
        clean = validate_plan_data(data)
    except PlanFormatError as exc:
        raise PlanImportError(str(exc)) from exc
    doc = clean["document"]
    if area is None:
        if not doc["region"]:
            raise PlanImportError("document.region：文件未写明地区，请用 --area 指定地区代码")
        try:
            area = find_area(doc["region"])
        except AreaAmbiguous as exc:
            raise PlanImportError(f"document.region：{exc}，或用 --area 指定地区代码") from exc
        except AreaNotFound as exc:
            raise PlanImportError(f"document.region：{exc}，请先建立该地区或用 --area 指定") from exc
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    identity = {
        "area": area,
        "title": doc["title"],
        "period_start": doc["period"]["start"],
        "period_end": doc["period"]["end"],
    }
    if duplicate_of is not None:
        plan = Plan(**identity, created_by=user, duplicate_of=duplicate_of)
        replace = False
    else:
        plan = Plan.objects.filter(**identity, duplicate_of__isnull=True).order_by("-version").first()
    if plan and plan.pk and not replace:
        raise PlanImportError(
            f"规划“{doc['title']}”（{area.name}，{doc['period']['start']}–{doc['period']['end']}）已存在（编号 {plan.pk}），"
            "如需覆盖请加 --replace"
        )
    if plan and plan.pk:
        _clear_plan_contents(plan)
    elif plan is None:
        plan = Plan(**identity, created_by=user)
    plan.issuer = doc["issuer"]
    plan.region_text = doc["region"]
    plan.doc_number = doc["doc_number"]
    plan.issued = doc["issued"]
    plan.status = status
    if status == PlanStatus.PUBLISHED:
        _refuse_second_copy(plan)
    plan.save()

    figures: list[DocumentFigure] = []

    def record(indicator: Indicator, year: int, value: float) -> None:
        figures.append(DocumentFigure(indicator, year, value))

    for pos, ind in enumerate(clean["indicators"]):
        catalog = catalog_for(ind["name"], ind["unit"], ind["catalog"] or None)
        baseline = ind["baseline"] or {}
        indicator = Indicator.objects.create(
            plan=plan,
            position=pos,
            role=IndicatorRole.GOAL,
            name=ind["name"],
            category=ind["category"],
            unit=ind["unit"],
            attribute=ATTRIBUTE_FROM_TEXT.get(ind["attribute"], ""),
            direction=infer_direction(ind["name"], catalog),
            accumulation=_accumulation(ind),
            note=ind["note"],
            data_source=ind["source"],
            baseline_year=baseline.get("year"),
            baseline_value=baseline.get("value"),
            catalog=catalog,
            evidence=ind["evidence"],
        )
        Target.objects.bulk_create(
            Target(
                indicator=indicator,
                position=k,
                year=t["year"],
                value=t["value"],
                comparator=t["comparator"],
                kind=t["kind"],
                text=t["text"],
                evidence=t["evidence"],
                stretch_value=t["stretch"]
                if t["stretch"] is not None
                else stretch_from_text(t["text"], t["value"], t["comparator"]),
            )
            for k, t in enumerate(ind["targets"])
        )
        for actual in ind["actuals"]:
            record(indicator, actual["year"], actual["value"])
    for pos, series in enumerate(clean["series"]):
        catalog = catalog_for(series["name"], series["unit"])
        indicator = Indicator.objects.create(
            plan=plan,
            position=pos,
            role=IndicatorRole.SERIES,
            name=series["name"],
            unit=series["unit"],
            direction=infer_direction(series["name"], catalog),
            catalog=catalog,
        )
        for point in series["points"]:
            record(indicator, point["year"], point["value"])
    for pos, task in enumerate(clean["tasks"]):
        row = Task.objects.create(
            plan=plan,
            position=pos,
            code=task["code"],
            goal=task["goal"],
            title=task["title"],
            deadline=task["deadline"],
        )
        TaskOwner.objects.bulk_create(
            TaskOwner(task=row, position=k, name=o) for k, o in enumerate(task["owners"])
        )
    TaskSuggestion.objects.bulk_create(
        TaskSuggestion(plan=plan, position=pos, **suggestion)
        for pos, suggestion in enumerate(clean["task_suggestions"])
    )
    figure_store().record_document_figures(figures, area=area, acting_user=acting_user)
    return plan


def _refuse_second_copy(plan: Plan) -> None:
    from kechuang.plans.duplicates import matching_plans

    others = matching_plans(
        area=plan.area,
        key=title_key(plan.title, plan.issuer),
        period_start=plan.period_start,
        period_end=plan.period_end,
        statuses=[PlanStatus.PUBLISHED],
        exclude=[plan.pk] if plan.pk else [],
    )
    if others:
        other = others[0]
        raise PlanImportError(
            f"已发布的“{other.title}”（{other.area.name}，{other.period_start}–{other.period_end}，编号 {other.pk}）"
            "与本规划是同一规划，不能再发布一份；请以草稿导入后作为其新版本"
        )


def _clear_plan_contents(plan: Plan) -> None:
    store = figure_store()
    kept = store.figures_not_from_document(plan)
    if kept:
        raise PlanImportError(
            f"规划（编号 {plan.pk}）的指标已有 {kept} 条人工或统计数据，不能整体覆盖；请在审核页面逐项修改"
        )
    store.delete_plan_figures(plan)
    plan.indicators.all().delete()
    plan.task_suggestions.all().delete()
    plan.tasks.all().delete()


def _stretch(t: Target) -> dict:
    """The stretch end of a range goal, only when the goal's words do not already give it back."""
    if t.stretch_value is None or t.stretch_value == stretch_from_text(t.text, t.value, t.comparator):
        return {}
    return {"stretch": plain_number(t.stretch_value)}


def export_plan(plan: Plan) -> dict:
    """The plan in the extraction format; ``import_plan(export_plan(p))`` rebuilds the same plan."""
    plan_obs = {
        indicator_id: [{"year": year, "value": plain_number(value)} for year, value in pairs]
        for indicator_id, pairs in figure_store().document_figures(plan).items()
    }
    indicators, series = [], []
    for ind in (
        plan.indicators.select_related("catalog")
        .prefetch_related("targets")
        .order_by("role", "position", "pk")
    ):
        if ind.role == IndicatorRole.SERIES:
            series.append({"name": ind.name, "unit": ind.unit or None, "points": plan_obs.get(ind.pk, [])})
            continue
        baseline = None
        if ind.baseline_year is not None and ind.baseline_value is not None:
            baseline = {"year": ind.baseline_year, "value": plain_number(ind.baseline_value)}
        indicators.append(
            {
                "name": ind.name,
                "category": ind.category or None,
                "unit": ind.unit or None,
                "attribute": ATTRIBUTE_TO_TEXT.get(ind.attribute),
                "source": ind.data_source or None,
                "note": ind.note or None,
                "baseline": baseline,
                "targets": [
                    {
                        "year": t.year,
                        "value": plain_number(t.value),
                        "comparator": t.comparator,
                        "kind": t.kind,
                        "text": t.text,
                        **_stretch(t),
                    }
                    for t in ind.targets.all()
                ],
                "actuals": plan_obs.get(ind.pk, []),
                "catalog": ind.catalog.code if ind.catalog else None,
            }
        )
    tasks = [
        {
            "code": t.code or None,
            "goal": t.goal,
            "title": t.title or None,
            "owners": [o.name for o in t.owners.all()],
            "deadline": t.deadline,
        }
        for t in plan.tasks.prefetch_related("owners")
    ]
    # Headings the reviewer has not yet accepted as tasks: still the reader's offer.
    suggestions = [
        {
            "title": s.title,
            "chapter": s.chapter or None,
            "group": s.group or None,
            "code": s.code or None,
            "text": s.text or None,
            "owners": list(s.owners),
        }
        for s in plan.task_suggestions.filter(accepted_at__isnull=True)
    ]
    return {
        "document": {
            "title": plan.title,
            "issuer": plan.issuer or None,
            "region": plan.region_text or None,
            "doc_number": plan.doc_number or None,
            "issued": plan.issued.isoformat() if plan.issued else None,
            "period": {"start": plan.period_start, "end": plan.period_end},
        },
        "indicators": indicators,
        "series": series,
        "tasks": tasks,
        **({"task_suggestions": suggestions} if suggestions else {}),
    }
