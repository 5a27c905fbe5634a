"""Registry models: carriers and their tenants, enterprises and their qualifications, land plots."""

from kechuang.registry.models.carriers import Carrier, CarrierKind, CarrierLevel, ExitReason, Tenancy
from kechuang.registry.models.enterprises import (
    Enterprise,
    LadderStage,
    Qualification,
    QualificationType,
    Stage,
)
from kechuang.registry.models.plots import (
    LandPlot,
    LandUse,
    PlotEvaluationSettings,
    PlotFigure,
    PlotOccupancy,
    PlotStatus,
)

__all__ = [
    "Carrier",
    "CarrierKind",
    "CarrierLevel",
    "Enterprise",
    "ExitReason",
    "LadderStage",
    "LandPlot",
    "LandUse",
    "PlotEvaluationSettings",
    "PlotFigure",
    "PlotOccupancy",
    "PlotStatus",
    "Qualification",
    "QualificationType",
    "Stage",
    "Tenancy",
]
