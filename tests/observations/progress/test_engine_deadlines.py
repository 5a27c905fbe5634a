"""A target whose year has passed unmet is judged on its shortfall, even when its base is that same year."""

import datetime as dt

from kechuang.observations.progress import Point, TargetInput, judge_target


def _target(**kw):
    base = dict(
        value=1000.0,
        year=2021,
        comparator=">=",
        kind="level",
        direction="higher",
        path="compound",
        baseline_year=None,
        baseline_value=None,
        period_start=2021,
        period_end=2025,
    )
    base.update(kw)
    return TargetInput(**base)


def test_first_year_target_missed_is_a_verdict_on_its_shortfall_not_no_data():
    result = judge_target(_target(), [Point(2021, 900.0), Point(2022, 1070.0)], as_of=dt.date(2026, 11, 23))

    assert result.status == "未完成"  # 90 % of the goal when it was due, below the 95 % line
    assert result.completion == 0.9
    assert "2021年未达到目标" in result.note


def test_far_missed_target_is_missed():
    result = judge_target(_target(), [Point(2021, 400.0)], as_of=dt.date(2023, 1, 1))

    assert result.status == "未完成"


def test_met_target_year_is_met():
    result = judge_target(_target(), [Point(2021, 1001.0)], as_of=dt.date(2023, 1, 1))

    assert result.status == "已完成"
