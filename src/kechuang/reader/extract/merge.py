"""One indicator per goal: prose that restates a table row (or an earlier sentence) joins it.

Same year and value with a similar name → the same target, kept once. Same
year, a clearly same name but another value → an extra target on that
indicator (a table's "3.1 左右" and the text's "3% 以上").
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from kechuang.reader.catalog import match_catalog_scored
from kechuang.reader.extract.goals import Goal
from kechuang.reader.extract.numbers import clean_value, units_compatible
from kechuang.reader.extract.words import levels_in

_PUNCT = re.compile(r"[\s\u3000（）()【】\[\]“”\"'‘’《》<>、，,。.:：；;·\-—_/％%]")
SAME_VALUE_SIMILARITY = 0.6
OTHER_VALUE_SIMILARITY = 0.85
_GROWTH_SUFFIX = re.compile(r"(年均)?(增长率|增速|增幅)$")
_KIND_RANK = {"level": 0, "annual": 1, "growth": 1, "increment": 2}


def norm(name: str) -> str:
    return _PUNCT.sub("", name or "").lower()


def similarity(a: str, b: str) -> float:
    """Character similarity after normalisation; containment counts as equal."""
    a, b = norm(a), norm(b)
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return 1.0 if min(len(a), len(b)) >= 2 else 0.0
    return SequenceMatcher(None, a, b).ratio()


# Two names are one catalogue indicator only when each is close to a catalogue wording: a synonym
# covering most of the name, not one word (孵化器) that 市级孵化器 and 国家级孵化器 both contain.
CLOSE_CATALOG_FIT = 97.0


@lru_cache(maxsize=4096)
def catalog_code(name: str, unit: str | None) -> str | None:
    code, score = match_catalog_scored(name, unit)
    return code if score >= CLOSE_CATALOG_FIT else None


def _same_code(ind: dict, goal: Goal) -> bool:
    """Two wordings of one catalogue indicator (研发投入强度 / 研发经费支出占GDP比重).

    Names at different levels (市级孵化器 / 国家级孵化器) are different indicators even where the
    catalogue files them under one code.
    """
    if levels_in(ind["name"]) != levels_in(goal.name):
        return False
    code = catalog_code(ind["name"], ind["unit"])
    return code is not None and code == catalog_code(goal.name, goal.unit or ind["unit"])


def _strict_same(a: str, b: str) -> bool:
    a, b = norm(a), norm(b)
    if not a or not b:
        return False
    if a in b or b in a:
        return min(len(a), len(b)) / max(len(a), len(b)) >= 0.75
    return SequenceMatcher(None, a, b).ratio() >= OTHER_VALUE_SIMILARITY


def _same_value(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-9


def new_indicator(goal: Goal) -> dict:
    return {
        "name": goal.name,
        "category": None,
        "unit": goal.unit,
        "attribute": None,
        "source": None,
        "note": None,
        "baseline": {"year": goal.baseline[0], "value": clean_value(goal.baseline[1])}
        if goal.baseline
        else None,
        "targets": [_target(goal)],
        "actuals": [],
        "evidence": goal.evidence,
        "_from_table": False,
    }


def _target(goal: Goal) -> dict:
    return {
        "year": goal.year,
        "value": clean_value(goal.value),
        "comparator": goal.comparator,
        "kind": goal.kind,
        "text": goal.text,
        "evidence": goal.evidence,
    }


def merge_goal(indicators: list[dict], goal: Goal) -> None:
    """Fold a prose goal into the indicator list (in place)."""
    best, best_score = None, 0.0
    for ind in indicators:
        if not units_compatible(ind["unit"], goal.unit):
            continue
        for t in ind["targets"]:
            if t.get("evidence") == goal.evidence and norm(ind["name"]) != norm(goal.name):
                continue  # one sentence names two things: 省级技术创新中心 and 省级企业技术中心
            if t["year"] == goal.year and _same_value(t["value"], goal.value):
                score = similarity(ind["name"], goal.name)
                if goal.kind == "growth":  # "营业收入年均增长率" row, "营业收入年均增长17%" in prose
                    score = max(score, similarity(_GROWTH_SUFFIX.sub("", ind["name"]), goal.name))
                if score < SAME_VALUE_SIMILARITY and _same_code(ind, goal):
                    score = SAME_VALUE_SIMILARITY
                if score >= SAME_VALUE_SIMILARITY and score > best_score:
                    best, best_score = (ind, t), score
    if best:
        ind, t = best
        if not ind["_from_table"] and _KIND_RANK.get(goal.kind, 0) > _KIND_RANK.get(t["kind"], 0):
            t["kind"] = goal.kind
        if goal.baseline and not ind["baseline"]:
            ind["baseline"] = {"year": goal.baseline[0], "value": clean_value(goal.baseline[1])}
        return
    for ind in indicators:
        if goal.unit is None and goal.value is not None or not units_compatible(ind["unit"], goal.unit):
            continue
        if any(t.get("evidence") == goal.evidence for t in ind["targets"]) and norm(ind["name"]) != norm(
            goal.name
        ):
            continue  # two names in one sentence are two indicators
        if any(t["year"] == goal.year and t["kind"] == goal.kind for t in ind["targets"]) and (
            _strict_same(ind["name"], goal.name) or _same_code(ind, goal)
        ):
            if goal.value is None and any(
                t["value"] is None for t in ind["targets"] if t["year"] == goal.year
            ):
                return
            ind["targets"].append(_target(goal))
            return
    indicators.append(new_indicator(goal))
