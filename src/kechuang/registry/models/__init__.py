"""Registry models: the area tree, roles, carriers, enterprises and their qualifications."""

from kechuang.registry.models.areas import Area, AreaKind, Membership, Role
from kechuang.registry.models.audit import ApiToken, AuditEntry
from kechuang.registry.models.carriers import Carrier, CarrierKind, CarrierLevel, ExitReason, Tenancy
from kechuang.registry.models.enterprises import (
    Enterprise,
    LadderStage,
    Qualification,
    QualificationType,
    Stage,
)

__all__ = [
    "ApiToken",
    "Area",
    "AreaKind",
    "AuditEntry",
    "Carrier",
    "CarrierKind",
    "CarrierLevel",
    "Enterprise",
    "ExitReason",
    "LadderStage",
    "Membership",
    "Qualification",
    "QualificationType",
    "Role",
    "Stage",
    "Tenancy",
]
