"""Rules about areas."""

from __future__ import annotations

from kechuang.tenancy.models import Area


class AreaNotFound(LookupError):
    """No area answers to the name or code a user gave."""


def find_area(ref: str) -> Area:
    """Resolve an area by code, exact name, or a name that differs only by the 上海市 prefix.

    Plans name their region as written ("金山区"), statistics tables sometimes add
    the city; both must land on the same area or be refused with a clear reason.
    """
    ref = (ref or "").strip()
    if not ref:
        raise AreaNotFound("地区不能为空")
    area = Area.objects.filter(code=ref).first() or Area.objects.filter(name=ref).first()
    if area:
        return area
    for prefix in ("上海市", "北京市", "天津市", "重庆市"):
        if ref.startswith(prefix):
            area = Area.objects.filter(name=ref[len(prefix) :]).first()
            if area:
                return area
    candidates = list(Area.objects.filter(name__endswith=ref)[:2])
    if len(candidates) == 1:
        return candidates[0]
    raise AreaNotFound(f"地区“{ref}”不存在")
