"""The audit trail: who changed which record (registry, plans, figures, tokens), when, from what to what."""

from __future__ import annotations

import datetime as dt
import decimal

from django.db import models

from kechuang.common.users import display_name
from kechuang.tenancy.models import AuditEntry


class RuleError(ValueError):
    """A registry change refused for a reason a person can act on (message in Chinese)."""


def jsonable(value: object) -> object:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, object]:
    """The audited fields of a record as JSON-ready values (foreign keys by id)."""
    out: dict[str, object] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        value = getattr(obj, field.attname)
        if not field.is_relation and value is not None:
            value = field.to_python(value)  # 32000 and Decimal("32000.00") are the same area
        out[name] = jsonable(value)
    return out


def diff(old: dict[str, object], new: dict[str, object]) -> dict[str, list[object]]:
    """``{field: [old, new]}`` for the fields that differ."""
    return {k: [old.get(k), v] for k, v in new.items() if old.get(k) != v}


# Paths from an audited record to the area it belongs to, tried in order.
_AREA_PATHS = ("area", "plan.area", "indicator.plan.area", "carrier.area", "enterprise.area")


def area_of(obj: object | None) -> object | None:
    """The area an audited record belongs to (its own, its plan's, its carrier's…), or None."""
    for path in _AREA_PATHS:
        node = obj
        for attr in path.split("."):
            node = getattr(node, attr, None)
            if node is None:
                break
        if node is not None:
            return node
    return None


def record_audit(
    *,
    acting_user: object | None,
    action: str,
    obj: models.Model | None = None,
    model: str = "",
    object_id: str = "",
    object_repr: str = "",
    changes: dict | None = None,
    area: object | None = None,
) -> AuditEntry:
    """Write one audit row. Callers run inside the transaction of the change they describe."""
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    if obj is not None:
        model = model or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    return AuditEntry.objects.create(
        user=user,
        user_name=display_name(acting_user),
        action=action,
        model=model,
        object_id=object_id,
        object_repr=object_repr,
        changes=changes or {},
        area=area if area is not None else area_of(obj),
    )
