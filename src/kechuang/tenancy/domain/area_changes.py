"""Boundary changes (区划调整): rename, merge and move an area from a given date.

Why: a county is renamed, two towns merge, a park is moved to another district; the
plans and figures made for the old area must stay with it, and history pages must say
what the area was called then. So an area is never rewritten into another: each change
is a dated ``AreaChange`` row, the area itself follows once the date has come (at once
for today and earlier, else ``apply_due_changes`` from ``kechuang run-scheduled``),
and ``area_name_on`` answers from the rows.

Rules, checked before anything is written:

- the date may lie in the past (a change recorded late) but at most ``MAX_AHEAD_DAYS``
  ahead, and not before the area's last recorded change (history is told in order);
- a merged area (or one with a merge waiting) takes no further change and receives nothing;
- a rename needs a new, non-empty name that no other area in use under the same parent has;
- a merge joins two areas of the same kind; the merged area's areas below move with it;
- a move keeps the tree's levels (a county never under a town) and never makes a loop.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from kechuang.common.users import display_name
from kechuang.tenancy.domain.areas_import import RANK
from kechuang.tenancy.domain.audit import RuleError, record_audit
from kechuang.tenancy.models import Area, AreaChange, AreaChangeKind
from kechuang.tenancy.models.areas import chinese_date

MAX_AHEAD_DAYS = 366


class AreaChangeRefused(RuleError):
    """A boundary change refused, with the reason in Chinese; nothing was written."""


@dataclass(frozen=True)
class _State:
    """An area as it will be once every change recorded so far has taken effect."""

    name: str
    parent: Area | None
    ended: bool
    last_date: dt.date | None


def _pending(area: Area) -> list[AreaChange]:
    return list(area.changes.filter(applied_at__isnull=True).select_related("new_parent"))


def _projected(area: Area) -> _State:
    name, parent, ended = area.name, area.parent, area.ended_on is not None
    for change in _pending(area):
        if change.kind == AreaChangeKind.RENAME:
            name = change.new_name
        elif change.kind == AreaChangeKind.MOVE:
            parent = change.new_parent
        else:
            ended = True
    last = area.changes.order_by("-effective_on").values_list("effective_on", flat=True).first()
    return _State(name=name, parent=parent, ended=ended, last_date=last)


def _refuse(message: str) -> None:
    raise AreaChangeRefused(message)


def _check_common(
    area: Area, effective_on: dt.date, today: dt.date, allowed: set[int] | None, *others: Area
) -> _State:
    state = _projected(area)
    if allowed is not None:
        for target in (area, *others):
            if target.pk not in allowed:
                _refuse(f"地区“{target.name}”不在您管理的范围内")
    if state.ended:
        _refuse(f"地区“{area.name}”已撤并（或撤并待生效），不能再调整")
    if effective_on > today + dt.timedelta(days=MAX_AHEAD_DAYS):
        _refuse(f"生效日期 {chinese_date(effective_on)} 太远：最晚为一年之内")
    if state.last_date is not None and effective_on < state.last_date:
        _refuse(
            f"生效日期不能早于该地区上一次调整的生效日期（{chinese_date(state.last_date)}）；"
            "补录更早的调整请先核对历史"
        )
    for target in others:
        if target.ended_on is not None or _projected(target).ended:
            _refuse(f"地区“{target.name}”已撤并（或撤并待生效），不能作为并入或改属的目标")
    return state


def _record(
    area: Area,
    kind: str,
    effective_on: dt.date,
    state: _State,
    acting_user: object | None,
    note: str,
    today: dt.date,
    **fields: object,
) -> AreaChange:
    change = AreaChange.objects.create(
        area=area,
        kind=kind,
        effective_on=effective_on,
        old_name=state.name,
        old_parent=state.parent,
        note=note.strip(),
        recorded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        recorded_by_name=display_name(acting_user),
        **fields,
    )
    if effective_on <= today:
        _apply(change, acting_user, recorded=True)
    else:
        record_audit(
            acting_user=acting_user,
            action=f"area_{kind}",
            obj=area,
            changes={**_described(change), "scheduled": [None, "待生效"]},
            area=area,
        )
    return change


def _described(change: AreaChange) -> dict[str, list[object]]:
    """What the audit trail says about a change: its date, what it changes, the note."""
    out: dict[str, list[object]] = {"effective_on": [None, change.effective_on.isoformat()]}
    if change.kind == AreaChangeKind.RENAME:
        out["name"] = [change.old_name, change.new_name]
    elif change.kind == AreaChangeKind.MOVE:
        out["parent"] = [change.old_parent_id, change.new_parent_id]
    else:
        out["merged_into"] = [None, change.merged_into_id]
        out["ended_on"] = [None, change.effective_on.isoformat()]
    if change.note:
        out["change_note"] = [None, change.note]
    return out


def _apply(change: AreaChange, acting_user: object | None, *, recorded: bool) -> None:
    """Make the area what the change says; a merge moves the areas below it along."""
    area = Area.objects.select_for_update().get(pk=change.area_id)
    if change.kind == AreaChangeKind.RENAME:
        area.name = change.new_name
    elif change.kind == AreaChangeKind.MOVE:
        area.parent_id = change.new_parent_id
    else:
        area.ended_on = change.effective_on
    area.save(update_fields=["name", "parent", "ended_on", "updated_at"])
    change.applied_at = timezone.now()
    change.save(update_fields=["applied_at"])
    record_audit(
        acting_user=acting_user,
        action=f"area_{change.kind}" if recorded else "area_apply",
        obj=area,
        changes=_described(change),
        area=area,
    )
    if change.kind == AreaChangeKind.MERGE:
        into = change.merged_into
        for child in area.children.in_use().order_by("code"):
            moved = AreaChange.objects.create(
                area=child,
                kind=AreaChangeKind.MOVE,
                effective_on=change.effective_on,
                old_name=child.name,
                old_parent=area,
                new_parent=into,
                note=f"随“{change.old_name}”并入“{into.name}”",
                recorded_by=change.recorded_by,
                recorded_by_name=change.recorded_by_name,
            )
            _apply(moved, acting_user, recorded=recorded)


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def rename_area(
    area: Area,
    new_name: str,
    effective_on: dt.date,
    *,
    acting_user: object | None = None,
    note: str = "",
    allowed_area_ids: set[int] | None = None,
    today: dt.date | None = None,
) -> AreaChange:
    """Rename an area from ``effective_on``; its records keep pointing at it. Raises ``AreaChangeRefused``."""
    today = _today(today)
    new_name = (new_name or "").strip()
    with transaction.atomic():
        state = _check_common(area, effective_on, today, allowed_area_ids)
        if not new_name:
            _refuse("新名称不能为空")
        if len(new_name) > 100:
            _refuse("新名称最长 100 个字符")
        if new_name == state.name:
            _refuse(f"新名称与现名称“{state.name}”相同")
        namesake = (
            Area.objects.in_use().filter(parent=state.parent, name=new_name).exclude(pk=area.pk).first()
        )
        if namesake is not None:
            where = f"“{state.parent.name}”下" if state.parent else "顶层"
            _refuse(f"{where}已有名为“{new_name}”的地区（{namesake.code}）")
        return _record(
            area, AreaChangeKind.RENAME, effective_on, state, acting_user, note, today, new_name=new_name
        )


def merge_areas(
    area: Area,
    into: Area,
    effective_on: dt.date,
    *,
    acting_user: object | None = None,
    note: str = "",
    allowed_area_ids: set[int] | None = None,
    today: dt.date | None = None,
) -> AreaChange:
    """Merge ``area`` into ``into`` from ``effective_on``: it ends (keeping its plans and figures)
    and the areas below it move under ``into``. Raises ``AreaChangeRefused``."""
    today = _today(today)
    with transaction.atomic():
        if into.pk == area.pk:
            _refuse("不能把地区并入它自己")
        state = _check_common(area, effective_on, today, allowed_area_ids, into)
        if into.pk in area.descendant_ids():
            _refuse(f"不能把“{area.name}”并入它的下级地区“{into.name}”")
        if into.kind != area.kind:
            _refuse(
                f"只能合并同类型的地区：“{area.name}”是{area.get_kind_display()}，"
                f"“{into.name}”是{into.get_kind_display()}"
            )
        return _record(
            area, AreaChangeKind.MERGE, effective_on, state, acting_user, note, today, merged_into=into
        )


def move_area(
    area: Area,
    new_parent: Area,
    effective_on: dt.date,
    *,
    acting_user: object | None = None,
    note: str = "",
    allowed_area_ids: set[int] | None = None,
    today: dt.date | None = None,
) -> AreaChange:
    """Move ``area`` (and what lies below it) under ``new_parent`` from ``effective_on``."""
    today = _today(today)
    with transaction.atomic():
        if new_parent.pk == area.pk:
            _refuse("地区的上级不能是它自己")
        state = _check_common(area, effective_on, today, allowed_area_ids, new_parent)
        if new_parent.pk in area.descendant_ids():
            _refuse(f"“{new_parent.name}”是“{area.name}”的下级地区，改属后上级关系会形成循环")
        if state.parent is not None and state.parent.pk == new_parent.pk:
            _refuse(f"“{area.name}”已在“{new_parent.name}”之下")
        if RANK[new_parent.kind] > RANK[area.kind]:
            _refuse(
                f"{area.get_kind_display()}“{area.name}”不能挂在"
                f"{new_parent.get_kind_display()}“{new_parent.name}”之下"
            )
        namesake = Area.objects.in_use().filter(parent=new_parent, name=state.name).exclude(pk=area.pk)
        if namesake.exists():
            _refuse(f"“{new_parent.name}”下已有名为“{state.name}”的地区，请先改名")
        return _record(
            area, AreaChangeKind.MOVE, effective_on, state, acting_user, note, today, new_parent=new_parent
        )


def apply_due_changes(today: dt.date) -> int:
    """Carry out the changes whose date has come (run by ``kechuang run-scheduled``); how many."""
    applied = 0
    while True:
        with transaction.atomic():
            change = (
                AreaChange.objects.select_for_update(skip_locked=True)
                .filter(applied_at__isnull=True, effective_on__lte=today)
                .order_by("effective_on", "pk")
                .first()
            )
            if change is None:
                return applied
            _apply(change, None, recorded=False)
            applied += 1


def area_name_on(area: Area, day: dt.date) -> str:
    """What the area was called on ``day``, from its recorded renames (its name now if none)."""
    renames = _renames(area)
    for change in renames:
        if change.effective_on > day:
            return change.old_name
    before = [c for c in renames if c.effective_on <= day]
    if before and before[-1].applied_at is None:
        return before[-1].new_name  # its date has come, the scheduled job has not run yet
    return area.name


def parent_on(area: Area, day: dt.date) -> Area | None:
    """The area's parent on ``day``, from its recorded moves."""
    for change in area.changes.filter(kind=AreaChangeKind.MOVE).select_related("old_parent"):
        if change.effective_on > day:
            return change.old_parent
    return area.parent


def _renames(area: Area) -> list[AreaChange]:
    cache = getattr(area, "_kechuang_renames", None)
    if cache is None:
        cache = list(area.changes.filter(kind=AreaChangeKind.RENAME).order_by("effective_on", "pk"))
        area._kechuang_renames = cache
    return cache


@dataclass(frozen=True)
class NamePeriod:
    """One stretch of an area's history: its name and parent from one change to the next."""

    start: dt.date | None
    end: dt.date | None  # the day before the next change; None: still so (or ended)
    name: str
    parent: str

    @property
    def span(self) -> str:
        start = chinese_date(self.start) if self.start else "最初"
        end = chinese_date(self.end) if self.end else "今"
        return f"{start}至{end}"


def names_by_date(area: Area) -> list[NamePeriod]:
    """The area's names and parents over time, oldest first, for history pages."""
    changes = list(area.changes.select_related("old_parent", "new_parent").order_by("effective_on", "pk"))
    periods: list[NamePeriod] = []
    start: dt.date | None = None
    name = changes[0].old_name if changes else area.name
    parent = changes[0].old_parent if changes else area.parent
    for change in changes:
        if change.kind == AreaChangeKind.MERGE:
            break
        if change.effective_on != start:
            periods.append(_period(start, change.effective_on, name, parent))
        start = change.effective_on
        if change.kind == AreaChangeKind.RENAME:
            name = change.new_name
        else:
            parent = change.new_parent
    end = area.ended_on or next((c.effective_on for c in changes if c.kind == AreaChangeKind.MERGE), None)
    periods.append(_period(start, end, name, parent))
    return [p for p in periods if p.start is None or p.end is None or p.start <= p.end]


def _period(start: dt.date | None, next_start: dt.date | None, name: str, parent: Area | None) -> NamePeriod:
    end = next_start - dt.timedelta(days=1) if next_start else None
    parent_name = area_name_on(parent, start or dt.date.min) if parent else "（无）"
    return NamePeriod(start=start, end=end, name=name, parent=parent_name)
