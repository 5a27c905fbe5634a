"""Range goals ("2.6-3", "力争形成2-3个"): the lower end is the goal, the upper end the stretch 挑战值.

The reader keeps the lower end as the target value and the goal's words as its text; the
upper end is recovered from those words here, so that it is neither lost nor judged.
"""

from __future__ import annotations

import re

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
# Two numbers joined by a dash or 至/到, not part of a longer number or a year span (2021-2025年).
RANGE = re.compile(rf"(?<![\d.,])({_NUM})\s*(?:-|－|—|–|~|～|至|到)\s*({_NUM})(?![\d.,])(?!\s*年)")


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def stretch_from_text(text: str | None, value: float | None, comparator: str) -> float | None:
    """The upper end of a range goal whose lower end is `value`, or None when the goal is no range.

    Only goals to reach a level (不低于/达到, comparator >= or >) read a range this way: "2.6-3" is
    met at 2.6, and 3 is the stretch. A ceiling stated as a range is left alone.
    """
    if value is None or comparator not in (">=", ">") or not text:
        return None
    for m in RANGE.finditer(text):
        lo, hi = _number(m.group(1)), _number(m.group(2))
        if hi > lo and abs(lo - value) <= 1e-9 * max(1.0, abs(value)):
            return hi
    return None
