"""The status legend every monitoring page and the public page carry, with the thresholds in force."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString, mark_safe

from kechuang.observations.monitoring import TargetRow, explain, load_thresholds
from kechuang.observations.progress.types import Thresholds

register = template.Library()


@register.simple_tag
def status_legend(public: bool = False) -> SafeString:
    """Statuses grouped (verdicts, pace, ceilings), each linked to its rule on the method page."""
    return _legend(load_thresholds(), public, get_script_prefix())


@lru_cache(maxsize=32)
def _legend(th: Thresholds, public: bool, prefix: str) -> SafeString:
    """The legend's markup for these thresholds (every monitoring page carries it: rendered once per
    process and thresholds, not once per request)."""
    context = {
        "groups": explain.legend(th),
        "alert_note": explain.alert_note(th),
        "method_url": reverse("public:method" if public else "monitor:method"),
        "public": public,  # the public pages show no alerts: the legend does not explain them
    }
    return mark_safe(render_to_string("monitor/_legend.html", context))  # noqa: S308 — a template's output


@register.filter
def alert_reasons(row: TargetRow) -> list[str]:
    """Why a target is listed as an alert (see explain.alert_reasons)."""
    return explain.alert_reasons(row)


@register.filter
def alert_badges(row: TargetRow) -> list[tuple[str, str]]:
    """Short (level, word) labels of a target's alerts (see explain.alert_badges)."""
    return explain.alert_badges(row)
