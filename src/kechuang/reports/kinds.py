"""The report kinds: each a code, a Chinese name, and the function that returns its ``Document``.

A new kind (the carrier evaluation notice of a later issue) is one entry here, a builder
function and, when it wants its own look, a ``.docx`` template (``ReportTemplate``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kechuang.reports.document import Document


class ReportRefused(ValueError):
    """A report that cannot be made as asked (unknown plan, date before the plan…): say why, in Chinese."""


@dataclass(frozen=True)
class ReportKind:
    code: str
    label: str
    build: Callable[..., Document]  # build(user=..., public=..., **params) -> Document


KINDS: dict[str, ReportKind] = {}


def register(kind: ReportKind) -> ReportKind:
    KINDS[kind.code] = kind
    return kind
