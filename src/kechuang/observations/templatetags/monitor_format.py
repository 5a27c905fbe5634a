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


@register.simple_tag(takes_context=True)
def sort_th(context: template.Context, key: str, label: str, css: str = "") -> str:
    """A whole sortable column header: aria-sort for screen readers, an arrow that shows it sorts
    (↕ when another column is the sort key), a link that sorts by `key` and keeps the filters."""
    from django.utils.html import format_html
    from django.utils.http import urlencode

    flt = context["filter"]
    params = dict(context.get("query", {}))
    params["sort"] = key
    current = flt.sort == key
    params["dir"] = "desc" if current and not flt.descending else "asc"
    if current:
        aria, arrow = ("descending", "▼") if flt.descending else ("ascending", "▲")
        hint = "降序" if flt.descending else "升序"
    else:
        aria, arrow, hint = "none", "↕", "未排序"
    return format_html(
        '<th{} aria-sort="{}"><a class="sortable{}" href="?{}" data-sort="{}" title="按{}排序（当前{}）">{}'
        '<span class="sort-arrow" aria-hidden="true">{}</span></a></th>',
        format_html(' class="{}"', css) if css else "",
        aria,
        " sorted" if current else "",
        urlencode(params),
        key,
        label,
        hint,
        label,
        arrow,
    )
