"""Headings and what kind of section a paragraph sits in.

Whether a sentence with a number is a goal depends mostly on where it stands:
under 发展现状/回顾 it reports the past, under 目标 it sets goals, in an
appendix of 名词解释 it defines earlier programmes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kechuang.reader.blocks import Block, Paragraph

_LEVELS = [
    (0, re.compile(r"^第[一二三四五六七八九十百]+(?:部分|篇|章)")),
    (0, re.compile(r"^(?:前\s*言|附\s*录|附\s*件\s*\d*|结\s*语|序\s*言)(?:[:：\s]|$)")),
    # a bare glossary title line opens an appendix of definitions, numbered or not
    (0, re.compile(r"^(?:有关)?(?:名词解释|名词释义|术语解释|释义)[:：]?$")),
    (1, re.compile(r"^第[一二三四五六七八九十百]+节")),
    (1, re.compile(r"^[一二三四五六七八九十]+[、.．]")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]+[）)]")),
    (3, re.compile(r"^\d{1,2}[、.．](?!\d)")),
    (4, re.compile(r"^[（(]\d{1,2}[）)]")),
    (4, re.compile(r"^第[一二三四五六七八九十]+[、，,]")),
]

REVIEW_WORDS = (
    "现状", "回顾", "成效", "成就", "发展基础", "工作基础", "基础条件", "进展", "完成情况", "形势", "挑战",
    "不足", "背景", "机遇", "短板", "瓶颈", "主要问题", "存在问题", "面临的", "取得的", "已有",
)  # fmt: skip
# A heading that says something will grow ("孵化成效明显提升") is a goal under a goals chapter and an
# achievement under a review chapter: its review word alone does not decide; the chapter does.
_CHANGE = re.compile(r"(?:提升|提高|增强|扩大|加快|加强|优化|改善|跃升|突破|壮大|完善|显著|明显|凸显)$")
TARGET_WORDS = ("目标", "主要指标", "发展指标", "指标体系")
APPENDIX_WORDS = ("名词解释", "释义", "术语", "注释", "附录")


@dataclass
class Section:
    """The kind of section a block sits in: 'review', 'target', 'appendix' or 'body'."""

    kind: str
    path: tuple[str, ...]


def heading_level(text: str) -> int | None:
    """Level of a heading line (0 = part, 4 = numbered item), or None for body text."""
    s = text.strip()
    if len(s) > 60:
        return None
    for level, pattern in _LEVELS:
        if pattern.match(s):
            head = s.split("。", 1)[0]
            if s.endswith(("。", "；")) and len(head) + 1 < len(s):
                return None
            if level >= 3 and (s.endswith(("。", "；", "：")) or len(s) > 40):
                return None
            return level
    return None


def classify(path: tuple[str, ...]) -> str:
    """From the deepest heading up, the first that says what the section is decides."""
    for heading in reversed(path):
        h = heading.replace(" ", "")
        if any(w in h for w in APPENDIX_WORDS):
            return "appendix"
        review = any(w in h for w in REVIEW_WORDS)
        target = any(w in h for w in TARGET_WORDS)
        if target and not ("完成情况" in h or "回顾" in h):
            return "target"
        if review and not _CHANGE.search(h):
            return "review"
    return "body"


def annotate(blocks: list[Block]) -> list[Section]:
    """One Section per block, in order (headings get the section they open)."""
    stack: list[tuple[int, str]] = []
    out: list[Section] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            level = heading_level(block.text)
            if level is not None:
                while stack and stack[-1][0] >= level:
                    stack.pop()
                stack.append((level, block.text.strip()))
        path = tuple(h for _, h in stack)
        out.append(Section(classify(path), path))
    return out
