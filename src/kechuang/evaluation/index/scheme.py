"""A composite-index scheme as plain data, read from (and written back to) the JSON of issue 15.

Why data, not code: a scheme is versioned and edited by the district; a run must record exactly
which weights, cut-offs and rules it used (methods.md §3.5 "Versioning", §4.4 "Rule sets as data").
Every problem is reported with the JSON path of the field and a Chinese reason, all at once.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

NORMALISATIONS = {"minmax": "最小-最大标准化", "zscore": "Z 分数标准化", "target": "目标距离法"}
AGGREGATIONS = {"arithmetic": "加权算术平均", "geometric": "加权几何平均"}
DIRECTIONS = {"higher": "越大越好", "lower": "越小越好"}
MISSING_RULES = {"zero": "缺失按零分计", "mean": "缺失以参评单位均值补齐", "exclude": "缺失的单位不参加排名"}
SCORING_KINDS = {"bands": "分档计分", "rank": "按名次计分"}
VETO_EFFECTS = {"disqualify": "取消评级资格", "cap": "评级封顶"}
INDICATOR_FIELDS = {"code", "name", "weight", "direction", "target", "scoring"}


class SchemeError(ValueError):
    """A scheme that cannot be used; ``errors`` lists every problem as "字段：原因"."""

    def __init__(self, errors: list[str]):
        super().__init__("；".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Scoring:
    """Per-indicator scoring that replaces the scheme's normalisation: thresholds or ranks to points."""

    kind: str  # bands | rank
    bands: tuple[tuple[float, float], ...] = ()  # (edge, points), edge inclusive (≥ for higher, ≤ for lower)
    points: tuple[float, ...] = ()  # rank 1, 2, … get these points; later ranks get 0
    max_points: float = 0.0


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    weight: float  # normalised within its pillar
    direction: str = "higher"
    target: float | None = None
    scoring: Scoring | None = None
    # fields the engine does not read (where the value comes from, its unit…): kept on export
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Pillar:
    name: str
    weight: float  # normalised across pillars
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class BonusItem:
    code: str
    name: str
    points: float  # points per unit of the value given (1 = yes)
    max: float | None = None  # cap of this item
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Veto:
    code: str
    name: str
    effect: str  # disqualify | cap
    cap: str | None = None  # the best rating allowed when effect is cap
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Cutoff:
    label: str
    min_score: float
    max_share: float | None = None  # at most this share of the rated units


@dataclass(frozen=True)
class Scheme:
    name: str
    pillars: tuple[Pillar, ...]
    normalisation: str = "minmax"
    aggregation: str = "arithmetic"
    missing: str = "mean"
    bonus_cap: float = 0.0
    bonus: tuple[BonusItem, ...] = ()
    vetoes: tuple[Veto, ...] = ()
    cutoffs: tuple[Cutoff, ...] = ()
    otherwise: str | None = None  # rating below the last cut-off
    extra: dict[str, Any] = field(default_factory=dict)  # year, subject, version…: kept on export

    @property
    def indicators(self) -> list[Indicator]:
        return [ind for p in self.pillars for ind in p.indicators]

    @property
    def labels(self) -> list[str]:
        """Ratings best first; the 'otherwise' rating last."""
        return [c.label for c in self.cutoffs] + ([self.otherwise] if self.otherwise else [])

    def codes(self) -> set[str]:
        """Every code a data file may use: indicators, bonus items and veto items."""
        return (
            {i.code for i in self.indicators} | {b.code for b in self.bonus} | {v.code for v in self.vetoes}
        )


def _number(value: Any, path: str, errors: list[str], *, required: bool = True) -> float | None:
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        errors.append(f"{path}：应为数字，实为“{value}”" if value is not None else f"{path}：缺少数值")
        return None
    return float(value)


def _text(value: Any, path: str, errors: list[str]) -> str:
    if not isinstance(value, str) or not value.strip():
        errors.append(f"{path}：缺少或不是文字")
        return ""
    return value.strip()


def _choice(value: Any, choices: dict[str, str], path: str, errors: list[str], default: str) -> str:
    if value is None:
        return default
    if value not in choices:
        allowed = "、".join(f"{k}（{v}）" for k, v in choices.items())
        errors.append(f"{path}：未知取值“{value}”，应为 {allowed}")
        return default
    return value


def _normalise_weights(weights: list[float | None], path: str, errors: list[str]) -> list[float]:
    """Weights of one level scaled to sum 1; negative or all-zero weights are errors."""
    bad = False
    for k, w in enumerate(weights):
        if w is not None and w < 0:
            errors.append(f"{path}[{k}].weight：权重不能为负数（{w:g}）")
            bad = True
    if bad or any(w is None for w in weights):
        return [0.0] * len(weights)
    total = sum(weights)  # type: ignore[arg-type]
    if total <= 0:
        errors.append(f"{path}：同一层的权重不能全为零")
        return [0.0] * len(weights)
    return [w / total for w in weights]  # type: ignore[operator]


def _scoring(raw: Any, path: str, errors: list[str]) -> Scoring | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        errors.append(f"{path}：应为对象")
        return None
    kind = _choice(raw.get("kind"), SCORING_KINDS, f"{path}.kind", errors, "")
    if kind == "bands":
        bands = []
        for k, band in enumerate(raw.get("bands") or []):
            if not isinstance(band, list | tuple) or len(band) != 2:
                errors.append(f"{path}.bands[{k}]：应为 [分界值, 分数]")
                continue
            edge = _number(band[0], f"{path}.bands[{k}][0]", errors)
            points = _number(band[1], f"{path}.bands[{k}][1]", errors)
            if points is not None and points < 0:
                errors.append(f"{path}.bands[{k}][1]：分数不能为负数")
            if edge is not None and points is not None:
                bands.append((edge, points))
        if not bands:
            errors.append(f"{path}.bands：分档计分至少需要一档")
            return None
        top = _number(raw.get("max", max(p for _, p in bands)), f"{path}.max", errors) or 0.0
        if top <= 0:
            errors.append(f"{path}.max：满分应大于零")
        return Scoring("bands", bands=tuple(bands), max_points=top)
    if kind == "rank":
        points = [_number(p, f"{path}.points[{k}]", errors) for k, p in enumerate(raw.get("points") or [])]
        if not points or any(p is None or p < 0 for p in points):
            errors.append(f"{path}.points：按名次计分应列出各名次的非负分数")
            return None
        top = _number(raw.get("max", max(points)), f"{path}.max", errors) or 0.0
        if top <= 0:
            errors.append(f"{path}.max：满分应大于零")
        return Scoring("rank", points=tuple(points), max_points=top)  # type: ignore[arg-type]
    return None


def _pillars(raw: Any, normalisation: str, errors: list[str]) -> tuple[Pillar, ...]:
    if not isinstance(raw, list) or not raw:
        errors.append("pillars：至少需要一个维度")
        return ()
    seen: set[str] = set()
    staged = []
    for p, pillar in enumerate(raw):
        path = f"pillars[{p}]"
        if not isinstance(pillar, dict):
            errors.append(f"{path}：应为对象")
            continue
        name = _text(pillar.get("name"), f"{path}.name", errors)
        weight = _number(pillar.get("weight", 1), f"{path}.weight", errors)
        inds = pillar.get("indicators")
        if not isinstance(inds, list) or not inds:
            errors.append(f"{path}.indicators：每个维度至少需要一个指标")
            inds = []
        staged_inds = []
        for i, ind in enumerate(inds):
            ipath = f"{path}.indicators[{i}]"
            if not isinstance(ind, dict):
                errors.append(f"{ipath}：应为对象")
                continue
            code = _text(ind.get("code"), f"{ipath}.code", errors)
            if code and code in seen:
                errors.append(f"{ipath}.code：指标代码“{code}”重复")
            seen.add(code)
            scoring = _scoring(ind.get("scoring"), f"{ipath}.scoring", errors)
            target = _number(ind.get("target"), f"{ipath}.target", errors, required=False)
            if normalisation == "target" and target is None and scoring is None:
                errors.append(f"{ipath}.target：目标距离法需要为每个指标给出目标值")
            staged_inds.append(
                (
                    code,
                    _text(ind.get("name", code), f"{ipath}.name", errors),
                    _number(ind.get("weight", 1), f"{ipath}.weight", errors),
                    _choice(ind.get("direction"), DIRECTIONS, f"{ipath}.direction", errors, "higher"),
                    target,
                    scoring,
                    {k: v for k, v in ind.items() if k not in INDICATOR_FIELDS},
                )
            )
        weights = _normalise_weights([s[2] for s in staged_inds], f"{path}.indicators", errors)
        indicators = tuple(
            Indicator(code=c, name=n, weight=w, direction=d, target=t, scoring=s, extra=x)
            for (c, n, _, d, t, s, x), w in zip(staged_inds, weights, strict=True)
        )
        staged.append((name, weight, indicators))
    weights = _normalise_weights([s[1] for s in staged], "pillars", errors)
    return tuple(Pillar(n, w, inds) for (n, _, inds), w in zip(staged, weights, strict=True))


def _bonus(raw: Any, errors: list[str]) -> tuple[float, tuple[BonusItem, ...]]:
    if raw is None:
        return 0.0, ()
    if not isinstance(raw, dict):
        errors.append("bonus：应为对象 {cap, items}")
        return 0.0, ()
    cap = _number(raw.get("cap"), "bonus.cap", errors) or 0.0
    if cap < 0:
        errors.append("bonus.cap：加分上限不能为负数")
    items = []
    for k, item in enumerate(raw.get("items") or []):
        path = f"bonus.items[{k}]"
        if not isinstance(item, dict):
            errors.append(f"{path}：应为对象")
            continue
        points = _number(item.get("points"), f"{path}.points", errors) or 0.0
        top = _number(item.get("max"), f"{path}.max", errors, required=False)
        if points < 0 or (top is not None and top < 0):
            errors.append(f"{path}：加分不能为负数")
        code = _text(item.get("code"), f"{path}.code", errors)
        extra = {k: v for k, v in item.items() if k not in {"code", "name", "points", "max"}}
        items.append(
            BonusItem(code, _text(item.get("name", code), f"{path}.name", errors), points, top, extra)
        )
    return cap, tuple(items)


def _ratings(raw: Any, errors: list[str]) -> tuple[tuple[Cutoff, ...], str | None]:
    if raw is None:
        return (), None
    if not isinstance(raw, dict):
        errors.append("ratings：应为对象 {cutoffs, otherwise}")
        return (), None
    cutoffs = []
    for k, cut in enumerate(raw.get("cutoffs") or []):
        path = f"ratings.cutoffs[{k}]"
        if not isinstance(cut, dict):
            errors.append(f"{path}：应为对象")
            continue
        label = _text(cut.get("label"), f"{path}.label", errors)
        score = _number(cut.get("min_score", 0), f"{path}.min_score", errors)
        share = _number(cut.get("max_share"), f"{path}.max_share", errors, required=False)
        if score is not None and not 0 <= score <= 100:
            errors.append(f"{path}.min_score：分数线应在 0–100 之间")
        if share is not None and not 0 < share <= 1:
            errors.append(f"{path}.max_share：比例上限应大于 0 且不超过 1")
        if score is not None and cutoffs and score > cutoffs[-1].min_score:
            errors.append(
                f"{path}.min_score：分数线应从高到低排列（{score:g} 高于上一档 {cutoffs[-1].min_score:g}）"
            )
        cutoffs.append(Cutoff(label, score if score is not None else 0.0, share))
    otherwise = raw.get("otherwise")
    if otherwise is not None:
        otherwise = _text(otherwise, "ratings.otherwise", errors)
    labels = [c.label for c in cutoffs] + ([otherwise] if otherwise else [])
    if len(set(labels)) != len(labels):
        errors.append("ratings：评级名称重复")
    return tuple(cutoffs), otherwise


def _vetoes(raw: Any, labels: list[str], errors: list[str]) -> tuple[Veto, ...]:
    vetoes = []
    for k, item in enumerate(raw or []):
        path = f"vetoes[{k}]"
        if not isinstance(item, dict):
            errors.append(f"{path}：应为对象")
            continue
        code = _text(item.get("code"), f"{path}.code", errors)
        effect = _choice(item.get("effect"), VETO_EFFECTS, f"{path}.effect", errors, "disqualify")
        cap = item.get("cap")
        if effect == "cap" and cap not in labels:
            errors.append(f"{path}.cap：封顶评级“{cap}”不在 ratings 所列评级中")
        extra = {k: v for k, v in item.items() if k not in {"code", "name", "effect", "cap"}}
        vetoes.append(Veto(code, _text(item.get("name", code), f"{path}.name", errors), effect, cap, extra))
    return tuple(vetoes)


def parse_scheme(raw: Any, known_codes: Collection[str] | None = None) -> Scheme:
    """Check and read a scheme (the issue's JSON); raise SchemeError listing every problem.

    ``known_codes``: the indicators the caller can supply (a catalog); a scheme indicator not among
    them is an error, since it could never be scored."""
    errors: list[str] = []
    if not isinstance(raw, dict):
        raise SchemeError(["方案：应为 JSON 对象"])
    name = _text(raw.get("name"), "name", errors)
    normalisation = _choice(raw.get("normalisation"), NORMALISATIONS, "normalisation", errors, "minmax")
    aggregation = _choice(raw.get("aggregation"), AGGREGATIONS, "aggregation", errors, "arithmetic")
    missing = _choice(raw.get("missing"), MISSING_RULES, "missing", errors, "mean")
    pillars = _pillars(raw.get("pillars"), normalisation, errors)
    bonus_cap, bonus = _bonus(raw.get("bonus"), errors)
    cutoffs, otherwise = _ratings(raw.get("ratings"), errors)
    labels = [c.label for c in cutoffs] + ([otherwise] if otherwise else [])
    vetoes = _vetoes(raw.get("vetoes"), labels, errors)
    codes = [i.code for p in pillars for i in p.indicators]
    if known_codes is not None:
        for p, pillar in enumerate(pillars):
            for i, ind in enumerate(pillar.indicators):
                if ind.code and ind.code not in known_codes:
                    errors.append(f"pillars[{p}].indicators[{i}].code：未知指标“{ind.code}”")
    for k, item in enumerate(bonus):
        if item.code in codes:
            errors.append(f"bonus.items[{k}].code：“{item.code}”已是指标代码")
    for k, veto in enumerate(vetoes):
        if veto.code in codes:
            errors.append(f"vetoes[{k}].code：“{veto.code}”已是指标代码")
    if errors:
        raise SchemeError(errors)
    known = {"name", "normalisation", "aggregation", "missing", "pillars", "bonus", "vetoes", "ratings"}
    return Scheme(
        name=name,
        pillars=pillars,
        normalisation=normalisation,
        aggregation=aggregation,
        missing=missing,
        bonus_cap=bonus_cap,
        bonus=bonus,
        vetoes=vetoes,
        cutoffs=cutoffs,
        otherwise=otherwise,
        extra={k: v for k, v in raw.items() if k not in known},
    )


def scheme_to_dict(scheme: Scheme) -> dict[str, Any]:
    """The same JSON form parse_scheme reads (weights as normalised), so export → import is lossless."""

    def scoring(s: Scoring) -> dict[str, Any]:
        if s.kind == "bands":
            return {"kind": "bands", "bands": [list(b) for b in s.bands], "max": s.max_points}
        return {"kind": "rank", "points": list(s.points), "max": s.max_points}

    def indicator(i: Indicator) -> dict[str, Any]:
        out: dict[str, Any] = {"code": i.code, "name": i.name, "weight": i.weight, "direction": i.direction}
        if i.target is not None:
            out["target"] = i.target
        if i.scoring is not None:
            out["scoring"] = scoring(i.scoring)
        return {**out, **{k: v for k, v in i.extra.items() if k not in out}}

    out: dict[str, Any] = {
        "name": scheme.name,
        **scheme.extra,
        "normalisation": scheme.normalisation,
        "aggregation": scheme.aggregation,
        "missing": scheme.missing,
        "pillars": [
            {"name": p.name, "weight": p.weight, "indicators": [indicator(i) for i in p.indicators]}
            for p in scheme.pillars
        ],
    }
    if scheme.bonus or scheme.bonus_cap:
        out["bonus"] = {
            "cap": scheme.bonus_cap,
            "items": [
                {
                    "code": b.code,
                    "name": b.name,
                    "points": b.points,
                    **({"max": b.max} if b.max is not None else {}),
                    **b.extra,
                }
                for b in scheme.bonus
            ],
        }
    if scheme.vetoes:
        out["vetoes"] = [
            {
                "code": v.code,
                "name": v.name,
                "effect": v.effect,
                **({"cap": v.cap} if v.cap else {}),
                **v.extra,
            }
            for v in scheme.vetoes
        ]
    if scheme.cutoffs or scheme.otherwise:
        out["ratings"] = {
            "cutoffs": [
                {
                    "label": c.label,
                    "min_score": c.min_score,
                    **({"max_share": c.max_share} if c.max_share else {}),
                }
                for c in scheme.cutoffs
            ],
            **({"otherwise": scheme.otherwise} if scheme.otherwise else {}),
        }
    return out
