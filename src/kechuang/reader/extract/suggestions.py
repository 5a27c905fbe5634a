"""Suggested tasks: the numbered headings of a plan's task chapter.

Most 十四五 plans state their tasks as a chapter (“第三部分 主要任务”, “四、重点工程”)
whose numbered headings are the tasks, with no table naming who carries them out.
These headings are offered to the reviewer as *suggestions* — a list beside
``tasks``, never mixed into it — who accepts the ones that are tasks and assigns
owners and deadlines.

Which headings: inside a chapter whose heading names tasks (主要任务、重点任务、重点工程、
重点项目、主要举措、工作任务、重点工作 …, never 保障措施), the headings one level below
it; where such a heading is itself a group of numbered headings (“一、优化区域创新布局”
with “（一）做强一带 …”), its sub-headings instead. Each suggestion is
``{"title", "chapter", "group", "code", "text", "owners"}``: the heading without its
number, the task chapter's heading, the heading that groups it (or None), the number as
written, the first sentence of its body (or None) and the units a bracket names
(“（责任单位：区科委、区经委）”).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kechuang.reader.blocks import Block, Paragraph
from kechuang.reader.extract.numbers import squeeze
from kechuang.reader.extract.sections import classify, heading_level
from kechuang.reader.extract.tasks import split_owners

__all__ = ["is_task_chapter", "task_suggestions"]

# Words a heading uses when its chapter lists what is to be done.
_TASK_WORDS = (
    "主要任务", "重点任务", "重大任务", "具体任务", "发展任务", "建设任务", "工作任务",
    "重点工程", "重大工程", "重点项目", "重大项目", "主要举措", "重点举措", "工作举措", "任务举措",
    "重点工作", "主要工作", "重点行动", "主要行动", "专项行动", "主要措施", "工作措施", "具体措施",
    "重点措施",
)  # fmt: skip
# A chapter about carrying the plan out, not about what it carries out.
_NOT_TASKS = ("保障", "组织实施", "实施机制", "完成情况", "进展情况", "回顾")

_NUMBER = re.compile(
    r"^(?P<code>第[一二三四五六七八九十百]+(?:部分|篇|章|节)"
    r"|[一二三四五六七八九十]+(?=[、.．])"
    r"|[（(][一二三四五六七八九十]+[）)]"
    r"|\d{1,2}(?=[、.．](?!\d))"
    r"|[（(]\d{1,2}[）)]"
    r"|第[一二三四五六七八九十]+(?=[、，,]))"
    r"[、.．，,]?\s*"
)
# A contents line: dot leaders or a tab before the page number.
_TOC_LINE = re.compile(r"(?:[.·…]{3,}|\t)\s*\d{1,3}\s*$")
# A bracket, possibly holding one more (各镇（园区）).
_BRACKET = re.compile(r"[（(]((?:[^（）()]|[（(][^（）()]*[）)])*)[）)]")
_OWNER_LABEL = re.compile(
    r"^(?:(?:责任|牵头|主责|实施|承办|配合|协办|参与|协同|负责)(?:单位|部门|科室|处室|主体)?|责任方)\s*[:：]\s*"
)
_OWNER_VERB = re.compile(r"(?:按职责分工)?(?:牵头|负责|配合|参与|协同|协办)(?:实施|推进)?$")
_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]|[^。！？!?]+$")
_LEAD = re.compile(r"^(?P<lead>[^。：:；;]{2,30})[。：:](?P<rest>.*)$")
_YEAR_OR_SHARE = re.compile(r"(?:19|20)\d{2}\s*年|[%％]")
_PUNCT = re.compile(r"[\s\u3000（）()【】\[\]“”\"'‘’《》<>、，,。.:：；;·\-—_/％%*]")
_TEXT_MAX = 200
_SHORT_LEAD = 10  # a first sentence this short is a lead-in phrase: the next one says more


@dataclass
class _Entry:
    level: int
    code: str
    title: str
    chapter: str
    owners: list[str]
    body: list[str] = field(default_factory=list)
    group: str | None = None


def is_task_chapter(heading: str) -> bool:
    """Whether a heading opens a chapter of tasks (主要任务、重点工程 …; not 保障措施 or 目标)."""
    h = re.sub(r"\s+", "", heading)
    if not any(w in h for w in _TASK_WORDS) or any(w in h for w in _NOT_TASKS):
        return False
    return classify((h,)) == "body"


def task_suggestions(blocks: list[Block], tasks: list[dict]) -> list[dict]:
    """The task chapters' numbered headings as suggested tasks, leaving out those ``tasks`` already has."""
    chapters = _chapters(blocks)
    known = [_norm(t.get(k) or "") for t in tasks for k in ("goal", "title")]
    out: list[dict] = []
    seen: dict[tuple[str, str], int] = {}
    for chapter, entries in chapters:
        for entry in _pick(entries):
            key = (_norm(chapter), _norm(entry.title))
            if not key[1] or _already_a_task(key[1], known):
                continue
            found = _suggestion(entry)
            if key in seen:  # the same heading twice (a contents page): keep the one with a body
                if out[seen[key]]["text"] is None and found["text"] is not None:
                    out[seen[key]] = found
                continue
            seen[key] = len(out)
            out.append(found)
    return out


def _chapters(blocks: list[Block]) -> list[tuple[str, list[_Entry]]]:
    """Each task chapter's heading with the numbered headings inside it, in reading order."""
    chapters: list[tuple[str, list[_Entry]]] = []
    open_level: int | None = None
    for block in blocks:
        if not isinstance(block, Paragraph):
            continue
        raw = block.text.strip()
        if not raw or _TOC_LINE.search(raw):
            continue
        text = squeeze(raw.replace("**", ""))
        level = heading_level(text)
        if level is not None and open_level is not None and level <= open_level:
            open_level = None  # the next chapter begins
        if open_level is None:
            if level is not None and is_task_chapter(text):
                open_level = level
                chapters.append((_strip_number(text)[1] or text, []))
            continue
        chapter, entries = chapters[-1]
        entry = _heading_entry(text, level, chapter)
        if entry is not None:
            entries.append(entry)
        elif entries:
            entries[-1].body.append(text)
    return chapters


def _heading_entry(text: str, level: int | None, chapter: str) -> _Entry | None:
    """A numbered heading — or a paragraph led by one (“（一）加强统筹。正文……”) — as an entry."""
    if level is not None:
        code, rest = _strip_number(text)
        if not code:
            return None
        title, owners = _without_owners(rest)
        return _Entry(level, code, title.rstrip("。；;：:，, "), chapter, owners)
    code, rest = _strip_number(text)
    if not code:
        return None
    m = _LEAD.match(rest)
    if not m or _YEAR_OR_SHARE.search(m.group("lead")):
        return None
    lead_level = heading_level(text[: len(text) - len(rest)] + m.group("lead"))
    if lead_level is None:
        return None
    title, owners = _without_owners(m.group("lead"))
    entry = _Entry(lead_level, code, title.strip(), chapter, owners)
    if m.group("rest").strip():
        entry.body.append(m.group("rest").strip())
    return entry


def _pick(entries: list[_Entry]) -> list[_Entry]:
    """The headings one level below the chapter; a heading that groups numbered headings gives those."""
    if not entries:
        return []
    top = min(e.level for e in entries)
    picked: list[_Entry] = []
    i = 0
    lead = []
    while i < len(entries) and entries[i].level != top:
        lead.append(entries[i])
        i += 1
    picked.extend(_pick(lead))  # headings before the first top-level one stand on their own
    while i < len(entries):
        head = entries[i]
        i += 1
        children = []
        while i < len(entries) and entries[i].level > top:
            children.append(entries[i])
            i += 1
        if _not_a_task(head.title):
            continue
        if not children:
            picked.append(head)
            continue
        second = min(c.level for c in children)
        for child in children:
            if child.level == second and not _not_a_task(child.title):
                child.group = head.title
                picked.append(child)
    return picked


def _not_a_task(title: str) -> bool:
    """A heading about goals, the past or carrying the plan out, inside a task chapter."""
    return classify((title,)) != "body" or any(w in title for w in ("保障",))


def _suggestion(entry: _Entry) -> dict:
    owners = list(entry.owners)
    for line in entry.body:
        for name in _without_owners(line)[1]:
            if name not in owners:
                owners.append(name)
    return {
        "title": entry.title,
        "chapter": entry.chapter,
        "group": entry.group,
        "code": entry.code,
        "text": _first_sentence(entry.body),
        "owners": owners,
    }


def _first_sentence(body: list[str]) -> str | None:
    """The body's first sentence (two when the first is only a lead-in), without owner brackets.

    Lines are joined first: a conversion may break a sentence over two paragraphs.
    """
    lines = [_without_owners(line)[0].strip() for line in body]
    text = "".join(line for line in lines if line and heading_level(line) is None)
    sentences = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
    if not sentences:
        return None
    first = sentences[0]
    if len(first) <= _SHORT_LEAD and len(sentences) > 1:
        first += sentences[1]
    return first if len(first) <= _TEXT_MAX else first[: _TEXT_MAX - 1] + "…"


def _strip_number(text: str) -> tuple[str, str]:
    """(the number as written, the rest): ``（一）做强一带`` → ``（一）``, ``做强一带``; no number → ("", text)."""
    m = _NUMBER.match(text)
    if not m:
        return "", text
    return m.group("code"), text[m.end() :].strip()


def _without_owners(text: str) -> tuple[str, list[str]]:
    """The text without brackets that name responsible units, and the units they name."""
    owners: list[str] = []

    def take(m: re.Match[str]) -> str:
        named = _owners_in(m.group(1))
        if not named:
            return m.group(0)
        owners.extend(n for n in named if n not in owners)
        return ""

    return _BRACKET.sub(take, text).strip(), owners


def _owners_in(inner: str) -> list[str]:
    """Units named in a bracket: “责任单位：区科委、区经委” or “区科委牵头，各镇（园区）配合”."""
    inner = inner.strip()
    parts = [p.strip() for p in re.split(r"[；;]", inner) if p.strip()]
    labelled = [p for p in parts if _OWNER_LABEL.match(p)]
    if labelled:
        names: list[str] = []
        for part in labelled:
            names += split_owners(_OWNER_LABEL.sub("", part))
        return names
    pieces = [p.strip() for p in re.split(r"[，,；;]", inner) if p.strip()]
    if pieces and _OWNER_VERB.search(pieces[0]) and all(_OWNER_VERB.search(p) for p in pieces):
        names = []
        for piece in pieces:
            names += split_owners(_OWNER_VERB.sub("", piece))
        return [n for n in names if n]
    return []


def _norm(text: str) -> str:
    return _PUNCT.sub("", text).lower()


def _already_a_task(title: str, known: list[str]) -> bool:
    """The heading is a task the document's task table or numbered items already give."""
    for other in known:
        if not other:
            continue
        if title == other or (len(title) >= 8 and title in other) or (len(other) >= 8 and other in title):
            return True
    return False
