"""Chinese numerals in goal sentences → Arabic: 百分之十五, 一千二百亿元, 三点五, 两成.

Counts with a classifier (三家, 两个) are left to ``numbers.find_quantities``, which judges them
in context (两个方面 counts parts of the text, not a goal); here only amounts, shares and decimals
are rewritten, so the goal rules read them like numbers written in digits. cn2an does the
conversion of each numeral once it is found.
"""

from __future__ import annotations

import re

import cn2an

_DIGITS = "零〇一二两三四五六七八九"
_NUMERAL = rf"[{_DIGITS}十百千]+(?:万[{_DIGITS}十百千]+)?(?:点[{_DIGITS}]+)?"
_AMOUNT_UNITS = "万平方米|平方米|平方公里|亿美元|万美元|亿元|万元|万人次|万人|万家|万件|万个|万名|万吨|亿(?![零〇一二两三四五六七八九])|万(?![零〇一二两三四五六七八九])|个百分点|百分点|倍|元"
_YEAR = re.compile(r"([〇○◯零一二三四五六七八九]{4})年")
_YEAR_DIGITS = str.maketrans("〇○◯零一二三四五六七八九", "0000123456789")
_PERCENT = re.compile(rf"百分之({_NUMERAL})")
_AMOUNT = re.compile(rf"(?<![第每十])({_NUMERAL})(?=(?:{_AMOUNT_UNITS}))")
_DECIMAL = re.compile(rf"(?<![第每])([{_DIGITS}十百千]+点[{_DIGITS}]+)")
# "三至五家": a range of counts, read as its lower bound like "3-5家"
_RANGE = re.compile(
    rf"(?<![{_DIGITS}十百千第每])([{_DIGITS}十百]+)(至|到|-|—|～)([{_DIGITS}十百]+)(?=[个家件项名所座台套篇场位支款部条户次])"
)
_TENTHS = re.compile(rf"(?<![{_DIGITS}十百千第每])([一二两三四五六七八九])成(?=[，,。；;、）)]|以上|左右|$)")


def _arabic(numeral: str) -> str:
    try:
        value = cn2an.cn2an(numeral.replace("〇", "零"), "smart")
    except (ValueError, KeyError, TypeError):
        return numeral
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text


def arabic_years(text: str) -> str:
    """ "二〇二七年" → "2027年" (four numeral digits before 年; 〇, ○ and 零 all zero)."""
    return _YEAR.sub(lambda m: m.group(1).translate(_YEAR_DIGITS) + "年", text)


def arabic_numerals(text: str) -> str:
    """The sentence with amounts, shares and decimals in digits; everything else as written."""
    if not re.search(rf"[{_DIGITS}十百千]", text):
        return text
    text = arabic_years(text)
    text = _PERCENT.sub(lambda m: _arabic(m.group(1)) + "%", text)
    text = _TENTHS.sub(lambda m: f"{int(_arabic(m.group(1))) * 10}%", text)
    text = _DECIMAL.sub(lambda m: _arabic(m.group(1)), text)
    text = _RANGE.sub(lambda m: f"{_arabic(m.group(1))}{m.group(2)}{_arabic(m.group(3))}", text)
    return _AMOUNT.sub(lambda m: _arabic(m.group(1)), text)
