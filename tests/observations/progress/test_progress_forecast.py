"""Trend forecasts: model choice, prediction intervals, likelihood of meeting the target."""

import math

import pytest

from kechuang.observations.progress.forecast import choose_fit, fit_trends, forecast_at, forecast_sum
from kechuang.observations.progress.tdist import t_ppf

YEARS = [2019, 2020, 2021, 2022, 2023]
LINEAR = [50, 61, 69, 81, 90]
EXPONENTIAL = [100, 205, 395, 810, 1590]  # roughly doubling each year


def test_linear_trend_by_hand():
    # x − x̄ = −2..2, Sxx = 10, ȳ = 70.2, Sxy = 100 → b = 10; fitted 50.2 … 90.2;
    # residuals −0.2, 0.8, −1.2, 0.8, −0.2 → RSS = 2.8, s = sqrt(2.8/3) = 0.966092.
    # 2025 is 4 years from x̄: ŷ = 70.2 + 40 = 110.2, se = s·sqrt(1 + 1/5 + 16/10) = 1.616581,
    # t(0.90, 3) = 1.637744 → 110.2 ± 2.647546.
    fit = next(f for f in fit_trends(YEARS, LINEAR) if f.model == "linear")

    fc = forecast_at(fit, 2025, 100, 1, 0.80)

    assert (fit.slope, round(fit.s, 6)) == (pytest.approx(10.0), 0.966092)
    assert round(fc.value, 3) == 110.2
    assert (round(fc.low, 3), round(fc.high, 3)) == (107.552, 112.848)
    # P(Y ≥ 100) = P(T₃ ≥ (100 − 110.2)/1.616581 = −6.3096)
    assert round(fc.likelihood, 3) == 0.996


def test_clearly_linear_series_chooses_linear_whatever_the_path():
    fits = fit_trends(YEARS, LINEAR)

    assert choose_fit(fits, "linear", 2.0).model == "linear"
    assert choose_fit(fits, "compound", 2.0).model == "linear"


def test_clearly_exponential_series_chooses_log_linear_whatever_the_path():
    fits = fit_trends(YEARS, EXPONENTIAL)
    chosen = choose_fit(fits, "linear", 2.0)

    fc = forecast_at(chosen, 2025, 5000, 1, 0.80)

    assert chosen.model == "log-linear"
    assert choose_fit(fits, "compound", 2.0).model == "log-linear"
    # independent check: OLS of ln y on x − x̄ = −2..2, back-transformed (the median)
    logs = [math.log(y) for y in EXPONENTIAL]
    lbar = sum(logs) / 5
    slope = sum((x - 2021) * ly for x, ly in zip(YEARS, logs, strict=True)) / 10
    assert fc.value == pytest.approx(math.exp(lbar + 4 * slope))
    assert round(fc.value, 3) == 6359.995
    assert (round(fc.low, 3), round(fc.high, 3)) == (6076.046, 6657.214)
    assert fc.low < fc.value < fc.high


def test_log_interval_is_asymmetric_on_the_original_scale():
    fit = choose_fit(fit_trends(YEARS, EXPONENTIAL), "compound", 2.0)

    fc = forecast_at(fit, 2025, 5000, 1, 0.80)

    assert fc.high - fc.value > fc.value - fc.low


def test_methods_worked_example_936_to_1500():
    # methods.md §2.3 (statsmodels, [V-run]): linear 1492 [1434, 1550] P 0.41; log 1565 [1459, 1679] P 0.81
    fits = {f.model: f for f in fit_trends([2020, 2021, 2022, 2023], [936, 1050, 1180, 1260])}

    lin = forecast_at(fits["linear"], 2025, 1500, 1, 0.80)
    log = forecast_at(fits["log-linear"], 2025, 1500, 1, 0.80)

    assert (round(lin.value), round(lin.low), round(lin.high), round(lin.likelihood, 2)) == (
        1492,
        1434,
        1550,
        0.41,
    )
    assert (round(log.value), round(log.low), round(log.high), round(log.likelihood, 2)) == (
        1565,
        1459,
        1679,
        0.81,
    )


def test_close_fits_are_decided_by_the_indicators_path():
    # 936 → 1260: ΔAIC = 2.3 favours linear; with a tie margin of 3 the path decides.
    fits = fit_trends([2020, 2021, 2022, 2023], [936, 1050, 1180, 1260])

    assert choose_fit(fits, "compound", 2.0).model == "linear"
    assert choose_fit(fits, "compound", 3.0).model == "log-linear"
    assert choose_fit(fits, "linear", 3.0).model == "linear"


def test_interval_widens_with_the_horizon():
    fit = choose_fit(fit_trends(YEARS, LINEAR), "linear", 2.0)

    near = forecast_at(fit, 2025, 100, 1, 0.80)
    far = forecast_at(fit, 2030, 100, 1, 0.80)

    assert far.high - far.low > near.high - near.low
    # se grows as sqrt(1 + 1/n + h²/Sxx): h = 9 vs h = 4
    ratio = math.sqrt(1 + 0.2 + 81 / 10) / math.sqrt(1 + 0.2 + 16 / 10)
    assert (far.high - far.low) / (near.high - near.low) == pytest.approx(ratio)


def test_interval_widens_with_the_confidence_level_and_fewer_points():
    fit5 = choose_fit(fit_trends(YEARS, LINEAR), "linear", 2.0)
    fit3 = choose_fit(fit_trends(YEARS[-3:], LINEAR[-3:]), "linear", 2.0)

    w80 = forecast_at(fit5, 2025, 100, 1, 0.80)
    w95 = forecast_at(fit5, 2025, 100, 1, 0.95)

    assert (w95.high - w95.low) / (w80.high - w80.low) == pytest.approx(t_ppf(0.975, 3) / t_ppf(0.9, 3))
    assert fit3.df == 1


def test_likelihood_lower_is_better_is_the_other_tail():
    fit = choose_fit(fit_trends(YEARS, LINEAR), "linear", 2.0)

    up = forecast_at(fit, 2025, 110.2, 1, 0.80)
    down = forecast_at(fit, 2025, 112, -1, 0.80)

    assert up.likelihood == pytest.approx(0.5)
    assert 0.5 < down.likelihood < 1


def test_perfect_fit_gives_certain_likelihood_and_zero_width():
    fit = choose_fit(fit_trends([2020, 2021, 2022], [10, 20, 30]), "linear", 2.0)

    fc = forecast_at(fit, 2025, 60, 1, 0.80)

    assert (fc.value, fc.low, fc.high, fc.likelihood) == (
        pytest.approx(60),
        pytest.approx(60),
        pytest.approx(60),
        1.0,
    )


def test_log_model_needs_positive_values():
    models = [f.model for f in fit_trends([2020, 2021, 2022], [0, 3, 7])]

    assert models == ["linear"]


def test_fewer_than_three_points_cannot_be_fitted():
    assert fit_trends([2022, 2023], [1, 2]) == []


def test_forecast_sum_linear_is_exact():
    # flows 100, 100, 110, 120 (2020–2023): x − x̄ = −1.5..1.5, Sxx = 5, ȳ = 107.5, Sxy = 35 → b = 7;
    # fitted 97, 104, 111, 118 → residuals 3, −4, −1, 2, RSS = 30, s² = 15.
    # 2024: 125, 2025: 132 → 330 + 257 = 587; se² = s²·(m + m²/n + (Σ(x − x̄))²/Sxx) = 15·(2 + 1 + 36/5) = 153
    fit = choose_fit(fit_trends([2020, 2021, 2022, 2023], [100, 100, 110, 120]), "linear", 2.0)

    fc = forecast_sum(fit, [2024.0, 2025.0], 330, 500, 1, 0.80)

    assert fit.model == "linear"
    assert fc.value == pytest.approx(587)
    half = t_ppf(0.9, 2) * math.sqrt(153)
    assert (fc.low, fc.high) == (pytest.approx(587 - half), pytest.approx(587 + half))
