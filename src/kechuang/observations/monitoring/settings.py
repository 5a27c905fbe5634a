"""The site's progress thresholds as stored (load_thresholds) and the status-only variant."""

from __future__ import annotations

from kechuang.observations.models import ProgressSettings
from kechuang.observations.progress import Thresholds


def load_thresholds() -> Thresholds:
    """The site's thresholds as the administrator set them; defaults when never saved.

    A stored value that no longer validates (edited by hand in the database) falls back to
    the defaults rather than breaking every monitoring page.
    """
    row = ProgressSettings.objects.filter(pk=1).values_list("thresholds", flat=True).first()
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
