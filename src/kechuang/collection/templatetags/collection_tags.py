"""Template helpers for report pages."""

from django import template

from kechuang.collection.validation import format_number

register = template.Library()


@register.filter
def get_item(mapping: object, key: str) -> object:
    """``values|get_item:code`` — a report's value for a field code (None when absent)."""
    if isinstance(mapping, dict):
        return mapping.get(key)
    return None


@register.filter
def figure(value: object) -> str:
    """A report figure without trailing zeros; a dash when blank."""
    return "—" if value is None or value == "" else format_number(value)
