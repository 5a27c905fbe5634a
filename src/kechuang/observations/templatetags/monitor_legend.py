"""The status legend every monitoring page and the public page carry, with the thresholds in force."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from kechuang.observations.monitoring import TargetRow, explain, load_thresholds

register = template.Library()


@register.inclusion_tag("monitor/_legend.html")
def status_legend(public: bool = False) -> dict[str, Any]:
    """Statuses grouped (verdicts, pace, ceilings), each linked to its rule on the method page."""
    th = load_thresholds()
    return {
        "groups": explain.legend(th),
        "alert_note": explain.alert_note(th),
        "method_url": reverse("public:method" if public else "monitor:method"),
        "public": public,  # the public pages show no alerts: the legend does not explain them
    }


@register.filter
def alert_reasons(row: TargetRow) -> list[str]:
    """Why a target is listed as an alert (see explain.alert_reasons)."""
    return explain.alert_reasons(row)


@register.filter
def alert_badges(row: TargetRow) -> list[tuple[str, str]]:
    """Short (level, word) labels of a target's alerts (see explain.alert_badges)."""
    return explain.alert_badges(row)
