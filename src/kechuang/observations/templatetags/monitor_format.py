"""Template filters for the monitoring pages: shares and rates as Chinese readers expect them."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def pct(value: float | None, digits: int = 1) -> str:
    """0.612 → "61.2%"; None → "—"."""
    if value is None:
        return "—"
    return f"{value * 100:.{int(digits)}f}%"


@register.filter
def ratio(value: float | None) -> str:
    """A schedule ratio such as 0.87 → "0.87"; None → "—"."""
    if value is None:
        return "—"
    return f"{value:.2f}"


@register.simple_tag(takes_context=True)
def sort_link(context: template.Context, key: str, label: str) -> str:
    """A column header that sorts by `key`, toggling the direction; keeps the other filters."""
    from django.utils.html import format_html
    from django.utils.http import urlencode

    flt = context["filter"]
    params = dict(context.get("query", {}))
    params["sort"] = key
    current = flt.sort == key
    if current and not flt.descending:
        params["dir"] = "desc"
    arrow = ("▼" if flt.descending else "▲") if current else ""
    return format_html('<a href="?{}" data-sort="{}">{}{}</a>', urlencode(params), key, label, arrow)
