"""The canonical indicator catalogue and the matching of plan wording onto it.

Plans word the same quantity differently (研发投入强度, 全社会研发经费支出占GDP比重);
comparing areas needs one code per quantity. Matching is by synonym first, then
by character similarity, and refuses to guess when units disagree.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

CATALOG_FILE = Path(__file__).with_name("catalog.json")
_PUNCT = re.compile(r"[\s\u3000（）()【】\[\]“”\"'‘’《》<>、，,。.:：；;·\-—_/]")
_UNIT_GROUPS = [{"%", "％", "个百分点"}, {"家", "个", "户", "所"}, {"件", "项"}, {"亿元", "万元", "元"}]
SIMILARITY_THRESHOLD = 82.0


@dataclass(frozen=True)
class CatalogEntry:
    """One canonical indicator."""

    code: str
    name_zh: str
    name_en: str
    unit: str | None
    definition: str
    synonyms: tuple[str, ...]
    direction: str = "higher"
    cumulative: bool = True


def _norm(text: str) -> str:
    return _PUNCT.sub("", text or "").lower().replace("r&d", "研发")


@lru_cache(maxsize=1)
def _shipped() -> tuple[CatalogEntry, ...]:
    raw = json.loads(CATALOG_FILE.read_text(encoding="utf-8"))
    return tuple(
        CatalogEntry(
            code=e["code"],
            name_zh=e["name_zh"],
            name_en=e["name_en"],
            unit=e.get("unit"),
            definition=e.get("definition", ""),
            synonyms=tuple(e.get("synonyms", ())),
            direction=e.get("direction", "higher"),
            cumulative=bool(e.get("cumulative", True)),
        )
        for e in raw
    )


def load_catalog() -> list[CatalogEntry]:
    """The catalogue shipped with kechuang (administrators extend it in the database)."""
    return list(_shipped())


def _units_compatible(a: str | None, b: str | None) -> bool:
    if not a or not b or a == b:
        return True
    return any(a in group and b in group for group in _UNIT_GROUPS)


def match_catalog(
    name: str, unit: str | None = None, entries: list[CatalogEntry] | None = None
) -> str | None:
    """The code of the catalogue entry ``name`` denotes, or None when nothing is close enough."""
    target = _norm(name)
    if not target:
        return None
    best_code, best_score = None, 0.0
    for entry in entries if entries is not None else _shipped():
        if not _units_compatible(unit, entry.unit):
            continue
        for candidate in (entry.name_zh, *entry.synonyms):
            cand = _norm(candidate)
            if not cand:
                continue
            if cand == target:
                return entry.code
            score = fuzz.ratio(target, cand)
            if cand in target or target in cand:
                # Containment is strong evidence only when the lengths are close.
                score = max(score, 100.0 * min(len(cand), len(target)) / max(len(cand), len(target)) + 15)
            if score > best_score:
                best_code, best_score = entry.code, score
    return best_code if best_score >= SIMILARITY_THRESHOLD else None
