"""Registry rules, as plain functions. Every change writes an ``AuditEntry`` in the same transaction."""

from kechuang.registry.domain.carriers import add_tenant, register_tenant, save_carrier, update_tenancy
from kechuang.registry.domain.enterprises import add_qualification, move_enterprise_stage, save_enterprise
from kechuang.registry.domain.errors import RegistryError

__all__ = [
    "RegistryError",
    "add_qualification",
    "add_tenant",
    "move_enterprise_stage",
    "register_tenant",
    "save_carrier",
    "save_enterprise",
    "update_tenancy",
]
