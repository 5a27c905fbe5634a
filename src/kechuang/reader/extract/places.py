"""Goals that name their place by a reference word take the place's own name.

A plan that supports one town writes "支持某某镇建设孵化器，实现该镇科创载体零的突破": the goal is
that town's, and "该镇科创载体" alone would be filed as an indicator nobody can tell apart from
the next town's. The place is the last one of the same kind (镇, 街道, 园区, 县…) named before the
reference, in the same sentence or the paragraph before it; with none, the name is left as written.
"""

from __future__ import annotations

import re

from kechuang.reader.extract.words import ACTION_VERBS, OPENING_VERBS, cut

# 该/此 + the kind of place it points back to; 本 (the plan's own area) is not a reference back.
_REFERENCE = re.compile(r"^(?:该|此|这个|这一)(街道|开发区|高新区|经开区|园区|小镇|基地|镇|乡|县|区|市|园)")
# 该类/此类/这类 + the class it points back to, named in full before ("创新联合体").
_CLASS = re.compile(r"^(?:该类|此类|这类)([\u4e00-\u9fff]{2,8})$")
# The names a kind of place may end in: 该园区 points back to a 产业园 or a 高新区 as well.
_ENDINGS = {
    "园区": ("园区", "园", "开发区", "高新区", "经开区"),
    "园": ("园区", "园"),
    "开发区": ("开发区", "园区"),
    "高新区": ("高新区", "园区"),
    "经开区": ("经开区", "开发区", "园区"),
}
# Words that cannot be part of a place's name: they stand before it ("支持某某镇", "在某某镇").
_NOT_IN_NAME = frozenset(
    (
        "在", "于", "对", "向", "由", "和", "与", "及", "以及", "并", "同", "为", "将", "把", "的", "到", "至",
        "从", "是", "指导", "依托", "围绕", "聚焦", "立足", "结合", "联合", "对接", "督促", "协调", "帮助",
        "发挥", "按照", "参照", "借助", "依靠", "面向", "覆盖", "落户", "位于", "地处", "其中", "重点",
    )
)  # fmt: skip
# Words of a kind that name no one place ("各乡镇", "城区").
_GENERIC = frozenset(
    (
        "城镇", "乡镇", "村镇", "集镇", "地区", "社区", "城区", "片区", "辖区", "街区", "园区", "市区", "郊区",
        "城市", "上市", "超市", "都市", "基地", "县区", "区县", "全区", "本区", "各区", "全县", "本县", "全镇",
        "本镇", "全市", "本市", "开发区", "高新区", "经开区", "产业园", "小镇",
    )
)  # fmt: skip
_LONGEST = 12  # characters of a place's name, kind included


def resolve_place_reference(name: str, sentence: str, earlier: str = "", own: str | None = None) -> str:
    """`name` with a leading 该镇/该园区… replaced by the place it points back to: the last one of
    that kind named in `sentence` before the reference, else in `earlier` (the paragraph before).

    `own`: the plan's region. A reference to it (该镇 in a town's plan, with no other town named
    before) is the plan's own figure and is left out, as 全镇 and 本镇 are."""
    cls = _CLASS.match(name)
    if cls:  # "组建创新联合体，到2027年，该类联合体达到10个": the class named before
        noun = cls.group(1)
        at = sentence.find(cls.group(0))
        return _last_place(sentence[:at] if at >= 0 else "", noun) or _last_place(earlier, noun) or name
    m = _REFERENCE.match(name)
    if not m:
        return name
    kind = m.group(1)
    at = sentence.find(m.group(0))
    place = _last_place(sentence[:at] if at >= 0 else "", kind) or _last_place(earlier, kind)
    rest = name[m.end() :]
    if own and (place == own or (not place and own.endswith(_ENDINGS.get(kind, (kind,))))) and len(rest) >= 2:
        return rest
    return place + rest if place else name


def _last_place(text: str, kind: str) -> str:
    """The last place of `kind` named in `text` ("亭林镇" in "支持亭林镇建设孵化器"), or ""."""
    words = cut(text)
    endings = _ENDINGS.get(kind, (kind,))
    for i in range(len(words) - 1, -1, -1):
        if not words[i].endswith(endings):
            continue
        j = i
        while j > 0 and _in_name(words[j - 1]) and len("".join(words[j - 1 : i + 1])) <= _LONGEST:
            j -= 1
        place = "".join(words[j : i + 1])
        if (
            len(place) > len(kind)
            and place not in _GENERIC
            and not place.startswith(("该", "此", "本", "各", "全"))
        ):
            return place
    return ""


def _in_name(word: str) -> bool:
    return (
        re.fullmatch(r"[\u4e00-\u9fff]+", word) is not None
        and word not in _NOT_IN_NAME
        and word not in ACTION_VERBS
        and word not in OPENING_VERBS
    )
