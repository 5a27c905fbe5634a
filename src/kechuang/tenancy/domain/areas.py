"""Rules about areas."""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import QuerySet

from kechuang.tenancy.models import Area


class AreaNotFound(LookupError):
    """No area answers to the name or code a user gave (or several do: `AreaAmbiguous`)."""


class AreaAmbiguous(AreaNotFound):
    """Several areas answer to the name a user gave; the message lists them, `areas` holds them."""

    def __init__(self, message: str, areas: list[Area]) -> None:
        super().__init__(message)
        self.areas = areas


_MUNICIPALITIES = ("上海市", "北京市", "天津市", "重庆市")
# How many levels of the names above an area a full name may carry (“浙江省舟山市普陀区”).
_PREFIX_LEVELS = 3


def find_area(
    ref: str, *, within: Collection[int] | None = None, among: QuerySet[Area] | None = None
) -> Area:
    """Resolve an area by code, exact name, or its name after those of the areas above it
    (“舟山市普陀区”, “上海市金山区”).

    Why: a nation's areas share names (普陀区 is in Shanghai and in Zhoushan; most provinces have
    a 城关镇), so a name alone may not be enough. `within` (the areas the user works in) settles
    a shared name; one that is still shared is refused with each area's full name, never taken
    at random. Areas merged away (区划调整) yield to those in use. `among`: the only areas that
    may answer (a form's choices); every area by default."""
    ref = (ref or "").strip()
    if not ref:
        raise AreaNotFound("地区不能为空")
    areas = Area.objects.all() if among is None else among
    area = areas.filter(code=ref).first()
    if area is not None:
        return area
    named = list(areas.filter(name=ref).select_related("parent"))
    if not named:
        named = _named_with_parents(ref, areas)
    if not named:
        for city in _MUNICIPALITIES:  # written before a district's name, the city itself not kept
            if ref.startswith(city) and len(ref) > len(city):
                named = list(areas.filter(name=ref[len(city) :]).select_related("parent"))
                break
    if not named:
        named = list(areas.filter(name__endswith=ref).select_related("parent")[:6])
    return _one_of(ref, named, within)


def _named_with_parents(ref: str, areas: QuerySet[Area]) -> list[Area]:
    """Areas whose name ends `ref` and whose ancestors' names, nearest last, make up the rest."""
    found = []
    tails = [ref[k:] for k in range(1, len(ref))]
    for area in areas.filter(name__in=tails).select_related("parent__parent__parent"):
        head, names, above = ref[: len(ref) - len(area.name)], "", area.parent
        for _ in range(_PREFIX_LEVELS):
            if above is None:
                break
            names = above.name + names
            if names == head:
                found.append(area)
                break
            above = above.parent
    return found


def _one_of(ref: str, named: list[Area], within: Collection[int] | None) -> Area:
    if len(named) > 1:
        named = [a for a in named if a.ended_on is None] or named
    if len(named) > 1 and within is not None:
        named = [a for a in named if a.pk in within] or named
    if len(named) == 1:
        return named[0]
    if not named:
        raise AreaNotFound(f"地区“{ref}”不存在")
    named.sort(key=lambda a: a.code)
    listed = "、".join(f"{_full_name(a)}（{a.code}）" for a in named[:5])
    raise AreaAmbiguous(f"有多个名为“{ref}”的地区：{listed}，请写地区代码或带上级的全称", named)


def _full_name(area: Area) -> str:
    return f"{area.parent.name}{area.name}" if area.parent is not None else area.name
