"""forecast.py's trend fits, outlook.py's forecast and Student's t tail, over many targets at once.

Every formula is forecast.py's and tdist.py's, evaluated in the same order of operations (sums
are accumulated column by column, left to right, as Python's `sum` does), so that a batch
judgement carries the same numbers as `judge_target`'s. Rows are targets; columns are their
forecast windows, left-aligned, masked by `window`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import libm
from .tdist import t_ppf
from .types import TargetInput, Thresholds

_EPS = 1e-9


@dataclass
class Fits:
    """The chosen trend per row (`ok` false where there is none) and the numbers a forecast needs."""

    ok: np.ndarray
    log_model: np.ndarray  # True: log-linear, False: linear
    level: np.ndarray
    slope: np.ndarray
    s: np.ndarray
    n: np.ndarray
    xbar: np.ndarray
    sxx: np.ndarray


def _sq(values: np.ndarray, window: np.ndarray | None = None) -> np.ndarray:
    """x·x as forecast._square computes it; with `window`, 0 outside it (`_seq_sum` reads no more)."""
    if window is None:
        return values * values
    return np.where(window, values * values, 0.0)


def _seq_sum(values: np.ndarray, window: np.ndarray) -> np.ndarray:
    """Σ over each row's window, added left to right like Python's `sum` (0 outside the window)."""
    acc = np.zeros(values.shape[0])
    for k in range(values.shape[1]):
        acc = acc + np.where(window[:, k], values[:, k], 0.0)
    return acc


def _ols(xs: np.ndarray, ys: np.ndarray, window: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, ...]:
    """forecast._ols per row: (ȳ, slope, RSS, x̄, Sxx)."""
    with np.errstate(all="ignore"):
        xbar = _seq_sum(xs, window) / n
        ybar = _seq_sum(ys, window) / n
        dx = xs - xbar[:, None]
        sxx = _seq_sum(_sq(dx, window), window)
        sxy = _seq_sum(dx * (ys - ybar[:, None]), window)
        slope = sxy / sxx
        rss = _seq_sum(_sq(ys - ybar[:, None] - slope[:, None] * dx, window), window)
    return ybar, slope, np.maximum(rss, 0.0), xbar, sxx


def fit_and_choose(
    xs: np.ndarray, ys: np.ndarray, window: np.ndarray, compound: np.ndarray, tie_aic: float
) -> Fits:
    """fit_trends + choose_fit per row. Rows need ≥ 3 window points at distinct times; the
    caller keeps figures far from overflow (where forecast.py gives up on both fits at once)."""
    n = window.sum(axis=1).astype(float)
    ys0 = np.where(window, ys, 0.0)
    with np.errstate(all="ignore"):
        scale = np.abs(ys0).max(axis=1)
        scale = np.where(scale == 0, 1.0, scale)
        ybar, slope, rss, xbar, sxx = _ols(xs, ys, window, n)
        rss_f = np.maximum(rss, n * _sq(1e-12 * scale))
        aic = n * libm.log(rss_f / n)
        s = np.sqrt(rss / (n - 2))
        lin_ok = np.isfinite(ybar) & np.isfinite(slope) & np.isfinite(s) & np.isfinite(aic)
        positive = ~(window & ~(ys > 0)).any(axis=1)
        logs = libm.log(np.where(window & positive[:, None], ys, 1.0))
        lbar, lslope, lrss, _, _ = _ols(xs, logs, window, n)
        lrss_f = np.maximum(lrss, n * 1e-24)
        laic = n * libm.log(lrss_f / n) + 2 * _seq_sum(logs, window)
        ls = np.sqrt(lrss / (n - 2))
        log_ok = positive & np.isfinite(lbar) & np.isfinite(lslope) & np.isfinite(ls) & np.isfinite(laic)
        tie = np.abs(aic - laic) < tie_aic
        pick_log = np.where(tie, compound, laic <= aic)
    # lin.aic < log.aic → linear, else log (ties in aic go to the log model, as in choose_fit)
    pick_log = np.where(lin_ok & log_ok, pick_log, log_ok & ~lin_ok)
    return Fits(
        ok=lin_ok | log_ok,
        log_model=pick_log,
        level=np.where(pick_log, lbar, ybar),
        slope=np.where(pick_log, lslope, slope),
        s=np.where(pick_log, ls, s),
        n=n,
        xbar=xbar,
        sxx=sxx,
    )


def t_cdf(x: np.ndarray, df: int) -> np.ndarray:
    """tdist.t_cdf for one integer df, elementwise."""
    with np.errstate(all="ignore"):
        theta = libm.arctan(np.abs(x) / math.sqrt(df))
        s, c = libm.sin(theta), libm.cos(theta)
        c2 = c * c
        if df % 2 == 1:
            total, term = np.zeros_like(x), c
            for k in range(1, (df - 1) // 2 + 1):
                total = total + term
                term = term * (c2 * (2 * k) / (2 * k + 1))
            a = (2 / math.pi) * (theta + s * total) if df > 1 else 2 * theta / math.pi
        else:
            total, term = np.zeros_like(x), np.ones_like(x)
            for k in range(1, df // 2 + 1):
                total = total + term
                term = term * (c2 * (2 * k - 1) / (2 * k))
            a = s * total
        a = np.minimum(1.0, np.maximum(0.0, a))
        out = np.where(x >= 0, 0.5 + 0.5 * a, 0.5 - 0.5 * a)
    out = np.where(np.isinf(x), np.where(x > 0, 1.0, 0.0), out)
    return np.where(np.isnan(x), np.nan, out)


def _prob_side(mean: np.ndarray, se: np.ndarray, df: np.ndarray, threshold: np.ndarray, side: np.ndarray):
    """forecast._prob_side per row."""
    with np.errstate(all="ignore"):
        z = (threshold - mean) / se
    arg = np.where(side > 0, -z, z)  # t_sf(z) = t_cdf(-z); t_sf(-z) = t_cdf(z)
    p = np.full(mean.shape, np.nan)
    for d in np.unique(df):
        rows = df == d
        p[rows] = t_cdf(arg[rows], int(d))
    degenerate = ~((se > 0) & np.isfinite(se))
    return np.where(degenerate, np.where(side * (mean - threshold) >= 0, 1.0, 0.0), p)


def forecast_at(
    fits: Fits, x0: np.ndarray, threshold: np.ndarray, side: np.ndarray, confidence: float
) -> tuple[np.ndarray, ...]:
    """forecast.forecast_at per row: (ok, value, low, high, likelihood); rows without a fit are not ok."""
    df = np.where(fits.ok, fits.n - 2, 1).astype(int)
    q = np.zeros(df.shape)
    for d in np.unique(df):
        q[df == d] = t_ppf(0.5 + confidence / 2, int(d))
    with np.errstate(all="ignore"):
        mu = fits.level + fits.slope * (x0 - fits.xbar)
        se = fits.s * np.sqrt(1 + 1 / fits.n + _sq(x0 - fits.xbar) / fits.sxx)
        lo, hi = mu - q * se, mu + q * se
        value = np.where(fits.log_model, libm.exp(mu), mu)
        low = np.where(fits.log_model, libm.exp(lo), lo)
        high = np.where(fits.log_model, libm.exp(hi), hi)
        log_thr = libm.log(np.where(threshold > 0, threshold, 1.0))
    p = _prob_side(mu, se, df, np.where(fits.log_model, log_thr, threshold), side)
    p = np.where(fits.log_model & (threshold <= 0), np.where(side > 0, 1.0, 0.0), p)
    ok = fits.ok & np.isfinite(value) & np.isfinite(low) & np.isfinite(high) & np.isfinite(p)
    return ok, value, low, high, np.minimum(1.0, np.maximum(0.0, p))


def met(actual: np.ndarray, level: np.ndarray, comp: np.ndarray, side: np.ndarray, tol: float) -> np.ndarray:
    """completion.is_met per row (`side` already known)."""
    approx = comp == "~"
    slack = _EPS * np.maximum(1.0, np.abs(level))
    slack = np.where(approx, slack + _EPS * np.maximum(1.0, np.abs(level)), slack)
    threshold = np.where(approx, level - side * tol * np.abs(level), level)
    with np.errstate(all="ignore"):
        met = side * (actual - threshold) >= -slack
    met = np.where(comp == ">", actual > level, met)
    return np.where(comp == "<", actual < level, met)


def forecast_point(
    x: np.ndarray,
    v: np.ndarray,
    n: np.ndarray,
    ty: np.ndarray,
    level: np.ndarray,
    comp: np.ndarray,
    side: np.ndarray,
    stated: np.ndarray,
    t0_base: np.ndarray,
    th: Thresholds,
    targets: list[TargetInput],
) -> dict[str, np.ndarray]:
    """outlook.forecast_point per row, as arrays: the state (`fc`), the point and its numbers."""
    rows, width = x.shape
    col = np.arange(width + 1)[None, :]
    # with_stated_baseline: a base stated in the plan joins the series when no figure has its year.
    add = stated & ~((x == t0_base[:, None]).any(axis=1))
    xf = np.concatenate([x, np.where(add, t0_base, np.inf)[:, None]], axis=1)
    vf = np.concatenate(
        [v, np.where(add, np.array([t.baseline_value or 0.0 for t in targets]), 0.0)[:, None]], axis=1
    )
    order = np.argsort(xf, axis=1, kind="stable")
    xf, vf = np.take_along_axis(xf, order, axis=1), np.take_along_axis(vf, order, axis=1)
    m = n + add
    at = (xf == ty[:, None]) & (col < m[:, None])
    at_target = at.any(axis=1)
    outcome = vf[np.arange(rows), at.argmax(axis=1)]
    done = at_target | (xf[np.arange(rows), m - 1] > ty)
    threshold = np.where(comp == "~", level - side * th.approx_tolerance * np.abs(level), level)
    known = np.where(
        at_target, np.where(met(outcome, level, comp, side, th.approx_tolerance), 1.0, 0.0), np.nan
    )
    size = np.minimum(m, int(th.forecast_max_points))
    fit_rows = ~done & (size >= th.forecast_min_points)
    # State: 0 no note (done), 1 too few points (or no fit), 2 overflow, 3 forecast.
    state = np.where(done, 0, 1)
    nan = np.full(rows, np.nan)
    value, low, high, p, model = nan, nan, nan, known, np.zeros(rows)
    if fit_rows.any():
        window = (col >= (m - size)[:, None]) & (col < m[:, None])
        compound = np.array([t.path == "compound" for t in targets])
        fits = fit_and_choose(xf, vf, window & fit_rows[:, None], compound, th.model_tie_aic)
        ok, fv, fl, fh, fp = forecast_at(fits, ty, threshold, side, th.confidence)
        fitted = fit_rows & fits.ok
        state = np.where(fitted, np.where(ok, 3, 2), state)
        good = fitted & ok
        value, low, high = np.where(good, fv, nan), np.where(good, fl, nan), np.where(good, fh, nan)
        p = np.where(good, fp, p)
        model = np.where(fits.log_model, 1.0, 0.0)
    return {
        "fc": state,
        "fc_n": size,
        "fc_value": value,
        "fc_low": low,
        "fc_high": high,
        "fc_p": p,
        "fc_log": model,
    }
