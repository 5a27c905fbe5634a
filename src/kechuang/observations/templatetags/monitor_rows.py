"""Markup repeated once per plan on the monitoring pages, built in Python.

Why: the national overview shows 50 plans a page, each with a status bar of several segments; through
the template engine (an include, a URL reversed three times and some thirty variables per plan) the
rows took about 20 ms, more than all the page's queries. Built here they take well under 1 ms, with
the same markup and the same escaping as ``{{ }}`` gives (``escape`` below is what Django applies).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape
from typing import Any

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from kechuang.plans.enums import PlanStatus

register = template.Library()

_MARK = 987654321


def _url_for(name: str) -> Callable[[int], str]:
    """``reverse(name, args=[pk])`` for many pks: reversed once, the pk then put in its place."""
    head, tail = reverse(name, args=[_MARK]).split(str(_MARK))
    head, tail = escape(head), escape(tail)
    return lambda pk: f"{head}{int(pk)}{tail}"


def _bar(segments: Iterable[Any], label: str) -> str:
    segments = list(segments)
    if not segments:
        return '<span class="note">暂无目标</span>\n'
    bar, words = [], []
    for g in segments:
        code, url, word, count = escape(str(g.code)), escape(str(g.url)), escape(str(g.word)), int(g.count)
        bar.append(
            f'<a class="seg seg-{code}" href="{url}" data-status="{code}" style="flex-grow:{count}"'
            f' title="{word} {count} 个" tabindex="-1">{count}</a>'
        )
        words.append(
            f'<li><a class="status-{code}" href="{url}" data-status="{code}">'
            f'<span class="dot seg-{code}"></span>{word} {count}</a></li>'
        )
    return (
        f'<div class="stacked-bar" aria-hidden="true">{"".join(bar)}</div>\n'
        f'<ul class="seg-words" aria-label="{escape(str(label))}按状态">{"".join(words)}</ul>\n'
    )  # the line end too: the markup was an included template ending in one


@register.simple_tag
def stacked_bar(segments: Iterable[Any], label: str) -> SafeString:
    """A plan's status bar (segments from `visuals.stacked_bar`) and the same statuses in words;
    `label` names the plan for screen readers."""
    return mark_safe(_bar(segments or [], label))  # noqa: S308 — every value is escaped above


# A plan status's badge, escaped once per process, not once per row (get_status_display hashes the choices).
_BADGES = {
    code: f'<span class="badge {escape(code)}">{escape(str(label))}</span>'
    for code, label in PlanStatus.choices
}


def _status_badge(code: str) -> str:
    badge = _BADGES.get(code)
    return (
        badge if badge is not None else f'<span class="badge {escape(str(code))}">{escape(str(code))}</span>'
    )


_SIMULATED = '<span class="badge simulated" title="本规划的状态含据模拟数据得出的">模拟数据</span>'


@register.simple_tag
def monitor_plan_rows(summaries: list[dict]) -> SafeString:
    """The overview's table rows, one per plan summary (see `monitor_views.monitor_index`)."""
    plan_url, area_url, tasks_url = _url_for("monitor:plan"), _url_for("area"), _url_for("monitor:tasks")
    out = []
    for s in summaries:
        plan = s["plan"]
        pk, title = plan.pk, escape(str(plan.title))
        alerts, overdue = int(s["alerts"]), int(s["overdue"])
        alerts_url = escape(str(s["alerts_url"]))
        out.append(
            "\n  <tr>\n"
            f'    <td><a href="{plan_url(pk)}">{title}</a></td>\n'
            f'    <td class="opt"><a href="{area_url(plan.area_id)}">{escape(str(plan.area.name))}</a></td>\n'
            f'    <td class="opt">{int(plan.period_start)}–{int(plan.period_end)}</td>\n'
            f'    <td class="opt">{_status_badge(plan.status)}</td>\n'
            f'    <td class="opt">{int(s["targets"])}</td>\n'
            f'    <td class="status-cell">{_bar(s["segments"], plan.title)}{_SIMULATED if s["simulated"] else ""}</td>\n'
            f'    <td><a class="count-link{" alert-red" if alerts else ""}" href="{alerts_url}&amp;state=all&amp;live=1"'
            f' data-list="alerts">{alerts}</a></td>\n'
            f'    <td class="opt"><a class="count-link" href="{alerts_url}" data-list="open-cases">'
            f"{int(s['open_cases'])}</a></td>\n"
            f'    <td><a class="count-link{" alert-red" if overdue else ""}" href="{escape(str(s["overdue_url"]))}"'
            f' data-list="overdue-tasks">{overdue}</a> <a class="mini" href="{tasks_url(pk)}">全部任务</a></td>\n'
            "  </tr>\n  "
        )
    return mark_safe("".join(out))  # noqa: S308 — every value is escaped above


@register.simple_tag(takes_context=True)
def as_of_picker(context: template.Context) -> SafeString:
    """The 评估日期 form (``as_of_groups`` from `visuals.as_of_choices`): some thirty dates, which
    took the template engine about 1 ms; the page's other filters ride along as hidden fields."""
    hidden = "".join(
        f'<input type="hidden" name="{escape(str(k))}" value="{escape(str(v))}">'
        for k, v in context["request"].GET.items()
        if k not in ("at", "format")
    )
    groups = "".join(
        f'<optgroup label="{escape(str(g.title))}">'
        + "".join(
            f'<option value="{escape(str(c.value))}"{" selected" if c.selected else ""}>{escape(str(c.label))}</option>'
            for c in g.choices
        )
        + "</optgroup>"
        for g in context.get("as_of_groups") or []
    )
    return mark_safe(  # noqa: S308 — every value is escaped above
        '<form method="get" class="as-of-picker" aria-label="评估日期">\n'
        f"  {hidden}\n"
        '  <label>评估日期 <select name="at">\n'
        f"    {groups}\n"
        "  </select></label>\n"
        '  <button type="submit">查看</button>\n'
        "</form>\n"
    )
