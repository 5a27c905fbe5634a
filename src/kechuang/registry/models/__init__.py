"""Registry models: carriers and their tenants, enterprises and their qualifications."""

from kechuang.registry.models.carriers import Carrier, CarrierKind, CarrierLevel, ExitReason, Tenancy
from kechuang.registry.models.enterprises import (
    Enterprise,
    LadderStage,
    Qualification,
    QualificationType,
    Stage,
)

__all__ = [
    "Carrier",
    "CarrierKind",
    "CarrierLevel",
    "Enterprise",
    "ExitReason",
    "LadderStage",
    "Qualification",
    "QualificationType",
    "Stage",
    "Tenancy",
]
