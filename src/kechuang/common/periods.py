"""Reporting periods: a year (2023), a quarter (2023Q2) or a month (2023-05)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_YEAR = re.compile(r"^(\d{4})(?:年)?$")
_QUARTER = re.compile(r"^(\d{4})\s*[Qq季]\s*([1-4])$|^(\d{4})年第?([1-4一二三四])季度?$")
_MONTH = re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$")
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}

MIN_YEAR, MAX_YEAR = 1949, 2100


class PeriodError(ValueError):
    """A period label that is not a year, a quarter or a month."""


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period; ``label`` is the canonical text stored in the database."""

    year: int
    kind: str  # "year" | "quarter" | "month"
    number: int = 0  # quarter 1-4 or month 1-12; 0 for a year

    @property
    def label(self) -> str:
        if self.kind == "quarter":
            return f"{self.year}Q{self.number}"
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        return str(self.year)

    @property
    def end(self) -> dt.date:
        """The last day of the period: figures are known only after it."""
        if self.kind == "quarter":
            month = self.number * 3
        elif self.kind == "month":
            month = self.number
        else:
            month = 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def display(self) -> str:
        if self.kind == "quarter":
            return f"{self.year}年第{self.number}季度"
        if self.kind == "month":
            return f"{self.year}年{self.number}月"
        return f"{self.year}年"


def parse_period(text: object) -> Period:
    """Read a period as people write it in spreadsheets; refuse anything ambiguous."""
    if isinstance(text, int | float) and not isinstance(text, bool) and float(text).is_integer():
        text = str(int(text))
    if isinstance(text, dt.datetime | dt.date):
        return _checked(Period(text.year, "month", text.month))
    raw = str(text or "").strip()
    if m := _YEAR.match(raw):
        return _checked(Period(int(m.group(1)), "year"))
    if m := _QUARTER.match(raw):
        year = m.group(1) or m.group(3)
        q = m.group(2) or m.group(4)
        return _checked(Period(int(year), "quarter", int(_CN_DIGITS.get(q, q))))
    if m := _MONTH.match(raw):
        month = int(m.group(2))
        if not 1 <= month <= 12:
            raise PeriodError(f"期间“{raw}”的月份无效")
        return _checked(Period(int(m.group(1)), "month", month))
    raise PeriodError(f"期间“{raw}”无法识别，应为 2023、2023Q2 或 2023-05")


def _checked(period: Period) -> Period:
    if not MIN_YEAR <= period.year <= MAX_YEAR:
        raise PeriodError(f"年份 {period.year} 超出合理范围（{MIN_YEAR}–{MAX_YEAR}）")
    return period
