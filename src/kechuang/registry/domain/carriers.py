"""Carrier records and their tenants."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from kechuang.registry.access import require_attachable
from kechuang.registry.domain.enterprises import save_enterprise
from kechuang.registry.domain.errors import RegistryError
from kechuang.registry.models import Carrier, CarrierKind, CarrierLevel, Enterprise, ExitReason, Tenancy
from kechuang.tenancy.domain.audit import diff, record_audit, snapshot

CARRIER_FIELDS = ["name", "kind", "level", "area", "operator", "floor_area", "focus_industries", "active"]
TENANCY_FIELDS = ["carrier", "enterprise", "entered_on", "left_on", "exit_reason"]


@transaction.atomic
def save_carrier(
    *, acting_user: object | None, carrier: Carrier | None = None, **fields: object
) -> tuple[Carrier, bool]:
    """Create a carrier or change the given fields; (carrier, changed). Side effects: an ``AuditEntry``."""
    unknown = set(fields) - set(CARRIER_FIELDS)
    if unknown:
        raise RegistryError(f"未知字段：{'、'.join(sorted(unknown))}")
    if "kind" in fields and fields["kind"] not in CarrierKind.values:
        raise RegistryError(f"载体类型“{fields['kind']}”无效")
    if "level" in fields and fields["level"] not in CarrierLevel.values:
        raise RegistryError(f"载体级别“{fields['level']}”无效")
    if "name" in fields:
        fields["name"] = str(fields["name"] or "").strip()
        if not fields["name"]:
            raise RegistryError("载体名称：不能为空")
    if carrier is None:
        missing = [f for f in ("name", "kind", "level", "area") if not fields.get(f)]
        if missing:
            raise RegistryError(f"缺少必填字段：{'、'.join(missing)}")
        carrier = Carrier.objects.create(**fields)
        record_audit(
            acting_user=acting_user,
            action="create",
            obj=carrier,
            changes=diff({}, snapshot(carrier, CARRIER_FIELDS)),
        )
        return carrier, True
    before = snapshot(carrier, CARRIER_FIELDS)
    for key, value in fields.items():
        setattr(carrier, key, value)
    changes = diff(before, snapshot(carrier, CARRIER_FIELDS))
    if not changes:
        return carrier, False
    carrier.save()
    record_audit(acting_user=acting_user, action="update", obj=carrier, changes=changes)
    return carrier, True


def _check_exit(entered_on: dt.date, left_on: dt.date | None, exit_reason: str) -> None:
    if left_on is not None and left_on < entered_on:
        raise RegistryError(f"退出日期 {left_on} 不能早于入驻日期 {entered_on}")
    if left_on is not None and exit_reason not in ExitReason.values:
        raise RegistryError(f"退出原因：须为{'、'.join(ExitReason.labels)}之一")
    if left_on is None and exit_reason:
        raise RegistryError("退出原因：尚未填写退出日期")


@transaction.atomic
def add_tenant(
    carrier: Carrier,
    *,
    enterprise: Enterprise,
    entered_on: dt.date,
    left_on: dt.date | None = None,
    exit_reason: str = "",
    acting_user: object | None = None,
) -> tuple[Tenancy, bool]:
    """Record an enterprise entering a carrier; the same entry twice changes nothing.

    An enterprise may be a current tenant of a carrier only once at a time, and only an
    enterprise of the carrier's district may be attached (``access.require_attachable``,
    which raises ``PermissionDenied`` with the reason and whom to ask).
    Side effects: an ``AuditEntry`` when created.
    """
    require_attachable(acting_user, carrier, enterprise)
    _check_exit(entered_on, left_on, exit_reason)
    existing = Tenancy.objects.filter(carrier=carrier, enterprise=enterprise, entered_on=entered_on).first()
    if existing is not None:
        if left_on is None:  # the entry again: an exit recorded since is kept
            return existing, False
        return update_tenancy(existing, left_on=left_on, exit_reason=exit_reason, acting_user=acting_user)
    if (
        left_on is None
        and Tenancy.objects.filter(carrier=carrier, enterprise=enterprise, left_on=None).exists()
    ):
        raise RegistryError(f"{enterprise.name} 已是该载体的在孵企业")
    tenancy = Tenancy.objects.create(
        carrier=carrier,
        enterprise=enterprise,
        entered_on=entered_on,
        left_on=left_on,
        exit_reason=exit_reason,
    )
    record_audit(
        acting_user=acting_user,
        action="create",
        obj=tenancy,
        changes=diff({}, snapshot(tenancy, TENANCY_FIELDS)),
    )
    return tenancy, True


@transaction.atomic
def register_tenant(
    carrier: Carrier,
    *,
    uscc: str,
    name: str = "",
    entered_on: dt.date,
    left_on: dt.date | None = None,
    exit_reason: str = "",
    acting_user: object | None = None,
) -> tuple[Tenancy, bool]:
    """A carrier files a tenant by credit code — the one path for the page and the API.

    A known code is attached if ``access.require_attachable`` allows (same district, an
    actor who may change the carrier); an unknown code is first registered as an enterprise
    of the carrier's area. A refusal leaves nothing written.
    """
    enterprise = Enterprise.objects.filter(uscc=str(uscc or "").strip().upper()).first()
    if enterprise is None:
        enterprise, _ = save_enterprise(acting_user=acting_user, uscc=uscc, name=name, area=carrier.area)
    return add_tenant(
        carrier,
        enterprise=enterprise,
        entered_on=entered_on,
        left_on=left_on,
        exit_reason=exit_reason,
        acting_user=acting_user,
    )


@transaction.atomic
def update_tenancy(
    tenancy: Tenancy,
    *,
    left_on: dt.date | None,
    exit_reason: str = "",
    entered_on: dt.date | None = None,
    acting_user: object | None = None,
) -> tuple[Tenancy, bool]:
    """Record graduation or exit (date and reason), or correct the dates; (tenancy, changed)."""
    new_entered = entered_on or tenancy.entered_on
    _check_exit(new_entered, left_on, exit_reason)
    before = snapshot(tenancy, TENANCY_FIELDS)
    tenancy.entered_on = new_entered
    tenancy.left_on = left_on
    tenancy.exit_reason = exit_reason
    changes = diff(before, snapshot(tenancy, TENANCY_FIELDS))
    if not changes:
        return tenancy, False
    tenancy.save()
    record_audit(acting_user=acting_user, action="update", obj=tenancy, changes=changes)
    return tenancy, True
