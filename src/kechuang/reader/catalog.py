"""The catalogue of canonical S&T indicators, to compare plans across areas.

``catalog.json`` beside this module holds the entries; the Django side seeds
its CatalogIndicator table from ``load_catalog()`` and maps imported plans with
``match_catalog()``. Matching: exact name or synonym, then a synonym contained
in the name (longer synonyms are more specific), then rapidfuzz similarity;
units must be of the same family, and below ``THRESHOLD`` nothing maps.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz

THRESHOLD = 80.0
_PUNCT = re.compile(r"[\s\u3000（）()【】\[\]“”\"'‘’《》<>、，,。.:：；;·\-—_/]")
_FAMILIES = {
    "percent": {"%", "％", "个百分点", "百分点"},
    "count": {"家", "个", "件", "项", "名", "人", "所", "座", "台", "套", "位", "支", "款", "条", "户", "次"},
    "money": {"亿元", "万元", "元", "亿美元", "万美元"},
    "fte": {"人年", "人·年"},
}


@dataclass(frozen=True)
class CatalogEntry:
    """One canonical indicator; ``cumulative`` is True for stocks, False for flows and rates."""

    code: str
    name_zh: str
    name_en: str
    unit: str | None
    definition: str
    synonyms: tuple[str, ...]
    direction: str
    cumulative: bool

    def names(self) -> tuple[str, ...]:
        return (self.name_zh, *self.synonyms)


@lru_cache(maxsize=1)
def _load() -> tuple[CatalogEntry, ...]:
    raw = json.loads(resources.files("kechuang.reader").joinpath("catalog.json").read_text(encoding="utf-8"))
    return tuple(
        CatalogEntry(
            code=item["code"],
            name_zh=item["name_zh"],
            name_en=item["name_en"],
            unit=item.get("unit"),
            definition=item.get("definition", ""),
            synonyms=tuple(item.get("synonyms", [])),
            direction=item.get("direction", "higher"),
            cumulative=bool(item.get("cumulative", False)),
        )
        for item in raw
    )


def load_catalog() -> list[CatalogEntry]:
    """All catalogue entries, in file order."""
    return list(_load())


def _norm(text: str) -> str:
    return _PUNCT.sub("", text or "").lower()


def _family(unit: str | None) -> str | None:
    if not unit:
        return None
    for family, units in _FAMILIES.items():
        if unit.strip() in units:
            return family
    return unit.strip()


def _score(name: str, synonym: str) -> float:
    if not synonym:
        return 0.0
    if name == synonym:
        return 100.0
    if len(synonym) >= 3 and synonym in name:
        return 90.0 + 9.0 * len(synonym) / len(name)
    if len(name) >= 4 and name in synonym and len(name) / len(synonym) >= 0.6:
        return 85.0 + 9.0 * len(name) / len(synonym)
    return float(fuzz.ratio(name, synonym))


def match_catalog(
    name: str, unit: str | None = None, entries: list[CatalogEntry] | None = None
) -> str | None:
    """Catalogue code for an indicator name as a plan words it, or None when nothing fits well."""
    code, score = match_catalog_scored(name, unit, entries)
    return code if score >= THRESHOLD else None


def match_catalog_scored(
    name: str, unit: str | None = None, entries: list[CatalogEntry] | None = None
) -> tuple[str | None, float]:
    """The best code and how well it fits (100 = a catalogue name; 90s = a synonym inside the name).

    Callers that would merge two indicators on a shared code want a close fit, not just a word
    such as 孵化器 that both names contain.
    """
    n = _norm(name)
    if not n:
        return None, 0.0
    family = _family(unit)
    best_code, best = None, 0.0
    for entry in entries if entries is not None else _load():
        entry_family = _family(entry.unit)
        if family and entry_family and family != entry_family:
            continue
        score = max(_score(n, _norm(s)) for s in entry.names())
        if score > best:
            best_code, best = entry.code, score
    return best_code, best
