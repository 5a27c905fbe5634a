"""Quantified goals in running prose: "到2025年，X达到3%以上，Y不少于80家".

A sentence is cut into clauses (，；) and enumerations (、); each piece with a
quantity becomes a goal with a name (the subject before the verb, or the object
after the count when the verb comes first), a comparator and a kind. Whether a
number is a goal at all depends on the section and on markers of the future.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kechuang.reader.extract.numbers import (
    COUNT_UNITS,
    PERCENT_UNITS,
    Quantity,
    find_quantities,
    mask_quotes,
    squeeze,
)
from kechuang.reader.extract.numerals import arabic_numerals
from kechuang.reader.extract.periods import five_year_period
from kechuang.reader.extract.places import resolve_place_reference
from kechuang.reader.extract.prose_rules import (
    counts_text_structure,
    one_year_plan,
    strip_item_number,
    whole_year,
)
from kechuang.reader.extract.respectively import expand_respectively
from kechuang.reader.extract.words import (
    ACTION_VERBS,
    LEVEL_WORD,
    OBJECT_VERBS,
    has_word,
    strip_leading_verbs,
    word_spans,
)


@dataclass
class Goal:
    """One goal stated in a sentence (value None for a goal against another body)."""

    name: str
    value: float | None
    unit: str | None
    comparator: str
    kind: str
    year: int | None
    text: str
    evidence: str
    baseline: tuple[int, float] | None = None
    notes: list[str] = field(default_factory=list)


_OPEN, _CLOSE = "（(“《【[", "）)”》】]"
_PAST = re.compile(r"截至|截止|目前|现有|已有|已经|已达|以来|先后|近年来|同比|比上年|较上年|上年度")
_PERIOD_TOTAL = re.compile(r"(?:[“\"]?(十[一二三四五六七八九]?五)[”\"]?)?(?:时期|期间)累计")
_PERIOD_NAMED = re.compile(r"[“\"]?(十[一二三四五六七八九]?五)[”\"]?(?:时期|期间|期末|末)")
_FUTURE = re.compile(r"力争|争取|确保|期末|末期|目标(?:是|为)|预计|努力实现|规划期")
_YEAR = re.compile(r"(到|至|于|在|截至|截止|力争到|争取到)?\s*((?:19|20)\d{2})\s*年\s*(底|末|前|年底前)?")
_BASELINE = re.compile(
    r"(较|比|相比|相较|对比|由|从)\s*(?:于)?\s*((?:19|20)\d{2})\s*年?(?:底|末)?\s*(?:的)?\s*$"
)
_IN_BASE = re.compile(r"(在)\s*((?:19|20)\d{2})\s*年(?:底|末)?\s*$")
_SUBSIDY = re.compile(r"给予|补贴|资助|补助|奖补|奖励\d|扶持资金|一次性|最高")
_RELATIVE = re.compile(
    r"(不低于|高于|超过|快于|优于|领先于?|略高于|好于)\s*(全国|全省|全市|全区|本市|同期|市|国家|全社会)?[^，。；、]{0,10}?(平均|水平|增幅|增速)[^，。；、]{0,6}"
)
_POLICY_RATE = re.compile(r"减按|税率|加计扣除|按\s*\d+(?:\.\d+)?\s*%\s*的?比例")
_BREAKTHROUGH = re.compile(r"零的突破|零突破")
_DOUBLING = re.compile(r"翻([一两二三])番")

_ACTION = (
    "新增", "建设", "建成", "新建", "打造", "培育", "引进", "创建", "设立", "组建", "形成", "推进", "认定", "集聚",
    "引育", "招引", "吸引", "布局", "孵化", "服务", "举办", "开展", "推动", "支持", "签约", "转化", "搭建", "带动",
    "实施", "获批", "创成", "争创", "新认定", "新培育", "落地", "储备", "遴选",
)  # fmt: skip
_STRONG = (
    "新增", "建设", "建成", "新建", "打造", "培育", "引进", "创建", "设立", "组建", "形成", "认定", "集聚", "引育",
    "招引", "达到", "超过", "不少于", "突破", "争创", "创成", "获批", "新认定",
)  # fmt: skip
_WEAK = (
    "围绕",
    "依托",
    "聚焦",
    "对",
    "与",
    "包括",
    "涉及",
    "覆盖",
    "联动",
    "以",
    "有",
    "共有",
    "拥有",
    "参与",
    "按照",
    "结合",
)
_INCREMENT = re.compile(
    r"新增|新建|新引进|引进|新认定|新培育|累计|招引|签约|新设|新获|净增|增加|引育|转化\d|带动.*新增|组织|促成"
)
_GROWTH = re.compile(
    r"(增长|增速|增幅|提高|提升|增加)(?:率)?\s*(?:达到|达|为|保持在|保持|超过|不低于|不少于)?\s*$"
)
_ANNUAL = re.compile(r"每年|每年度|年度|年均")
_LEAD = re.compile(
    r"^(?:(?:到|至|在|截至)?\s*(?:19|20)\d{2}\s*年(?:底|末|前)?|“?十[一二三四五六]五”?(?:期末|末期|时期|期间)?|"
    r"力争|争取|确保|努力|基本|全面|进一步|持续|不断|加快|大力|积极|重点|着力|预计|计划|要|将|使|让|推动|推进|"
    r"带动|实现|培育|集聚|搭建|建设|建成|新建|打造|引进|新增|形成|累计|获得|拥有|完成|开展|组织|支持|鼓励|引导|"
    r"吸引|创建|设立|组建|认定|举办|建立|推出|申报|承接|招引|其中|全区|全市|全县|全镇|区内|本区|我区|本镇|本县|我县|我镇|本街道|"
    r"共|总计|合计|各类|每年|年均|全年|(?:未来|今后)?[一二两三四五六七八九十]+年(?:内|间)?(?=累计|共|合计|总计)|"
    r"[，,、\s])"
)
_TRAIL = re.compile(
    r"(?:达到|达|不少于|不低于|不超过|不高于|超过|突破|为|新增|增长|增加|提高|提升|保持在|保持|控制在|高于|低于|"
    r"力争|争取|累计|年均|平均|每年|约|至少|实现|逾|稳定在|的|(?:压缩|降低|下降|提高|提升|增加|减少|缩短)(?:至|到)|降至|"
    r"[，,、\s])$"
)
_OBJ_LEAD = re.compile(r"^(?:以上|及以上|左右|上下|多|余|的|[\s、])+")
_OBJ_TRAIL = re.compile(r"(?:有效运行|正常运行|投入使用|落地|建成|入驻|运营|以上|左右|[，,、\s])+$")
_SCOPE = {"全区范围内", "全区", "区内", "全市", "每年", "共", "其中", "范围内", "本区", "全区各类"}


@dataclass
class YearContext:
    """The goal year stated last, carried to the sentences, parts and list items that state none.

    ``binding`` says whether the carried year alone makes a number a goal: within the paragraph
    that stated it, and in the list a "到2027年，主要指标如下：" introduces.
    """

    year: int | None = None
    binding: bool = False
    path: tuple[str, ...] = ()


def split_sentences(text: str) -> list[str]:
    """Sentences end at 。！？ (and at a line's end)."""
    parts = re.split(r"(?<=[。！？!?])", text)
    return [p.strip() for p in parts if p.strip()]


def _split_outside(text: str, seps: str) -> list[str]:
    """Split on separators that are not inside brackets or quotes."""
    out, depth, buf = [], 0, []
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if ch in seps and depth == 0:
            out.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    out.append("".join(buf))
    return [p for p in out if p.strip()]


def sentence_year(sentence: str, start: int | None, end: int | None) -> tuple[int | None, bool]:
    """The year a sentence's goals are for, and whether it only reports the past."""
    goal_year, past = None, False
    for m in _YEAR.finditer(sentence):
        year = int(m.group(2))
        prefix, suffix = m.group(1) or "", m.group(3) or ""
        before = sentence[max(0, m.start() - 3) : m.start()]
        if re.search(r"较|比|相比|基数|基期|由|从|以", before) or re.match(
            r"[^，。；]{0,12}?(?:基础|水平)上", sentence[m.end() : m.end() + 16]
        ):  # "在2022年基础上翻一番": a base, not the past
            continue
        if prefix in ("截至", "截止"):
            past = True
            continue
        if start is not None and year < start:
            if not re.search(r"[-—–~～至到]\s*$", sentence[: m.start()]):
                past = True
            continue
        if prefix in ("到", "至", "力争到", "争取到", "于") or suffix in ("前", "年底前", "底", "末"):
            goal_year = goal_year or year
        elif goal_year is None and (start is None or year >= start):
            goal_year = year
    if goal_year is None and re.search(r"期末|末期|规划期", sentence):
        goal_year = end
    if goal_year is not None:
        past = False
    return goal_year, past


def _earlier_total(part: str, start: int | None) -> bool:
    """ "期间累计" totals report the past, unless the period named is the plan's own."""
    m = _PERIOD_TOTAL.search(part)
    if not m:
        return False
    period = five_year_period(m.group(1)) if m.group(1) else None
    return period is None or start is None or period[0] < start


def _earlier_period(part: str, year: int | None, start: int | None) -> bool:
    """A part set in an earlier five-year period ("十三五时期实施的…") with no goal year reports the past."""
    if year is not None or start is None:
        return False
    for m in _PERIOD_NAMED.finditer(part):
        period = five_year_period(m.group(1))
        if period and period[1] < start:
            return True
    return False


def goals_in_text(
    text: str,
    *,
    section: str,
    start: int | None,
    end: int | None,
    default_year=None,
    context: YearContext | None = None,
    region: str | None = None,
) -> list[Goal]:
    """Every goal in a paragraph, given the kind of section it stands in (`region`: the plan's).

    ``context`` carries the goal year from paragraph to paragraph: the caller resets it when the
    section changes; here it binds for the rest of this paragraph once a year is stated.
    """
    if section in ("review", "appendix"):
        return []
    text = strip_item_number(text)
    context = context if context is not None else YearContext()
    before = (context.year, context.binding)
    context.binding, stated = before[1], False
    out: list[Goal] = []
    earlier = ""  # the paragraph's sentences before this one, where 该镇 may point back to
    for sentence in split_sentences(text):
        found = goals_in_sentence(
            sentence, section=section, start=start, end=end, default_year=default_year, context=context
        )
        for goal in found:
            goal.name = resolve_place_reference(goal.name, sentence, earlier, own=region)
        out.extend(found)
        earlier += sentence
        stated = stated or (context.year, context.binding) != before
    if stated:  # a paragraph that states a year passes it on only when it introduces a list
        context.binding = context.year is not None and text.rstrip().endswith(("：", ":"))
    return out


def goals_in_sentence(
    sentence: str,
    *,
    section: str,
    start: int | None,
    end: int | None,
    default_year=None,
    context: YearContext | None = None,
) -> list[Goal]:
    """Goals of one sentence; each ；-part that reports the past is skipped on its own.

    A part without a year takes the year of the part before it (or of the context), not the
    sentence's first year: "到2026年A；到2028年B；C" sets C for 2028.
    """
    sentence = arabic_numerals(squeeze(sentence))
    context = context if context is not None else YearContext()
    sentence_goal_year, _ = sentence_year(sentence, start, end)
    goals: list[Goal] = []
    past_before = False
    for part in _split_outside(sentence, "；;"):
        part = _ROW_NUMBERS.sub("", part)  # "注：第7、8项为新增数": row numbers, not quantities
        year, past = sentence_year(part, start, end)
        if year is not None or past:
            past_before = past
        elif past_before:  # "2025年，A达到…；B达到…": a part without a year reports the past too
            continue
        if past or _PAST.search(part) or _earlier_total(part, start) or _earlier_period(part, year, start):
            continue
        carried = context.year if context.binding else None
        if year is not None:
            run = re.search(r"(?:(?:19|20)\d{2}\s*年?(?:底|末)?\s*[、和及]\s*)+(?:19|20)\d{2}", part)
            listed = [int(y) for y in re.findall(r"(?:19|20)\d{2}", run.group(0))] if run else []
            context.year, context.binding = max([year, *[y for y in listed if y >= year]]), True
        year = year or carried or sentence_goal_year
        future = year is not None or bool(_FUTURE.search(sentence)) or one_year_plan(start, end)
        year = year or default_year or end
        last_verb, previous, last_found = "", "", None
        # who the next clause speaks of when it names nothing: the goal of the clause just before
        # ("…达到1500家，力争突破1600家") or the subject of a clause without a number
        # ("科技型企业数量实现倍增，达到3000家"); never a goal further back
        subject = goals[-1].name if goals else ""  # "到2025年，提高到50%以上": the goal just before
        for clause in _join_year_lists(_split_outside(part, "，,：:")):
            clause, sub_of = _sub_goal(clause, goals[-1].name if goals and subject else "")
            if _ITS.match(clause.lstrip()) and not sub_of and previous:
                clause = _referent(previous, last_found) + clause.lstrip()[1:]
            previous, last_found = clause, None
            found = False
            said = sentence[: sentence.find(clause)] if clause in sentence else ""
            for piece, piece_year in expand_respectively(clause, year, start, end, before=said):
                for group in _groups(piece):
                    goal, verb = _goal_in_group(
                        group, sentence, section, future, piece_year, last_verb, subject
                    )
                    last_verb = verb or last_verb
                    if goal:
                        if sub_of and not goal.name.endswith(sub_of):
                            goal.name = _sub_goal_name(goal.name, sub_of)
                        goals.append(goal)
                        subject, found, last_found = goal.name, True, goal.name
                    elif goals and goals[-1].baseline is None:
                        goals[-1].baseline = _lone_baseline(group)
            if not found:
                subject = _clause_subject(clause) or ("" if _clean_name(clause) else subject)
    return _drop_implied_doublings(goals)


_ROW_NUMBERS = re.compile(
    r"第[\d一二三四五六七八九十]+(?:[、，,和及至到—-]+[\d一二三四五六七八九十]+)*[项条行列]"
)
_ITS = re.compile(r"其(?!中|他|它|余|次|实|后)")
# What a goal counts of its subject: "规上工业企业占比" is a share of 规上工业企业.
_MEASURE = re.compile(r"(?:的)?(?:占比|比重|比例|数量|总数|总量|规模|家数|个数)$")


def _referent(previous: str, previous_goal: str | None) -> str:
    """What 其 at the head of a clause points back to: the subject of the goal just stated
    ("有研发活动的企业占比达到75%，其研发费用…" → 有研发活动的企业), else the clause before."""
    if previous_goal:
        subject = _MEASURE.sub("", previous_goal)
        if len(subject) >= 2:
            return subject
    return _clean_name(previous)


def _drop_implied_doublings(goals: list[Goal]) -> list[Goal]:
    """ "在2020年486家的基础上翻一番，达到1000家": the number stated wins over the one computed."""
    return [
        g
        for i, g in enumerate(goals)
        if "翻番" not in g.notes
        or not any(
            o.name == g.name and o.year == g.year and "翻番" not in o.notes for o in goals[i + 1 : i + 3]
        )
    ]


_YEAR_LIST = re.compile(
    r"^\s*(?:到|至|在)?\s*(?:(?:19|20)\d{2}\s*年?(?:底|末)?\s*[、和及]\s*)+(?:19|20)\d{2}\s*年?(?:底|末)?\s*$"
)


def _join_year_lists(clauses: list[str]) -> list[str]:
    """ "到2026年、2027年、2028年，覆盖率分别达到45%、50%、55%": the years belong to the 分别 clause."""
    out: list[str] = []
    for clause in clauses:
        if out and _YEAR_LIST.match(out[-1]) and "分别" in clause:
            out[-1] = f"{out[-1]}{clause}"
        else:
            out.append(clause)
    return out


def _sub_goal(clause: str, parent: str) -> tuple[str, str]:
    """ "其中国家级10家": 其中 opens a part of the goal before (not the pronoun 其)."""
    stripped = clause.lstrip()
    if not stripped.startswith("其中") or not parent:
        return clause, ""
    return stripped[2:].lstrip("，, "), parent


def _sub_goal_name(name: str, parent: str) -> str:
    """国家级 under 科技企业孵化器 → 国家级科技企业孵化器; a full name of its own stays as it is."""
    parent = re.split(r"等(?=[\u4e00-\u9fff]{2,}$)", parent)[-1]  # 概念验证中心、中试平台等成果转化平台
    if len(name) <= 4 or name.endswith(("级", "类", "型")):
        level = re.match(r"^(?:国家|省|市|区|县)?[\u4e00-\u9fff]{0,2}?级", parent)
        return name + (parent[level.end() :] if level else parent)
    return name


def _clause_subject(clause: str) -> str:
    """The subject of a clause that states no number: what comes before its first verb."""
    text = re.sub(r"方面$", "", squeeze(clause).strip())  # "创新联合体方面，到2028年组建20家"
    spans = word_spans(text)
    for s, _, word in spans:
        if s > 0 and (word in _VERBS or word in ("实现", "保持", "达到", "进入", "迈入", "位居", "稳居")):
            return _clean_name(text[:s])
    if len(text) <= 30 and not re.search(r"[，,。；;、（(]", text):  # "专利拥有量：1.6件": a label
        return _clean_name(text)
    return ""


def _groups(clause: str) -> list[str]:
    """Cut an enumeration at 、 where each piece holds its own quantity."""
    pieces = _split_outside(clause, "、")
    groups: list[str] = []
    buf = ""
    for piece in pieces:
        buf = f"{buf}、{piece}" if buf else piece
        masked = mask_quotes(piece)
        if find_quantities(piece, masked) or _BREAKTHROUGH.search(piece) or _RELATIVE.search(piece):
            groups.append(buf)
            buf = ""
    if buf:
        if groups:
            groups[-1] = f"{groups[-1]}、{buf}"
        else:
            groups.append(buf)
    return groups


_VERBS = frozenset(_ACTION + _STRONG + _WEAK + ("构建", "建立", "壮大", "吸纳", "培养", "聚集", "汇聚"))


def _last_verb(text: str) -> str:
    """The last whole-word verb, outside a 的-modifier ("有研发机构的企业": 有 is no verb of the goal)."""
    text = re.sub(r"以(?=[上下内外来])", "", text)  # 市级以上: 以 is no verb
    spans = word_spans(text)
    for i in range(len(spans) - 1, -1, -1):
        word = spans[i][2]
        verb = word if word in _VERBS else next((v for v in _ACTION if word.startswith(v)), "")
        if not verb:
            continue
        if any(w == "的" for _, _, w in spans[i + 1 :]):
            continue
        return verb
    return ""


def _goal_in_group(group, sentence, section, future, year, last_verb, subject="") -> tuple[Goal | None, str]:
    """The goal of one enumeration group; ``subject`` names a clause that has none ("，力争突破N")."""
    masked = mask_quotes(group)
    qtys = find_quantities(group, masked)
    baseline = None
    base_unit: str | None = None
    cut: tuple[int, int] | None = None
    main: Quantity | None = None
    for q in qtys:
        m = _BASELINE.search(masked[: q.start])
        if not m and re.match(r"\s*的?基础上", masked[q.end : q.end + 5]):
            m = _IN_BASE.search(masked[: q.start])  # "在2024年85家的基础上实现翻一番"
        if m:
            baseline = (int(m.group(2)), q.value)
            cut = cut or (m.start(), q.end)
            base_unit = q.unit
            continue
        if main is None and not (_qualifies_name(group, q) and q is not qtys[-1]):
            main = q  # "营收超50亿元的企业达到12家": 50亿元 qualifies the name, 12家 is the goal
    pre = group[: main.start] if main else group
    if main and cut and cut[1] <= main.start:  # "X由2020年的487家突破800家": the name is X
        pre = group[: cut[0]] + group[cut[1] : main.start]
    verb = _last_verb(mask_quotes(pre)) or ""
    context_verb = verb or last_verb
    if main is None:
        if baseline and cut and _DOUBLING.search(group):
            return _doubling_goal(group, sentence, year, baseline, base_unit, cut), verb
        goal = _special_goal(group, sentence, year, baseline)
        return goal, verb
    if group.lstrip().startswith("对") or (_SUBSIDY.search(group) and (main.unit or "").endswith("元")):
        return None, verb
    if (main.unit or "").endswith("元") and re.match(
        r"\s*的?(?:奖励|补贴|补助|资助|奖补|扶持|贴息)", group[main.end :]
    ):
        return None, verb  # "落实首次认定高企20万元奖励政策": a subsidy, not a goal
    if _POLICY_RATE.search(group):
        return None, verb
    if "给予" in group or counts_text_structure(group, main.end):
        return None, verb
    committed = (
        future
        or _BREAKTHROUGH.search(group)
        or (context_verb in _STRONG and main.unit in COUNT_UNITS)
        or (  # 每年遴选100家, 每年组织对接活动不少于10场
            re.search(r"每年|年均", group)
            and (context_verb in _ACTION + _STRONG or re.search(r"(不少于|不低于|达到|超过|突破)\s*$", pre))
        )
    )
    if section != "target" and not committed:
        return None, verb
    if context_verb in _WEAK and section != "target":
        return None, verb
    after = group[main.end : main.end + 6]
    comparator = _comparator(pre, after, main)
    unit = main.unit
    rank = _RANK.search(pre)
    if rank and (unit in (None, "位", "名")):  # "综合排名保持全省前5位": a rank to stay within
        comparator, unit = "<=", "位"
        pre = pre[: rank.start()]
    kind = _kind(group, pre, context_verb, main)
    name = _name(pre, group[main.end :], context_verb)
    if not name and subject and not _clean_name(pre) and not group[main.end :].strip(" ，,。；;以上左右"):
        name = subject
    if not name:
        return None, verb
    if kind == "growth" and unit in PERCENT_UNITS:
        unit = "%" if unit in ("%", "％") else unit
    text = group.strip(" ，,、。；;")
    return Goal(name, main.value, unit, comparator, kind, year, text, sentence, baseline), verb


_RANK = re.compile(
    r"(?:保持|位居|稳居|位列|进入|跻身|居|排在)?\s*(?:全国|全省|全市|全区|全球|同类|省内|市内|区内|"
    r"长三角|珠三角|中部地区|西部地区|东部地区)?(?:同类园区|同类开发区|同类城市)?\s*前\s*$"
)


def _qualifies_name(group: str, q: Quantity) -> bool:
    """A quantity followed by 的 ("营收超50亿元的企业") describes what is counted."""
    return bool(re.match(r"\s*(?:以上|及以上|以下|左右)?\s*的", group[q.end : q.end + 5]))


def _doubling_goal(group, sentence, year, baseline, unit, cut) -> Goal | None:
    """ "X由2022年的12万平方米实现翻一番": the goal is the stated start times 2 (翻两番: times 4)."""
    name = _clean_name(group[: cut[0]])
    if not name:
        return None
    factor = {"一": 2, "两": 4, "二": 4, "三": 8}[_DOUBLING.search(group).group(1)]
    text = group.strip(" ，,、。；;")
    return Goal(name, baseline[1] * factor, unit, ">=", "level", year, text, sentence, baseline, ["翻番"])


def _lone_baseline(group: str) -> tuple[int, float] | None:
    """A clause that only states the starting point ("较2020年的26家") belongs to the goal before it."""
    masked = mask_quotes(group)
    for q in find_quantities(group, masked):
        m = _BASELINE.search(masked[: q.start])
        if m:
            return int(m.group(2)), q.value
    return None


def _special_goal(group, sentence, year, baseline) -> Goal | None:
    """零的突破 (value 1) and goals set against another body ("高于全市平均水平")."""
    m = _BREAKTHROUGH.search(group)
    if m:
        name = _clean_name(group[: m.start()])
        if name:
            return Goal(name, 1, None, ">=", "level", year, group.strip(" ，,"), sentence, baseline)
        return None
    m = _RELATIVE.search(group)
    if m:
        name = _clean_name(group[: m.start()])
        if not name:
            return None
        kind = "growth" if re.search(r"增幅|增速|增长|增量", group) else "level"
        unit = "%" if re.search(r"(比重|占比|比例|率|强度|增幅|增速)$", name) else None
        return Goal(name, None, unit, "relative", kind, year, group.strip(" ，,"), sentence, baseline)
    return None


def _comparator(pre: str, after: str, q: Quantity) -> str:
    if re.match(r"\s*(左右|上下)", after) or re.search(r"约\s*$", pre):
        return "~"
    if re.search(r"(不超过|不高于|控制在|(?<!不)低于|以内)\s*$", pre) or re.match(r"\s*(以下|以内)", after):
        return "<="
    if q.is_range:
        return ">="
    strict = re.search(r"(超过|高于|突破|大于)\s*$", pre) and not re.search(
        r"(力争|争取|不)\s*(超过|突破|高于)\s*$", pre
    )
    if strict:
        return ">"
    return ">="


def _kind(group: str, pre: str, verb: str, q: Quantity) -> str:
    if (re.search(r"每年|每年度", group) or whole_year(group)) and not re.search(r"年均(增长|增速)", group):
        return "annual"
    if q.unit in ("%", "％") and (_GROWTH.search(pre) or re.search(r"年均(增长|增速)", pre)):
        return "growth"
    if re.search(r"年均(?!增长|增速)", pre) or re.search(
        r"(?:^|[，,：:])\s*(?:全[区市县省])?年(?![均度底末内份])[\u4e00-\u9fff]{2,}", pre
    ):  # "年技术合同成交额超过150亿元": an amount per year
        return "annual"
    if q.unit not in PERCENT_UNITS and (has_word(_INCREMENT, pre) or _INCREMENT.search(verb)):
        return "increment"
    return "level"


def _strip_ends(name: str) -> str:
    """Lead words (years, adverbs, scope) and trailing verbs peeled off until none is left."""
    for _ in range(8):
        new = _TRAIL.sub("", _LEAD.sub("", name)).strip()
        if new == name:
            break
        name = new
    return name


def _clean_name(text: str) -> str:
    name = _strip_ends(squeeze(text))
    name = _object_of_last_verb(strip_leading_verbs(name.strip(" ，,、：:")))
    if name in ACTION_VERBS:  # "年均净增200家": a verb alone names nothing
        return ""
    if re.fullmatch(r"(?:未来|今后|近|这|连续)?[一二两三四五六七八九十\d]+年(?:内|间|来)?", name):
        return ""  # a time span ("三年") is never a name
    if name in _SCOPE or len(name) < 2 or name.endswith("等") or _is_enumeration(name):
        return ""
    return name


# What may stand before the verb when the name is the verb's object: numbering, a time span, a
# conjunction ("（三）培育…", "三年累计引进…", "和培育…"), or a means ("依托科创载体带动…").
_BEFORE_OBJECT = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+是|和|及|并|前|新|再|累计|"
    r"(?:未来|今后|近)?[一二两三四五六七八九十\d]+年(?:内|间)?)*$"
)
_MEANS = re.compile(r"^(?:依托|通过|借助|依靠|利用)")


def _object_of_last_verb(name: str) -> str:
    """ "三年累计引进高层次人才" and "依托科创载体带动全区新增硬科技企业" count what follows the last verb
    that takes the counted thing as its object. Not when a subject stands before the verb
    ("某园区集聚研发人员"), the verb qualifies a noun ("培育的后备企业") or the name is a share of
    the subject ("企业设立研发机构的比例")."""
    spans = [s for s in word_spans(name) if s[0] > 0 and s[2] in OBJECT_VERBS]
    if not spans or re.search(r"(?:比例|比重|占比|率)$", name):
        return name
    start, end, _ = spans[-1]
    head = name[:start]
    if head.count("（") + head.count("(") > head.count("）") + head.count(")"):
        return name  # a verb inside brackets: "高质量（培育）孵化器"
    head = _LEAD.sub("", head) if not _BEFORE_OBJECT.match(head) else ""
    for verb in reversed(spans[:-1]):  # "引进培育…": a verb run
        if head.endswith(name[verb[0] : verb[1]]):
            head = head[: -(verb[1] - verb[0])]
    if head and not _BEFORE_OBJECT.match(head) and not _MEANS.match(name):
        return name
    tail = _strip_ends(name[end:])
    if len(re.sub(r"[^\u4e00-\u9fff]", "", tail)) < 3 or tail.startswith("的") or tail in _SCOPE:
        return name
    return tail


def _is_enumeration(text: str) -> bool:
    """'A、B、C' lists the members of what the count counts; it is not the name.

    A list of levels ("国家、省、市级工程中心") and "A、B、C等企业" name one thing.
    """
    pieces = _split_outside(text, "、")
    if len(pieces) < 3:
        return False
    if all(LEVEL_WORD.match(p.strip()) for p in pieces[:-1]):
        return False
    return not re.search(r"等[\u4e00-\u9fff]{2,}$", pieces[-1])


def _ends_with_verb(text: str) -> bool:
    """'…打造' ends with an action verb; '…孵化器' does not, though it ends with 孵化 and 器."""
    text = re.sub(r"(?:超过|超|近|约|逾|达|至少)$", "", text)
    spans = word_spans(text)
    return bool(spans) and (spans[-1][2] in OBJECT_VERBS or spans[-1][2] in _ACTION)


def _name(pre: str, rest: str, verb: str) -> str:
    obj = _OBJ_TRAIL.sub("", _OBJ_LEAD.sub("", squeeze(rest))).strip()
    obj = re.split(r"[，,；;。]", obj)[0]
    pre_s = squeeze(pre).rstrip()
    subject = _clean_name(pre_s)
    verb_last = _ends_with_verb(pre_s)
    if obj and len(obj) >= 2 and (verb_last or not subject):
        return obj
    return subject or (obj if len(obj) >= 2 else "")
