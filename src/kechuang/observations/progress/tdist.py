"""Student's t distribution for integer degrees of freedom, without scipy.

The CDF uses the exact finite series of Abramowitz & Stegun 26.7.3–26.7.4 (valid for any
integer df ≥ 1, so no table is needed); the quantile inverts it by bisection. Trend fits
here have df = n − 2 with 1 ≤ df ≤ 8, and the series is exact there.
"""

from __future__ import annotations

import math
from functools import lru_cache


def t_cdf(x: float, df: int) -> float:
    """P(T ≤ x) for Student's t with `df` degrees of freedom."""
    if df < 1:
        raise ValueError("df must be ≥ 1")
    if math.isnan(x):
        return math.nan
    if math.isinf(x):
        return 1.0 if x > 0 else 0.0
    theta = math.atan(abs(x) / math.sqrt(df))
    s, c = math.sin(theta), math.cos(theta)
    c2 = c * c
    if df % 2 == 1:
        # A = (2/π)·[θ + sinθ·(cosθ + (2/3)cos³θ + … + (2·4…(ν−3))/(1·3…(ν−2))·cos^(ν−2)θ)]
        total, term = 0.0, c
        for k in range(1, (df - 1) // 2 + 1):
            total += term
            term *= c2 * (2 * k) / (2 * k + 1)
        a = (2 / math.pi) * (theta + s * total) if df > 1 else 2 * theta / math.pi
    else:
        # A = sinθ·[1 + (1/2)cos²θ + (1·3)/(2·4)cos⁴θ + … + (1·3…(ν−3))/(2·4…(ν−2))·cos^(ν−2)θ]
        total, term = 0.0, 1.0
        for k in range(1, df // 2 + 1):
            total += term
            term *= c2 * (2 * k - 1) / (2 * k)
        a = s * total
    a = min(1.0, max(0.0, a))
    return 0.5 + 0.5 * a if x >= 0 else 0.5 - 0.5 * a


def t_sf(x: float, df: int) -> float:
    """P(T > x), computed directly so that tiny tail probabilities are not lost to 1 − F."""
    return t_cdf(-x, df)


@lru_cache(maxsize=512)
def t_ppf(p: float, df: int) -> float:
    """The p-quantile of Student's t (bisection on the exact CDF, to ~1e-12)."""
    if not 0 < p < 1:
        raise ValueError("p must be in (0, 1)")
    if p == 0.5:
        return 0.0
    if p < 0.5:
        return -t_ppf(1 - p, df)
    lo, hi = 0.0, 1.0
    while t_cdf(hi, df) < p:
        hi *= 2
        if hi > 1e12:
            return math.inf
    for _ in range(200):
        mid = (lo + hi) / 2
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-12 * max(1.0, hi):
            break
    return (lo + hi) / 2
