"""The site's progress thresholds as stored (load_thresholds) and the status-only variant."""

from __future__ import annotations

import json

from kechuang.common.rows import fetch_prepared
from kechuang.observations.models import ProgressSettings
from kechuang.observations.progress import Thresholds
from kechuang.observations.stored.hooks import mark_all


def load_thresholds() -> Thresholds:
    """The site's thresholds as the administrator set them; defaults when never saved.

    A stored value that no longer validates (edited by hand in the database) falls back to
    the defaults rather than breaking every monitoring page.
    """
    # Read on every monitoring page: compiled once per process (`fetch_prepared`), the column raw.
    rows = fetch_prepared(
        "thresholds", lambda: ProgressSettings.objects.filter(pk=1).values_list("thresholds")
    )
    value = rows[0][0] if rows else None
    row = json.loads(value) if isinstance(value, str) else value  # text on both drivers, raw
    try:
        return Thresholds.from_dict(row if isinstance(row, dict) else None)
    except (TypeError, ValueError):
        return Thresholds()


def status_only(thresholds: Thresholds) -> Thresholds:
    """Thresholds that switch the forecast off: the status does not depend on it (engine docs)."""
    big = 10**9
    return Thresholds.from_dict(
        {**thresholds.to_dict(), "forecast_min_points": big, "forecast_max_points": big}
    )


# Each threshold's name as administrators read it, and whether it is a share (shown as %).
FIELD_LABELS: dict[str, str] = {
    "ahead": "超前线（进度比）",
    "on_track": "正常线（进度比）",
    "behind": "滞后线（进度比）",
    "nearly_met": "基本完成线",
    "likelihood_warn": "预警线（达标概率）",
    "likelihood_red": "红色预警线（达标概率）",
    "confidence": "预测区间置信水平",
    "approx_tolerance": "“左右”目标容差",
    "forecast_min_points": "预测最少数据点",
    "forecast_max_points": "预测最多数据点",
    "min_elapsed_years": "基期后开始评估的年数",
    "model_tie_aic": "两种趋势模型视为无差别的信息准则差",
}
COUNT_FIELDS = ("forecast_min_points", "forecast_max_points", "min_elapsed_years", "model_tie_aic")


def shown_value(key: str, value: object) -> object:
    """A threshold as people read it: shares as percentages ("95%"), counts and years as numbers."""
    if not isinstance(value, int | float):
        return value
    if key in COUNT_FIELDS:
        return f"{value:g}"
    text = f"{value * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


class StaleSettings(Exception):
    """The thresholds changed since the form was opened: the save is refused (409)."""


def settings_version() -> str:
    """The stored row's last change, as the form's version ("" before the first save)."""
    stamp = ProgressSettings.objects.filter(pk=1).values_list("updated_at", flat=True).first()
    return stamp.isoformat() if stamp else ""


def save_thresholds(
    new: Thresholds, *, acting_user: object, version: str, area: object | None = None
) -> dict[str, list[object]]:
    """Store the site's thresholds and record the change in the audit trail; returns what changed.

    The audit entry names each field in Chinese and shows shares as percentages (the trail is
    read by people). Refuses with StaleSettings when someone saved since `version` was read, so
    one administrator never silently undoes another's change. Nothing is written when nothing
    changed.
    """
    from django.db import transaction

    from kechuang.tenancy.domain.audit import record_audit

    with transaction.atomic():
        row = ProgressSettings.objects.select_for_update().filter(pk=1).first()
        current = row.updated_at.isoformat() if row else ""
        if current != version:
            raise StaleSettings("阈值已被他人修改")
        old = load_thresholds().to_dict()
        wanted = new.to_dict()
        changes = {
            FIELD_LABELS.get(key, key): [shown_value(key, old.get(key)), shown_value(key, value)]
            for key, value in wanted.items()
            if old.get(key) != value
        }
        if not changes:
            return {}
        ProgressSettings(thresholds=wanted).save()
        mark_all()  # every stored judgement read the old cut-offs
        record_audit(
            acting_user=acting_user,
            action="update",
            model="observations.progresssettings",
            object_id="1",
            object_repr="进度评估设置",
            changes=changes,
            area=area,
        )
    return changes


def can_edit_thresholds(user: object) -> bool:
    """Thresholds are one setting for every district on the platform, so no district's
    administrator may move another district's verdicts: only superusers change them."""
    return bool(getattr(user, "is_superuser", False))
