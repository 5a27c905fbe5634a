"""Enterprise records, their qualifications and their cultivation-ladder history."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from kechuang.registry.domain.errors import RegistryError
from kechuang.registry.models import Enterprise, LadderStage, Qualification, QualificationType, Stage
from kechuang.registry.uscc import USCCError, validate_uscc
from kechuang.tenancy.domain.audit import diff, record_audit, snapshot
from kechuang.tenancy.models import Area

ENTERPRISE_FIELDS = ["uscc", "name", "area", "industry", "address", "contact_name", "contact_phone"]
QUALIFICATION_FIELDS = ["certificate_no", "issued_on", "valid_until", "year"]


def clean_enterprise_fields(fields: dict[str, object]) -> dict[str, object]:
    """Validate and normalise enterprise input; raise ``RegistryError`` naming the field."""
    out = dict(fields)
    if "uscc" in out:
        try:
            out["uscc"] = validate_uscc(str(out["uscc"] or ""))
        except USCCError as exc:
            raise RegistryError(f"统一社会信用代码：{exc}") from exc
    if "name" in out:
        out["name"] = str(out["name"] or "").strip()
        if not out["name"]:
            raise RegistryError("企业名称：不能为空")
    if "area" in out and not isinstance(out["area"], Area):
        raise RegistryError("所在地区：不能为空")
    for key in ("industry", "address", "contact_name", "contact_phone"):
        if key in out:
            out[key] = str(out[key] or "").strip()
    return out


@transaction.atomic
def save_enterprise(
    *, acting_user: object | None, enterprise: Enterprise | None = None, **fields: object
) -> tuple[Enterprise, bool]:
    """Create an enterprise, or change the given fields of one; returns (enterprise, changed).

    Why: the USCC is the enterprise's identity, so it is checked (GB 32100-2015)
    and kept unique here rather than in each form. Side effects: one
    ``AuditEntry`` when something changed; none for an identical save.
    """
    fields = clean_enterprise_fields(fields)
    unknown = set(fields) - set(ENTERPRISE_FIELDS)
    if unknown:
        raise RegistryError(f"未知字段：{'、'.join(sorted(unknown))}")
    uscc = fields.get("uscc")
    if uscc:
        clash = Enterprise.objects.filter(uscc=uscc)
        if enterprise is not None:
            clash = clash.exclude(pk=enterprise.pk)
        if clash.exists():
            raise RegistryError(f"统一社会信用代码：{uscc} 已登记")
    if enterprise is None:
        missing = [f for f in ("uscc", "name", "area") if not fields.get(f)]
        if missing:
            raise RegistryError(f"缺少必填字段：{'、'.join(missing)}")
        enterprise = Enterprise.objects.create(**fields)
        record_audit(
            acting_user=acting_user,
            action="create",
            obj=enterprise,
            changes=diff({}, snapshot(enterprise, ENTERPRISE_FIELDS)),
        )
        return enterprise, True
    before = snapshot(enterprise, ENTERPRISE_FIELDS)
    for key, value in fields.items():
        setattr(enterprise, key, value)
    changes = diff(before, snapshot(enterprise, ENTERPRISE_FIELDS))
    if not changes:
        return enterprise, False
    enterprise.save()
    record_audit(acting_user=acting_user, action="update", obj=enterprise, changes=changes)
    return enterprise, True


def check_qualification_input(
    qtype: QualificationType, *, issued_on: dt.date | None, year: int | None
) -> int | None:
    """The year to store (per-year types only); raise when the dates the type needs are missing."""
    if qtype.per_year:
        if not year and issued_on:
            year = issued_on.year
        if not year:
            raise RegistryError(f"{qtype.name}：须填写登记年度")
        if not 1990 <= int(year) <= 2100:
            raise RegistryError(f"{qtype.name}：登记年度 {year} 不合理")
        return int(year)
    if not issued_on:
        raise RegistryError(f"{qtype.name}：须填写发证/认定日期")
    return None


@transaction.atomic
def add_qualification(
    enterprise: Enterprise,
    *,
    qtype: QualificationType,
    certificate_no: str = "",
    issued_on: dt.date | None = None,
    year: int | None = None,
    acting_user: object | None = None,
) -> tuple[Qualification, bool]:
    """Record a qualification, or correct the certificate number of the same one; (qualification, changed).

    The same qualification is the same type on the same issue date (certificates)
    or in the same year (per-year registrations), so adding it twice changes nothing.
    Side effects: ``valid_until`` is computed from the type; one ``AuditEntry`` per change.
    """
    year = check_qualification_input(qtype, issued_on=issued_on, year=year)
    key = {"enterprise": enterprise, "type": qtype}
    if year is not None:
        key["year"] = year
    else:
        key.update(issued_on=issued_on, year=None)
    existing = Qualification.objects.filter(**key).first()
    certificate_no = (certificate_no or "").strip()
    if existing is None:
        qual = Qualification(**key, certificate_no=certificate_no)
        if year is not None and issued_on:
            qual.issued_on = issued_on
        try:
            with transaction.atomic():
                qual.save()
        except IntegrityError as exc:  # a concurrent insert of the same qualification
            raise RegistryError(f"{qtype.name}：该资质已登记") from exc
        record_audit(
            acting_user=acting_user,
            action="create",
            obj=qual,
            changes={"type": [None, qtype.code], **diff({}, snapshot(qual, QUALIFICATION_FIELDS))},
        )
        return qual, True
    before = snapshot(existing, QUALIFICATION_FIELDS)
    existing.certificate_no = certificate_no or existing.certificate_no
    existing.compute_validity()
    changes = diff(before, snapshot(existing, QUALIFICATION_FIELDS))
    if not changes:
        return existing, False
    existing.save()
    record_audit(acting_user=acting_user, action="update", obj=existing, changes=changes)
    return existing, True


@transaction.atomic
def move_enterprise_stage(
    enterprise: Enterprise,
    *,
    stage: str,
    since: dt.date,
    note: str = "",
    dropped: bool = False,
    acting_user: object | None = None,
) -> LadderStage | None:
    """Move an enterprise on the cultivation ladder (摸底 → 入库培育 → 认定 → 领军), or drop it out.

    History is kept as ``LadderStage`` rows; ``Enterprise.stage`` holds the
    current stage (empty once dropped). Repeating the current stage changes
    nothing and returns ``None``. Side effects: an ``AuditEntry``.
    """
    if stage not in Stage.values:
        raise RegistryError(f"培育阶段“{stage}”无效，可选：{'、'.join(Stage.labels)}")
    last = enterprise.ladder.order_by("-since", "-pk").first()
    if last is not None and last.stage == stage and last.dropped == dropped:
        return None
    if last is not None and since < last.since:
        raise RegistryError(f"培育阶段日期 {since} 早于上一阶段日期 {last.since}")
    entry = LadderStage.objects.create(
        enterprise=enterprise, stage=stage, since=since, note=(note or "").strip(), dropped=dropped
    )
    old_stage = enterprise.stage
    enterprise.stage = "" if dropped else stage
    enterprise.save(update_fields=["stage", "updated_at"])
    record_audit(
        acting_user=acting_user,
        action="drop_out" if dropped else "stage",
        obj=enterprise,
        changes={"stage": [old_stage, enterprise.stage], "since": [None, since.isoformat()]},
    )
    return entry
