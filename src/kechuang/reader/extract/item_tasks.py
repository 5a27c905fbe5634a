"""Numbered prose items that name who carries them out: a task list written as text.

Annual work points often list "1.… （责任科室：经发办、…）" under 一、二、 headings
instead of a task table. Each such item is a task: ``goal`` is the item without
its number and the owner parenthesis, ``title`` the heading it sits under,
``owners`` the units named, ``deadline`` only a time the item states.
"""

from __future__ import annotations

import re

from kechuang.reader.blocks import Block, Paragraph
from kechuang.reader.extract.numbers import squeeze
from kechuang.reader.extract.sections import Section, heading_level
from kechuang.reader.extract.tasks import split_owners

_ITEM = re.compile(
    r"^(?P<code>\d{1,2})\s*[.．、]\s*(?!\d)(?P<goal>.+?)\s*"
    r"[（(](?:责任|牵头|承办|主责|实施)(?:科室|单位|部门|处室|主体)[:：]\s*(?P<owners>[^（）()]+)[）)]\s*[。；;]?$"
)
_YEAR_END = re.compile(r"((?:19|20)\d{2})\s*年(?:底|末)?(?:前|以前|之前)")
_THIS_YEAR = re.compile(r"(?:年底|年末|年内|年中)(?:前|以前|之前)?")
_HEADING_NO = re.compile(
    r"^(?:第[一二三四五六七八九十]+[部分章节]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)])\s*"
)


def item_tasks(blocks: list[Block], sections: list[Section], plan_end: int | None) -> list[dict]:
    """Tasks from numbered paragraphs that end with a responsible-unit parenthesis."""
    tasks: list[dict] = []
    for block, section in zip(blocks, sections, strict=True):
        if not isinstance(block, Paragraph):
            continue
        m = _ITEM.match(squeeze(block.text))
        if not m:
            continue
        goal = _lead(m.group("goal").strip())
        tasks.append(
            {
                "code": m.group("code"),
                "goal": goal,
                "title": _title(section),
                "owners": split_owners(m.group("owners")),
                "deadline": _deadline(goal, plan_end),
                "evidence": squeeze(block.text),
            }
        )
    return tasks


def _lead(goal: str) -> str:
    """ "实施高企倍增行动。建立……": a short first sentence followed by more is the item's own title."""
    first, dot, rest = goal.partition("。")
    if dot and rest.strip() and len(first) <= 24 and not re.search(r"\d", first):
        return first.strip()
    return goal


def _title(section: Section) -> str | None:
    """The nearest heading above the item that is not itself a numbered item."""
    for heading in reversed(section.path):
        level = heading_level(heading)
        if level is not None and level < 3:
            return _HEADING_NO.sub("", heading).strip() or None
    return None


def _deadline(goal: str, plan_end: int | None) -> int | None:
    """A year the item sets ("2024年底前"), or the plan's year for "年底前"; else none."""
    m = _YEAR_END.search(goal)
    if m:
        return int(m.group(1))
    if _THIS_YEAR.search(goal):
        return plan_end
    return None
