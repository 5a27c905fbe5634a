"""Normalisation of a units × indicators matrix, column by column, vectorised with numpy.

Every method returns values on [0, 1]; `to_scale` then maps them onto the scale the aggregation
needs: 0–100 for the arithmetic mean, 1–100 for the geometric mean (COINr's advice in methods.md
§3.1: a geometric mean fails on values ≤ 0, so the worst unit gets 1, not 0).
Formulas (methods.md §3.1, as in COINr; lower-is-better indicators are negated first):
- minmax: (x − min)/(max − min); a constant column gives every unit 1 (nobody falls short of the best);
- zscore: z = (x − mean)/sd (sample sd), written as the T-score (50 + 10·z)/100 and cut to [0, 1],
  so a total on 0–100 exists; a constant column (or one unit) gives 0.5;
- target: (x − min)/(target − min) capped at 1 (for lower: (max − x)/(max − target)); a target at or
  below the worst value (every unit reached it) gives 1.
Per-indicator scoring overrides the method: thresholds to points (edges inclusive) or rank to points.
"""

from __future__ import annotations

import numpy as np

from .scheme import Indicator, Scoring


def _flip(x: np.ndarray, indicators: list[Indicator]) -> np.ndarray:
    sign = np.array([-1.0 if i.direction == "lower" else 1.0 for i in indicators])
    return x * sign


def minmax(x: np.ndarray, indicators: list[Indicator]) -> np.ndarray:
    """x: units × indicators without NaN (missing values already imputed or set aside)."""
    y = _flip(x, indicators)
    low, high = y.min(axis=0), y.max(axis=0)
    span = high - low
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (y - low) / np.where(span > 0, span, 1.0)
    return np.where(span > 0, out, 1.0)


def zscore(x: np.ndarray, indicators: list[Indicator]) -> np.ndarray:
    y = _flip(x, indicators)
    n = y.shape[0]
    mean = y.mean(axis=0)
    sd = y.std(axis=0, ddof=1) if n > 1 else np.zeros(y.shape[1])
    z = np.where(sd > 0, (y - mean) / np.where(sd > 0, sd, 1.0), 0.0)
    return np.clip((50.0 + 10.0 * z) / 100.0, 0.0, 1.0)


def distance_to_target(x: np.ndarray, indicators: list[Indicator]) -> np.ndarray:
    out = np.empty_like(x, dtype=float)
    for j, ind in enumerate(indicators):
        col, target = x[:, j], ind.target
        if target is None:  # only scored columns reach here without a target; they are overwritten
            out[:, j] = 0.0
            continue
        if ind.direction == "lower":
            worst, denom = col.max(), col.max() - target
            num = worst - col
        else:
            worst, denom = col.min(), target - col.min()
            num = col - worst
        out[:, j] = 1.0 if denom <= 0 else np.clip(num / denom, 0.0, 1.0)
    return out


METHODS = {"minmax": minmax, "zscore": zscore, "target": distance_to_target}


def band_points(col: np.ndarray, scoring: Scoring, direction: str) -> np.ndarray:
    """Thresholds to points: the best band whose edge the value reaches (≥ edge, or ≤ edge for lower)."""
    points = np.zeros(col.shape[0])
    reverse = direction == "lower"
    for edge, pts in sorted(scoring.bands, reverse=reverse):  # least demanding band first, best last
        reached = col >= edge if direction != "lower" else col <= edge
        points = np.where(reached, pts, points)
    return points


def competition_rank(key: np.ndarray) -> np.ndarray:
    """1 + the number of strictly better values ("1224" ranking): ties share the better rank."""
    ordered = np.sort(-key)
    return np.searchsorted(ordered, -key, side="left") + 1


def rank_points(col: np.ndarray, scoring: Scoring, direction: str) -> np.ndarray:
    key = -col if direction == "lower" else col
    ranks = competition_rank(np.round(key, 9))
    table = np.array(scoring.points + (0.0,))
    return table[np.minimum(ranks, len(scoring.points) + 1) - 1]


def normalise(x: np.ndarray, indicators: list[Indicator], method: str) -> np.ndarray:
    """Values on [0, 1] per unit and indicator; per-indicator scoring replaces the method."""
    out = METHODS[method](x, indicators)
    for j, ind in enumerate(indicators):
        if ind.scoring is not None:
            score = rank_points if ind.scoring.kind == "rank" else band_points
            out[:, j] = np.clip(score(x[:, j], ind.scoring, ind.direction) / ind.scoring.max_points, 0.0, 1.0)
    return out


def to_scale(v: np.ndarray, aggregation: str) -> np.ndarray:
    """[0, 1] → 0–100 (arithmetic) or 1–100 (geometric: no zero may enter a product of powers)."""
    return 1.0 + 99.0 * v if aggregation == "geometric" else 100.0 * v
