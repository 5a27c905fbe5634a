"""Who a run's units are: a run's results name each unit by a key such as ``carrier:12``.

The engine works on plain strings; the database needs to know which carrier, area, land plot or
enterprise a result belongs to, so that an operator sees only their own carrier's result and an
appeal lands with the right unit. Keys are ``<kind>:<primary key>``; the display name is stored in
``EvaluationRun.units`` at run time, so a renamed carrier keeps the name it was evaluated under.
"""

from __future__ import annotations

from typing import NamedTuple

UNIT_KINDS = {"carrier": "载体", "area": "地区", "plot": "地块", "enterprise": "企业"}


class UnitRef(NamedTuple):
    kind: str
    pk: int


def unit_key(kind: str, pk: int) -> str:
    """The key a run's results use for one database object."""
    if kind not in UNIT_KINDS:
        raise ValueError(f"unknown unit kind {kind!r}")
    return f"{kind}:{int(pk)}"


def parse_unit_key(key: str) -> UnitRef | None:
    """The object behind a key, or None for units that are only names (a scheme scored from a file)."""
    kind, sep, pk = str(key).partition(":")
    if not sep or kind not in UNIT_KINDS or not pk.isdigit():
        return None
    return UnitRef(kind, int(pk))
