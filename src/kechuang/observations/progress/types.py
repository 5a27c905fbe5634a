"""Plain data in and out of the progress engine.

The Django side builds these from the database; nothing here knows about models,
so the rules can be tested and reused (CLI, reports) without a database.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, NamedTuple

COMPARATORS = (">=", ">", "<=", "<", "=", "~", "relative")
KINDS = ("level", "growth", "increment", "annual")
DIRECTIONS = ("higher", "lower")
PATHS = ("compound", "linear")
MEASURES = ("flow", "stock")

# status_code → the Chinese word shown to users. The codes are the stable API.
STATUS_WORDS: dict[str, str] = {
    "met": "已完成",
    "nearly_met": "基本完成",
    "missed": "未完成",
    "awaiting_data": "待数据",
    "ahead": "超前",
    "on_track": "正常",
    "behind": "滞后",
    "seriously_behind": "严重滞后",
    "within_ceiling": "未超上限",
    "ceiling_rising": "未超上限，但趋势上升",
    "over_ceiling": "超出上限",
    "no_data": "无数据",
    "not_applicable": "不适用",
    "undeterminable": "无法判断",
}

# Once the target year is over, a target gets one of these (a verdict on that year's figure);
# the pace bands (超前/正常/滞后/严重滞后) and the ceiling words apply only before.
VERDICTS = ("met", "nearly_met", "missed", "awaiting_data")
PACE_BANDS = ("ahead", "on_track", "behind", "seriously_behind")
CEILING_STATES = ("within_ceiling", "ceiling_rising", "over_ceiling")

# How a ceiling figure moved since the year before (or since the base): the `trend` field.
TREND_WORDS = {"rising": "上升", "falling": "下降", "flat": "持平"}


class Point(NamedTuple):
    """One annual observation of an indicator in an area (a year-end value or a year's flow).

    A named tuple rather than a frozen dataclass: a national rebuild makes a million of them,
    and a tuple is made several times faster (still immutable and hashable, for the memo)."""

    year: int
    value: float
    provisional: bool = False
    period: str = ""

    @property
    def label(self) -> str:
        """The period as shown to users; the year when the caller gave no label."""
        return self.period or str(self.year)


@dataclass(frozen=True, kw_only=True)
class TargetInput:
    """One target of a published plan, as the engine needs it.

    `value` is None for non-numeric goals (建成… / 形成…) and for most relative goals
    ("高于全市平均增幅"). For `kind="growth"` it is the rate in percent (15 for 年均增长15%).
    Keyword-only, so that the Django side cannot silently swap two years.
    """

    value: float | None
    year: int
    comparator: str = ">="
    kind: str = "level"
    direction: str = "higher"
    path: str = "compound"
    baseline_year: int | None = None
    baseline_value: float | None = None
    period_start: int
    period_end: int
    # Only for kind="increment": "flow" when the points are each year's amount (引进/新增 per
    # year, summed since the period began), "stock" when they are year-end totals (then the
    # target becomes the level B + Δ, methods.md §1.4).
    measure: str = "flow"
    # The other end of a range goal ("2.6-3": value 2.6, stretch 3). The target is judged on
    # `value`; the stretch is only reported (stretch_met), never part of the status.
    stretch: float | None = None


@dataclass(frozen=True)
class Thresholds:
    """Cut-offs an administrator may change per plan; stored as JSON via to_dict/from_dict.

    Defaults follow methods.md §1.5 and §2.5 (see docs/progress.md for the reasons).
    """

    ahead: float = 1.10  # schedule ratio r ≥ this → 超前
    on_track: float = 0.95  # r ≥ this → 正常 (Eurostat/Open SDG "on track" is R ≥ 0.95)
    behind: float = 0.60  # r ≥ this → 滞后, below → 严重滞后 (Eurostat 0.60)
    approx_tolerance: float = 0.05  # "~" (左右): within ±5 % of the target counts as met
    likelihood_warn: float = 0.5  # P(met) below this → forecast alert
    likelihood_red: float = 0.2  # P(met) below this → red alert
    confidence: float = 0.80  # two-sided prediction interval level
    forecast_min_points: int = 3  # no forecast from fewer points
    forecast_max_points: int = 10  # fit on the latest N points only
    model_tie_aic: float = 2.0  # |ΔAIC| below this: the indicator's path picks the model
    min_elapsed_years: float = 1.0  # do not judge pace before this much of the period has passed
    # Once the target year is over: reaching this share of the goal (but not all of it) is 基本完成.
    nearly_met: float = 0.95

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            v = getattr(self, f.name)
            if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
                raise ValueError(f"阈值 {f.name} 必须是有限数值，得到 {v!r}")
        if not (self.ahead >= self.on_track >= self.behind >= 0):
            raise ValueError("阈值须满足 ahead ≥ on_track ≥ behind ≥ 0")
        if not (0 <= self.likelihood_red <= self.likelihood_warn <= 1):
            raise ValueError("概率阈值须满足 0 ≤ likelihood_red ≤ likelihood_warn ≤ 1")
        if not (0 < self.confidence < 1):
            raise ValueError("confidence 须在 0 与 1 之间")
        if not (0 <= self.nearly_met <= 1):
            raise ValueError("基本完成线 nearly_met 须在 0 与 1 之间")
        if self.approx_tolerance < 0 or self.model_tie_aic < 0 or self.min_elapsed_years < 0:
            raise ValueError("approx_tolerance、model_tie_aic、min_elapsed_years 不得为负")
        if int(self.forecast_min_points) != self.forecast_min_points or self.forecast_min_points < 3:
            raise ValueError("forecast_min_points 须为不小于 3 的整数（两参数趋势至少需 3 点）")
        if int(self.forecast_max_points) != self.forecast_max_points or (
            self.forecast_max_points < self.forecast_min_points
        ):
            raise ValueError("forecast_max_points 须为不小于 forecast_min_points 的整数")

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Thresholds:
        """Build from stored JSON; missing keys take defaults, unknown keys are ignored.

        Unknown keys are ignored so that settings saved by an older or newer version still load.
        """
        if not data:
            return cls()
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict of every cut-off."""
        return dataclasses.asdict(self)


@dataclass
class TargetProgress:
    """The judgement of one target at one date. Field names are a stable API (`kechuang progress --json`).

    Rates and shares are fractions (0.6 = 60 %); growth rates are fractions per year (0.1 = 10 %/年).
    """

    latest_value: float | None = None
    latest_period: str | None = None
    baseline_value: float | None = None
    baseline_year: int | None = None
    completion: float | None = None
    expected_progress: float | None = None
    gap_to_expected: float | None = None
    required_growth: float | None = None
    achieved_growth: float | None = None
    forecast_value: float | None = None
    forecast_low: float | None = None
    forecast_high: float | None = None
    forecast_model: str | None = None
    likelihood: float | None = None
    status: str = STATUS_WORDS["no_data"]
    status_code: str = "no_data"
    note: str = ""
    # Additional stable fields (documented in docs/progress.md).
    schedule_ratio: float | None = None
    planned_growth: float | None = None
    comparator_value: float | None = None
    # Verdicts, ceilings and ranges (issue 9; docs/progress.md §7a–7c).
    year_over: bool = False  # the target year is over at as_of: the status is a verdict
    attainment: float | None = None  # share of the goal reached, the number a verdict reads
    trend: str | None = None  # "rising"/"falling"/"flat": latest figure against the one before
    stretch_value: float | None = None  # the other end of a range goal (挑战值)
    stretch_met: bool | None = None  # whether the latest figure reaches it

    @property
    def measured(self) -> bool:
        """False while the latest figure is the baseline year's own (or older) and the status says
        there is no data: completion and 时序进度 are then the baseline against itself, and a 0.0%
        beside 无数据 would read as a judgement."""
        if self.latest_period is None or self.baseline_year is None:
            return True
        year = str(self.latest_period)[:4]
        return not (
            year.isdigit()
            and int(year) <= self.baseline_year
            and self.status_code in ("awaiting_data", "no_data")
        )

    @property
    def completion_shown(self) -> float | None:
        """The completion pages show: once the target year is over, the share of the goal the
        verdict reads (A/T for a level), so 基本完成 never sits beside a lower progress share;
        none before anything was measured since the baseline."""
        if not self.measured:
            return None
        if self.year_over and self.attainment is not None:
            return self.attainment
        return self.completion

    @property
    def expected_shown(self) -> float | None:
        """The 时序进度 pages show: none before anything was measured since the baseline."""
        return self.expected_progress if self.measured else None

    def set_status(self, code: str) -> None:
        """Keep the code and its Chinese word in step."""
        self.status_code = code
        self.status = STATUS_WORDS[code]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict of the stable fields (all plain values, so no deep copy is needed)."""
        return {name: getattr(self, name) for name in _PROGRESS_FIELDS}


_PROGRESS_FIELDS = tuple(f.name for f in dataclasses.fields(TargetProgress))


def floats_finite(values: Collection[Any]) -> bool:
    """Whether every float among `values` is finite (other values are not looked at).

    One sum in C, finite unless some float is not; only when it is not (or the sum overflows)
    is each looked at. A rebuild checks 120,000 judgements of 26 fields."""
    if math.isfinite(sum(filter(float.__instancecheck__, values))):
        return True
    return all(math.isfinite(v) for v in values if type(v) is float)
