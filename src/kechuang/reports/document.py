"""A report as data: the blocks every report kind returns and every format renders.

Why: a new report is a template plus a function that returns its blocks (``kinds.py``); the
renderers (Word, PDF, Excel) know blocks, not reports, so the plan evaluation report, the monthly
bulletin and the annual report are written once and come out in every format alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    """A table column: its heading and unit (the unit goes in the heading, numbers stay numbers)."""

    title: str
    unit: str = ""
    numeric: bool = False
    digits: int | None = None  # decimals shown in Word/PDF (Excel keeps the full number); None = as is


@dataclass
class Heading:
    text: str
    level: int = 1  # 1 = 一、 chapter, 2 = section, 3 = subsection; Word heading styles


@dataclass
class Paragraph:
    text: str
    style: str = ""  # "" body text, "note" small print, "warning" the 模拟数据 notice


@dataclass
class Table:
    """One table: a Word table, one Excel sheet, one CSV. ``marks`` flags rows (e.g. "overdue")."""

    title: str
    columns: list[Column]
    rows: list[list[object]]
    marks: list[str] = field(default_factory=list)
    sheet: str = ""  # the Excel sheet's name (≤ 31 characters); the title when empty
    note: str = ""


@dataclass
class Series:
    name: str
    points: list[tuple[int | str, float | None]]
    kind: str = "line"  # "line", "bar", "dashed" (a target path), "band" (low/high pairs in points2)
    points2: list[tuple[int | str, float | None]] = field(default_factory=list)


@dataclass
class Chart:
    """A chart drawn as a print-resolution image; ``key`` identifies its figures for caching."""

    title: str
    unit: str
    series: list[Series]
    key: str = ""


@dataclass
class PageBreak:
    pass


Block = Heading | Paragraph | Table | Chart | PageBreak


@dataclass
class Document:
    """Everything a report says, with what the cover and every Excel sheet repeat."""

    title: str
    subtitle: str
    issuer: str
    as_of: dt.date
    source: str  # where the figures come from, for every sheet and the appendix
    blocks: list[Block] = field(default_factory=list)
    simulated: bool = False  # any simulated figure: the cover says so
    kind: str = ""  # the report kind's code (``kinds.KINDS``)

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def charts(self) -> list[Chart]:
        return [b for b in self.blocks if isinstance(b, Chart)]
