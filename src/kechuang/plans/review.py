"""Reviewing a draft plan: correct what the reader made, merge or drop entries, then publish.

Nothing is published without this step; every edit is kept in the audit trail.
"""

from __future__ import annotations

import math

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from kechuang.common.periods import MAX_YEAR, MIN_YEAR
from kechuang.plans.catalog import infer_direction

# The reader stops itself after this long; a web request must never wait longer.
from kechuang.plans.drafts import _PLAN_DOCUMENT_SOURCE, DraftError
from kechuang.plans.enums import Attribute, Comparator, PlanStatus, TargetKind
from kechuang.plans.models import CatalogIndicator, Indicator, Plan, Target
from kechuang.registry.domain.audit import diff, record_audit, snapshot


def _lock_draft(plan: Plan) -> Plan:
    """The plan row, locked and re-read, so that a publish in between cannot be edited past."""
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    if current.status != PlanStatus.DRAFT:
        raise DraftError("规划已发布，不能再修改")
    return current


def _text(value: object, label: str, max_len: int, *, required: bool = False) -> str:
    text = "" if value is None else " ".join(str(value).split())
    if required and not text:
        raise DraftError(f"{label}不能为空")
    if len(text) > max_len:
        raise DraftError(f"{label}过长（不超过 {max_len} 字）")
    return text


# Review edits are figures and labels people rely on: each change is kept in the audit trail.
_INDICATOR_AUDIT = ["name", "unit", "category", "attribute", "catalog", "direction"]
_TARGET_AUDIT = ["year", "value", "comparator", "kind"]


@transaction.atomic
def update_indicator(
    indicator: Indicator,
    *,
    name: str,
    unit: str,
    category: str,
    attribute: str,
    catalog: CatalogIndicator | None,
    acting_user: object,
) -> Indicator:
    """Correct what the reader made of an indicator and map it to the catalogue.

    Side effects: saves the indicator; its direction follows the new name or
    catalogue entry; figures already attached to it are relabelled with the new
    catalogue entry so that cross-area comparisons see them.
    """
    _lock_draft(indicator.plan)
    clean_name = _text(name, "指标名称", 300, required=True)
    clean_unit = _text(unit, "单位", 32)
    clean_category = _text(category, "指标类别", 100)
    attribute = attribute or ""
    if attribute and attribute not in Attribute.values:
        raise DraftError(f"属性“{attribute}”无效，可选：{'、'.join(Attribute.labels)}")
    catalog_changed = indicator.catalog_id != (catalog.pk if catalog else None)
    before = snapshot(indicator, _INDICATOR_AUDIT)
    indicator.name = clean_name
    indicator.unit = clean_unit
    indicator.category = clean_category
    indicator.attribute = attribute
    indicator.catalog = catalog
    indicator.direction = infer_direction(clean_name, catalog)
    indicator.save(update_fields=["name", "unit", "category", "attribute", "catalog", "direction"])
    changes = diff(before, snapshot(indicator, _INDICATOR_AUDIT))
    if changes:
        record_audit(acting_user=acting_user, action="review", obj=indicator, changes=changes)
    if catalog_changed:
        indicator.observations.update(catalog=catalog)
    return indicator


def _year(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise DraftError(f"年份“{value}”应为整数")
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise DraftError(f"年份 {value} 超出合理范围（{MIN_YEAR}–{MAX_YEAR}）")
    return value


def _value(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise DraftError(f"目标值“{value}”不是有效数字")
    return float(value)


@transaction.atomic
def update_target(
    target: Target, *, year: int, value: float | None, comparator: str, kind: str, acting_user: object
) -> Target:
    """Correct a target's year, value, comparator or kind. Side effect: saves the target."""
    _lock_draft(target.indicator.plan)
    clean_year, clean_value = _year(year), _value(value)
    if comparator not in Comparator.values:
        raise DraftError(f"比较方式“{comparator}”无效，可选：{'、'.join(Comparator.labels)}")
    if kind not in TargetKind.values:
        raise DraftError(f"目标类型“{kind}”无效，可选：{'、'.join(TargetKind.labels)}")
    before = snapshot(target, _TARGET_AUDIT)
    target.year, target.value = clean_year, clean_value
    target.comparator = comparator
    target.kind = kind
    target.save(update_fields=["year", "value", "comparator", "kind"])
    changes = diff(before, snapshot(target, _TARGET_AUDIT))
    if changes:
        record_audit(acting_user=acting_user, action="review", obj=target, changes=changes)
    return target


def _join_evidence(a: str, b: str) -> str:
    if not b or b in a:
        return a
    if not a or a in b:
        return b
    return f"{a}\n{b}"


@transaction.atomic
def merge_indicators(keep: Indicator, drop: Indicator, *, acting_user: object) -> Indicator:
    """Make two entries one indicator, as when a table and a sentence state the same goal.

    Side effects: ``drop``'s targets and figures move to ``keep`` (a target equal
    to one ``keep`` has is discarded; a figure for a period ``keep`` already has
    must agree with it, else nothing changes); fields ``keep`` leaves empty are
    filled from ``drop``; evidence of both is kept; ``drop`` is deleted.
    """
    if keep.pk == drop.pk:
        raise DraftError("不能把指标合并到它自己")
    if keep.plan_id != drop.plan_id:
        raise DraftError("只能合并同一规划中的指标")
    _lock_draft(keep.plan)
    keep_figures = {(o.area_id, o.period): o for o in keep.observations.all()}
    for obs in drop.observations.all():
        twin = keep_figures.get((obs.area_id, obs.period))
        if twin is not None and twin.value != obs.value:
            raise DraftError(
                f"两项指标 {obs.period} 的数值不一致（{twin.value:g} 与 {obs.value:g}），请先核对后再合并"
            )
    for obs in drop.observations.all():
        if (obs.area_id, obs.period) in keep_figures:
            obs.delete()  # the same figure is already on the kept indicator
        else:
            obs.indicator = keep
            obs.catalog = keep.catalog
            obs.save(update_fields=["indicator", "catalog"])

    existing = {(t.year, t.value, t.comparator, t.kind): t for t in keep.targets.all()}
    next_position = (keep.targets.aggregate(m=Max("position"))["m"] or 0) + 1
    for target in drop.targets.order_by("year", "position", "pk"):
        twin = existing.get((target.year, target.value, target.comparator, target.kind))
        if twin is not None:
            twin.evidence = _join_evidence(twin.evidence, target.evidence)
            twin.text = twin.text or target.text
            twin.save(update_fields=["evidence", "text"])
            continue
        target.indicator = keep
        target.position = next_position
        next_position += 1
        target.save(update_fields=["indicator", "position"])

    for field in ("unit", "category", "attribute", "note", "data_source"):
        if not getattr(keep, field):
            setattr(keep, field, getattr(drop, field))
    if keep.baseline_value is None and drop.baseline_value is not None:
        keep.baseline_year, keep.baseline_value = drop.baseline_year, drop.baseline_value
    if keep.catalog_id is None and drop.catalog_id is not None:
        keep.catalog_id = drop.catalog_id
        keep.observations.update(catalog_id=drop.catalog_id)
    keep.evidence = _join_evidence(keep.evidence, drop.evidence)
    keep.save()
    record_audit(
        acting_user=acting_user,
        action="merge",
        obj=keep,
        changes={"merged": [drop.name, keep.name], "merged_id": [drop.pk, None]},
    )
    drop.delete()
    return keep


@transaction.atomic
def drop_indicator(indicator: Indicator, *, acting_user: object) -> None:
    """Remove an entry the reader should not have made (a subsidy amount, a scope statement).

    Side effects: deletes the indicator, its targets, and the figures the
    document itself reported for it. Figures people or statistics supplied are
    never deleted this way: such an indicator is refused.
    """
    _lock_draft(indicator.plan)
    if indicator.observations.exclude(source=_PLAN_DOCUMENT_SOURCE).exists():
        raise DraftError(f"指标“{indicator.name}”已有录入的数据，不能删除")
    record_audit(
        acting_user=acting_user,
        action="drop",
        obj=indicator,
        changes={"targets": [[f"{t.year} {t.comparator} {t.value}" for t in indicator.targets.all()], None]},
    )
    indicator.observations.all().delete()
    indicator.delete()


@transaction.atomic
def publish_plan(plan: Plan, *, acting_user: object) -> Plan:
    """Release a reviewed draft: from now on it is monitored, reported and shown publicly.

    Side effects: status becomes ``published``; who published and when are recorded.
    A plan with neither indicators nor tasks is refused — there would be nothing to monitor.
    """
    current = _lock_draft(plan)
    if not current.indicators.exists() and not current.tasks.exists():
        raise DraftError("规划没有任何指标或任务，不能发布")
    current.status = PlanStatus.PUBLISHED
    current.published_at = timezone.now()
    current.published_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    current.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    record_audit(
        acting_user=acting_user, action="publish", obj=current, changes={"status": ["draft", "published"]}
    )
    plan.refresh_from_db()
    return plan
