"""Scoring one evaluated set with a scheme: missing data, normalisation, aggregation, bonus, vetoes,
rank and rating, with an explanation per unit that traces the score to each indicator.

Choices (docs/evaluation.md):
- ties: scores equal to 9 decimals share the better rank and the next rank is skipped (1, 2, 2, 4);
- missing data follow the scheme's rule: "zero" scores the indicator at the bottom of the scale,
  "mean" fills in the mean of the units that reported it, "exclude" leaves the unit out (no score,
  rank or rating); min, max, mean and sd are always taken over the units that take part;
- bonus points are added after aggregation, capped per item and in total, the total capped at 100;
- a disqualifying veto keeps the score visible but takes the unit out of the ranking and gives it the
  lowest rating; a capping veto lets the unit rate no better than the named rating;
- quotas ("at most 20 % 优秀") count the rated units; a tie straddling the quota stays out of the
  better rating together, so the quota is never exceeded.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .normalise import competition_rank, normalise, to_scale
from .scheme import MISSING_RULES, Cutoff, Scheme

DECIMALS = 9  # scores equal to this many decimals are ties


@dataclass
class Prepared:
    """The evaluated set as arrays: who takes part, their values, and what the rules did to them."""

    units: list[str]  # units that take part (not excluded for missing data)
    excluded: dict[str, list[str]]  # unit → codes it lacks ("exclude" rule)
    raw: np.ndarray  # units × indicators as reported, NaN where missing
    filled: np.ndarray  # after imputation; NaN only under the "zero" rule
    missing: np.ndarray  # bool units × indicators
    means: np.ndarray  # mean of the reported values per indicator (NaN if none)
    bonus: np.ndarray  # points per unit, capped
    bonus_detail: list[list[dict[str, Any]]]
    disqualified: np.ndarray  # bool per unit
    cap_index: np.ndarray  # best rating index each unit may receive (0 = any)
    veto_detail: list[list[str]]
    all_units: list[str] = field(default_factory=list)


def prepare(scheme: Scheme, values: Mapping[str, Mapping[str, float]]) -> Prepared:
    """Arrange unit → code → value into arrays and apply the missing-data, bonus and veto rules."""
    indicators = scheme.indicators
    codes = [i.code for i in indicators]
    all_units = sorted(values)
    excluded: dict[str, list[str]] = {}
    units = []
    for unit in all_units:
        lacking = [c for c in codes if c not in values[unit]]
        if lacking and scheme.missing == "exclude":
            excluded[unit] = lacking
        else:
            units.append(unit)
    raw = np.array([[values[u].get(c, math.nan) for c in codes] for u in units], dtype=float).reshape(
        len(units), len(codes)
    )
    missing = np.isnan(raw)
    with np.errstate(invalid="ignore"):
        counts = (~missing).sum(axis=0)
        means = np.where(counts > 0, np.nansum(raw, axis=0) / np.maximum(counts, 1), np.nan)
    filled = raw.copy()
    if scheme.missing == "mean":
        filled = np.where(missing, means, raw)  # an indicator nobody reported stays NaN: scored zero
    labels = [c.label for c in scheme.cutoffs]
    bonus = np.zeros(len(units))
    bonus_detail: list[list[dict[str, Any]]] = []
    disqualified = np.zeros(len(units), dtype=bool)
    cap_index = np.zeros(len(units), dtype=int)
    veto_detail: list[list[str]] = []
    for k, unit in enumerate(units):
        detail = []
        for item in scheme.bonus:
            got = values[unit].get(item.code)
            if got:
                points = item.points * got
                if item.max is not None:
                    points = min(points, item.max)
                detail.append({"code": item.code, "name": item.name, "points": points})
        total = sum(d["points"] for d in detail)
        bonus[k] = max(0.0, min(total, scheme.bonus_cap))
        bonus_detail.append(detail)
        hits = []
        for veto in scheme.vetoes:
            if values[unit].get(veto.code):
                hits.append(veto.name)
                if veto.effect == "disqualify":
                    disqualified[k] = True
                elif veto.cap in labels:
                    cap_index[k] = max(cap_index[k], labels.index(veto.cap))
                else:  # capped at the 'otherwise' rating: no cut-off reachable
                    cap_index[k] = len(labels)
        veto_detail.append(hits)
    return Prepared(
        units,
        excluded,
        raw,
        filled,
        missing,
        means,
        bonus,
        bonus_detail,
        disqualified,
        cap_index,
        veto_detail,
        all_units,
    )


def scaled_values(scheme: Scheme, prep: Prepared, method: str, aggregation: str | None = None) -> np.ndarray:
    """Normalised values on the aggregation's scale; values missing under the "zero" rule at the bottom."""
    indicators = scheme.indicators
    if not prep.units:
        return np.zeros((0, len(indicators)))
    gaps = np.isnan(prep.filled)
    x = prep.filled.copy()
    if gaps.any():  # normalise over the units that reported; the gaps are overwritten below
        col_fill = np.where(np.isnan(prep.means), 0.0, prep.means)
        x = np.where(gaps, col_fill, x)
        v = _normalise_present(x, gaps, indicators, method)
    else:
        v = normalise(x, indicators, method)
    v = np.where(gaps, 0.0, v)
    return to_scale(v, aggregation or scheme.aggregation)


def _normalise_present(x: np.ndarray, gaps: np.ndarray, indicators: list, method: str) -> np.ndarray:
    """Column by column over the reporting units only, so a gap does not move min, max, mean or sd."""
    out = np.zeros_like(x)
    for j, ind in enumerate(indicators):
        present = ~gaps[:, j]
        if present.any():
            out[present, j] = normalise(x[present][:, [j]], [ind], method)[:, 0]
    return out


def effective_weights(scheme: Scheme) -> np.ndarray:
    """Weight of each indicator in the total: pillar weight × weight within the pillar."""
    return np.array([p.weight * i.weight for p in scheme.pillars for i in p.indicators])


def pillar_index(scheme: Scheme) -> np.ndarray:
    return np.array([k for k, p in enumerate(scheme.pillars) for _ in p.indicators])


def aggregate(scaled: np.ndarray, weights: np.ndarray, aggregation: str) -> np.ndarray:
    """Weighted arithmetic mean, or weighted geometric mean (values ≥ 1), of the columns; weights sum 1."""
    if aggregation == "geometric":
        return np.exp(np.log(scaled) @ weights)
    return scaled @ weights


def rank_scores(scores: np.ndarray) -> np.ndarray:
    """Competition ranks of the scores (ties to DECIMALS share the better rank)."""
    return competition_rank(np.round(scores, DECIMALS))


def assign_ratings(scores: np.ndarray, cap_index: np.ndarray, cutoffs: tuple[Cutoff, ...]) -> np.ndarray:
    """Index of each unit's rating in the cut-off list (len(cutoffs) = below every cut-off).

    Cut-offs are taken best first; a unit qualifies by score and by its veto cap; a quota admits the
    best-scoring qualifiers up to floor(share × units), leaving out a tie that would overflow it.
    Those left out by a quota fall through to the next rating they qualify for.
    """
    n = scores.shape[0]
    key = np.round(scores, DECIMALS)
    result = np.full(n, len(cutoffs), dtype=int)
    free = np.ones(n, dtype=bool)
    for k, cut in enumerate(cutoffs):
        eligible = free & (key >= round(cut.min_score, DECIMALS)) & (cap_index <= k)
        if cut.max_share is not None:
            limit = math.floor(cut.max_share * n + 1e-9)
            idx = np.flatnonzero(eligible)
            if idx.size > limit:
                order = idx[np.argsort(-key[idx], kind="stable")]
                keep = order[:limit]
                if limit and key[order[limit]] == key[order[limit - 1]]:
                    keep = keep[key[keep] > key[order[limit]]]
                eligible = np.zeros(n, dtype=bool)
                eligible[keep] = True
        result[eligible] = k
        free &= ~eligible
    return result


@dataclass
class UnitResult:
    unit: str
    score: float | None
    base_score: float | None  # before bonus points
    bonus: float
    rank: int | None
    rating: str | None
    pillars: dict[str, float]
    normalised: dict[str, float]
    explanation: list[dict[str, Any]]
    missing: dict[str, Any]
    excluded: bool = False
    disqualified: bool = False
    vetoes: list[str] = field(default_factory=list)
    bonus_items: list[dict[str, Any]] = field(default_factory=list)
    sensitivity: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        def r(v: float | None) -> float | None:
            return None if v is None else round(float(v), 6)

        out = {
            "unit": self.unit,
            "score": r(self.score),
            "rank": self.rank,
            "rating": self.rating,
            "pillars": {k: r(v) for k, v in self.pillars.items()},
            "base_score": r(self.base_score),
            "bonus": r(self.bonus),
            "bonus_items": self.bonus_items,
            "excluded": self.excluded,
            "disqualified": self.disqualified,
            "vetoes": self.vetoes,
            "missing": self.missing,
            "normalised": {k: r(v) for k, v in self.normalised.items()},
            "explanation": [
                {k: (r(v) if isinstance(v, float) else v) for k, v in row.items()} for row in self.explanation
            ],
        }
        if self.sensitivity is not None:
            out["sensitivity"] = self.sensitivity
        return out


def _explain(
    scheme: Scheme, prep: Prepared, k: int, scaled: np.ndarray, total: float
) -> list[dict[str, Any]]:
    """Each indicator's share of the score before bonus: weight × normalised value (arithmetic);
    under the geometric mean the share of the log-score, total × w·ln v / Σ w·ln v, which sums to
    the total in the same way."""
    weights = effective_weights(scheme)
    if scheme.aggregation == "geometric":
        logs = weights * np.log(scaled[k])
        s = logs.sum()
        contrib = total * logs / s if s > 0 else weights * scaled[k]
    else:
        contrib = weights * scaled[k]
    rows = []
    j = 0
    for pillar in scheme.pillars:
        for ind in pillar.indicators:
            raw = prep.raw[k, j]
            rows.append(
                {
                    "pillar": pillar.name,
                    "code": ind.code,
                    "name": ind.name,
                    "value": None if math.isnan(raw) else float(raw),
                    "used_value": None if math.isnan(prep.filled[k, j]) else float(prep.filled[k, j]),
                    "missing": bool(prep.missing[k, j]),
                    "normalised": float(scaled[k, j]),
                    "weight": float(weights[j]),
                    "contribution": float(contrib[j]),
                }
            )
            j += 1
    return rows


def _missing_note(scheme: Scheme, lacking: list[str]) -> dict[str, Any]:
    if not lacking:
        return {
            "rule": scheme.missing,
            "rule_name": MISSING_RULES[scheme.missing],
            "indicators": [],
            "note": "数据完整",
        }
    note = {
        "zero": "缺失指标按零分（标准化后取最低值）计",
        "mean": "缺失指标以参评单位均值补齐",
        "exclude": "有缺失指标，不参加评分和排名",
    }[scheme.missing]
    return {
        "rule": scheme.missing,
        "rule_name": MISSING_RULES[scheme.missing],
        "indicators": lacking,
        "note": note,
    }


def evaluate(scheme: Scheme, values: Mapping[str, Mapping[str, float]]) -> list[UnitResult]:
    """Score, rank and rate every unit; results best first, then the disqualified, then the excluded."""
    prep = prepare(scheme, values)
    codes = [i.code for i in scheme.indicators]
    scaled = scaled_values(scheme, prep, scheme.normalisation)
    weights = effective_weights(scheme)
    pidx = pillar_index(scheme)
    base = aggregate(scaled, weights, scheme.aggregation)
    pillar_scores = (
        np.column_stack(
            [
                aggregate(
                    scaled[:, pidx == p], np.array([i.weight for i in pillar.indicators]), scheme.aggregation
                )
                for p, pillar in enumerate(scheme.pillars)
            ]
        )
        if prep.units
        else np.zeros((0, len(scheme.pillars)))
    )
    scores = np.minimum(base + prep.bonus, 100.0)
    rated = ~prep.disqualified
    ranks = np.zeros(len(prep.units), dtype=int)
    ranks[rated] = rank_scores(scores[rated])
    labels = scheme.labels
    rating_idx = np.full(len(prep.units), len(scheme.cutoffs), dtype=int)
    rating_idx[rated] = assign_ratings(scores[rated], prep.cap_index[rated], scheme.cutoffs)
    results = []
    for k, unit in enumerate(prep.units):
        idx = rating_idx[k]
        rating = labels[idx] if idx < len(labels) else None
        if prep.disqualified[k]:
            rating = scheme.otherwise
        lacking = [c for c, m in zip(codes, prep.missing[k], strict=True) if m]
        results.append(
            UnitResult(
                unit=unit,
                score=float(scores[k]),
                base_score=float(base[k]),
                bonus=float(prep.bonus[k]),
                rank=None if prep.disqualified[k] else int(ranks[k]),
                rating=rating,
                pillars={p.name: float(pillar_scores[k, n]) for n, p in enumerate(scheme.pillars)},
                normalised={c: float(scaled[k, j]) for j, c in enumerate(codes)},
                explanation=_explain(scheme, prep, k, scaled, float(base[k])),
                missing=_missing_note(scheme, lacking),
                disqualified=bool(prep.disqualified[k]),
                vetoes=prep.veto_detail[k],
                bonus_items=prep.bonus_detail[k],
            )
        )
    for unit, lacking in prep.excluded.items():
        results.append(
            UnitResult(
                unit, None, None, 0.0, None, None, {}, {}, [], _missing_note(scheme, lacking), excluded=True
            )
        )
    results.sort(key=lambda r: (r.excluded, r.disqualified, r.rank or 0, -(r.score or 0), r.unit))
    return results
