"""Uncertainty analysis (methods.md §3.1, §3.5): how far each unit's rank and rating move when the
weights and the normalisation are chosen differently within reason.

Each of N draws (seeded, so a run can be repeated exactly):
- multiplies every indicator weight and every pillar weight by a factor drawn uniformly from
  [1 − share, 1 + share] (default ±25 %), then scales the weights of each level back to sum 1;
- picks a normalisation at random among the given ones (default: minmax and zscore, plus the
  scheme's own if it is another);
- recomputes scores (bonus points and vetoes unchanged), ranks and ratings.
Per unit: median rank, the 5th–95th percentile rank interval, min and max rank, the share of draws
in each rating, and a flag when the rating differs from the scheme's own in any draw.
Percentiles are taken on the draws' ranks with the "inverted CDF" rule (the smallest rank r such
that at least p of the draws rank the unit r or better), so interval bounds are ranks that occurred.
The work is one matrix product per normalisation (units × indicators · indicators × draws).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .engine import (
    assign_ratings,
    effective_weights,
    pillar_index,
    prepare,
    rank_scores,
    scaled_values,
)
from .scheme import Scheme

DEFAULT_SHARE = 0.25
DEFAULT_DRAWS = 1000
DEFAULT_SEED = 20191220  # 国科火字〔2019〕239号 date: any fixed number does; this one is memorable


def rank_interval(ranks: np.ndarray, low: float = 0.05, high: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Percentile bounds of ranks per row (units × draws), inverted-CDF rule: ranks that occurred."""
    q = np.quantile(ranks, [low, high], axis=1, method="inverted_cdf")
    return q[0].astype(int), q[1].astype(int)


def draw_weights(scheme: Scheme, draws: int, share: float, rng: np.random.Generator) -> np.ndarray:
    """draws × indicators effective weights, each level perturbed by ±share and renormalised."""
    pidx = pillar_index(scheme)
    ind_w = np.array([i.weight for p in scheme.pillars for i in p.indicators])
    pil_w = np.array([p.weight for p in scheme.pillars])
    ind = ind_w * rng.uniform(1.0 - share, 1.0 + share, size=(draws, ind_w.size))
    pil = pil_w * rng.uniform(1.0 - share, 1.0 + share, size=(draws, pil_w.size))
    onehot = np.eye(pil_w.size)[pidx]  # indicators × pillars
    sums = ind @ onehot  # draws × pillars
    ind = ind / np.where(sums > 0, sums, 1.0)[:, pidx]
    pil = pil / pil.sum(axis=1, keepdims=True)
    return ind * pil[:, pidx]


def sensitivity(
    scheme: Scheme,
    values: Mapping[str, Mapping[str, float]],
    *,
    draws: int = DEFAULT_DRAWS,
    share: float = DEFAULT_SHARE,
    normalisations: Sequence[str] | None = None,
    seed: int = DEFAULT_SEED,
) -> dict[str, Any]:
    """Rank intervals and rating stability per unit; excluded and disqualified units take no part."""
    if draws < 1:
        raise ValueError("抽样次数应为正整数")
    if not 0 <= share < 1:
        raise ValueError("权重扰动幅度应在 0 到 1 之间（不含 1）")
    methods = list(normalisations or ["minmax", "zscore"])
    if normalisations is None and scheme.normalisation not in methods:
        methods.append(scheme.normalisation)
    prep = prepare(scheme, values)
    rated = ~prep.disqualified
    units = [u for u, ok in zip(prep.units, rated, strict=True) if ok]
    summary: dict[str, Any] = {
        "draws": draws,
        "weight_share": share,
        "normalisations": methods,
        "seed": seed,
        "units": {},
    }
    if not units:
        return summary
    rng = np.random.default_rng(seed)
    weights = draw_weights(scheme, draws, share, rng)  # draws × indicators
    choice = rng.integers(0, len(methods), size=draws)
    scores = np.empty((len(units), draws))
    for m, method in enumerate(methods):
        cols = np.flatnonzero(choice == m)
        if cols.size == 0:
            continue
        scaled = scaled_values(scheme, prep, method)[rated]
        if scheme.aggregation == "geometric":
            scores[:, cols] = np.exp(np.log(scaled) @ weights[cols].T)
        else:
            scores[:, cols] = scaled @ weights[cols].T
    scores = np.minimum(scores + prep.bonus[rated][:, None], 100.0)
    ranks = np.empty_like(scores, dtype=int)
    ratings = np.empty_like(scores, dtype=int)
    caps = prep.cap_index[rated]
    for d in range(draws):
        ranks[:, d] = rank_scores(scores[:, d])
        if scheme.cutoffs:
            ratings[:, d] = assign_ratings(scores[:, d], caps, scheme.cutoffs)
    low, high = rank_interval(ranks)
    median = np.quantile(ranks, 0.5, axis=1, method="inverted_cdf").astype(int)
    base_scaled = scaled_values(scheme, prep, scheme.normalisation)[rated]
    base = np.minimum(
        (
            np.exp(np.log(base_scaled) @ effective_weights(scheme))
            if scheme.aggregation == "geometric"
            else base_scaled @ effective_weights(scheme)
        )
        + prep.bonus[rated],
        100.0,
    )
    labels = scheme.labels
    base_rating = assign_ratings(base, caps, scheme.cutoffs) if scheme.cutoffs else None
    for k, unit in enumerate(units):
        entry: dict[str, Any] = {
            "rank_median": int(median[k]),
            "rank_p5": int(low[k]),
            "rank_p95": int(high[k]),
            "rank_min": int(ranks[k].min()),
            "rank_max": int(ranks[k].max()),
        }
        if base_rating is not None:
            counts = np.bincount(ratings[k], minlength=len(scheme.cutoffs) + 1)
            entry["rating_shares"] = {
                (labels[i] if i < len(labels) else "无评级"): round(float(c) / draws, 4)
                for i, c in enumerate(counts)
                if c
            }
            entry["rating_may_change"] = bool((ratings[k] != base_rating[k]).any())
        summary["units"][unit] = entry
    return summary
