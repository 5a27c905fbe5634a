"""What an indicator's unit says about its figures: counted in whole numbers, or a share of 100."""

from __future__ import annotations

# Units of things counted one by one (enterprises, platforms, projects, people, patents …).
COUNT_UNITS = frozenset(
    {
        "家", "个", "项", "名", "人", "件", "位", "座", "所", "支", "台", "套", "部", "篇",
        "次", "批", "户", "款", "条", "只", "处", "栋", "间", "门", "种", "项次", "人次", "家次",
    }
)  # fmt: skip
PERCENT_UNITS = frozenset({"%", "％"})
# A count per head or per ten thousand people is a rate: 43.23 件 per 10 000 people is a fine figure.
_RATE_WORDS = ("每万", "每千", "每百", "每十万", "人均", "户均", "平均")


def _clean(unit: str | None) -> str:
    return (unit or "").strip().strip("（）()").strip()


def is_count_unit(unit: str | None, name: str = "") -> bool:
    """True when figures in ``unit`` are whole numbers (家、个、项、名、人、件 …).

    Why: a simulated or typed 0.12 家 is absurd on a page. ``name`` guards the rates
    that borrow a count unit (每万人发明专利拥有量 is counted in 件 but is a ratio).
    """
    return _clean(unit) in COUNT_UNITS and not any(word in (name or "") for word in _RATE_WORDS)


def is_percent_unit(unit: str | None) -> bool:
    """True when figures in ``unit`` are percentages, which lie between 0 and 100."""
    return _clean(unit) in PERCENT_UNITS
