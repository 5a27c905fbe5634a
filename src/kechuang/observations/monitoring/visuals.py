"""What the staff dashboards draw besides tables: stacked status bars, sparklines, progress bars,
the as-of date choices, the ranked comparison and each area's trend.

Plain data computed in Python: a stacked bar is a row of links (every segment opens the list
behind it, without any script), a sparkline an SVG polyline. Colour is never the only carrier:
every segment and bar also carries its words and figures in text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from kechuang.observations.monitoring.rows import TargetRow
from kechuang.observations.progress import Point

SPARK_WIDTH, SPARK_HEIGHT = 80, 22


@dataclass
class Segment:
    """One part of a stacked status bar: its status, words, count, share of the bar and its list."""

    code: str
    word: str
    count: int
    width: float  # per cent of the bar
    url: str


def stacked_bar(counts: Iterable[Any], url_for: Callable[[str], str]) -> list[Segment]:
    """Segments of the statuses some target has (``counts``: objects with code, word, count)."""
    shown = [c for c in counts if c.count]
    total = sum(c.count for c in shown)
    return [Segment(c.code, c.word, c.count, round(100 * c.count / total, 2), url_for(c.code)) for c in shown]


@dataclass
class Sparkline:
    """A small trend line: the SVG polyline points and what it says in words."""

    points: str
    last_x: float
    last_y: float
    label: str


def sparkline(points: Sequence[Point], unit: str = "") -> Sparkline | None:
    """The annual figures as a polyline in an 80×22 box; None with fewer than two figures."""
    pts = sorted(points, key=lambda p: p.year)
    if len(pts) < 2:
        return None
    years = [p.year for p in pts]
    values = [p.value for p in pts]
    lo, hi = min(values), max(values)
    span_y = (hi - lo) or 1.0
    span_x = (max(years) - min(years)) or 1
    pad = 2
    coords = [
        (
            round(pad + (SPARK_WIDTH - 2 * pad) * (y - min(years)) / span_x, 1),
            round(SPARK_HEIGHT - pad - (SPARK_HEIGHT - 2 * pad) * (v - lo) / span_y, 1),
        )
        for y, v in zip(years, values, strict=True)
    ]
    label = f"{years[0]}—{years[-1]}年走势：" + "、".join(f"{p.year}年 {_short(p.value)}{unit}" for p in pts)
    return Sparkline(" ".join(f"{x},{y}" for x, y in coords), coords[-1][0], coords[-1][1], label)


def _short(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


@dataclass
class ProgressBar:
    """Completion beside the expected progress (时序进度), both in per cent of the bar."""

    completion: float  # 0–100, capped for drawing
    expected: float | None
    behind: bool  # completion short of the expected progress


def progress_bar(row: TargetRow) -> ProgressBar | None:
    """None when the target has no completion rate (no figure, or a goal without a number)."""
    p = row.progress
    if p.completion_shown is None:
        return None
    done = max(0.0, min(100.0, p.completion_shown * 100))
    expected = None if p.expected_shown is None else max(0.0, min(100.0, p.expected_shown * 100))
    return ProgressBar(
        round(done, 1),
        None if expected is None else round(expected, 1),
        expected is not None and done < expected,
    )


def month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


@dataclass
class AsOfChoice:
    value: str  # YYYY-MM-DD
    label: str
    selected: bool = False


@dataclass
class AsOfGroup:
    title: str
    choices: list[AsOfChoice]


def as_of_choices(today: dt.date, as_of: dt.date, *, first_year: int, months: int = 12) -> list[AsOfGroup]:
    """The dates an evaluation is read at: today, the last month ends, quarter ends and year ends.

    Year ends run from ``first_year`` (a plan's first year, or the earliest in scope) to last year;
    a date that was typed into ``?at=`` and is none of these stays selectable, so the picker never
    contradicts the page.
    """
    ends: list[dt.date] = []
    y, m = today.year, today.month
    for _ in range(months):
        m -= 1
        if m == 0:
            y, m = y - 1, 12
        ends.append(month_end(y, m))
    quarters = [
        d
        for d in (month_end(yy, mm) for yy in range(today.year, first_year - 1, -1) for mm in (12, 9, 6, 3))
        if d < today and d.month != 12
    ][:8]
    years = [dt.date(yy, 12, 31) for yy in range(today.year - 1, first_year - 1, -1)]
    groups = [
        AsOfGroup("今天", [AsOfChoice(today.isoformat(), f"今天（{_cn(today)}）")]),
        AsOfGroup("月末", [AsOfChoice(d.isoformat(), f"{d.year}年{d.month}月末") for d in ends]),
        AsOfGroup(
            "季末",
            [AsOfChoice(d.isoformat(), f"{d.year}年第{(d.month - 1) // 3 + 1}季度末") for d in quarters],
        ),
        AsOfGroup("年末", [AsOfChoice(d.isoformat(), f"{d.year}年末") for d in years]),
    ]
    known = {c.value for g in groups for c in g.choices}
    if as_of.isoformat() not in known:
        groups.insert(1, AsOfGroup("指定日期", [AsOfChoice(as_of.isoformat(), _cn(as_of))]))
    for g in groups:
        for c in g.choices:
            c.selected = c.value == as_of.isoformat()
    # A date in two groups (a June month end is also a quarter end): selected once only.
    seen = False
    for g in groups:
        for c in g.choices:
            if c.selected and seen:
                c.selected = False
            seen = seen or c.selected
    return groups


def _cn(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"
