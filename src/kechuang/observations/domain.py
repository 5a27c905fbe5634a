"""Recording figures: every write goes through here so that nothing is overwritten silently."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from kechuang.common.numbers import format_number
from kechuang.common.periods import Period, parse_period
from kechuang.common.users import display_name
from kechuang.observations.enums import ObservationStatus, Source
from kechuang.observations.models import Observation, ObservationRevision
from kechuang.observations.stored.hooks import mark_figures


class ObservationError(ValueError):
    """A figure that cannot be recorded as given."""


class StaleObservation(ObservationError):
    """Someone else changed the figure after this person opened it; nothing was written.

    Carries what is saved now (``current``: the observation, ``None`` if it was never
    saved; who changed it last and when) and what this person submitted
    (``yours``), so the page and the API can show both and let them decide.
    """

    def __init__(
        self, *, current: Observation | None, yours: dict, changed_by: str, changed_at: object | None
    ) -> None:
        self.current = current
        self.yours = yours
        self.changed_by = changed_by
        self.changed_at = changed_at
        when = f"于 {timezone.localtime(changed_at):%Y-%m-%d %H:%M} " if changed_at else ""
        now = f"修改为 {format_number(current.value)}" if current is not None else "删除"
        super().__init__(
            f"该数据已被{changed_by or '其他用户'}{when}{now}，您的输入为 {format_number(yours['value'])}，"
            "请确认后重新保存"
        )


class ReasonRequired(ObservationError):
    """A saved figure would be corrected without saying why; nothing was written."""


@dataclass(frozen=True)
class RecordResult:
    observation: Observation
    created: bool
    changed: bool


def _stale(obs: Observation | None, yours: dict) -> StaleObservation:
    last = obs.revisions.order_by("-changed_at", "-pk").first() if obs is not None else None
    return StaleObservation(
        current=obs,
        yours=yours,
        changed_by=last.changed_by_name if last else "",
        changed_at=last.changed_at if last else None,
    )


@transaction.atomic
def record_observation(
    *,
    area: object,
    period: str | Period,
    value: float,
    source: str,
    indicator: object | None = None,
    catalog: object | None = None,
    status: str = ObservationStatus.FINAL,
    simulated: bool = False,
    note: str = "",
    reason: str = "",
    acting_user: object | None = None,
    expected_version: int | None = None,
    require_reason: bool = False,
) -> RecordResult:
    """Create or correct the figure for (indicator or catalogue entry, area, period).

    ``expected_version`` is the version the person saw when they opened the figure
    (0: there was none yet); when someone else has changed it since, nothing is
    written and ``StaleObservation`` says who changed it to what — a lost update
    becomes a question. ``None`` (imports, monthly-report totals, registry figures)
    skips the check. The check and the increment happen under the row lock, and the
    update is conditional on the version, so two simultaneous saves cannot both pass.

    ``require_reason`` (a person correcting a figure on a page) refuses a change to a
    saved figure without a ``reason``; imports and derived figures name their own.

    Side effects: writes an ``ObservationRevision`` row in the same transaction for
    every creation and every change (old and new value, status, source, who, when)
    and increments ``version``; an identical re-submission changes nothing and
    writes no revision.
    """
    if indicator is None and catalog is None:
        raise ObservationError("必须指定指标或标准指标")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ObservationError(f"数值“{value}”不是有效数字")
    if source not in Source.values:
        raise ObservationError(f"来源“{source}”无效，可选：{'、'.join(Source.values)}")
    if status not in ObservationStatus.values:
        raise ObservationError(f"状态“{status}”无效")
    p = period if isinstance(period, Period) else parse_period(period)
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    lookup = {"area": area, "period": p.label}
    if indicator is not None:
        lookup["indicator"] = indicator
    else:
        lookup.update(catalog=catalog, indicator=None)
    yours = {"value": float(value), "status": status, "source": source}
    obs = Observation.objects.select_for_update().filter(**lookup).first()
    if obs is None:
        if expected_version:
            raise _stale(None, yours)
        try:
            with transaction.atomic():
                obs = Observation.objects.create(
                    indicator=indicator,
                    catalog=catalog if indicator is None else getattr(indicator, "catalog", None),
                    area=area,
                    period=p.label,
                    period_kind=p.kind,
                    year=p.year,
                    period_end=p.end,
                    value=float(value),
                    source=source,
                    status=status,
                    simulated=simulated,
                    note=note,
                    entered_by=user,
                )
        except IntegrityError:
            # Someone created it at the same moment: theirs is saved, treat this as a correction of it.
            obs = Observation.objects.select_for_update().get(**lookup)
        else:
            mark_figures([(obs.indicator_id, obs.catalog_id, obs.area_id)])
            ObservationRevision.objects.create(
                observation=obs,
                action="create",
                new_value=obs.value,
                new_status=status,
                new_source=source,
                reason=reason,
                changed_by=user,
                changed_by_name=display_name(acting_user),
            )
            return RecordResult(obs, created=True, changed=True)
    if obs.value == float(value) and obs.status == status and obs.source == source:
        return RecordResult(obs, created=False, changed=False)  # nothing of anyone's would be lost
    if expected_version is not None and obs.version != expected_version:
        raise _stale(obs, yours)
    if require_reason and not reason.strip():
        raise ReasonRequired("更正已有数值时须填写修改原因（将记入修改记录）")
    new_note = note or obs.note
    updated = Observation.objects.filter(pk=obs.pk, version=obs.version).update(
        value=float(value),
        status=status,
        source=source,
        simulated=simulated,
        note=new_note,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    if updated != 1:  # changed between the read and the write (a backend without row locks)
        raise _stale(Observation.objects.get(pk=obs.pk), yours)
    mark_figures([(obs.indicator_id, obs.catalog_id, obs.area_id)])
    ObservationRevision.objects.create(
        observation=obs,
        action="update",
        old_value=obs.value,
        new_value=float(value),
        old_status=obs.status,
        new_status=status,
        old_source=obs.source,
        new_source=source,
        reason=reason,
        changed_by=user,
        changed_by_name=display_name(acting_user),
    )
    obs.refresh_from_db()
    return RecordResult(obs, created=False, changed=True)
