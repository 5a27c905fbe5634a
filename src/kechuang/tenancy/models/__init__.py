"""Tenancy models: the area tree, who holds which role in it, the audit trail and API tokens."""

from kechuang.tenancy.models.areas import Area, AreaChange, AreaChangeKind, AreaKind, Membership, Role
from kechuang.tenancy.models.audit import ApiToken, AuditEntry

__all__ = ["ApiToken", "Area", "AreaChange", "AreaChangeKind", "AreaKind", "AuditEntry", "Membership", "Role"]
