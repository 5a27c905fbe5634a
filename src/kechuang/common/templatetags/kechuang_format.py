"""Template filters for Chinese number display."""

from django import template

from kechuang.common.numbers import format_number

register = template.Library()


@register.filter
def num(value: float | None) -> str:
    return format_number(value)
