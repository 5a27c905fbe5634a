"""Each formula on hand-worked numbers (methods.md §1.1 worked examples where they exist)."""

import math

import pytest

from kechuang.observations.progress import completion as cm
from kechuang.observations.progress import expected, growth
from kechuang.observations.progress.tdist import t_cdf, t_ppf, t_sf


def test_level_completion_high_tech_enterprises_example():
    # 936 (2020) → 1500 (2025), 1260 in 2023: (1260 − 936)/(1500 − 936) = 324/564
    assert cm.level_completion(1260, 936, 1500) == pytest.approx(0.574468, abs=1e-6)


def test_level_completion_lower_is_better_sign_carried_by_target_minus_base():
    # energy intensity 0.50 → 0.40, now 0.44: (0.44 − 0.50)/(0.40 − 0.50) = 0.6
    assert cm.level_completion(0.44, 0.50, 0.40) == pytest.approx(0.6)


def test_level_completion_zero_and_negative_baselines():
    assert cm.level_completion(4, 0, 10) == pytest.approx(0.4)
    assert cm.level_completion(0, -5, 5) == pytest.approx(0.5)


def test_level_completion_moving_away_is_negative():
    assert cm.level_completion(900, 936, 1500) == pytest.approx(-36 / 564)


def test_level_completion_target_equal_to_base_is_undefined():
    assert cm.level_completion(5, 5, 5) is None


def test_simple_ratio_both_directions_and_undefined_cases():
    assert cm.simple_ratio(1260, 1500, 1) == pytest.approx(0.84)
    assert cm.simple_ratio(0.44, 0.40, -1) == pytest.approx(0.40 / 0.44)
    assert cm.simple_ratio(5, 0, 1) is None
    assert cm.simple_ratio(0, 0.4, -1) is None


def test_growth_and_increment_completion():
    assert cm.growth_completion(0.12, 0.15) == pytest.approx(0.8)
    assert cm.growth_completion(0.1, 0.0) is None
    assert cm.increment_completion(310, 500) == pytest.approx(0.62)
    assert cm.increment_completion(3, 0) is None


@pytest.mark.parametrize(
    ("actual", "comparator", "direction", "met"),
    [
        (1500, ">=", "higher", True),
        (1499.9, ">=", "higher", False),
        (1500, ">", "higher", False),
        (1500, "<=", "lower", True),
        (1500, "<", "lower", False),
        (1500, "=", "higher", True),
        (1600, "=", "higher", True),
        (1400, "=", "higher", False),
        (1600, "=", "lower", False),
        (1430, "~", "higher", True),  # within 5 % below 1500 (≥ 1425)
        (1420, "~", "higher", False),
        (2000, "~", "higher", True),  # overshoot on the good side still counts
        (1570, "~", "lower", True),  # lower is better: up to 1575
        (1580, "~", "lower", False),
    ],
)
def test_is_met_comparators(actual, comparator, direction, met):
    assert cm.is_met(actual, 1500, comparator, direction, 0.05) is met


def test_is_met_tolerates_float_noise_on_equality():
    assert cm.is_met(0.1 + 0.2, 0.3, ">=", "higher", 0.05)


def test_met_threshold_is_the_band_edge_for_approx():
    assert cm.met_threshold(3.1, "~", "higher", 0.05) == pytest.approx(2.945)
    assert cm.met_threshold(3.1, "~", "lower", 0.05) == pytest.approx(3.255)
    assert cm.met_threshold(3.1, ">=", "higher", 0.05) == 3.1


def test_time_elapsed_mid_period_and_clipping():
    assert expected.time_elapsed(2023, 2020, 2025) == pytest.approx(0.6)
    assert expected.time_elapsed(2027, 2020, 2025) == 1.0
    assert expected.time_elapsed(2019, 2020, 2025) == 0.0
    assert expected.time_elapsed(2023, 2025, 2025) is None


def test_compound_share_clean_example():
    # B = 100, T = 400, half the time: ((4)^0.5 − 1)/(4 − 1) = 1/3
    assert expected.compound_share(0.5, 100, 400) == pytest.approx(1 / 3)


def test_compound_share_high_tech_example_and_lower_is_better():
    assert expected.compound_share(0.6, 936, 1500) == pytest.approx(0.542774, abs=1e-6)
    # a falling path: 0.5 → 0.4, halfway: (0.8^0.5 − 1)/(0.8 − 1) = 0.527864
    assert expected.compound_share(0.5, 0.5, 0.4) == pytest.approx(0.527864, abs=1e-6)


def test_compound_share_undefined_for_non_positive_or_flat():
    assert expected.compound_share(0.5, 0, 10) is None
    assert expected.compound_share(0.5, -5, 5) is None
    assert expected.compound_share(0.5, 5, 5) is None


def test_expected_share_falls_back_to_linear():
    assert expected.expected_share(0.6, 936, 1500, "linear") == (0.6, "linear")
    assert expected.expected_share(0.6, 0, 10, "compound") == (0.6, "linear")
    share, path = expected.expected_share(0.6, 936, 1500, "compound")
    assert (round(share, 6), path) == (0.542774, "compound")


def test_achieved_required_and_planned_growth():
    assert growth.achieved_growth(100, 121, 2) == pytest.approx(0.10)
    assert growth.required_growth(121, 146.41, 2) == pytest.approx(0.10)
    assert growth.planned_growth(936, 1500, 5) == pytest.approx(0.098912, abs=1e-6)
    assert growth.achieved_growth(936, 1260, 3) == pytest.approx(0.104159, abs=1e-6)
    assert growth.required_growth(1260, 1500, 2) == pytest.approx(0.091089, abs=1e-6)


def test_growth_undefined_for_non_positive_values_or_no_time():
    assert growth.cagr(0, 10, 3) is None
    assert growth.cagr(-5, 10, 3) is None
    assert growth.cagr(10, 0, 3) is None
    assert growth.cagr(10, 20, 0) is None


def test_growth_target_rate_sign_for_lower_is_better():
    assert growth.growth_target_rate(15, "higher") == pytest.approx(0.15)
    assert growth.growth_target_rate(3, "lower") == pytest.approx(-0.03)
    assert growth.growth_target_rate(-3, "lower") == pytest.approx(-0.03)


def test_implied_level_of_a_growth_target():
    assert growth.implied_level(100, 0.15, 5) == pytest.approx(201.135719, abs=1e-6)
    assert growth.implied_level(100, -1.5, 5) is None


@pytest.mark.parametrize(
    ("df", "q90", "q975"),
    # Standard t table values (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2)
    [
        (1, 3.078, 12.706),
        (2, 1.886, 4.303),
        (3, 1.638, 3.182),
        (5, 1.476, 2.571),
        (10, 1.372, 2.228),
        (30, 1.310, 2.042),
    ],
)
def test_t_quantiles_match_the_table(df, q90, q975):
    assert t_ppf(0.90, df) == pytest.approx(q90, abs=5e-4)
    assert t_ppf(0.975, df) == pytest.approx(q975, abs=5e-4)


def test_t_cdf_symmetry_and_known_values():
    # df = 1 is Cauchy: F(1) = 0.75; df = 2 has F(x) = 1/2 + x/(2·sqrt(2 + x²))
    assert t_cdf(1.0, 1) == pytest.approx(0.75)
    assert t_cdf(1.0, 2) == pytest.approx(0.5 + 1 / (2 * math.sqrt(3)))
    assert t_cdf(-0.7, 7) == pytest.approx(1 - t_cdf(0.7, 7))
    assert t_sf(0.0, 4) == pytest.approx(0.5)
    assert t_ppf(0.1, 4) == pytest.approx(-t_ppf(0.9, 4))
