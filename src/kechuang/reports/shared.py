"""What the area reports (monthly bulletin, annual report) share: the area asked for, who may
have it, and the words the narrative puts around a figure.

Access (docs/access.md, 地区报告): a report about an area goes to whoever may read that area —
district administrators, liaisons and viewers of it or an area above it, and superusers. A
carrier operator reaches no area and gets no area report; a user of another district gets
``PermissionDenied``. ``user=None`` is the command line on the server (no restriction), the same
convention as ``acting_user=None`` in the domain functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from kechuang.common.numbers import format_number
from kechuang.reports.kinds import ReportRefused
from kechuang.tenancy.access import can_see_area, operated_carrier_ids, visible_area_ids
from kechuang.tenancy.domain import AreaNotFound, find_area
from kechuang.tenancy.models import Area


@dataclass(frozen=True)
class Param:
    """One parameter a report kind asks for, so the command line and the page can offer it."""

    name: str
    label: str
    example: str
    help: str = ""


def resolve_area(area_or_code: Area | str) -> Area:
    """The area named by its code or name (or the area itself); an unknown one is refused, naming it."""
    if isinstance(area_or_code, Area):
        return area_or_code
    code = str(area_or_code or "").strip()
    if not code:
        raise ReportRefused("请指定地区（地区代码，例如 310116）")
    area = Area.objects.filter(code=code).select_related("parent").first()
    if area is None:
        try:  # a name as people write it (金山区, 上海市金山区) finds it too, as everywhere else
            area = find_area(code)
        except AreaNotFound as exc:
            raise ReportRefused(f"没有代码或名称为“{code}”的地区，请检查地区代码") from exc
    return area


def require_area_reader(user: object | None, area: Area) -> None:
    """Raise ``PermissionDenied`` (a Chinese message) unless ``user`` may read ``area``."""
    if user is None:
        return
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("请先登录后再生成报告")
    ids = visible_area_ids(user)
    if ids is not None and not ids and operated_carrier_ids(user):
        raise PermissionDenied("载体运营方只能查看本载体的月报，不能生成地区报告")
    if not can_see_area(user, area):
        raise PermissionDenied(f"无权生成{area.name}的报告：报告只能针对本人负责的地区及其下属地区")


def month_display(period: str) -> str:
    return f"{int(period[:4])}年{int(period[5:7])}月"


def number(value: float | None) -> str:
    """A figure in a sentence: thousands grouped, at most two decimals."""
    if value is None:
        return "—"
    return format_number(round(float(value), 2))


def with_unit(value: float | None, unit: str) -> str:
    """ "1,234 家", "85.5%": the unit after a space, except a percent sign."""
    if not unit:
        return number(value)
    return f"{number(value)}{unit}" if unit == "%" else f"{number(value)} {unit}"


def percent_change(current: float | None, previous: float | None) -> float | None:
    """The change in percent of the previous figure, one decimal; ``None`` without a non-zero base."""
    if current is None or previous is None or previous == 0:
        return None
    return round((current - previous) / abs(previous) * 100, 1)


def change_clause(
    current: float | None, previous: float | None, unit: str, *, points: bool = False, than: str = "上月"
) -> str:
    """ "较上月增加 5 家（+12.5%）", "较上月持平", "较上月下降 1.2 个百分点" — or "" without a base."""
    if current is None or previous is None:
        return ""
    diff = round(float(current) - float(previous), 4)
    if diff == 0:
        return f"较{than}持平"
    if points:
        verb = "提高" if diff > 0 else "下降"
        return f"较{than}{verb} {number(abs(diff))} 个百分点"
    verb = "增加" if diff > 0 else "减少"
    pct = percent_change(current, previous)
    tail = "" if pct is None else f"（{pct:+.1f}%）"
    return f"较{than}{verb} {with_unit(abs(diff), unit)}{tail}"


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


class SheetNames:
    """Excel sheet names a document uses: at most 31 characters, no forbidden character, unique."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, text: str) -> str:
        base = _SHEET_FORBIDDEN.sub("", text).strip()[:31] or "表"
        name, n = base, 2
        while name in self.used:
            suffix = f"（{n}）"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        self.used.add(name)
        return name
