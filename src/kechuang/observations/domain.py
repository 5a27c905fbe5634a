"""Recording figures: every write goes through here so that nothing is overwritten silently."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db import transaction

from kechuang.common.periods import Period, parse_period
from kechuang.common.users import display_name
from kechuang.observations.enums import ObservationStatus, Source
from kechuang.observations.models import Observation, ObservationRevision


class ObservationError(ValueError):
    """A figure that cannot be recorded as given."""


@dataclass(frozen=True)
class RecordResult:
    observation: Observation
    created: bool
    changed: bool


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
) -> RecordResult:
    """Create or correct the figure for (indicator or catalogue entry, area, period).

    Side effects: writes an ``ObservationRevision`` row in the same transaction for
    every creation and every change (old and new value, status, source, who, when);
    an identical re-submission changes nothing and writes no revision.
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
    obs = Observation.objects.select_for_update().filter(**lookup).first()
    if obs is None:
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
        return RecordResult(obs, created=False, changed=False)
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
    obs.value = float(value)
    obs.status = status
    obs.source = source
    obs.simulated = simulated
    if note:
        obs.note = note
    obs.save()
    return RecordResult(obs, created=False, changed=True)
