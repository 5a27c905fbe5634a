"""Registry rules, as plain functions. Every change writes an ``AuditEntry`` in the same transaction."""

from kechuang.registry.domain.carriers import add_tenant, register_tenant, save_carrier, update_tenancy
from kechuang.registry.domain.enterprises import add_qualification, move_enterprise_stage, save_enterprise
from kechuang.registry.domain.errors import RegistryError
from kechuang.registry.domain.plots import (
    enterprise_indicator_values,
    occupy_plot,
    plot_indicator_values,
    record_plot_figures,
    save_plot,
)

__all__ = [
    "RegistryError",
    "add_qualification",
    "add_tenant",
    "enterprise_indicator_values",
    "move_enterprise_stage",
    "occupy_plot",
    "plot_indicator_values",
    "record_plot_figures",
    "register_tenant",
    "save_carrier",
    "save_enterprise",
    "save_plot",
    "update_tenancy",
]
