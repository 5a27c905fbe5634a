"""Numbers, Chinese numerals, units and quantity phrases as plans write them.

Kept in one place so tables and prose read "3.1 左右", "2-3个", "四个" and
"不少于 80 项" the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000}

# longest first so that 个百分点 wins over 个, 亿元 over 元
UNITS = sorted(
    [
        "个百分点", "百分点", "万平方米", "平方公里", "平方米", "亿美元", "万美元", "万人次", "人次", "万人", "亿元",
        "万元", "元", "人年", "人·年", "%", "％", "‰", "万家", "万件", "万个", "万名", "家", "个", "件", "项", "名",
        "人", "所", "座", "台", "套", "篇", "场", "倍", "位", "支", "款", "部", "条", "户", "亩", "万吨", "吨",
        "千瓦", "个点", "次", "只", "个工作日", "工作日", "天", "个月", "小时", "吨标准煤", "吨标煤", "千瓦时", "期", "批", "轮",
    ],
    key=len,
    reverse=True,
)  # fmt: skip
COUNT_UNITS = {
    "期",
    "批",
    "家",
    "个",
    "件",
    "项",
    "名",
    "人",
    "所",
    "座",
    "台",
    "套",
    "篇",
    "场",
    "位",
    "支",
    "款",
    "部",
    "条",
    "户",
    "次",
    "只",
}
CN_CLASSIFIERS = "个家件项名所座台套篇场位支款部条"
PERCENT_UNITS = {"%", "％", "个百分点", "百分点", "个点"}

_UNIT_RE = "|".join(re.escape(u) for u in UNITS)
NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
# a quantity: a range or a number, then optional space and a unit
QTY_RE = re.compile(
    rf"(?P<num>(?P<lo>{NUM})(?:\s*(?:-|－|—|–|~|～|至|到)\s*(?P<hi>{NUM}))?)\s*"
    rf"(?P<unit>(?:{_UNIT_RE})(?:/(?:万元|亿元|万人|亩|人|年|家|平方公里|公顷))?)?"
)
CN_QTY_RE = re.compile(rf"(?P<num>[零〇一二两三四五六七八九十百千万]+)(?P<unit>[{CN_CLASSIFIERS}])")
UNIT_IN_BRACKETS = re.compile(r"[（(]\s*([^（）()]{1,8}?)\s*[）)]\s*$")


# Numbers without a unit that are still goals: an index or a score ("创新指数达到150"), a rank
# ("保持全省前5").
_UNITLESS_GOAL = re.compile(
    r"(?:(?:指数|得分|评分|分值|综合评价)[^\d，,。；;]{0,8}|(?:排名|位次|排位|位居|稳居|保持|进入)[^\d，,。；;]{0,6}前)$"
)


@dataclass
class Quantity:
    """A number found in text: value (lower bound of a range), unit and where it stands."""

    value: float
    unit: str | None
    start: int
    end: int
    is_range: bool = False
    text: str = ""


def to_number(text: str) -> float | None:
    """'1,030' → 1030.0, '61.34%' → 61.34; None when it is not a number."""
    s = text.strip().replace(",", "").replace("，", "").rstrip("%％")
    try:
        return float(s)
    except ValueError:
        return None


def cn_to_int(text: str) -> int | None:
    """Chinese numerals up to the ten-thousands: 四 → 4, 十二 → 12, 两百 → 200."""
    if not text or any(ch not in CN_DIGITS and ch not in CN_UNITS for ch in text):
        return None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        else:
            mult = CN_UNITS[ch]
            if mult == 10_000:
                total += (section + (digit or 0)) * mult
                section, digit = 0, None
            else:
                section += (1 if digit is None else digit) * mult
                digit = None
    return total + section + (digit or 0)


def clean_value(value: float | None) -> float | int | None:
    """JSON-friendly number: 1500.0 → 1500, 3.10 → 3.1."""
    if value is None:
        return None
    if float(value).is_integer():
        return int(value)
    return round(float(value), 6)


def norm_unit(unit: str | None) -> str | None:
    if not unit:
        return None
    unit = unit.strip()
    return {"％": "%", "人·年": "人年", "百分点": "个百分点"}.get(unit, unit) or None


def is_unit(text: str) -> bool:
    s = text.strip()
    return (
        s in UNITS
        or s in {"万元", "亿元", "人/万人", "件/万人", "%", "个/万人"}
        or bool(re.fullmatch(rf"(?:{_UNIT_RE})(?:/(?:万人|年|人|家))?", s))
    )


def split_name_unit(label: str) -> tuple[str, str | None]:
    """'高新技术企业总数（家）' → ('高新技术企业总数', '家'); brackets that are not units stay."""
    label = squeeze(label)
    m = UNIT_IN_BRACKETS.search(label)
    if m and is_unit(m.group(1)):
        return label[: m.start()].strip(), norm_unit(m.group(1))
    return label, None


def units_compatible(a: str | None, b: str | None) -> bool:
    """Same unit, both counts (家/个/项), or both percentages; a missing unit fits anything."""
    a, b = norm_unit(a), norm_unit(b)
    if not a or not b or a == b:
        return True
    if a in COUNT_UNITS and b in COUNT_UNITS:
        return True
    return a in PERCENT_UNITS and b in PERCENT_UNITS


_CN_BAD_PREV = set("第每同这那哪某逐单唯统万千百十零〇一二两三四五六七八九")
_CN_ONE_VERBS = (
    "建设",
    "建成",
    "新增",
    "打造",
    "培育",
    "引进",
    "创建",
    "设立",
    "组建",
    "形成",
    "突破",
    "新建",
)
_CJK = r"\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”‘’《》（）"


def squeeze(text: str) -> str:
    """Drop the spaces a PDF conversion puts between Chinese characters and around numbers."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"(?<=(?:19|20)\d{2})\s*一\s*(?=(?:19|20)\d{2})", "—", text)  # OCR reads a dash as 一
    text = re.sub(rf"(?<=[{_CJK}])\s+(?=[{_CJK}\w%])", "", text)
    text = re.sub(rf"(?<=[\w%.])\s+(?=[{_CJK}])", "", text)
    return text


def find_quantities(text: str, masked: str | None = None) -> list[Quantity]:
    """All numbers with units in ``text``; years, ordinals, 'N+N' codes and versions are skipped.

    ``masked`` is the same text with quoted spans blanked, so "“1+1+3”" is not read.
    """
    src = masked if masked is not None else text
    out: list[Quantity] = []
    for m in QTY_RE.finditer(src):
        start, end = m.start(), m.end()
        before = src[max(0, start - 1) : start]
        after = src[end : end + 2]
        unit = m.group("unit")
        if before and (before.isascii() and before.isalpha() or before in "+:：/.-第"):
            continue
        if src[m.end("num") : m.end("num") + 1] in ("年", "月", "日", "+", ":", "：", "/") and not unit:
            continue
        if after[:1] in ("+", "级", "岁", "号", "期", "届", "型") and not unit:
            continue
        if unit and after[:1] in ("级",):
            continue
        if not unit and not _UNITLESS_GOAL.search(src[max(0, start - 16) : start]):
            continue
        lo = to_number(m.group("lo"))
        if lo is None:
            continue
        out.append(Quantity(lo, norm_unit(unit), start, end, bool(m.group("hi")), text[start:end]))
    for m in CN_QTY_RE.finditer(src):
        value = cn_to_int(m.group("num"))
        prev = src[max(0, m.start() - 2) : m.start()]
        if value is None or value == 0 or prev[-1:] in _CN_BAD_PREV:
            continue
        if value == 1 and not prev.endswith(_CN_ONE_VERBS):
            continue
        if src[m.end() : m.end() + 1] in ("级", "大", "方", "面", "性", "化", "体"):
            continue
        out.append(
            Quantity(float(value), m.group("unit"), m.start(), m.end(), False, text[m.start() : m.end()])
        )
    out.sort(key=lambda q: q.start)
    return out


def mask_quotes(text: str) -> str:
    """Blank out “quoted” and 《titled》 spans (same length) so their numbers are not goals."""
    return re.sub(r"“[^”]{0,30}”|《[^》]{0,60}》|\"[^\"]{0,30}\"", lambda m: "□" * len(m.group(0)), text)
