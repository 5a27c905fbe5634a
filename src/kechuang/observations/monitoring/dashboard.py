"""What the monitoring pages show: rows, counts, filters, sorting and ECharts options.

Plain functions over `kechuang.observations.monitoring` results; the views only check access,
read the query string and render. Chart options are plain dicts (no JavaScript functions), so
they pass through `json_script` and the pages work without any network access.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kechuang.common.numbers import format_number
from kechuang.observations.monitoring import STATUS_ORDER, TargetRow, count_by_status
from kechuang.observations.progress import STATUS_WORDS, Point
from kechuang.plans.models import Indicator
from kechuang.plans.units import is_count_unit

STATUS_COLOURS = {
    "met": "#15803d",
    "ahead": "#0e7490",
    "on_track": "#2563eb",
    "behind": "#d97706",
    "seriously_behind": "#b91c1c",
    "nearly_met": "#65a30d",
    "missed": "#b91c1c",
    "awaiting_data": "#9ca3af",
    "within_ceiling": "#15803d",
    "ceiling_rising": "#d97706",
    "over_ceiling": "#b91c1c",
    "no_data": "#9ca3af",
    "undeterminable": "#9ca3af",
    "not_applicable": "#9ca3af",
}

# Sort keys of the overview table: query-string name → (label, key function).
_NONE_LAST = float("inf")


def _num(value: float | None) -> float:
    return _NONE_LAST if value is None else value


SORTS: dict[str, Any] = {
    "position": lambda r: (r.indicator.plan_id, r.indicator.role, r.indicator.position, r.spec.target_id),
    "indicator": lambda r: r.indicator.name,
    "category": lambda r: (r.indicator.category or "", r.indicator.position),
    "unit": lambda r: (r.indicator.data_source or "", r.indicator.position),
    "year": lambda r: r.spec.input.year,
    "completion": lambda r: _num(r.progress.completion_shown),
    "expected": lambda r: _num(r.progress.expected_shown),
    "likelihood": lambda r: _num(r.progress.likelihood),
    "status": lambda r: STATUS_ORDER.index(r.status_code) if r.status_code in STATUS_ORDER else 99,
}


def parse_as_of(text: str | None, *, today: dt.date) -> dt.date:
    """`?at=YYYY-MM-DD` when valid, else today (a bad value must not break a page)."""
    if text:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return today
    return today


@dataclass
class StatusCount:
    code: str
    word: str
    count: int
    url: str = ""  # the list behind the tile, when the page has one


def status_counts(rows: Iterable[TargetRow]) -> list[StatusCount]:
    """Counts by status in display order (verdicts first), only the statuses some target has.

    A plan whose years are over counts verdicts, one still running counts pace; tiles of zero
    for the other kind would only suggest a judgement nobody made.
    """
    counts = count_by_status(rows)
    return [StatusCount(code, STATUS_WORDS[code], n) for code, n in counts.items() if n]


@dataclass
class OverviewFilter:
    category: str = ""
    unit: str = ""
    status: str = ""
    sort: str = "position"
    descending: bool = False
    categories: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)


def filter_rows(rows: Sequence[TargetRow], params: dict[str, str]) -> tuple[list[TargetRow], OverviewFilter]:
    """Rows that pass ?category=, ?unit= (责任单位/数据来源) and ?status=, sorted by ?sort=&dir=."""
    f = OverviewFilter(
        category=params.get("category", ""),
        unit=params.get("unit", ""),
        status=params.get("status", ""),
        sort=params.get("sort", "position") if params.get("sort") in SORTS else "position",
        descending=params.get("dir") == "desc",
    )
    f.categories = sorted({r.indicator.category for r in rows if r.indicator.category})
    f.units = sorted({r.indicator.data_source for r in rows if r.indicator.data_source})
    out = [
        r
        for r in rows
        if (not f.category or r.indicator.category == f.category)
        and (not f.unit or r.indicator.data_source == f.unit)
        and (not f.status or r.status_code == f.status)
    ]
    out.sort(key=SORTS[f.sort], reverse=f.descending)
    return out, f


def alert_rows(rows: Iterable[TargetRow]) -> list[TargetRow]:
    """Targets that slipped a status since the previous period or are forecast to be missed."""
    return [r for r in rows if r.slipped or r.forecast_miss or r.alert]


def primary_row(rows: Sequence[TargetRow]) -> TargetRow | None:
    """The target a chart draws: the last-year numeric target, else the last one."""
    numeric = [r for r in rows if r.spec.input.value is not None]
    pool = numeric or list(rows)
    return max(pool, key=lambda r: (r.spec.input.year, r.spec.target_id)) if pool else None


def _goal_level(row: TargetRow) -> float | None:
    """The level the target implies in its year, for the path and the marker."""
    inp, p = row.spec.input, row.progress
    if inp.value is None:
        return None
    base = p.baseline_value if p.baseline_value is not None else inp.baseline_value
    if inp.kind == "growth":
        if base is None or base <= 0:
            return None
        t0 = p.baseline_year if p.baseline_year is not None else inp.period_start - 1
        sign = -1 if inp.direction == "lower" else 1
        return base * (1 + sign * inp.value / 100) ** (inp.year - t0)
    if inp.kind == "increment":
        return None if inp.measure != "stock" or base is None else base + inp.value
    return inp.value


def _r(v: float | None) -> float | None:
    return None if v is None else round(v, 4)


def indicator_chart(indicator: Indicator, row: TargetRow | None, points: Sequence[Point]) -> dict[str, Any]:
    """ECharts option: observed series, straight path from baseline to target, forecast band, target marker."""
    years = {p.year for p in points}
    level = _goal_level(row) if row is not None else None
    p = row.progress if row is not None else None
    inp = row.spec.input if row is not None else None
    base_year = p.baseline_year if p is not None else None
    base_value = p.baseline_value if p is not None else None
    if inp is not None:
        years.add(inp.year)
    if base_year is not None:
        years.add(base_year)
    if not years:
        years = {dt.date.today().year}  # noqa: DTZ011 - only an axis for an empty chart
    axis = [str(y) for y in range(min(years), max(years) + 1)]
    pos = {int(y): i for i, y in enumerate(axis)}

    def blank() -> list[float | None]:
        return [None] * len(axis)

    observed = blank()
    for pt in points:
        observed[pos[pt.year]] = _r(pt.value)
    series: list[dict[str, Any]] = [
        {
            "name": "实际值",
            "type": "line",
            "data": observed,
            "connectNulls": True,
            "symbolSize": 7,
            "itemStyle": {"color": "#1d4ed8"},
        }
    ]
    legend = ["实际值"]
    if level is not None and base_year is not None and base_value is not None and inp is not None:
        path = blank()
        span = max(inp.year - base_year, 1)
        for y in range(base_year, inp.year + 1):
            path[pos[y]] = _r(base_value + (level - base_value) * (y - base_year) / span)
        series.append(
            {
                "name": "目标路径",
                "type": "line",
                "data": path,
                "connectNulls": True,
                "symbol": "none",
                "lineStyle": {"type": "dashed", "color": "#6b7280"},
                "itemStyle": {"color": "#6b7280"},
            }
        )
        legend.append("目标路径")
    last = max(points, key=lambda pt: pt.year) if points else None
    if p is not None and inp is not None and p.forecast_value is not None and last is not None:
        fc = blank()
        fc[pos[last.year]] = _r(last.value)
        fc[pos[inp.year]] = _r(p.forecast_value)
        series.append(
            {
                "name": "预测值",
                "type": "line",
                "data": fc,
                "connectNulls": True,
                "lineStyle": {"type": "dotted", "color": "#d97706"},
                "itemStyle": {"color": "#d97706"},
            }
        )
        legend.append("预测值")
        if p.forecast_low is not None and p.forecast_high is not None:
            low, width = blank(), blank()
            low[pos[last.year]], width[pos[last.year]] = _r(last.value), 0
            low[pos[inp.year]] = _r(p.forecast_low)
            width[pos[inp.year]] = _r(p.forecast_high - p.forecast_low)
            series.append(
                {
                    "name": "预测区间下限",
                    "type": "line",
                    "data": low,
                    "connectNulls": True,
                    "stack": "interval",
                    "symbol": "none",
                    "lineStyle": {"opacity": 0},
                }
            )
            series.append(
                {
                    "name": "预测区间",
                    "type": "line",
                    "data": width,
                    "connectNulls": True,
                    "stack": "interval",
                    "symbol": "none",
                    "lineStyle": {"opacity": 0},
                    "areaStyle": {"color": "rgba(217,119,6,0.18)"},
                    "itemStyle": {"color": "rgba(217,119,6,0.4)"},
                }
            )
            legend.append("预测区间")
    if level is not None and inp is not None:
        marker = blank()
        marker[pos[inp.year]] = _r(level)
        series.append(
            {
                "name": "目标值",
                "type": "scatter",
                "data": marker,
                "symbol": "diamond",
                "symbolSize": 16,
                "itemStyle": {"color": "#b91c1c"},
            }
        )
        legend.append("目标值")
    return {
        "animation": False,
        "tooltip": {"trigger": "axis"},
        "legend": {"data": legend, "top": 0},
        "grid": {"left": 60, "right": 30, "top": 40, "bottom": 30},
        "xAxis": {"type": "category", "data": axis, "boundaryGap": False},
        "yAxis": {"type": "value", "name": indicator.unit or "", "scale": True},
        "series": series,
    }


_CAPTION_PARTS = {
    "实际值": "实线为实际值",
    "目标路径": "虚线为从基期到目标的直线路径",
    "预测值": "橙色点线为目标年预测值",
    "预测区间": "阴影为其预测区间",
    "目标值": "菱形为目标值",
}


def chart_caption(option: dict[str, Any]) -> str:
    """What the chart's lines and marks are, naming only those drawn (a caption that promised a
    forecast the chart does not show would contradict it)."""
    drawn = {s["name"] for s in option["series"] if any(v is not None for v in s["data"])}
    parts = [
        _CAPTION_PARTS[name] for name in option["legend"]["data"] if name in drawn and name in _CAPTION_PARTS
    ]
    return "，".join(parts) + "。" if parts else "暂无可画的数据和目标。"


@dataclass
class CompareEntry:
    """One area's plan indicator for the catalogue entry being compared."""

    area_name: str
    plan_area_id: int
    plan_id: int
    plan_title: str
    indicator_id: int
    indicator_name: str
    target_year: int
    target_value: float | None
    comparator: str
    latest_value: float | None
    latest_period: str | None
    completion: float | None
    status: str
    status_code: str
    simulated: bool = False  # judged on a simulated (demo) figure
    points: list[Point] = field(default_factory=list)  # the annual figures, for the area's trend


def compare_entries(rows_by_plan: dict[int, list[TargetRow]], plans: dict[int, Any]) -> list[CompareEntry]:
    """For each plan, the primary target of its indicators of the compared catalogue entry."""
    entries = []
    for plan_id, rows in rows_by_plan.items():
        by_indicator: OrderedDict[int, list[TargetRow]] = OrderedDict()
        for r in rows:
            by_indicator.setdefault(r.spec.indicator_id, []).append(r)
        for ind_rows in by_indicator.values():
            row = primary_row(ind_rows)
            if row is None:
                continue
            plan = plans[plan_id]
            entries.append(
                CompareEntry(
                    area_name=plan.area.name,
                    plan_area_id=plan.area_id,
                    plan_id=plan.pk,
                    plan_title=plan.title,
                    indicator_id=row.spec.indicator_id,
                    indicator_name=row.indicator.name,
                    target_year=row.spec.input.year,
                    target_value=row.spec.input.value,
                    comparator=row.target.get_comparator_display(),
                    latest_value=row.progress.latest_value,
                    latest_period=row.progress.latest_period,
                    completion=row.progress.completion_shown,
                    status=row.progress.status,
                    status_code=row.status_code,
                    simulated=row.simulated,
                    points=list(row.points),
                )
            )
    entries.sort(key=lambda e: (e.area_name, e.plan_title))
    return entries


def _fmt(value: float | None) -> str:
    return format_number(None if value is None else round(value, 4))


def _share(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value * 100:.{digits}f}%"


@dataclass
class Cells:
    """A row's display strings, formatted once in Python: a 40-row table renders several times faster."""

    target: str
    kind: str
    baseline: str
    latest: str
    completion: str
    expected: str
    required: str
    achieved: str
    forecast: str
    forecast_range: str
    likelihood: str
    stretch: str = ""  # a range goal's other end: "挑战值 3"


def _whole(value: float) -> str:
    """A forecast of a count (家、个 …) is a whole number: 3.43 家 reads as nonsense."""
    return f"{round(value):,}"


def _two_places(value: float) -> str:
    return f"{value:.2f}"


def annotate_cells(rows: Iterable[TargetRow]) -> None:
    """Attach `row.cells` (display strings) to each row."""
    for row in rows:
        p, inp, t = row.progress, row.spec.input, row.target
        indicator = row.indicator
        whole = indicator is not None and is_count_unit(indicator.unit, indicator.name)
        forecast = _whole if whole else _two_places
        value = "" if inp.value is None else " " + _fmt(inp.value) + ("%" if inp.kind == "growth" else "")
        row.cells = Cells(
            target=f"{inp.year}年 {t.get_comparator_display()}{value}",
            kind=t.get_kind_display(),
            baseline="—" if p.baseline_value is None else f"{_fmt(p.baseline_value)}（{p.baseline_year}）",
            latest="暂无" if p.latest_value is None else f"{_fmt(p.latest_value)}（{p.latest_period}）",
            completion=_share(p.completion_shown),
            expected=_share(p.expected_shown),
            required=_share(p.required_growth),
            achieved=_share(p.achieved_growth),
            forecast="—" if p.forecast_value is None else forecast(p.forecast_value),
            forecast_range=""
            if p.forecast_low is None or p.forecast_high is None
            else f"{forecast(p.forecast_low)}～{forecast(p.forecast_high)}",
            likelihood=_share(p.likelihood, 0),
            stretch="" if p.stretch_value is None else f"挑战值 {_fmt(p.stretch_value)}",
        )
