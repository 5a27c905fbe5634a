"""Composite-index engine: schemes as data, scoring, ranking, rating and Monte Carlo sensitivity.

Framework-free on purpose (numpy, no Django): the CLI scores a scheme file against a CSV, and the
evaluation app will feed it values from the database. Methods and choices: docs/evaluation.md.
"""

from .data import DataError, read_values
from .engine import UnitResult, assign_ratings, evaluate, rank_scores
from .scheme import (
    AGGREGATIONS,
    DIRECTIONS,
    MISSING_RULES,
    NORMALISATIONS,
    Scheme,
    SchemeError,
    parse_scheme,
    scheme_to_dict,
)
from .sensitivity import rank_interval, sensitivity

__all__ = [
    "AGGREGATIONS",
    "DIRECTIONS",
    "MISSING_RULES",
    "NORMALISATIONS",
    "DataError",
    "Scheme",
    "SchemeError",
    "UnitResult",
    "assign_ratings",
    "evaluate",
    "parse_scheme",
    "rank_interval",
    "rank_scores",
    "read_values",
    "scheme_to_dict",
    "sensitivity",
]
