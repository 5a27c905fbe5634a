"""Numbers from a query string or a URL, checked before they reach the database.

Why: a year of -1 makes ``datetime.date`` fail, and an integer beyond 64 bits makes SQLite fail
("Python int too large"); both were answered 500. Pages and the API parse numbers here and turn
``ParamError`` into a Chinese message (a page) or a 400 (the API).
"""

from __future__ import annotations

from kechuang.common.periods import MAX_YEAR, MIN_YEAR

# The largest value a database integer column (and so any id) can hold.
MAX_DB_INT = 2**63 - 1


class ParamError(ValueError):
    """A query parameter outside what it can mean; the message is Chinese and names it."""


def fits_db_int(value: int) -> bool:
    """Whether ``value`` can be compared with an integer column without the database refusing it."""
    return -MAX_DB_INT - 1 <= value <= MAX_DB_INT


def check_range(value: int, *, label: str, minimum: int, maximum: int) -> int:
    """``value`` if ``minimum <= value <= maximum``, else ``ParamError`` naming ``label``."""
    if not minimum <= value <= maximum:
        raise ParamError(f"{label}应在 {minimum} 至 {maximum} 之间")
    return value


def int_param(raw: str | None, *, label: str, minimum: int, maximum: int) -> int | None:
    """An integer query parameter: ``None`` when absent or empty, else checked against the range.

    Text that is not a whole number raises ``ParamError`` too: a caller asking for "abc" is told so
    rather than silently shown something else.
    """
    text = (raw or "").strip()
    if not text:
        return None
    if len(text) > 30:  # a number this long is out of any range; don't make int() work on it
        raise ParamError(f"{label}应在 {minimum} 至 {maximum} 之间")
    try:
        value = int(text)
    except ValueError:
        raise ParamError(f"{label}应为整数") from None
    return check_range(value, label=label, minimum=minimum, maximum=maximum)


def year_param(raw: str | None, *, default: int) -> int:
    """A calendar year from a query string (the same range as reporting periods), ``default`` if absent."""
    year = int_param(raw, label="年份", minimum=MIN_YEAR, maximum=MAX_YEAR)
    return default if year is None else year
