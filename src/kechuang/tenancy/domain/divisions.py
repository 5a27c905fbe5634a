"""The national administrative divisions shipped with the package (province, city, county).

Why: a district installing kechuang should not type its own province and city;
``kechuang areas load`` and ``kechuang setup`` take them from here. The file and
its source and vintage are described in ``tenancy/data/README.md``.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from kechuang.tenancy.domain.areas_import import AreaImportResult, import_areas, rows_of

DIVISIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "divisions.csv"
VINTAGE = "国家统计局 2023 年统计用区划代码（截止 2023 年 6 月 30 日）"


class DivisionNotFound(LookupError):
    """No division in the national list answers to the code or name given."""


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    kind: str  # 省, 市 or 区县, as in an area file
    parent: str

    def as_record(self) -> tuple[str, str, str, str]:
        return (self.code, self.name, self.kind, self.parent)


@functools.cache
def divisions() -> dict[str, Division]:
    """Every division by code, in the file's order (provinces, then cities, then counties)."""
    with DIVISIONS_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: Division(**row) for row in csv.DictReader(handle)}


def full_name(code: str) -> str:
    """浙江省温州市鹿城区: a division with its ancestors, for choosing among namesakes."""
    return "".join(d.name for d in lineage(code))


def lineage(code: str) -> list[Division]:
    """The division and its ancestors, root first."""
    table = divisions()
    chain, node = [], table.get(code)
    while node is not None:
        chain.append(node)
        node = table.get(node.parent) if node.parent else None
    return list(reversed(chain))


def find_divisions(query: str) -> list[Division]:
    """Divisions whose code is ``query`` or whose name (or full name) contains it."""
    query = (query or "").strip()
    if not query:
        return []
    table = divisions()
    if query in table:
        return [table[query]]
    exact = [d for d in table.values() if d.name == query]
    if exact:
        return exact
    return [d for d in table.values() if query in d.name or query in full_name(d.code)]


def subtree(code: str) -> list[Division]:
    """The division, its ancestors (so the tree is rooted) and everything below it, parents first."""
    table = divisions()
    if code not in table:
        raise DivisionNotFound(f"全国行政区划中没有代码“{code}”")
    below: set[str] = {code}
    for division in table.values():  # the file lists parents before children
        if division.parent in below:
            below.add(division.code)
    chosen = {d.code for d in lineage(code)} | below
    return [d for d in table.values() if d.code in chosen]


def load_divisions(code: str, *, acting_user: object | None = None) -> AreaImportResult:
    """Store ``code``'s subtree (see :func:`subtree`); areas already stored are left as they are."""
    rows = rows_of(d.as_record() for d in subtree(code))
    return import_areas(rows, acting_user=acting_user, update_existing=False)
