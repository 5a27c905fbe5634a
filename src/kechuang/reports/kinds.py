"""The report kinds: each a code, a Chinese name, and the function that returns its ``Document``.

A new kind (the carrier evaluation notice of a later issue) is one entry here, a builder
function and, when it wants its own look, a ``.docx`` template (``ReportTemplate``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from kechuang.reports.document import Document


class ReportRefused(ValueError):
    """A report that cannot be made as asked (unknown plan, date before the plan…): say why, in Chinese."""


@dataclass(frozen=True)
class ReportParam:
    """One parameter a kind's builder takes, so ``kechuang report KIND`` (and forms) can ask for it.

    ``kind``: "int", "str", "date" (YYYY-MM-DD), "month" (YYYY-MM → (year, month)) or "year";
    ``flag``: the command-line spelling ("PLAN_ID" positional, or "--area").
    """

    name: str
    flag: str
    help: str
    kind: str = "str"
    required: bool = True
    positional: bool = False


@dataclass(frozen=True)
class ReportKind:
    code: str
    label: str
    build: Callable[..., Document]  # build(user=..., public=..., **params) -> Document
    params: tuple[ReportParam, ...] = ()


KINDS: dict[str, ReportKind] = {}


def register(kind: ReportKind) -> ReportKind:
    KINDS[kind.code] = kind
    return kind


# The modules that register kinds when imported; a module not written yet is skipped.
KIND_MODULES = (
    "kechuang.reports.plan_report",
    "kechuang.reports.bulletin",
    "kechuang.reports.annual",
    "kechuang.reports.evaluation_notice",
)


def load_kinds() -> dict[str, ReportKind]:
    """Import every kind's module (after Django is set up) and return the registry."""
    for name in KIND_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return KINDS
