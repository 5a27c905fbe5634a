"""Plan periods: 十四五 → 2021–2025, "(2024—2026年)" → 2024–2026."""

from __future__ import annotations

import re

from kechuang.reader.extract.numbers import cn_to_int
from kechuang.reader.extract.numerals import arabic_years

# "十四五" names a plan period when quoted or followed by 规划/时期/期间…; not inside 三十五 or 百分之十五
FIVE_YEAR = re.compile(
    r"(?<![一二三四五六七八九十百零〇两之])(?:[“\"‘]\s*(十[一二三四五六七八九]?五)\s*[”\"’]|"
    r"(十[一二三四五六七八九]?五)(?=规划|时期|期|末|计划|以来|开局|收官|目标|完成|指标|预期|$|[（(\s]))"
)
RANGE = re.compile(r"((?:19|20)\d{2})\s*(?:年)?\s*[-—–－~～至到]+\s*((?:19|20)\d{2})\s*年?")


def five_year_period(name: str) -> tuple[int, int] | None:
    """The n-th five-year plan runs 1966+5(n-3) … +4 from the third plan on."""
    n = cn_to_int(name[:-1]) if name.endswith("五") else None
    if not n or n < 3:
        return None
    start = 1966 + 5 * (n - 3)
    return start, start + 4


def find_period(text: str) -> tuple[int, int] | None:
    """A year range or a five-year-plan name, whichever comes first in ``text``."""
    rng = RANGE.search(text)
    fy = FIVE_YEAR.search(text)
    candidates = []
    if rng:
        a, b = int(rng.group(1)), int(rng.group(2))
        if 0 < b - a <= 15:
            candidates.append((rng.start(), (a, b)))
    if fy:
        p = five_year_period(fy.group(1) or fy.group(2))
        if p:
            candidates.append((fy.start(), p))
    if not candidates:
        return None
    return min(candidates)[1]


_ONE_YEAR = re.compile(r"(?<![到至~～—-])((?:19|20)\d{2})\s*年度?(?!远景|愿景|前|以前|之前)")


def single_year_period(title: str) -> tuple[int, int] | None:
    """A title naming one year and no range ("2024年…工作要点") is a one-year plan for that year."""
    if find_period(title):
        return None
    years = {m.group(1) for m in _ONE_YEAR.finditer(title)}
    if len(years) != 1 or len(re.findall(r"(?:19|20)\d{2}", title)) != 1:
        return None
    year = int(years.pop())
    return year, year


_GOAL_YEAR = re.compile(r"(?:到|至|力争到|争取到|力争在|争取在)\s*((?:19|20)\d{2})\s*年")
_BASE_YEAR = re.compile(
    r"(?:较|比|以)\s*((?:19|20)\d{2})\s*年(?:底|末)?(?:为基[期数准年]|的)|((?:19|20)\d{2})\s*年\s*(?:基期|基数)"
)


def period_from_goal_years(text: str, issued_year: int | None = None) -> tuple[int, int] | None:
    """A text with no stated period (an excerpt, a web page) plans up to its latest "到YYYY年".

    It starts at the first year it plans for: the year after its base year, the year it was
    issued, or its earliest goal year, whichever comes first.
    """
    text = arabic_years(text)
    years = sorted({int(m.group(1)) for m in _GOAL_YEAR.finditer(text)})
    years = [y for y in years if y - years[0] <= 15]
    if not years:
        return None
    end = years[-1]
    starts = [years[0]]
    base = [int(m.group(1) or m.group(2)) + 1 for m in _BASE_YEAR.finditer(text)]
    starts += [b for b in base if end - 10 <= b <= end]
    if issued_year and end - 10 <= issued_year <= end:
        starts.append(issued_year)
    return min(starts), end
