"""Number conventions shared by import, export and display."""

from __future__ import annotations

import math


def plain_number(value: float | None) -> int | float | None:
    """A JSON-friendly number: integral floats become ints so exports read as written."""
    if value is None:
        return None
    if isinstance(value, float) and math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def format_number(value: float | None) -> str:
    """Chinese display: thousands grouped, at most four decimals, trailing zeros dropped."""
    if value is None:
        return "—"
    if float(value).is_integer():
        return f"{int(value):,}"
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return text
