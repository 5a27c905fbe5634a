"""Verdicts once a target's year is over, ceilings before it, and range goals: hand-worked cases.

Each expected number is worked out in the comment beside it (docs/progress.md §7a–7c).
"""

import datetime as dt

import pytest

from kechuang.observations.progress import (
    Point,
    TargetInput,
    Thresholds,
    alert_level,
    forecast_miss,
    judge_target,
    status_changes,
)


def goal(**kw) -> TargetInput:
    """高新技术企业总数: ≥ 1000 by 2021 in the 2021–2025 plan, 936 in 2020 (the demo's goal)."""
    base = {
        "value": 1000.0,
        "year": 2021,
        "comparator": ">=",
        "kind": "level",
        "direction": "higher",
        "path": "compound",
        "baseline_year": 2020,
        "baseline_value": 936.0,
        "period_start": 2021,
        "period_end": 2025,
    }
    base.update(kw)
    return TargetInput(**base)


def pts(*pairs) -> list[Point]:
    return [Point(year=y, value=v) for y, v in pairs]


AFTER = dt.date(2022, 3, 1)  # 2021 is over and its figure is known


# --- verdicts -------------------------------------------------------------------------------


def test_year_over_and_reached_is_met():
    result = judge_target(goal(), pts((2021, 1001)), as_of=AFTER)

    assert (result.status, result.status_code, result.year_over) == ("已完成", "met", True)
    assert result.attainment == pytest.approx(1.001)


def test_missed_by_a_little_is_nearly_met_not_on_track():
    # The case: 969 of 1000 = 96.9 % ≥ 95 % → 基本完成 (it used to read 正常 beside 目标年未达到).
    result = judge_target(goal(), pts((2021, 969)), as_of=AFTER)

    assert (result.status, result.status_code) == ("基本完成", "nearly_met")
    assert round(result.attainment, 3) == 0.969
    assert "96.9%" in result.note and "正常" not in result.note
    assert result.likelihood == 0.0


def test_missed_by_more_than_the_tolerance_is_missed():
    result = judge_target(goal(), pts((2021, 940)), as_of=AFTER)  # 94 % < 95 %

    assert (result.status, result.status_code) == ("未完成", "missed")
    assert "低于基本完成线95%" in result.note


def test_the_tolerance_is_the_administrators():
    stricter = Thresholds(nearly_met=0.97)

    result = judge_target(goal(), pts((2021, 969)), as_of=AFTER, thresholds=stricter)

    assert result.status_code == "missed"  # 96.9 % < 97 %


def test_small_goal_of_five_reached_4_96_is_nearly_met():
    # The second case: a 2025 goal of 5 (%) with 4.96 → 99.2 %.
    t = goal(value=5.0, year=2025, baseline_value=4.0, path="linear")

    result = judge_target(t, pts((2024, 4.79), (2025, 4.96)), as_of=dt.date(2026, 4, 1))

    assert (result.status_code, round(result.attainment, 3)) == ("nearly_met", 0.992)


def test_no_figure_for_the_target_year_yet_is_awaiting_data_then_the_verdict():
    waiting = judge_target(
        goal(year=2025, value=1500), pts((2023, 1234), (2024, 1351)), as_of=dt.date(2026, 1, 10)
    )
    arrived = judge_target(
        goal(year=2025, value=1500), pts((2023, 1234), (2024, 1351), (2025, 1460)), as_of=dt.date(2026, 1, 10)
    )

    assert (waiting.status, waiting.latest_period) == ("待数据", "2024")
    assert "2025年" in waiting.note and "待数据" in waiting.note
    assert (arrived.status, round(arrived.attainment, 4)) == ("基本完成", 0.9733)  # 1460/1500


def test_no_figure_at_all_after_the_year_is_awaiting_data_not_no_data():
    result = judge_target(goal(), [], as_of=AFTER)

    assert (result.status, result.status_code) == ("待数据", "awaiting_data")


def test_pace_bands_apply_only_while_the_year_is_to_come():
    # 2025 goal 936 → 1500 judged in mid-2024 on 1260 (2023): r = 1.058 → 正常 (methods.md §1.1)
    t = goal(year=2025, value=1500)
    series = pts((2021, 1050), (2022, 1180), (2023, 1260))

    assert judge_target(t, series, as_of=dt.date(2024, 6, 30)).status == "正常"
    assert judge_target(t, series, as_of=dt.date(2024, 6, 30)).year_over is False
    after = judge_target(t, series, as_of=dt.date(2026, 6, 30))
    assert (after.status, after.year_over) == ("待数据", True)


def test_growth_goal_verdict_reads_achieved_growth_against_the_rate():
    # 年均增长15% from 100 (2020): 2025 at 100·1.145^5 gives g_act = 14.5 %, 14.5/15 = 96.7 % → 基本完成;
    # at 100·1.12^5, 12/15 = 80 % → 未完成; at 100·1.16^5 the rate is met → 已完成.
    t = goal(value=15.0, kind="growth", year=2025, baseline_value=100.0)
    at = dt.date(2026, 5, 1)

    nearly = judge_target(t, pts((2025, 100 * 1.145**5)), as_of=at)
    missed = judge_target(t, pts((2025, 100 * 1.12**5)), as_of=at)
    met = judge_target(t, pts((2025, 100 * 1.16**5)), as_of=at)

    assert (nearly.status_code, round(nearly.attainment, 4)) == ("nearly_met", 0.9667)
    assert (missed.status_code, round(missed.attainment, 4)) == ("missed", 0.8)
    assert met.status_code == "met"


def test_increment_goal_verdict_reads_the_sum_added_against_the_amount():
    # 新增500 over 2021–2025 as yearly flows: 480 added = 96 % → 基本完成; 400 = 80 % → 未完成.
    t = goal(value=500.0, kind="increment", year=2025, baseline_value=None, baseline_year=None)
    at = dt.date(2026, 5, 1)

    nearly = judge_target(t, pts((2021, 90), (2022, 95), (2023, 95), (2024, 100), (2025, 100)), as_of=at)
    missed = judge_target(t, pts((2021, 80), (2022, 80), (2023, 80), (2024, 80), (2025, 80)), as_of=at)

    assert (nearly.status_code, nearly.attainment) == ("nearly_met", pytest.approx(0.96))
    assert (missed.status_code, missed.attainment) == ("missed", pytest.approx(0.8))


def test_relative_goal_verdict_needs_the_target_years_figures():
    t = goal(value=None, comparator="relative", year=2025, baseline_value=None)
    at = dt.date(2026, 6, 1)
    mine = pts((2024, 3.2), (2025, 3.3))

    held = judge_target(t, mine, as_of=at, comparator_points=pts((2024, 3.0), (2025, 3.1)))
    failed = judge_target(t, mine, as_of=at, comparator_points=pts((2024, 3.0), (2025, 3.4)))
    waiting = judge_target(t, mine, as_of=at, comparator_points=pts((2024, 3.0)))

    assert [held.status, failed.status, waiting.status] == ["已完成", "未完成", "待数据"]


def test_verdict_alerts_and_slips():
    t = goal(year=2025, value=1500)
    before = judge_target(
        t, pts((2021, 1050), (2022, 1180), (2023, 1260), (2024, 1351)), as_of=dt.date(2025, 6, 1)
    )
    missed = judge_target(t, pts((2024, 1351), (2025, 1360)), as_of=dt.date(2026, 6, 1))  # 90.7 %
    nearly = judge_target(t, pts((2024, 1351), (2025, 1460)), as_of=dt.date(2026, 6, 1))
    met = judge_target(t, pts((2024, 1351), (2025, 1510)), as_of=dt.date(2026, 6, 1))

    assert alert_level(missed) == "red"
    assert alert_level(nearly) is None  # a result to report, not a risk to act on
    assert alert_level(met) is None
    assert not forecast_miss(missed)  # a verdict is no forecast: the verdict itself is the alert
    assert status_changes(before, missed) is True  # a pace band last year, 未完成 now: a slip


# --- ceilings (不超过 / 控制在) --------------------------------------------------------------------

CEILING = {"value": 15.0, "comparator": "<=", "year": 2026, "baseline_year": 2023, "baseline_value": 13.63}


def test_ceiling_within_but_rising_is_flagged_before_the_target_year():
    # 载体平均空置率不超过15%: 13.63 (2023) → 14.65 (2024), judged in 2025: within, moving toward it.
    t = goal(**CEILING, period_start=2024, period_end=2026, path="linear")

    result = judge_target(t, pts((2024, 14.65)), as_of=dt.date(2025, 6, 1))

    assert (result.status, result.status_code, result.trend) == (
        "未超上限，但趋势上升",
        "ceiling_rising",
        "rising",
    )
    assert result.completion == 1.0  # 15/14.65 = 102.4 % capped: the figure got worse
    assert result.required_growth is None  # nothing has to grow to stay under a ceiling
    assert alert_level(result) == "warn"


def test_ceiling_within_and_falling_is_within_the_ceiling():
    t = goal(**CEILING, period_start=2024, period_end=2026, path="linear")

    result = judge_target(t, pts((2024, 12.5)), as_of=dt.date(2025, 6, 1))

    assert (result.status, result.trend) == ("未超上限", "falling")
    assert result.completion == pytest.approx(1.2)  # 15/12.5: better than the base, not capped
    assert alert_level(result) is None


def test_ceiling_exceeded_says_so_and_which_way_it_moves():
    t = goal(**CEILING, period_start=2024, period_end=2026, path="linear")

    rising = judge_target(t, pts((2024, 15.5)), as_of=dt.date(2025, 6, 1))
    easing = judge_target(t, pts((2024, 16.0), (2025, 15.5)), as_of=dt.date(2026, 6, 1))

    assert (rising.status, rising.trend) == ("超出上限", "rising")
    assert "仍在上升" in rising.note
    assert (easing.status, easing.trend) == ("超出上限", "falling")
    assert "正回落" in easing.note
    assert rising.completion == pytest.approx(15 / 15.5)
    assert alert_level(rising) == "red"


def test_ceiling_that_worsened_but_held_is_met_at_100_percent_not_102():
    t = goal(**CEILING, period_start=2024, period_end=2026, path="linear")

    result = judge_target(t, pts((2024, 14.2), (2026, 14.65)), as_of=dt.date(2027, 3, 1))

    assert result.status == "已完成"
    assert (result.completion, result.attainment) == (1.0, 1.0)  # 15/14.65 = 102.4 %, but it got worse


def test_ceiling_verdict_over_the_ceiling():
    t = goal(**CEILING, period_start=2024, period_end=2026, path="linear")

    nearly = judge_target(t, pts((2026, 15.5)), as_of=dt.date(2027, 3, 1))  # 15/15.5 = 96.8 %
    missed = judge_target(t, pts((2026, 17.0)), as_of=dt.date(2027, 3, 1))  # 15/17 = 88.2 %

    assert (nearly.status, missed.status) == ("基本完成", "未完成")


def test_ceiling_the_plan_means_to_come_down_to_is_judged_on_pace():
    # 0.50 (2020) → ≤ 0.40 (2025), 0.44 in 2024: still above it, r = 0.75 → 滞后 (methods.md §1.1)
    t = goal(value=0.40, comparator="<=", direction="lower", year=2025, baseline_value=0.50, path="linear")

    result = judge_target(
        t, pts((2021, 0.49), (2022, 0.47), (2023, 0.46), (2024, 0.44)), as_of=dt.date(2025, 3, 1)
    )

    assert result.status == "滞后"
    assert "尚高于上限" in result.note


def test_floor_already_held_never_reads_above_100_percent_when_worse():
    # 不低于100, base 130, now 110: held, but worse than the base → 100 %, not 110 %.
    t = goal(value=100.0, year=2025, baseline_value=130.0)

    result = judge_target(t, pts((2023, 110)), as_of=dt.date(2024, 6, 1))

    assert result.status == "已完成"
    assert result.completion == 1.0


# --- ranges ("2.6-3") --------------------------------------------------------------------------


def test_range_goal_is_judged_on_its_lower_end_with_the_upper_as_stretch():
    t = goal(value=2.6, stretch=3.0, year=2025, baseline_value=2.1, path="linear")
    at = dt.date(2026, 6, 1)

    reached_low = judge_target(t, pts((2025, 2.83)), as_of=at)
    reached_both = judge_target(t, pts((2025, 3.05)), as_of=at)
    short = judge_target(t, pts((2025, 2.5)), as_of=at)  # 2.5/2.6 = 96.2 %

    assert (reached_low.status, reached_low.stretch_value, reached_low.stretch_met) == ("已完成", 3.0, False)
    assert "挑战值 3尚未达到" in reached_low.note
    assert (reached_both.status, reached_both.stretch_met) == ("已完成", True)
    assert (short.status, short.stretch_met) == ("基本完成", False)


def test_stretch_on_the_wrong_side_is_ignored():
    t = goal(value=2.6, stretch=2.0, year=2025, baseline_value=2.1, path="linear")

    result = judge_target(t, pts((2025, 2.83)), as_of=dt.date(2026, 6, 1))

    assert (result.stretch_value, result.stretch_met) == (None, None)


def test_awaiting_data_even_without_a_baseline_then_a_verdict_without_one():
    # A level verdict reads the target year's figure against the goal: no base is needed.
    t = goal(value=3.0, year=2025, baseline_year=None, baseline_value=None, path="linear")
    at = dt.date(2026, 6, 1)

    waiting = judge_target(t, pts((2023, 2.76), (2024, 2.83)), as_of=at)
    arrived = judge_target(t, pts((2023, 2.76), (2024, 2.83), (2025, 2.88)), as_of=at)

    assert waiting.status == "待数据"
    assert (arrived.status, arrived.attainment) == ("基本完成", pytest.approx(0.96))
