"""Template filters naming an area as it was called on a date (区划调整).

Why: a figure for 2024 belongs to the area as it was in 2024; a history page shows that
name, and the present one beside it when the area has since been renamed:
``{% load area_names %}{{ obs.area|area_then:obs.period_end }}``.
"""

from __future__ import annotations

import datetime as dt

from django import template

from kechuang.tenancy.domain.area_changes import area_name_on as _area_name_on
from kechuang.tenancy.models import Area
from kechuang.tenancy.models.areas import chinese_date

register = template.Library()


@register.filter
def area_name_on(area: Area | None, day: dt.date | None) -> str:
    """The area's name on ``day`` (its name now when no date is given)."""
    if area is None:
        return ""
    return _area_name_on(area, day) if day else area.name


@register.filter
def area_then(area: Area | None, day: dt.date | None) -> str:
    """The name on ``day``, followed by （今：现名） when it has been renamed since, and by
    （已撤并，日期） when the area has since been merged away."""
    if area is None:
        return ""
    then = area_name_on(area, day)
    text = then if then == area.name else f"{then}（今：{area.name}）"
    return text if area.ended_on is None else f"{text}（已撤并，{chinese_date(area.ended_on)}）"
