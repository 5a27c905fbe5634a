"""Which observations are known at a date, and where the baseline comes from."""

import datetime as dt

import pytest

from kechuang.observations.progress import Point, TargetInput, judge_target
from kechuang.observations.progress.series import known_series, resolve_baseline


def plan(**kw) -> TargetInput:
    base = {"value": 1500, "year": 2025, "period_start": 2021, "period_end": 2025}
    base.update(kw)
    return TargetInput(**base)


def test_a_year_is_known_only_after_it_ends():
    points = [Point(2022, 1180), Point(2023, 1260), Point(2024, 1400)]

    known = known_series(points, dt.date(2024, 12, 31))

    assert [o.year for o in known] == [2022, 2023]


def test_observations_after_as_of_are_ignored_by_the_engine():
    points = [Point(2021, 1050), Point(2022, 1180), Point(2023, 1260), Point(2024, 1600), Point(2025, 1700)]

    result = judge_target(plan(baseline_value=936, baseline_year=2020), points, as_of=dt.date(2024, 3, 1))

    assert (result.latest_value, result.latest_period) == (1260, "2023")
    assert result.status_code == "on_track"  # not 已完成, which the 2024/2025 figures would give


def test_current_year_reading_is_opt_in_and_placed_at_the_date():
    points = [Point(2023, 1260), Point(2024, 1350, provisional=True, period="2024-07-01")]

    default = known_series(points, dt.date(2024, 7, 1))
    opted = known_series(points, dt.date(2024, 7, 1), include_current_year=True)

    assert [o.year for o in default] == [2023]
    assert opted[-1].x == pytest.approx(2023 + 182 / 366)  # 2024 is a leap year
    assert opted[-1].point.label == "2024-07-01"


def test_current_year_reading_in_the_engine_counts_part_of_a_year():
    points = [Point(2022, 1180), Point(2023, 1260), Point(2024, 1400, provisional=True)]

    result = judge_target(
        plan(baseline_value=936, baseline_year=2020, path="linear"),
        points,
        as_of=dt.date(2024, 7, 1),
        include_current_year=True,
    )

    assert result.latest_value == 1400
    assert result.expected_progress == pytest.approx((3 + 182 / 366) / 5)
    assert "初步数据" in result.note


def test_final_figure_beats_provisional_for_the_same_year():
    points = [Point(2023, 1300), Point(2023, 1260, provisional=True)]

    known = known_series(points, dt.date(2024, 5, 1))

    assert [o.value for o in known] == [1300]


def test_later_revision_wins_among_equals():
    points = [Point(2023, 1250), Point(2023, 1260)]

    assert [o.value for o in known_series(points, dt.date(2024, 5, 1))] == [1260]


def test_non_finite_values_are_dropped():
    points = [Point(2022, float("nan")), Point(2023, float("inf")), Point(2021, 5)]

    assert [o.year for o in known_series(points, dt.date(2024, 5, 1))] == [2021]


def test_baseline_stated_in_the_plan_wins():
    known = known_series([Point(2020, 900)], dt.date(2024, 1, 1))

    b = resolve_baseline(plan(baseline_value=936, baseline_year=2020), known)

    assert (b.value, b.x, b.source) == (936, 2020, "target")


def test_baseline_without_year_is_dated_the_year_before_the_period():
    b = resolve_baseline(plan(baseline_value=936), [])

    assert b.x == 2020


def test_baseline_from_the_observation_of_the_stated_year():
    known = known_series([Point(2019, 880), Point(2020, 936), Point(2021, 1050)], dt.date(2024, 1, 1))

    b = resolve_baseline(plan(baseline_year=2019), known)

    assert (b.value, b.x) == (880, 2019)


def test_baseline_from_the_latest_observation_before_the_period():
    known = known_series([Point(2015, 469), Point(2020, 936), Point(2021, 1050)], dt.date(2024, 1, 1))

    b = resolve_baseline(plan(), known)

    assert (b.value, b.x, b.source) == (936, 2020, "observation")


def test_baseline_from_the_first_year_of_the_period_when_nothing_earlier():
    known = known_series([Point(2021, 1050), Point(2022, 1180)], dt.date(2024, 1, 1))

    b = resolve_baseline(plan(), known)

    assert (b.value, b.x) == (1050, 2021)


def test_no_baseline_when_the_series_starts_later():
    known = known_series([Point(2022, 1180)], dt.date(2024, 1, 1))

    assert resolve_baseline(plan(), known) is None
