"""Ordered blocks: what every format reader produces and every extractor consumes.

Keeping the formats and the extraction apart means a new input format only has
to produce paragraphs and tables in reading order.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Paragraph:
    """One paragraph (or heading) of running text."""

    text: str


@dataclass
class Table:
    """A table as rows of cell strings; merged cells are empty after the first."""

    rows: list[list[str]]
    caption: str | None = None
    after: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


Block = Paragraph | Table
