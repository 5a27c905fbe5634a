"""judge_target status rules on hand-worked examples, one per target kind and edge case."""

import datetime as dt

import pytest

from kechuang.observations.progress import Point, TargetInput, TargetProgress, Thresholds, judge_target

AS_OF = dt.date(2024, 6, 30)  # 2023 figures are known, 2024 ones are not


def target(**kw) -> TargetInput:
    """The high-tech enterprise example of methods.md: 936 (2020) → ≥ 1500 (2025)."""
    base = {
        "value": 1500,
        "year": 2025,
        "comparator": ">=",
        "kind": "level",
        "direction": "higher",
        "path": "compound",
        "baseline_year": 2020,
        "baseline_value": 936,
        "period_start": 2021,
        "period_end": 2025,
    }
    base.update(kw)
    return TargetInput(**base)


def pts(*pairs) -> list[Point]:
    return [Point(year=y, value=v) for y, v in pairs]


HNTE = pts((2021, 1050), (2022, 1180), (2023, 1260))


def test_level_with_baseline_compound_path_is_on_track():
    result = judge_target(target(), HNTE, as_of=AS_OF)

    assert (result.latest_value, result.latest_period) == (1260, "2023")
    assert (result.baseline_value, result.baseline_year) == (936, 2020)
    assert round(result.completion, 4) == 0.5745  # 324/564
    assert round(result.expected_progress, 4) == 0.5428  # ((1500/936)^0.6 − 1)/(1500/936 − 1)
    assert round(result.gap_to_expected, 4) == 0.0317
    assert round(result.schedule_ratio, 3) == 1.058
    assert (result.status, result.status_code) == ("正常", "on_track")


def test_level_with_baseline_linear_path_uses_time_share():
    result = judge_target(target(path="linear"), HNTE, as_of=AS_OF)

    assert result.expected_progress == pytest.approx(0.6)
    assert round(result.gap_to_expected, 4) == -0.0255  # 2.6 pp behind straight-line time
    assert round(result.schedule_ratio, 4) == 0.9574
    assert result.status_code == "on_track"


def test_level_reports_required_achieved_and_planned_growth():
    result = judge_target(target(), HNTE, as_of=AS_OF)

    assert round(result.achieved_growth, 4) == 0.1042  # (1260/936)^(1/3) − 1
    assert round(result.required_growth, 4) == 0.0911  # (1500/1260)^(1/2) − 1
    assert round(result.planned_growth, 4) == 0.0989  # (1500/936)^(1/5) − 1


def test_level_forecast_uses_the_stated_base_as_a_point():
    # 4 points including the base: methods.md §2.3 gives linear 1492 [1434, 1550], P = 0.41
    result = judge_target(target(), HNTE, as_of=AS_OF)

    assert result.forecast_model == "linear"
    assert (round(result.forecast_value), round(result.forecast_low), round(result.forecast_high)) == (
        1492,
        1434,
        1550,
    )
    assert round(result.likelihood, 2) == 0.41
    assert "可靠性低" in result.note


def test_level_baseline_taken_from_observations_when_the_plan_gives_none():
    series = pts((2019, 900), (2020, 936), *[(p.year, p.value) for p in HNTE])

    result = judge_target(target(baseline_year=None, baseline_value=None), series, as_of=AS_OF)

    assert (result.baseline_value, result.baseline_year) == (936, 2020)
    assert round(result.completion, 4) == 0.5745


def test_level_without_baseline_gives_simple_ratio_and_cannot_judge_pace():
    result = judge_target(
        target(baseline_year=None, baseline_value=None), pts((2022, 1180), (2023, 1260)), as_of=AS_OF
    )

    assert result.baseline_value is None
    assert result.completion == pytest.approx(0.84)  # 1260/1500
    assert result.expected_progress == pytest.approx(0.6)  # (2023 − 2020)/5
    assert result.status_code == "undeterminable"
    assert "简单比率" in result.note


def test_level_without_baseline_judged_in_the_target_year():
    series = pts((2024, 1300), (2025, 1400))

    result = judge_target(target(baseline_year=None, baseline_value=None), series, as_of=dt.date(2026, 4, 1))

    assert round(result.completion, 4) == 0.9333
    assert result.expected_progress == 1.0
    # The year is over: a verdict, not a pace band. 1400/1500 = 93.3 % < 95 % → 未完成.
    assert (result.status, result.status_code) == ("未完成", "missed")
    assert result.likelihood == 0.0  # the target year's figure is known and misses


def test_growth_target_annual_average_15_percent():
    # 100 (2020) growing 12 %/yr: achieved 12 % against 15 % → r = 0.8 → 滞后
    series = pts((2021, 112), (2022, 125.44), (2023, 140.4928))

    result = judge_target(target(value=15, kind="growth", baseline_value=100), series, as_of=AS_OF)

    assert result.achieved_growth == pytest.approx(0.12)
    assert result.planned_growth == pytest.approx(0.15)
    assert result.completion == pytest.approx(0.8)
    assert result.expected_progress == 1.0
    # implied 2025 level 100·1.15^5 = 201.1357 → still needed (201.1357/140.4928)^(1/2) − 1
    assert round(result.required_growth, 4) == 0.1965
    assert result.status_code == "behind"


def test_growth_target_met_over_the_full_period():
    series = pts((2021, 116), (2022, 133), (2023, 153), (2024, 176), (2025, 202))

    result = judge_target(
        target(value=15, kind="growth", baseline_value=100), series, as_of=dt.date(2026, 5, 1)
    )

    assert round(result.achieved_growth, 4) == 0.151  # (202/100)^(1/5) − 1 = e^(0.70310/5) − 1
    assert result.status_code == "met"


def test_growth_target_with_zero_baseline_is_undeterminable():
    result = judge_target(target(value=15, kind="growth", baseline_value=0), pts((2023, 5)), as_of=AS_OF)

    assert result.status_code == "undeterminable"
    assert result.achieved_growth is None


def test_increment_sums_flows_since_the_period_began():
    # 新增 500 over 2021–2025; 2020's flow is before the period and not counted.
    flows = pts((2020, 100), (2021, 100), (2022, 110), (2023, 120))

    result = judge_target(
        target(value=500, kind="increment", path="linear", baseline_year=None, baseline_value=None),
        flows,
        as_of=AS_OF,
    )

    assert result.completion == pytest.approx(0.66)  # 330/500
    assert result.expected_progress == pytest.approx(0.6)  # 3 of 5 years
    assert round(result.schedule_ratio, 4) == 1.1
    assert result.status_code == "ahead"
    # linear trend on the flows: 2024 125, 2025 132 → 330 + 257 = 587
    assert (result.forecast_model, round(result.forecast_value, 3)) == ("linear", 587.0)
    assert "还需年均 85" in result.note


def test_increment_already_reached_is_met():
    flows = pts((2021, 200), (2022, 210), (2023, 120))

    result = judge_target(target(value=500, kind="increment", baseline_value=None), flows, as_of=AS_OF)

    assert result.completion == pytest.approx(1.06)
    assert result.status_code == "met"


def test_increment_on_a_stock_becomes_a_level_target():
    result = judge_target(target(value=564, kind="increment", measure="stock"), HNTE, as_of=AS_OF)

    assert round(result.completion, 4) == 0.5745  # same as 936 → 1500
    assert "折算为水平目标 1500" in result.note


def test_annual_target_latest_year_against_the_goal():
    series = pts((2021, 52), (2022, 48), (2023, 45))

    result = judge_target(target(value=50, kind="annual", baseline_value=None), series, as_of=AS_OF)

    assert result.completion == pytest.approx(0.9)  # 45/50
    assert result.expected_progress == 1.0
    assert result.achieved_growth == pytest.approx(-0.0625)  # 45/48 − 1
    assert round(result.required_growth, 4) == 0.1111  # 50/45 − 1
    assert result.status_code == "behind"
    assert "期内 1/3 年达到年度目标" in result.note


def test_annual_target_met_in_the_latest_year():
    result = judge_target(target(value=50, kind="annual"), pts((2022, 48), (2023, 51)), as_of=AS_OF)

    assert result.status_code == "met"


def test_missing_data_is_no_data():
    result = judge_target(target(), [], as_of=AS_OF)

    assert (result.status, result.status_code) == ("无数据", "no_data")
    assert result.latest_value is None
    assert result.forecast_value is None


def test_single_point_gives_no_forecast_and_says_why():
    result = judge_target(target(baseline_value=None), pts((2023, 1260)), as_of=AS_OF)

    assert result.latest_value == 1260
    assert result.forecast_value is None and result.likelihood is None and result.forecast_model is None
    assert "不作趋势预测" in result.note


def test_only_the_base_year_is_too_early_to_judge():
    result = judge_target(target(baseline_value=None), pts((2020, 936)), as_of=dt.date(2021, 3, 1))

    assert result.baseline_value == 936
    assert result.status_code == "no_data"
    assert "暂不评估" in result.note


def test_zero_baseline_falls_back_to_linear_path_and_no_growth():
    # 新型研发机构 0 (2020) → 10 (2025), 4 in 2023: C = 0.4, E = 0.6, r = 0.667
    result = judge_target(
        target(value=10, baseline_value=0), pts((2021, 1), (2022, 2), (2023, 4)), as_of=AS_OF
    )

    assert result.completion == pytest.approx(0.4)
    assert result.expected_progress == pytest.approx(0.6)
    assert result.achieved_growth is None and result.planned_growth is None
    assert round(result.required_growth, 4) == 0.5811  # (10/4)^(1/2) − 1
    assert result.status_code == "behind"
    assert result.forecast_model == "linear"  # log-linear needs positive values (base 0 is a point)
    assert "直线路径" in result.note


def test_negative_baseline():
    # a net figure −5 (2020) → 5 (2025), 0 in 2023: C = 0.5, E = 0.6, r = 0.833
    result = judge_target(
        target(value=5, baseline_value=-5), pts((2021, -3), (2022, -2), (2023, 0)), as_of=AS_OF
    )

    assert result.completion == pytest.approx(0.5)
    assert round(result.schedule_ratio, 4) == 0.8333
    assert result.status_code == "behind"
    assert result.achieved_growth is None
    assert result.forecast_model == "linear"


def test_lower_is_better_energy_intensity():
    # 0.50 (2020) → ≤ 0.40 (2025), 0.44 in 2024: C = 0.6, E = 0.8, r = 0.75 (methods.md §1.1)
    series = pts((2021, 0.49), (2022, 0.47), (2023, 0.46), (2024, 0.44))
    t = target(value=0.40, comparator="<=", direction="lower", path="linear", baseline_value=0.50)

    result = judge_target(t, series, as_of=dt.date(2025, 3, 1))

    assert result.completion == pytest.approx(0.6)
    assert result.expected_progress == pytest.approx(0.8)
    assert result.schedule_ratio == pytest.approx(0.75)
    assert result.status_code == "behind"
    assert round(result.achieved_growth, 4) == -0.0315
    assert round(result.required_growth, 4) == -0.0909
    assert round(result.likelihood, 3) == 0.005  # methods.md: P(≤ 0.40) ≈ 0.005


def test_lower_is_better_moving_away_is_seriously_behind():
    t = target(value=0.40, comparator="<=", direction="lower", path="linear", baseline_value=0.50)

    result = judge_target(t, pts((2022, 0.51), (2023, 0.52)), as_of=AS_OF)

    assert result.completion < 0
    assert result.status_code == "seriously_behind"


def test_lower_is_better_already_below_the_cap_is_within_the_ceiling_before_the_target_year():
    # Before 2025 a ceiling is not "done": the status says it is within it (and falling, from 0.50).
    t = target(value=0.40, comparator="<=", direction="lower", baseline_value=0.50)

    result = judge_target(t, pts((2023, 0.39)), as_of=AS_OF)

    assert (result.status, result.trend) == ("未超上限", "falling")


@pytest.mark.parametrize(("actual", "code"), [(3.0, "met"), (3.2, "met"), (2.8, "behind"), (3.5, "met")])
def test_approx_target_inside_and_outside_tolerance(actual, code):
    # 3.1 左右 from 2.5: band ±5 % = [2.945, 3.255]; 2.8 → C = 0.5, E = 0.6, r = 0.83
    t = target(value=3.1, comparator="~", path="linear", baseline_value=2.5)

    result = judge_target(t, pts((2023, actual)), as_of=AS_OF)

    assert result.status_code == code


def test_approx_target_overshoot_is_met_with_a_note():
    t = target(value=3.1, comparator="~", path="linear", baseline_value=2.5)

    result = judge_target(t, pts((2023, 3.5)), as_of=AS_OF)

    assert "超出目标区间" in result.note


def test_approx_target_lower_is_better():
    t = target(value=0.40, comparator="~", direction="lower", path="linear", baseline_value=0.5)

    assert judge_target(t, pts((2023, 0.41)), as_of=AS_OF).status_code == "met"
    # 0.45 is outside [0.38, 0.42]: C = (0.45 − 0.5)/(0.4 − 0.5) = 0.5, E = 0.6 → r = 0.83
    assert judge_target(t, pts((2023, 0.45)), as_of=AS_OF).status_code == "behind"


RELATIVE = {"value": None, "comparator": "relative", "baseline_value": None}


def test_relative_growth_above_the_city_average():
    area = pts((2020, 100), (2021, 110), (2022, 121), (2023, 133.1))  # 10 %/yr
    city = pts((2020, 200), (2023, 251.9424))  # 8 %/yr

    result = judge_target(target(kind="growth", **RELATIVE), area, as_of=AS_OF, comparator_points=city)

    assert result.achieved_growth == pytest.approx(0.10)
    assert result.comparator_value == pytest.approx(0.08)
    assert result.status_code == "on_track"
    assert result.completion is None


def test_relative_growth_below_the_city_average_is_behind():
    area = pts((2020, 100), (2023, 110))
    city = pts((2020, 200), (2023, 251.9424))

    result = judge_target(target(kind="growth", **RELATIVE), area, as_of=AS_OF, comparator_points=city)

    assert result.status_code == "behind"


def test_relative_level_met_once_the_target_year_is_reached():
    result = judge_target(
        target(**RELATIVE), pts((2025, 3.2)), as_of=dt.date(2026, 6, 1), comparator_points=pts((2025, 3.0))
    )

    assert (result.status_code, result.comparator_value) == ("met", 3.0)


def test_relative_without_comparator_points_is_undeterminable():
    result = judge_target(target(**RELATIVE), HNTE, as_of=AS_OF, comparator_points=None)

    assert (result.status, result.status_code) == ("无法判断", "undeterminable")
    assert result.latest_value == 1260


def test_relative_comparator_points_after_as_of_are_ignored():
    result = judge_target(target(**RELATIVE), HNTE, as_of=AS_OF, comparator_points=pts((2024, 1000)))

    assert result.status_code == "undeterminable"


def test_non_numeric_target_is_not_applicable():
    result = judge_target(target(value=None), HNTE, as_of=AS_OF)

    assert (result.status, result.status_code) == ("不适用", "not_applicable")
    assert result.completion is None
    assert result.latest_value == 1260


def test_target_already_met_before_the_target_year():
    result = judge_target(target(), pts((2022, 1400), (2023, 1520)), as_of=AS_OF)

    assert (result.status, result.status_code) == ("已完成", "met")
    assert result.completion > 1


def test_target_year_passed_is_judged_on_the_target_year_figure():
    series = pts((2024, 1450), (2025, 1490), (2026, 1600))

    result = judge_target(target(), series, as_of=dt.date(2027, 6, 1))

    assert result.latest_value == 1490
    # A verdict on the 2025 figure: 1490/1500 = 99.3 % ≥ 95 % → 基本完成 (not the pace band 正常).
    assert (result.status_code, round(result.attainment, 4)) == ("nearly_met", 0.9933)
    assert result.likelihood == 0.0
    assert "2025年未达到目标" in result.note and "正常" not in result.note


def test_thresholds_from_dict_change_the_status():
    default = judge_target(target(), HNTE, as_of=AS_OF)
    stricter = Thresholds.from_dict({"ahead": 1.05})

    changed = judge_target(target(), HNTE, as_of=AS_OF, thresholds=stricter)

    assert (default.status_code, changed.status_code) == ("on_track", "ahead")


def test_unknown_comparator_is_undeterminable_not_an_error():
    result = judge_target(target(comparator="≈"), HNTE, as_of=AS_OF)

    assert result.status_code == "undeterminable"


def test_to_dict_has_the_stable_fields():
    keys = list(judge_target(target(), HNTE, as_of=AS_OF).to_dict())

    assert keys == [
        "latest_value",
        "latest_period",
        "baseline_value",
        "baseline_year",
        "completion",
        "expected_progress",
        "gap_to_expected",
        "required_growth",
        "achieved_growth",
        "forecast_value",
        "forecast_low",
        "forecast_high",
        "forecast_model",
        "likelihood",
        "status",
        "status_code",
        "note",
        "schedule_ratio",
        "planned_growth",
        "comparator_value",
        "year_over",
        "attainment",
        "trend",
        "stretch_value",
        "stretch_met",
    ]
    assert isinstance(TargetProgress().to_dict()["status"], str)


def test_growth_target_reached_the_target_year_level_early():
    # 100·1.15^5 = 201.14 is the 2025 level implied; 210 in 2023 already exceeds it
    series = pts((2021, 150), (2022, 180), (2023, 210))

    result = judge_target(target(value=15, kind="growth", baseline_value=100), series, as_of=AS_OF)

    assert result.status_code == "met"
    assert "提前达到" in result.note


def test_increment_cap_exceeded_early_is_seriously_behind_and_under_budget_is_ahead():
    # 累计新增建设用地不超过 100 over 2021–2025
    t = target(value=100, kind="increment", comparator="<=", direction="lower", baseline_value=None)

    over = judge_target(t, pts((2021, 50), (2022, 40), (2023, 30)), as_of=AS_OF)
    under = judge_target(t, pts((2021, 10), (2022, 10), (2023, 10)), as_of=AS_OF)

    assert over.status_code == "seriously_behind"
    # C = 30/100 = 0.3 used by 3/5 of the time: r = E/C = 0.6/0.3 = 2
    assert (round(under.schedule_ratio, 6), under.status_code) == (2.0, "ahead")
