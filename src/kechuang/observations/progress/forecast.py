"""Trend forecast for the target year and the chance of meeting the target (methods.md §2).

Two two-parameter OLS trends, the only models methods.md §2.2 finds defensible on 3–10
annual points: linear `y = a + b·t` and log-linear `ln y = a + b·t` (constant growth).

Choice: the Gaussian log-likelihood of each model on the original scale of y (for the
log model `llf_y = llf_logy − Σ ln y`, methods.md §2.3). Both models have k = 3, so AIC and
AICc differences reduce to 2·Δllf and the comparison is valid from n = 3 on (AICc itself
would need n ≥ 5). When |ΔAIC| < `model_tie_aic` (2, the usual "no real difference" rule)
the data cannot tell the models apart, and the indicator's expected path decides
(compound → log-linear, linear → linear), which is methods.md's a-priori preference.

Interval: OLS prediction interval with Student's t on n − 2 df; for the log model it is
computed on the log scale and back-transformed (the point is then the median). Likelihood:
one-sided t probability of ending on the goal side of the threshold (Healthy People 2030).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .tdist import t_ppf, t_sf


@dataclass(frozen=True)
class TrendFit:
    """An OLS trend on (x, y) or (x, ln y), centred at x̄ so intercept and slope are independent."""

    model: str  # "linear" | "log-linear"
    level: float  # fitted value at x̄ (on the model's scale)
    slope: float
    s: float  # residual standard error, RSS/(n − 2)
    n: int
    xbar: float
    sxx: float
    aic: float  # on the original scale of y, up to a constant shared by both models

    @property
    def df(self) -> int:
        return self.n - 2

    def mean(self, x: float) -> float:
        """Fitted value on the model's scale (ln y for the log model)."""
        return self.level + self.slope * (x - self.xbar)

    def se_pred(self, x: float) -> float:
        """Standard error of a new observation at x: s·sqrt(1 + 1/n + (x − x̄)²/Sxx)."""
        return self.s * math.sqrt(1 + 1 / self.n + _square(x - self.xbar) / self.sxx)


@dataclass(frozen=True)
class Forecast:
    """A forecast on the original scale: point, interval, model, P(goal met)."""

    value: float
    low: float
    high: float
    model: str
    likelihood: float
    n: int


def _square(x: float) -> float:
    """x·x, raising OverflowError where ``x ** 2`` does. A product, not libm's pow (which differs
    from it in the last bit now and then), so that the batch engine squares with numpy and agrees."""
    out = x * x
    if out == math.inf and not math.isinf(x):
        raise OverflowError("平方溢出")
    return out


def _ols(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float, float, float, float]:
    """Centred OLS: (ȳ, slope, RSS, x̄, Sxx)."""
    n = len(xs)
    xbar = sum(xs) / n
    ybar = sum(ys) / n
    sxx = sum(_square(x - xbar) for x in xs)
    sxy = sum((x - xbar) * (y - ybar) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    rss = sum(_square(y - ybar - slope * (x - xbar)) for x, y in zip(xs, ys, strict=True))
    return ybar, slope, max(rss, 0.0), xbar, sxx


def fit_trends(xs: Sequence[float], ys: Sequence[float]) -> list[TrendFit]:
    """Fit the linear trend, and the log-linear one when every value is positive.

    Needs ≥ 3 points at distinct times (one residual df); returns [] otherwise or on overflow.
    """
    n = len(xs)
    if n < 3 or len(set(xs)) < 2:
        return []
    scale = max(abs(y) for y in ys) or 1.0
    fits = []
    try:
        ybar, slope, rss, xbar, sxx = _ols(xs, ys)
        # Floors keep an exact fit from turning float noise into a decisive AIC difference.
        rss_f = max(rss, n * _square(1e-12 * scale))
        aic = n * math.log(rss_f / n)
        fits.append(TrendFit("linear", ybar, slope, math.sqrt(rss / (n - 2)), n, xbar, sxx, aic))
        if all(y > 0 for y in ys):
            logs = [math.log(y) for y in ys]
            lbar, lslope, lrss, _, _ = _ols(xs, logs)
            lrss_f = max(lrss, n * 1e-24)
            laic = n * math.log(lrss_f / n) + 2 * sum(logs)
            fits.append(TrendFit("log-linear", lbar, lslope, math.sqrt(lrss / (n - 2)), n, xbar, sxx, laic))
    except (OverflowError, ValueError, ZeroDivisionError):
        return []
    return [f for f in fits if all(map(math.isfinite, (f.level, f.slope, f.s, f.aic)))]


def choose_fit(fits: list[TrendFit], path: str, tie_aic: float) -> TrendFit | None:
    """The better-fitting trend; within `tie_aic` of each other, the one the path implies."""
    if not fits:
        return None
    if len(fits) == 1:
        return fits[0]
    lin, log = fits
    preferred, other = (log, lin) if path == "compound" else (lin, log)
    if abs(lin.aic - log.aic) < tie_aic:
        return preferred
    return lin if lin.aic < log.aic else log


def _prob_side(mean: float, se: float, df: int, threshold: float, side: int) -> float:
    """P(Y ≥ threshold) for side +1, P(Y ≤ threshold) for side −1, Y = mean + se·t_df."""
    if se <= 0 or not math.isfinite(se):
        return 1.0 if side * (mean - threshold) >= 0 else 0.0
    z = (threshold - mean) / se
    return t_sf(z, df) if side > 0 else t_sf(-z, df)


def forecast_at(fit: TrendFit, x0: float, threshold: float, side: int, confidence: float) -> Forecast | None:
    """Point, prediction interval and P(goal met) for the value at time x0."""
    q = t_ppf(0.5 + confidence / 2, fit.df)
    mu, se = fit.mean(x0), fit.se_pred(x0)
    try:
        if fit.model == "linear":
            value, low, high = mu, mu - q * se, mu + q * se
            p = _prob_side(mu, se, fit.df, threshold, side)
        else:
            value, low, high = math.exp(mu), math.exp(mu - q * se), math.exp(mu + q * se)
            if threshold <= 0:
                p = 1.0 if side > 0 else 0.0
            else:
                p = _prob_side(mu, se, fit.df, math.log(threshold), side)
    except OverflowError:
        return None
    if not all(map(math.isfinite, (value, low, high, p))):
        return None
    return Forecast(value, low, high, fit.model, min(1.0, max(0.0, p)), fit.n)


def forecast_sum(
    fit: TrendFit, xs_future: Sequence[float], already: float, threshold: float, side: int, confidence: float
) -> Forecast | None:
    """Forecast of `already + Σ y(x)` over future years, for increment targets counted as sums of flows.

    Exact for the linear trend (the sum is linear in the parameters); delta method for the log
    model (gradient of Σ e^η in the centred intercept and slope, lognormal noise ≈ e^η·s), with
    a symmetric interval on the original scale. Errors of different years are taken as independent.
    """
    if not xs_future:
        return None
    q = t_ppf(0.5 + confidence / 2, fit.df)
    try:
        etas = [fit.mean(x) for x in xs_future]
        if fit.model == "linear":
            w = [1.0] * len(etas)
            total = sum(etas)
        else:
            w = [math.exp(e) for e in etas]
            total = sum(w)
        g_level = sum(w)
        g_slope = sum(wi * (x - fit.xbar) for wi, x in zip(w, xs_future, strict=True))
        var = fit.s**2 * (g_level**2 / fit.n + g_slope**2 / fit.sxx + sum(wi * wi for wi in w))
        se = math.sqrt(var)
    except OverflowError:
        return None
    value = already + total
    low, high = value - q * se, value + q * se
    if fit.model == "log-linear":
        low = max(low, already)
    p = _prob_side(value, se, fit.df, threshold, side)
    if not all(map(math.isfinite, (value, low, high, p))):
        return None
    return Forecast(value, low, high, fit.model, min(1.0, max(0.0, p)), fit.n)
