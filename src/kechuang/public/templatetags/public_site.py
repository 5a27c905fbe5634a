"""Template helpers of the public site: a status with its symbol, so colour is never the only sign."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from kechuang.public.site import STATUS_ICONS

register = template.Library()


@register.simple_tag
def status_badge(code: str, word: str) -> str:
    """The status word with its symbol, in the status colour (e.g. “▼ 滞后”)."""
    return format_html(
        '<span class="status status-{}"><span class="icon" aria-hidden="true">{}</span> {}</span>',
        code,
        STATUS_ICONS.get(code, ""),
        word,
    )
