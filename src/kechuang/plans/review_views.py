"""The review page of a draft plan: one form for every entry, merge, bulk drop and undo.

Every request reaches the plan through ``get_plan_for_user(..., write=True)`` (404 outside
the user's scope) and changes it through one function of ``kechuang.plans.review``. Each
action button submits the whole page, so the corrections typed elsewhere on it are saved
first and never lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from kechuang.common.numbers import plain_number
from kechuang.common.users import display_name
from kechuang.plans import queries, review, suggestions
from kechuang.plans.access import get_plan_for_user
from kechuang.plans.drafts import DraftError
from kechuang.plans.enums import Attribute, Comparator, IndicatorRole, TargetKind
from kechuang.plans.forms import IndicatorForm, TargetForm, catalog_choices, first_error
from kechuang.plans.models import CatalogIndicator, Indicator, IndicatorRemoval, Plan, Target, TaskOwner
from kechuang.plans.review_checks import review_stamp, review_warnings

# A plan this small is shown with every section open.
_ALL_OPEN_UP_TO = 8
_INDICATOR_FIELDS = ("name", "unit", "category", "attribute", "catalog")
_TARGET_FIELDS = ("year", "value", "comparator", "kind")


def _indicator_initial(ind: Indicator) -> dict:
    return {
        "name": ind.name,
        "unit": ind.unit,
        "category": ind.category,
        "attribute": ind.attribute,
        "catalog": str(ind.catalog_id) if ind.catalog_id else "",
        "reviewed": ind.reviewed,
    }


def _target_initial(t: Target) -> dict:
    # 1200, not 1200.0: the reviewer compares the field with the document's wording.
    return {"year": t.year, "value": plain_number(t.value), "comparator": t.comparator, "kind": t.kind}


def _load(plan: Plan) -> list[Indicator]:
    return list(
        plan.indicators.select_related("catalog").prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("year", "position", "pk"))
        )
    )


# --- reading the posted page ----------------------------------------------------------------------


@dataclass
class Posted:
    """The page's forms as posted: only entries whose fields came in; absent fields keep their value."""

    indicators: dict[int, IndicatorForm] = field(default_factory=dict)
    targets: dict[int, TargetForm] = field(default_factory=dict)
    stamps: dict[int, str] = field(default_factory=dict)

    def forms(self) -> list:
        return [*self.indicators.values(), *self.targets.values()]

    def invalid(self) -> list:
        return [f for f in self.forms() if not f.is_valid()]


def _overlay(post: object, prefix: str, names: tuple[str, ...], initial: dict) -> dict:
    data = {f"{prefix}-{k}": v for k, v in initial.items() if k in names}
    data.update({key: post[key] for key in data if key in post})
    return data


def _read_posted(request: HttpRequest, indicators: list[Indicator], catalog: dict) -> Posted:
    post, posted = request.POST, Posted()
    for ind in indicators:
        prefix = f"ind{ind.pk}"
        if f"{prefix}-name" in post:
            data = _overlay(post, prefix, _INDICATOR_FIELDS, _indicator_initial(ind))
            if post.get(f"{prefix}-reviewed"):  # a checkbox: absent means unticked
                data[f"{prefix}-reviewed"] = "on"
            posted.indicators[ind.pk] = IndicatorForm(data, prefix=prefix, catalog=catalog)
            if post.get(f"{prefix}-stamp"):
                posted.stamps[ind.pk] = post[f"{prefix}-stamp"]
        for t in ind.targets.all():
            tp = f"t{t.pk}"
            if f"{tp}-year" in post:
                posted.targets[t.pk] = TargetForm(
                    _overlay(post, tp, _TARGET_FIELDS, _target_initial(t)), prefix=tp
                )
    return posted


def _save_posted(request: HttpRequest, plan: Plan) -> HttpResponse | review.ReviewSaved:
    """Save the corrections posted with any button of the page, or the page again with what went wrong."""
    indicators = _load(plan)
    posted = _read_posted(request, indicators, catalog_choices())
    invalid = posted.invalid()
    if invalid:
        messages.error(request, f"有 {len(invalid)} 处输入有误，本次修改均未保存：{first_error(invalid[0])}")
        return _review_page(request, plan, posted=posted, status=400)
    try:
        return review.save_review(
            plan,
            indicators={pk: f.cleaned_data for pk, f in posted.indicators.items()},
            targets={pk: f.cleaned_data for pk, f in posted.targets.items()},
            stamps=posted.stamps,
            acting_user=request.user,
        )
    except review.StaleReview as exc:
        messages.error(request, str(exc))
        for pk in exc.indicator_ids:  # show the other person's version of these
            posted.indicators.pop(pk, None)
        stale_targets = {t.pk for i in indicators if i.pk in exc.indicator_ids for t in i.targets.all()}
        for pk in stale_targets:
            posted.targets.pop(pk, None)
        return _review_page(request, plan, posted=posted, status=409)
    except DraftError as exc:
        messages.error(request, str(exc))
        return _review_page(request, plan, posted=posted, status=400)


def _saved_note(saved: review.ReviewSaved) -> str:
    return f"已保存 {saved.total} 处修改" if saved.total else ""


# --- the page -------------------------------------------------------------------------------------


@dataclass
class Section:
    """One category of indicators on the review page, collapsible, with what is left in it."""

    key: str
    title: str
    items: list[Indicator]
    open: bool = False

    @property
    def left(self) -> int:
        return sum(1 for i in self.items if not i.form_reviewed)

    @property
    def warned(self) -> int:
        return sum(1 for i in self.items if i.warnings)


def _sections(indicators: list[Indicator]) -> list[Section]:
    by_category: dict[str, list[Indicator]] = {}
    series = []
    for ind in indicators:
        if ind.role == IndicatorRole.SERIES:
            series.append(ind)
        else:
            by_category.setdefault(ind.category or "未分类指标", []).append(ind)
    sections = [Section(f"sec-{n}", title, items) for n, (title, items) in enumerate(by_category.items(), 1)]
    if series:
        sections.append(Section("sec-series", "历年统计", series))
    return sections


def _merge_choices(indicators: list[Indicator], role: str) -> list[tuple[str, list[Indicator]]]:
    groups: dict[str, list[Indicator]] = {}
    for ind in indicators:
        if ind.role == role:
            groups.setdefault(ind.category or "未分类指标", []).append(ind)
    return list(groups.items())


# --- writing a hundred entries' fields quickly ---------------------------------------------------
# Django's widgets render each <input> and <option> through a template; a 100-indicator page has
# some 1,200 fields and 6,000 options, which took it over ten seconds. The page writes the fields
# itself from the forms' values and errors, and each list of options once.


def _options(choices: list[tuple[object, str]]) -> str:
    return "".join(f'<option value="{escape(k)}">{escape(label)}</option>' for k, label in choices)


def _chosen(options: str, value: object) -> str:
    key = escape("" if value is None else str(value))
    return mark_safe(options.replace(f'<option value="{key}">', f'<option value="{key}" selected>', 1))  # noqa: S308


@dataclass
class FieldView:
    """One field as the page writes it: name, label, the value shown, its errors, its options."""

    name: str
    label: str
    html_name: str
    value: str
    errors: list[str]
    options: str = ""

    @property
    def id(self) -> str:
        return f"id_{self.html_name}"


def _field_views(
    form: object | None, form_class: type, prefix: str, initial: dict, options: dict[str, str]
) -> dict[str, FieldView]:
    views = {}
    for name, spec in form_class.base_fields.items():
        if form is not None:
            raw, errors = form[name].value(), [str(e) for e in form.errors.get(name, [])]
        else:
            raw, errors = initial.get(name), []
        value = "" if raw is None else str(raw)
        views[name] = FieldView(
            name,
            str(spec.label),
            f"{prefix}-{name}",
            value,
            errors,
            _chosen(options[name], value) if name in options else "",
        )
    return views


_SUGGEST_PREFIX = "sug"


def _suggestion_rows(plan: Plan, posted: object | None) -> list:
    """The pending suggestions with the values their fields show: what was posted, else the
    document's units and the plan's end year; a refused acceptance keeps its ticks."""
    rows = suggestions.pending_suggestions(plan)
    ticked = set(posted.getlist("suggestion")) if posted is not None else set()
    for row in rows:
        key = f"{_SUGGEST_PREFIX}{row.pk}"
        row.owners_value = suggestions.owners_text(row.owners)
        row.deadline_value = str(plan.period_end)
        if posted is not None:
            row.owners_value = posted.get(f"{key}-owners", row.owners_value)
            row.deadline_value = posted.get(f"{key}-deadline", row.deadline_value)
        row.ticked = str(row.pk) in ticked
    return rows


def _known_owners(plan: Plan) -> list[str]:
    """Units already named by tasks of this area's plans, offered while typing owners."""
    names = (
        TaskOwner.objects.filter(task__plan__area_id=plan.area_id)
        .values_list("name", flat=True)
        .distinct()
        .order_by("name")
    )
    return list(names[:300])


def _review_page(
    request: HttpRequest,
    plan: Plan,
    *,
    posted: Posted | None = None,
    status: int = 200,
    suggestion_input: object | None = None,
) -> HttpResponse:
    """The review page; ``posted`` holds the forms of a save that was refused, shown with their input,
    and ``suggestion_input`` the suggestion fields of a refused acceptance."""
    posted = posted or Posted()
    catalog: dict[str, CatalogIndicator] = catalog_choices()
    indicators = _load(plan)
    warnings = review_warnings(plan, indicators)
    indicator_options = {
        "attribute": _options([("", "—"), *Attribute.choices]),
        "catalog": _options([("", "未对应")] + [(k, c.name_zh) for k, c in catalog.items()]),
    }
    target_options = {"comparator": _options(Comparator.choices), "kind": _options(TargetKind.choices)}
    for ind in indicators:
        form = posted.indicators.get(ind.pk)
        initial = _indicator_initial(ind)
        ind.fields = _field_views(form, IndicatorForm, f"ind{ind.pk}", initial, indicator_options)
        ind.has_errors = bool(form is not None and form.errors)
        ind.form_reviewed = bool(form["reviewed"].value() if form is not None else ind.reviewed)
        ind.stamp = posted.stamps.get(ind.pk) or review_stamp(ind)
        ind.warnings = warnings.get(ind.pk, [])
        for t in ind.targets.all():
            tform = posted.targets.get(t.pk)
            t.fields = _field_views(tform, TargetForm, f"t{t.pk}", _target_initial(t), target_options)
            ind.has_errors = ind.has_errors or bool(tform is not None and tform.errors)
    # A long plan opens folded to one line per entry (name, goals, warnings, tick): the reader
    # opens what they check. A short one, and every entry with an error, is shown open.
    small = len(indicators) <= _ALL_OPEN_UP_TO
    for ind in indicators:
        ind.open = ind.has_errors or (small and not ind.form_reviewed)
    sections = _sections(indicators)
    first_open = next((s for s in sections if s.left), None)
    for section in sections:
        section.open = small or section is first_open or any(i.has_errors for i in section.items)
    if first_open is not None and not any(i.open for i in indicators):
        next(i for i in first_open.items if not i.form_reviewed).open = True  # where to start
    removals = list(plan.removals.select_related("removed_by", "into").order_by("-removed_at", "-pk"))
    for removal in removals:
        removal.who = display_name(removal.removed_by)
    context = {
        "plan": plan,
        "sections": sections,
        "total": len(indicators),
        "left": sum(s.left for s in sections),
        "warned": sum(s.warned for s in sections),
        "goal_count": sum(1 for i in indicators if i.role == IndicatorRole.GOAL),
        "removals": removals,
        "tasks": queries.plan_tasks(plan),
        "suggestions": _suggestion_rows(plan, suggestion_input),
        "plan_years": list(range(plan.period_start, plan.period_end + 1)),
        "plan_year_texts": [str(y) for y in range(plan.period_start, plan.period_end + 1)],
        "known_owners": _known_owners(plan),
    }
    return render(request, "plans/plan_review.html", context, status=status)


def _back_to(plan: Plan, anchor: str = "") -> HttpResponse:
    url = reverse("plans:review", kwargs={"pk": plan.pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


def _draft_for(request: HttpRequest, pk: int) -> Plan:
    return get_plan_for_user(request.user, pk, write=True)


def _closed(request: HttpRequest, plan: Plan) -> HttpResponse | None:
    """A released plan is not edited here (a draft or a plan awaiting approval is): say so and show the plan."""
    if plan.is_unreleased:
        return None
    messages.error(request, f"该规划{plan.get_status_display()}，不能再在审核页修改。")
    return redirect("plans:detail", pk=plan.pk)


@login_required
def plan_review(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _draft_for(request, pk)
    if not plan.is_unreleased:
        messages.info(request, f"该规划{plan.get_status_display()}，不能再修改。")
        return redirect("plans:detail", pk=plan.pk)
    return _review_page(request, plan)


@require_POST
@login_required
def review_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save every correction and tick of the page at once."""
    plan = _draft_for(request, pk)
    if closed := _closed(request, plan):
        return closed
    saved = _save_posted(request, plan)
    if isinstance(saved, HttpResponse):
        return saved
    messages.success(request, (_saved_note(saved) or "没有需要保存的修改") + "。")
    return _back_to(plan)


def _merge_page(request: HttpRequest, plan: Plan, drop: Indicator, *, status: int = 200) -> HttpResponse:
    indicators = _load(plan)
    choices = [
        (title, [o for o in items if o.pk != drop.pk])
        for title, items in _merge_choices(indicators, drop.role)
    ]
    drop = next(i for i in indicators if i.pk == drop.pk)
    context = {"plan": plan, "drop": drop, "choices": [(t, items) for t, items in choices if items]}
    return render(request, "plans/review_merge.html", context, status=status)


@login_required
def merge_indicator(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    """Merge one indicator into another the reviewer names on a page of its own, which is the
    confirmation. The review page's 合并 button posts the whole page here first: its edits are
    saved, then the choice is asked for."""
    plan = _draft_for(request, pk)
    if closed := _closed(request, plan):
        return closed
    drop = get_object_or_404(Indicator.objects.select_related("plan"), pk=indicator_pk, plan=plan)
    if request.method != "POST":
        return _merge_page(request, plan, drop)
    chosen = request.POST.get("into", "")
    saved = _save_posted(request, plan)
    if isinstance(saved, HttpResponse):
        return saved
    note = _saved_note(saved)
    if not chosen:
        if note:
            messages.success(request, note + "。")
        return redirect("plans:merge_indicator", pk=plan.pk, indicator_pk=drop.pk)
    keep = (
        plan.indicators.select_related("plan").exclude(pk=drop.pk).filter(pk=int(chosen)).first()
        if chosen.isdigit()
        else None
    )
    if keep is None:
        messages.error(request, f"请选择要把“{drop.name}”合并到哪一项指标。")
        return _merge_page(request, plan, drop, status=400)
    drop.refresh_from_db()
    name = drop.name
    try:
        review.merge_indicators(keep, drop, acting_user=request.user)
    except DraftError as exc:
        messages.error(request, "；".join(filter(None, [note, str(exc)])))
        return _back_to(plan, f"ind-{drop.pk}")
    done = f"已将“{name}”合并到“{keep.name}”，可在页面下方撤销合并"
    messages.success(request, "；".join(filter(None, [note, done])) + "。")
    return _back_to(plan, f"ind-{keep.pk}")


@require_POST
@login_required
def drop_indicators(request: HttpRequest, pk: int) -> HttpResponse:
    """Drop the ticked indicators (or the one whose own 删除 was pressed), after saving the page's edits."""
    plan = _draft_for(request, pk)
    if closed := _closed(request, plan):
        return closed
    one = request.POST.get("drop", "")
    wanted = [one] if one else request.POST.getlist("selected")
    ids = {int(v) for v in wanted if v.isdigit()}
    chosen = list(plan.indicators.filter(pk__in=ids).order_by("position", "pk"))
    if not chosen or len(chosen) != len(ids):
        messages.error(request, "请先勾选要删除的指标。" if not ids else "所选指标不在本规划中，请刷新页面。")
        return _back_to(plan)
    saved = _save_posted(request, plan)
    if isinstance(saved, HttpResponse):
        return saved
    note = _saved_note(saved)
    try:
        names = review.drop_indicators(
            plan, [Indicator.objects.get(pk=i.pk) for i in chosen], acting_user=request.user
        )
    except DraftError as exc:
        messages.error(request, "；".join(filter(None, [note, str(exc)])))
        return _back_to(plan)
    listed = "、".join(f"“{n}”" for n in names)
    done = f"已删除 {len(names)} 项指标：{listed}，可在页面下方撤销"
    messages.success(request, "；".join(filter(None, [note, done])) + "。")
    return _back_to(plan, "removed")


@require_POST
@login_required
def undo_removal(request: HttpRequest, pk: int, removal_pk: int) -> HttpResponse:
    """Bring back a merged or dropped indicator, after saving the page's edits."""
    plan = _draft_for(request, pk)
    if closed := _closed(request, plan):
        return closed
    removal = get_object_or_404(IndicatorRemoval.objects.select_related("plan"), pk=removal_pk, plan=plan)
    saved = _save_posted(request, plan)
    if isinstance(saved, HttpResponse):
        return saved
    note, was_merge = _saved_note(saved), removal.kind == IndicatorRemoval.Kind.MERGED
    try:
        restored = review.undo_removal(removal, acting_user=request.user)
    except DraftError as exc:
        messages.error(request, "；".join(filter(None, [note, str(exc)])))
        return _back_to(plan, "removed")
    done = f"已撤销合并，“{restored.name}”已恢复" if was_merge else f"已撤销删除，“{restored.name}”已恢复"
    messages.success(request, "；".join(filter(None, [note, done])) + "。")
    return _back_to(plan, f"ind-{restored.pk}")


@require_POST
@login_required
def accept_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept the ticked suggested tasks with their owners and deadlines, after saving the page's edits.

    Input that cannot be accepted (nothing ticked, a deadline outside the plan's period) shows
    the page again with everything typed on it, and nothing is saved or created.
    """
    plan = _draft_for(request, pk)
    if closed := _closed(request, plan):
        return closed
    try:
        choices = suggestions.read_choices(
            plan, request.POST.getlist("suggestion"), request.POST, prefix=_SUGGEST_PREFIX
        )
    except DraftError as exc:
        messages.error(request, f"{exc}；本次未采纳任何任务，页面上的修改也未保存。")
        posted = _read_posted(request, _load(plan), catalog_choices())
        return _review_page(request, plan, posted=posted, status=400, suggestion_input=request.POST)
    saved = _save_posted(request, plan)
    if isinstance(saved, HttpResponse):
        return saved
    note = _saved_note(saved)
    try:
        tasks = suggestions.accept_suggestions(plan, choices, acting_user=request.user)
    except DraftError as exc:
        messages.error(request, "；".join(filter(None, [note, str(exc)])) + "。")
        return _review_page(request, plan, status=400, suggestion_input=request.POST)
    listed = "、".join(f"“{t.goal}”" for t in tasks[:5]) + (" 等" if len(tasks) > 5 else "")
    done = f"已采纳 {len(tasks)} 项建议任务：{listed}"
    messages.success(request, "；".join(filter(None, [note, done])) + "。")
    return _back_to(plan, "tasks")
