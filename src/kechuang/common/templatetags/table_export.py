"""The 导出 Excel / 导出 CSV links beside a table, carrying the page's current filters."""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("common/_export_links.html", takes_context=True)
def export_links(context: template.Context) -> dict[str, str]:
    """Links to this same page with ``format=xlsx|csv`` added to its query string (the page number dropped:
    an export is the whole filtered table)."""
    request = context["request"]
    query = request.GET.copy()
    for key in ("format", "page"):
        query.pop(key, None)
    links = {}
    for fmt in ("xlsx", "csv"):
        query["format"] = fmt
        links[fmt] = f"{request.path}?{query.urlencode()}"
    return {"xlsx_url": links["xlsx"], "csv_url": links["csv"]}
