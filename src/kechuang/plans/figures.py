"""A plan's figures as the plans app sees them: a port that the observations app fills in.

Why: figures (observations) sit above plans, since they point at indicators, yet a plan document
carries figures (actuals and series) and the plan pages show each indicator's latest one. Plans
asks through this port; observations installs its implementation when the app loads
(``ObservationsConfig.ready``), so plans never imports the app above it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class DocumentFigure:
    """One figure a plan document states: an indicator's value in a year."""

    indicator: object
    year: int
    value: float


class FigureStore(Protocol):
    def record_document_figures(
        self, figures: list[DocumentFigure], *, area: object, acting_user: object | None
    ) -> None:
        """Record the document's figures for the plan's area (source: plan document)."""

    def figures_not_from_document(self, plan: object) -> int:
        """How many figures people or statistics recorded against the plan's indicators."""

    def delete_plan_figures(self, plan: object) -> None:
        """Remove every figure of the plan's indicators (before the plan is rebuilt in place)."""

    def document_figures(self, plan: object) -> dict[int, list[tuple[int, float]]]:
        """Indicator id → the (year, value) pairs the document stated, oldest first."""

    def latest_figures(self, indicators: list[object], area_id: int) -> dict[int, object]:
        """Indicator id → its most recent figure in the area."""


_store: FigureStore | None = None


def install_figure_store(store: FigureStore) -> None:
    global _store
    _store = store


def figure_store() -> FigureStore:
    if _store is None:
        raise RuntimeError("观测数据应用未加载，无法读写规划的数据")
    return _store
