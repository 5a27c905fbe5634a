"""Small prose rules kept apart from goals.py: item numbers, one-year plans, structure counts.

A numbered work item ("3.新增…") must not lend its number to a goal name; a
one-year plan (工作要点) sets every undated goal for its year, without "到…年";
"两条主线" or "三个方面" count the parts of the text, not a quantity to reach.
"""

from __future__ import annotations

import re

_ITEM_NUMBER = re.compile(r"^\s*\d{1,2}\s*[.．、](?!\d)\s*")
_STRUCTURE = re.compile(r"^\s*(?:条|个|大|项)?\s*(?:主线|方面|方向|路径|抓手|原则|环节|阶段|步骤|层次|维度)")
_WHOLE_YEAR = re.compile(r"^(?:全年|年内|本年度?)")


def strip_item_number(text: str) -> str:
    """'3.新认定…' → '新认定…': the list number is not part of the goal."""
    return _ITEM_NUMBER.sub("", text, count=1)


def one_year_plan(start: int | None, end: int | None) -> bool:
    """A plan covering a single year: all its undated goals are for that year."""
    return start is not None and start == end


def counts_text_structure(group: str, q_end: int) -> bool:
    """'两条主线' / '三个方面': a number of lines or aspects of the text itself, not a goal."""
    return bool(_STRUCTURE.match(group[q_end:]))


def whole_year(group: str) -> bool:
    """'全年新增…' in a goal: the amount is for one year of work, an annual goal."""
    return bool(_WHOLE_YEAR.match(group.lstrip("，, ")))
