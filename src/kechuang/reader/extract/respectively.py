"""分别 lists: one clause, several goals ("市级和省级孵化器分别超过30家和120家").

The names before 分别 (or the years: "三年分别达到…", "2026年、2027年分别…") pair with the
values after it, in order; a unit written once at the end belongs to every value. Each pair is
rewritten as a plain clause ("省级孵化器超过120家") for the ordinary goal rules.
"""

from __future__ import annotations

import re

from kechuang.reader.extract.numbers import NUM, UNITS, cn_to_int
from kechuang.reader.extract.words import LEVEL_WORD, OPENING_VERBS, cut

_RESPECTIVELY = re.compile(r"分别")
_UNIT_RE = "|".join(re.escape(u) for u in UNITS)
_VALUE = re.compile(rf"(?P<num>{NUM})\s*(?P<unit>(?:{_UNIT_RE})|万|亿)?")
_VERB = re.compile(
    r"^\s*(达到|超过|突破|不少于|不低于|不超过|控制在|保持在|稳定在|提高到|提升到|提高至|提升至|增长|增加|新增|为|达|"
    r"力争达到|力争突破|力争超过|争取达到)?"
)
_JOIN = re.compile(r"[和与及、]|以及")
_YEAR_LIST = re.compile(r"((?:19|20)\d{2})\s*年?")
_SPAN = re.compile(r"(?:未来|今后|近)?([一二两三四五六七八九十\d]{1,2})\s*年(?:内|间)?$")


def expand_respectively(
    clause: str, year: int | None, start: int | None, end: int | None, before: str = ""
) -> list[tuple[str, int | None]]:
    """The clause as (clause, year) pairs: several for a 分别 list that pairs up, else itself.

    `before`: the sentence before the clause, where "上述两类企业分别…" finds the two it names."""
    m = _RESPECTIVELY.search(clause)
    if not m:
        return [(clause, year)]
    pre, post = clause[: m.start()], clause[m.end() :]
    verb = _VERB.match(post).group(0)
    values, thing = _values(post[len(verb) :]), ""
    if len(values) < 2:  # "2025年、2026年分别新增甲类企业3家、4家": the thing counted after the verb
        first = _VALUE.search(post, len(verb))
        if first is not None and first.start() > len(verb) and verb:
            thing, values = post[len(verb) : first.start()], _values(post[first.start() :])
    if len(values) < 2:
        return [(clause, year)]
    years = _years(pre, len(values), start, end)
    if years:
        name, _ = years
        said = f"{verb}{thing}" if thing else verb or "达到"
        return [(f"{name}{said}{value}", y) for y, value in zip(years[1], values, strict=True)]
    if thing:
        return [(clause, year)]
    names = _names(pre, len(values))
    if not names:
        listed = _listed(before, len(values)) if _BACK.search(pre) else None
        if listed:
            return [
                (f"{name}{verb or '达到'}{value}", year) for name, value in zip(listed, values, strict=True)
            ]
        return [(clause, year)]
    head, parts = names
    return [(f"{head}{part}{verb or '达到'}{value}", year) for part, value in zip(parts, values, strict=True)]


def _values(text: str) -> list[str]:
    """'30家和120家' → ['30家', '120家']; '200万、300万、400万平方米' → each with 万平方米."""
    found: list[tuple[str, str]] = []
    pos = 0
    for m in _VALUE.finditer(text):
        between = text[pos : m.start()]
        if found and not re.fullmatch(r"\s*(?:[、，,和与及]|以及)?\s*", between):
            break
        if not found and between.strip():
            break
        found.append((m.group("num"), m.group("unit") or ""))
        pos = m.end()
    if not found:
        return []
    last_unit = found[-1][1]
    out = []
    for num, unit in found:
        if not unit or (last_unit.startswith(unit) and unit != last_unit):
            unit = last_unit
        out.append(f"{num}{unit}")
    return out


def _years(pre: str, n: int, start: int | None, end: int | None) -> tuple[str, list[int]] | None:
    """The name and the years of a 分别 list over years ("孵化面积三年分别…", "2026年、2027年分别…")."""
    pre = pre.rstrip("，, ")
    listed = list(_YEAR_LIST.finditer(pre))
    tail = pre[listed[0].start() :] if listed else ""
    if len(listed) == n and re.fullmatch(
        r"(?:(?:19|20)\d{2}\s*年?(?:底|末)?\s*(?:[、，,和与及至到]|以及)?\s*)+", tail
    ):
        name = pre[: listed[0].start()].rstrip("到至在于，, ")
        return name, [int(y.group(1)) for y in listed]
    lead = re.match(r"^\s*(?:到|至|在)?\s*((?:(?:19|20)\d{2}\s*年?(?:底|末)?\s*(?:[、和及]|以及)?\s*)+)", pre)
    if lead:
        years = [int(y) for y in re.findall(r"(?:19|20)\d{2}", lead.group(1))]
        if len(years) == n:  # "到2026年、2027年、2028年覆盖率分别…"
            return pre[lead.end() :].lstrip("，, "), years
    span = _SPAN.search(pre)
    if span:
        count = cn_to_int(span.group(1)) if not span.group(1).isdigit() else int(span.group(1))
        if count == n and end is not None:
            first = start if start is not None and end - start + 1 == n else end - n + 1
            return pre[: span.start()], list(range(first, first + n))
    return None


# "上述两类企业", "以上三项", "这两类": the things are the ones just listed.
_BACK = re.compile(
    r"(?:上述|前述|以上|这)(?:两|三|四|五|六|[2-6])?(?:类|个|项|种|家|者)?[\u4e00-\u9fff]{0,6}$"
)


def _listed(before: str, n: int) -> list[str] | None:
    """The last list of n things named before ("推动甲类企业、乙类企业扩容提质" → 甲类企业, 乙类企业):
    the verb before the first is left out, and the last ends where the first's head word does."""
    for segment in reversed(re.split(r"[，,；;。]", before)):
        parts = [p for p in _JOIN.split(segment) if p.strip()]
        if len(parts) != n:
            continue
        words = list(cut(parts[0]))
        while len(words) > 1 and words[0] in OPENING_VERBS:
            words.pop(0)
        head = words[-1]
        end = parts[-1].rfind(head)
        if len(head) < 2 or end < 0:
            return None
        return ["".join(words), *parts[1:-1], parts[-1][: end + len(head)]]
    return None


def _names(pre: str, n: int) -> tuple[str, list[str]] | None:
    """('培育', ['市级孵化器', '省级孵化器']) from '培育市级和省级孵化器'; None unless n names are found."""
    words = cut(pre)
    lead = ""
    for w in words:  # the verb opening the clause stays in front of every rewritten clause
        if w in OPENING_VERBS or re.fullmatch(r"[，,\s]", w):
            lead += w
        else:
            break
    body = pre[len(lead) :]
    parts = [p for p in _JOIN.split(body) if p.strip()]
    if len(parts) != n:
        return None
    last = parts[-1]
    filled = []
    for part in parts[:-1]:
        if LEVEL_WORD.match(part.strip()):  # 市级和省级孵化器: the level lends the head noun of the last
            level = re.match(r"^(?:国家|省|市|区|县|国际|全国|部)?[\u4e00-\u9fff]{0,3}?级", last)
            noun = last[level.end() :] if level else last
            part = f"{part.strip()}{'' if part.strip().endswith('级') else '级'}{noun}"
        filled.append(part)
    filled.append(last)
    return lead, filled
