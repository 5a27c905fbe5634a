"""Registry rules, as plain functions. Every change writes an ``AuditEntry`` in the same transaction."""

from kechuang.registry.domain.areas import AreaNotFound, find_area
from kechuang.registry.domain.audit import RegistryError, record_audit
from kechuang.registry.domain.carriers import add_tenant, register_tenant, save_carrier, update_tenancy
from kechuang.registry.domain.enterprises import add_qualification, move_enterprise_stage, save_enterprise

__all__ = [
    "AreaNotFound",
    "RegistryError",
    "add_qualification",
    "add_tenant",
    "find_area",
    "move_enterprise_stage",
    "record_audit",
    "register_tenant",
    "save_carrier",
    "save_enterprise",
    "update_tenancy",
]
