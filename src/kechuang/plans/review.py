"""Reviewing a draft plan: correct what the reader made, merge or drop entries, then publish.

Nothing is published without this step; every edit is kept in the audit trail.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import Max, Prefetch

from kechuang.common.periods import MAX_YEAR, MIN_YEAR
from kechuang.plans.catalog import infer_direction

# The reader stops itself after this long; a web request must never wait longer.
from kechuang.plans.drafts import _PLAN_DOCUMENT_SOURCE, DraftError
from kechuang.plans.enums import Attribute, Comparator, PlanStatus, TargetKind
from kechuang.plans.models import CatalogIndicator, Indicator, IndicatorRemoval, Plan, Target
from kechuang.plans.review_checks import review_stamp
from kechuang.tenancy.domain.audit import diff, record_audit, snapshot


def _lock_draft(plan: Plan) -> Plan:
    """The plan row, locked and re-read, so that a publish in between cannot be edited past.

    A draft and a plan awaiting approval (待审核) may be corrected; anything released may not.
    """
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    if current.status not in (PlanStatus.DRAFT, PlanStatus.PENDING):
        raise DraftError(f"规划{current.get_status_display()}，不能再修改")
    return current


def _text(value: object, label: str, max_len: int, *, required: bool = False) -> str:
    text = "" if value is None else " ".join(str(value).split())
    if required and not text:
        raise DraftError(f"{label}不能为空")
    if len(text) > max_len:
        raise DraftError(f"{label}过长（不超过 {max_len} 字）")
    return text


# Review edits are figures and labels people rely on: each change is kept in the audit trail.
_INDICATOR_AUDIT = ["name", "unit", "category", "attribute", "catalog", "direction", "reviewed"]
_TARGET_AUDIT = ["year", "value", "comparator", "kind"]


def _indicator_changes(
    indicator: Indicator,
    *,
    name: str,
    unit: str,
    category: str,
    attribute: str,
    catalog: CatalogIndicator | None,
    reviewed: bool | None = None,
) -> dict[str, object]:
    """The fields a correction would change, cleaned; raises ``DraftError`` on a bad value."""
    attribute = attribute or ""
    if attribute and attribute not in Attribute.values:
        raise DraftError(f"属性“{attribute}”无效，可选：{'、'.join(Attribute.labels)}")
    wanted: dict[str, object] = {
        "name": _text(name, "指标名称", 300, required=True),
        "unit": _text(unit, "单位", 32),
        "category": _text(category, "指标类别", 100),
        "attribute": attribute,
        "catalog_id": catalog.pk if catalog else None,
    }
    if reviewed is not None:
        wanted["reviewed"] = bool(reviewed)
    return {k: v for k, v in wanted.items() if getattr(indicator, k) != v}


def _apply_indicator(indicator: Indicator, changes: dict[str, object], *, acting_user: object) -> bool:
    """Save the changed fields; the direction follows a new name or catalogue entry; audit the change."""
    if not changes:
        return False
    before = snapshot(indicator, _INDICATOR_AUDIT)
    for field, value in changes.items():
        setattr(indicator, field, value)
    fields = list(changes)
    if "name" in changes or "catalog_id" in changes:
        indicator.direction = infer_direction(indicator.name, indicator.catalog)
        fields.append("direction")
    indicator.save(update_fields=fields)
    record_audit(
        acting_user=acting_user,
        action="review",
        obj=indicator,
        changes=diff(before, snapshot(indicator, _INDICATOR_AUDIT)),
    )
    if "catalog_id" in changes:
        # Figures already attached follow the new entry, so cross-area comparisons see them.
        indicator.observations.update(catalog_id=indicator.catalog_id)
    return True


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
    reviewed: bool | None = None,
) -> Indicator:
    """Correct what the reader made of an indicator and map it to the catalogue.

    Side effects: saves the indicator; its direction follows the new name or
    catalogue entry; figures already attached to it are relabelled with the new
    catalogue entry so that cross-area comparisons see them. ``reviewed`` (None =
    leave as is) is the reviewer's tick that the entry matches the document.
    """
    _lock_draft(indicator.plan)
    changes = _indicator_changes(
        indicator,
        name=name,
        unit=unit,
        category=category,
        attribute=attribute,
        catalog=catalog,
        reviewed=reviewed,
    )
    _apply_indicator(indicator, changes, acting_user=acting_user)
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


def _target_changes(target: Target, *, year: int, value: float | None, comparator: str, kind: str) -> dict:
    clean_year, clean_value = _year(year), _value(value)
    if comparator not in Comparator.values:
        raise DraftError(f"比较方式“{comparator}”无效，可选：{'、'.join(Comparator.labels)}")
    if kind not in TargetKind.values:
        raise DraftError(f"目标类型“{kind}”无效，可选：{'、'.join(TargetKind.labels)}")
    wanted = {"year": clean_year, "value": clean_value, "comparator": comparator, "kind": kind}
    return {k: v for k, v in wanted.items() if getattr(target, k) != v}


def _apply_target(target: Target, changes: dict[str, object], *, acting_user: object) -> bool:
    if not changes:
        return False
    before = snapshot(target, _TARGET_AUDIT)
    for field, value in changes.items():
        setattr(target, field, value)
    target.save(update_fields=list(changes))
    record_audit(
        acting_user=acting_user,
        action="review",
        obj=target,
        changes=diff(before, snapshot(target, _TARGET_AUDIT)),
    )
    return True


@transaction.atomic
def update_target(
    target: Target, *, year: int, value: float | None, comparator: str, kind: str, acting_user: object
) -> Target:
    """Correct a target's year, value, comparator or kind. Side effect: saves the target."""
    _lock_draft(target.indicator.plan)
    changes = _target_changes(target, year=year, value=value, comparator=comparator, kind=kind)
    _apply_target(target, changes, acting_user=acting_user)
    return target


class StaleReview(DraftError):
    """Someone changed these indicators after the page was opened, and this save would overwrite them."""

    def __init__(self, indicators: list[Indicator]) -> None:
        self.indicator_ids = [i.pk for i in indicators]
        listed = "、".join(f"“{i.name}”" for i in indicators)
        super().__init__(
            f"打开本页后，{listed}已被他人修改，本次修改均未保存。页面已显示这些指标的最新内容，"
            "其余输入已保留，请核对后再保存。"
        )


@dataclass
class ReviewSaved:
    """What one save of the review page changed."""

    indicators: int = 0
    targets: int = 0

    @property
    def total(self) -> int:
        return self.indicators + self.targets


@transaction.atomic
def save_review(
    plan: Plan,
    *,
    indicators: dict[int, dict],
    targets: dict[int, dict],
    stamps: dict[int, str] | None = None,
    acting_user: object,
) -> ReviewSaved:
    """Apply every correction made on one review page, all or nothing.

    ``indicators`` and ``targets`` map primary keys of this plan's indicators and
    targets to their cleaned form data (``update_indicator`` / ``update_target``
    arguments); keys of other plans are refused. ``stamps`` are the versions of the
    indicators the page showed (``review_stamp``): an indicator changed by someone
    else since then, that this save would change again, raises ``StaleReview`` and
    nothing is saved. Each changed indicator and target gets an audit entry.
    """
    _lock_draft(plan)
    rows = {
        i.pk: i
        for i in plan.indicators.select_related("catalog", "plan").prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("year", "position", "pk"))
        )
    }
    target_rows = {t.pk: t for i in rows.values() for t in i.targets.all()}
    unknown = (set(indicators) - set(rows)) | (set(targets) - set(target_rows))
    if unknown:
        raise DraftError("提交的指标或目标不属于本规划，或已被合并、删除，请刷新页面后再试")
    indicator_changes = {pk: _indicator_changes(rows[pk], **data) for pk, data in indicators.items()}
    target_changes = {pk: _target_changes(target_rows[pk], **data) for pk, data in targets.items()}
    touched = {pk for pk, c in indicator_changes.items() if c}
    touched |= {target_rows[pk].indicator_id for pk, c in target_changes.items() if c}
    stale = [
        rows[pk]
        for pk in sorted(touched, key=lambda k: (rows[k].position, k))
        if stamps and pk in stamps and stamps[pk] != review_stamp(rows[pk])
    ]
    if stale:
        raise StaleReview(stale)
    saved = ReviewSaved()
    for pk, changes in indicator_changes.items():
        saved.indicators += _apply_indicator(rows[pk], changes, acting_user=acting_user)
    for pk, changes in target_changes.items():
        saved.targets += _apply_target(target_rows[pk], changes, acting_user=acting_user)
    return saved


def _join_evidence(a: str, b: str) -> str:
    if not b or b in a:
        return a
    if not a or a in b:
        return b
    return f"{a}\n{b}"


def _row(obj: models.Model) -> dict[str, object]:
    """Every stored column of a record, so it can be written back as it was."""
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def _indicator_record(indicator: Indicator) -> dict[str, object]:
    """An indicator with its targets and figures (and their revisions), as ``IndicatorRemoval.data``."""
    return {
        "indicator": _row(indicator),
        "targets": [_row(t) for t in indicator.targets.order_by("year", "position", "pk")],
        "observations": [
            {"row": _row(o), "revisions": [_row(r) for r in o.revisions.order_by("pk")]}
            for o in indicator.observations.order_by("pk")
        ],
    }


# What a merge may fill on the indicator it keeps: undone only where nobody changed it since.
_MERGE_FILLS = ("unit", "category", "attribute", "note", "data_source", "baseline_year", "baseline_value")
_MERGE_KEEP = (*_MERGE_FILLS, "catalog_id", "evidence")


@transaction.atomic
def merge_indicators(keep: Indicator, drop: Indicator, *, acting_user: object) -> Indicator:
    """Make two entries one indicator, as when a table and a sentence state the same goal.

    Side effects: ``drop``'s targets and figures move to ``keep`` (a target equal
    to one ``keep`` has is discarded; a figure for a period ``keep`` already has
    must agree with it, else nothing changes); fields ``keep`` leaves empty are
    filled from ``drop``; evidence of both is kept; ``drop`` is deleted. What was
    merged is kept in an ``IndicatorRemoval`` so that ``undo_removal`` can part them again.
    """
    if keep.pk == drop.pk:
        raise DraftError("不能把指标合并到它自己")
    if keep.plan_id != drop.plan_id:
        raise DraftError("只能合并同一规划中的指标")
    _lock_draft(keep.plan)
    record = _indicator_record(drop)
    keep_before = {f: getattr(keep, f) for f in _MERGE_KEEP}
    keep_figures = {(o.area_id, o.period): o for o in keep.observations.all()}
    for obs in drop.observations.all():
        twin = keep_figures.get((obs.area_id, obs.period))
        if twin is not None and twin.value != obs.value:
            raise DraftError(
                f"两项指标 {obs.period} 的数值不一致（{twin.value:g} 与 {obs.value:g}），请先核对后再合并"
            )
    moved_observations = []
    for obs in drop.observations.all():
        if (obs.area_id, obs.period) in keep_figures:
            obs.delete()  # the same figure is already on the kept indicator
        else:
            obs.indicator = keep
            obs.catalog = keep.catalog
            obs.save(update_fields=["indicator", "catalog"])
            moved_observations.append(obs.pk)

    existing = {(t.year, t.value, t.comparator, t.kind): t for t in keep.targets.all()}
    next_position = (keep.targets.aggregate(m=Max("position"))["m"] or 0) + 1
    moved_targets, twins = [], []
    for target in drop.targets.order_by("year", "position", "pk"):
        twin = existing.get((target.year, target.value, target.comparator, target.kind))
        if twin is not None:
            before = {"evidence": twin.evidence, "text": twin.text}
            twin.evidence = _join_evidence(twin.evidence, target.evidence)
            twin.text = twin.text or target.text
            twin.save(update_fields=["evidence", "text"])
            twins.append(
                {"pk": twin.pk, "before": before, "after": {"evidence": twin.evidence, "text": twin.text}}
            )
            continue
        target.indicator = keep
        target.position = next_position
        next_position += 1
        target.save(update_fields=["indicator", "position"])
        moved_targets.append(target.pk)

    for field in _MERGE_FILLS:
        if field.startswith("baseline"):
            continue
        if not getattr(keep, field):
            setattr(keep, field, getattr(drop, field))
    if keep.baseline_value is None and drop.baseline_value is not None:
        keep.baseline_year, keep.baseline_value = drop.baseline_year, drop.baseline_value
    if keep.catalog_id is None and drop.catalog_id is not None:
        keep.catalog_id = drop.catalog_id
        keep.observations.update(catalog_id=drop.catalog_id)
    keep.evidence = _join_evidence(keep.evidence, drop.evidence)
    keep.save()
    removal = IndicatorRemoval.objects.create(
        plan_id=keep.plan_id,
        kind=IndicatorRemoval.Kind.MERGED,
        name=drop.name,
        into=keep,
        into_name=keep.name,
        data={
            **record,
            "into_pk": keep.pk,
            "moved_targets": moved_targets,
            "moved_observations": moved_observations,
            "twins": twins,
            "keep_before": keep_before,
            "keep_after": {f: getattr(keep, f) for f in _MERGE_KEEP},
        },
        removed_by=_person(acting_user),
    )
    record_audit(
        acting_user=acting_user,
        action="merge",
        obj=keep,
        changes={
            "merged": [drop.name, keep.name],
            "merged_id": [drop.pk, None],
            "removal": [None, removal.pk],
        },
    )
    drop.delete()
    return keep


def _person(user: object) -> object | None:
    return user if getattr(user, "is_authenticated", False) else None


def _drop(indicator: Indicator, *, acting_user: object) -> None:
    if indicator.observations.exclude(source=_PLAN_DOCUMENT_SOURCE).exists():
        raise DraftError(f"指标“{indicator.name}”已有录入的数据，不能删除")
    removal = IndicatorRemoval.objects.create(
        plan_id=indicator.plan_id,
        kind=IndicatorRemoval.Kind.DROPPED,
        name=indicator.name,
        data=_indicator_record(indicator),
        removed_by=_person(acting_user),
    )
    record_audit(
        acting_user=acting_user,
        action="drop",
        obj=indicator,
        changes={
            "targets": [[str(t) for t in indicator.targets.all()], None],
            "removal": [None, removal.pk],
        },
    )
    indicator.observations.all().delete()
    indicator.delete()


@transaction.atomic
def drop_indicator(indicator: Indicator, *, acting_user: object) -> None:
    """Remove an entry the reader should not have made (a subsidy amount, a scope statement).

    Side effects: deletes the indicator, its targets, and the figures the
    document itself reported for it, keeping them in an ``IndicatorRemoval`` so the
    drop can be undone. Figures people or statistics supplied are never deleted
    this way: such an indicator is refused.
    """
    _lock_draft(indicator.plan)
    _drop(indicator, acting_user=acting_user)


@transaction.atomic
def drop_indicators(plan: Plan, indicators: list[Indicator], *, acting_user: object) -> list[str]:
    """Drop several entries at once, all or none (one with recorded figures refuses the lot).

    Returns the names dropped; each drop is kept for undoing and audited as ``drop_indicator``'s.
    """
    _lock_draft(plan)
    if not indicators:
        raise DraftError("请先勾选要删除的指标")
    if any(i.plan_id != plan.pk for i in indicators):
        raise DraftError("只能删除本规划中的指标")
    for indicator in indicators:
        _drop(indicator, acting_user=acting_user)
    return [i.name for i in indicators]


def _restore(model: type[models.Model], row: dict[str, object]) -> models.Model:
    obj = model(**row)
    obj.save(force_insert=True)
    return obj


def _restore_observation(manager: object, entry: dict) -> None:
    obs = _restore(manager.model, entry["row"])
    for revision in entry["revisions"]:
        _restore(obs.revisions.model, revision)


@transaction.atomic
def undo_removal(removal: IndicatorRemoval, *, acting_user: object) -> Indicator:
    """Bring back an indicator a reviewer merged or dropped, with its targets and figures as they were.

    A merge is undone by moving the targets and figures it moved back, restoring
    those it discarded as duplicates, and resetting on the kept indicator what the
    merge filled in (where nobody changed it since). Refused when the kept indicator
    is gone (undo that step first). Side effects: audit entry; the record is deleted.
    """
    plan = _lock_draft(removal.plan)
    data = removal.data
    row = data["indicator"]
    if Indicator.objects.filter(pk=row["id"]).exists():
        raise DraftError(f"指标“{removal.name}”已在规划中")
    keep = None
    if removal.kind == IndicatorRemoval.Kind.MERGED:
        keep = Indicator.objects.filter(pk=data["into_pk"], plan=plan).first()
        if keep is None:
            raise DraftError(f"“{removal.name}”合并到的“{removal.into_name}”已被合并或删除，请先撤销那一步")
    restored = _restore(Indicator, row)
    moved_targets = set(data.get("moved_targets", []))
    for t in data["targets"]:
        current = Target.objects.filter(pk=t["id"]).first()
        if (
            current is not None
            and t["id"] in moved_targets
            and current.indicator_id == getattr(keep, "pk", None)
        ):
            current.indicator_id, current.position = restored.pk, t["position"]
            current.save(update_fields=["indicator", "position"])
        elif current is None:
            _restore(Target, t)
    moved_observations = set(data.get("moved_observations", []))
    for entry in data["observations"]:
        pk = entry["row"]["id"]
        current = restored.observations.model.objects.filter(pk=pk).first()
        if (
            current is not None
            and pk in moved_observations
            and current.indicator_id == getattr(keep, "pk", None)
        ):
            current.indicator_id, current.catalog_id = restored.pk, entry["row"]["catalog_id"]
            current.save(update_fields=["indicator", "catalog"])
        elif current is None:
            _restore_observation(restored.observations, entry)
    if keep is not None:
        for twin in data.get("twins", []):
            target = Target.objects.filter(pk=twin["pk"]).first()
            if target is None:
                continue
            for field in ("evidence", "text"):
                if getattr(target, field) == twin["after"][field]:
                    setattr(target, field, twin["before"][field])
            target.save(update_fields=["evidence", "text"])
        before, after = data["keep_before"], data["keep_after"]
        catalog_was = keep.catalog_id
        for field in _MERGE_KEEP:
            if getattr(keep, field) == after[field]:
                setattr(keep, field, before[field])
        keep.save()
        if keep.catalog_id != catalog_was:
            keep.observations.update(catalog_id=keep.catalog_id)
    record_audit(
        acting_user=acting_user,
        action="unmerge" if keep is not None else "undrop",
        obj=restored,
        changes={"restored": [None, restored.name], **({"from": [keep.name, None]} if keep else {})},
    )
    removal.delete()
    return restored


@transaction.atomic
def publish_plan(plan: Plan, *, acting_user: object) -> Plan:
    """Release a reviewed draft without a stated reason (imports, scripts, the demo).

    People publish through ``kechuang.plans.lifecycle.publish_plan``, which asks for a reason;
    both run the same checks (nothing to monitor, a second published copy, a revision that
    drops figures) and record who published and when.
    """
    from kechuang.plans.lifecycle import publish_reviewed_draft

    return publish_reviewed_draft(plan, acting_user=acting_user)
