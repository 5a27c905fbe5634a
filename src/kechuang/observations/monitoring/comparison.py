"""The comparison page: one catalogue indicator across areas, ranked, with each area's trend.

Why the years are spelled out: areas publish their figures at different times, and plans end in
different years; a ranking that put a 2022 figure beside a 2024 one, or a 2025 goal beside a
2030 one, without saying so would mislead. Every value carries its year and the page flags the
rows whose year differs from the most common one.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kechuang.common.periods import PeriodError, parse_period
from kechuang.observations.monitoring.dashboard import STATUS_COLOURS, CompareEntry
from kechuang.tenancy.models import Area

_PALETTE = ["#1d4ed8", "#b91c1c", "#15803d", "#d97706", "#7c3aed", "#0e7490", "#be185d", "#4d7c0f"]


def latest_year(entry: CompareEntry) -> int | None:
    period = entry.latest_period or ""
    return int(period[:4]) if period[:4].isdigit() else None


@dataclass
class Ranked:
    """The entries ranked by latest value (highest first, areas without a figure last)."""

    entries: list[CompareEntry]
    latest_years: list[int]  # distinct years of the latest values, oldest first
    target_years: list[int]
    common_latest: int | None  # the most common year: rows with another year are flagged
    common_target: int | None
    years: list[int] = field(default_factory=list)  # the trend's axis

    @property
    def mixed_latest(self) -> bool:
        return len(self.latest_years) > 1

    @property
    def mixed_targets(self) -> bool:
        return len(self.target_years) > 1


def rank(entries: Sequence[CompareEntry]) -> Ranked:
    """Rank and annotate: each entry gets ``rank``, ``latest_year`` and the two year flags."""
    ordered = sorted(
        entries,
        key=lambda e: (e.latest_value is None, -(e.latest_value or 0), e.area_name, e.plan_title),
    )
    latest = Counter(y for e in ordered if (y := latest_year(e)) is not None)
    targets = Counter(e.target_year for e in ordered)
    common_latest = latest.most_common(1)[0][0] if latest else None
    common_target = targets.most_common(1)[0][0] if targets else None
    n = 0
    areas = Counter(e.area_name for e in ordered)
    for e in ordered:
        # An area with several plan indicators of the entry: each named by its indicator too.
        e.name = e.area_name if areas[e.area_name] == 1 else f"{e.area_name}·{e.indicator_name}"
        e.latest_year = latest_year(e)
        e.latest_label = _display(e.latest_period)
        e.rank = None if e.latest_value is None else (n := n + 1)
        e.latest_year_differs = len(latest) > 1 and e.latest_year not in (None, common_latest)
        e.target_year_differs = len(targets) > 1 and e.target_year != common_target
    years = sorted({p.year for e in ordered for p in e.points})
    return Ranked(ordered, sorted(latest), sorted(targets), common_latest, common_target, years)


@functools.lru_cache(maxsize=256)
def _display(period: str | None) -> str:
    if not period:
        return ""
    try:
        return parse_period(period).display
    except PeriodError:
        return period


def _r(v: float | None) -> float | None:
    return None if v is None else round(v, 4)


# Area names wrap inside a fixed width, so long names never squeeze the bars off a phone's screen.
_NAMES = {"width": 110, "overflow": "break", "lineHeight": 13, "interval": 0, "fontSize": 11}


def _label(e: CompareEntry) -> str:
    year = f"（{e.latest_year}年）" if getattr(e, "latest_year", None) else "（暂无）"
    return f"{e.name}\n{year}"


def ranked_chart(ranked: Ranked, unit: str) -> dict[str, Any]:
    """Horizontal bars, highest on top, each labelled with its area and its figure's year; goals as diamonds."""
    shown = list(reversed(ranked.entries))  # ECharts draws the first category at the bottom
    return {
        "animation": False,
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"data": ["最新值", "目标值"], "top": 0},
        "grid": {"left": 8, "right": 40, "top": 36, "bottom": 24, "containLabel": True},
        "yAxis": {"type": "category", "data": [_label(e) for e in shown], "axisLabel": _NAMES},
        "xAxis": {"type": "value", "name": unit, "nameLocation": "end", "splitNumber": 3},
        "series": [
            {
                "name": "最新值",
                "type": "bar",
                "barMaxWidth": 26,
                "label": {"show": True, "position": "insideRight", "color": "#ffffff"},
                "data": [
                    {
                        "value": _r(e.latest_value),
                        "itemStyle": {"color": STATUS_COLOURS.get(e.status_code, "#1d4ed8")},
                    }
                    for e in shown
                ],
            },
            {
                "name": "目标值",
                "type": "scatter",
                "symbol": "diamond",
                "symbolSize": 12,
                "itemStyle": {"color": "#111827"},
                "data": [_r(e.target_value) for e in shown],
            },
        ],
    }


def trend_chart(ranked: Ranked, unit: str) -> dict[str, Any]:
    """One line per area over the years any area has a figure for."""
    axis = ranked.years
    series = []
    for i, e in enumerate(ranked.entries):
        by_year = {p.year: _r(p.value) for p in e.points}
        series.append(
            {
                "name": e.name,
                "type": "line",
                "connectNulls": True,
                "symbolSize": 6,
                "itemStyle": {"color": _PALETTE[i % len(_PALETTE)]},
                "data": [by_year.get(y) for y in axis],
            }
        )
    return {
        "animation": False,
        "tooltip": {"trigger": "axis"},
        "legend": {"type": "scroll", "top": 0},
        "grid": {"left": 8, "right": 24, "top": 40, "bottom": 24, "containLabel": True},
        "xAxis": {"type": "category", "data": [str(y) for y in axis], "boundaryGap": False},
        "yAxis": {"type": "value", "name": unit, "scale": True},
        "series": series,
    }


def trend_rows(ranked: Ranked) -> list[tuple[CompareEntry, list[float | None]]]:
    """The trend chart's table: each entry with its value in every year of the axis."""
    return [(e, [{p.year: p.value for p in e.points}.get(y) for y in ranked.years]) for e in ranked.entries]


@dataclass
class AreaFigure:
    """One area's latest catalogue figure (area-level statistics or reports), with its period."""

    area_id: int
    area_name: str
    value: float
    period: str
    period_label: str
    kind: str
    simulated: bool
    series: dict[str, float] = field(default_factory=dict)  # period → value, for the trend
    rank: int = 0
    period_differs: bool = False


@dataclass
class AreaRanking:
    figures: list[AreaFigure]
    periods: list[str]  # the trend's axis: the last periods of the most common kind
    labels: list[str]
    common_period: str | None

    @property
    def mixed(self) -> bool:
        return len({f.period for f in self.figures}) > 1


def child_area_ranking(observations: Any, parent_ids: set[int], *, limit: int = 12) -> AreaRanking:
    """The areas just below ``parent_ids`` (towns of a district, districts of a city) ranked by their
    latest figure of the catalogue entry; ``observations`` is the user's visible, area-level queryset."""
    # The child areas first (a few hundred at most): filtering the figures by their ids lets the
    # database start from the areas, not from every figure of the entry in the country.
    children = list(Area.objects.filter(parent_id__in=parent_ids).values_list("pk", flat=True))
    qs = (
        observations.filter(area_id__in=children).select_related("area").order_by("period_end", "pk")
        if children
        else observations.none()
    )
    latest: dict[int, AreaFigure] = {}
    for obs in qs:
        fig = latest.get(obs.area_id)
        if fig is None:
            fig = latest[obs.area_id] = AreaFigure(obs.area_id, obs.area.name, obs.value, "", "", "", False)
        fig.value, fig.period, fig.kind, fig.simulated = obs.value, obs.period, obs.period_kind, obs.simulated
        fig.period_label = _display(obs.period)
        fig.series[obs.period] = obs.value
    figures = sorted(latest.values(), key=lambda f: (-f.value, f.area_name))
    common = Counter(f.period for f in figures).most_common(1)
    common_period = common[0][0] if common else None
    kind = Counter(f.kind for f in figures).most_common(1)[0][0] if figures else ""
    for i, f in enumerate(figures, start=1):
        f.rank = i
        f.period_differs = len({g.period for g in figures}) > 1 and f.period != common_period
    periods = sorted({p for f in figures if f.kind == kind for p in f.series})[-limit:]
    return AreaRanking(figures, periods, [_display(p) for p in periods], common_period)


def area_bar_chart(ranking: AreaRanking, unit: str) -> dict[str, Any]:
    shown = list(reversed(ranking.figures))
    return {
        "animation": False,
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "grid": {"left": 8, "right": 40, "top": 16, "bottom": 24, "containLabel": True},
        "yAxis": {
            "type": "category",
            "data": [f"{f.area_name}\n（{f.period_label}）" for f in shown],
            "axisLabel": _NAMES,
        },
        "xAxis": {"type": "value", "name": unit, "splitNumber": 3},
        "series": [
            {
                "name": "最新值",
                "type": "bar",
                "barMaxWidth": 26,
                "label": {"show": True, "position": "right"},
                "itemStyle": {"color": "#1d4ed8"},
                "data": [_r(f.value) for f in shown],
            }
        ],
    }


def area_trend_chart(ranking: AreaRanking, unit: str) -> dict[str, Any]:
    return {
        "animation": False,
        "tooltip": {"trigger": "axis"},
        "legend": {"type": "scroll", "top": 0},
        "grid": {"left": 8, "right": 24, "top": 40, "bottom": 24, "containLabel": True},
        "xAxis": {"type": "category", "data": ranking.labels, "boundaryGap": False},
        "yAxis": {"type": "value", "name": unit, "scale": True},
        "series": [
            {
                "name": f.area_name,
                "type": "line",
                "connectNulls": True,
                "symbolSize": 6,
                "itemStyle": {"color": _PALETTE[i % len(_PALETTE)]},
                "data": [_r(f.series.get(p)) for p in ranking.periods],
            }
            for i, f in enumerate(ranking.figures)
        ],
    }


def chart_height(n: int) -> int:
    """A bar chart tall enough for its bars, never a single bar filling the page."""
    return max(160, 70 + 52 * n)


def area_trend_rows(ranking: AreaRanking) -> list[tuple[AreaFigure, list[float | None]]]:
    """The lower areas' trend as a table: each area with its figure in every period of the axis."""
    return [(f, [f.series.get(p) for p in ranking.periods]) for f in ranking.figures]
