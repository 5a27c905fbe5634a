"""Progress engine: how far each plan target has come, where it should be, and whether it will be met.

Framework-free on purpose (no Django import): the observations app builds the inputs from the
database and calls `judge_target`; the CLI and reports print `TargetProgress.to_dict()`.
Formulas, thresholds and their sources: docs/progress.md.
"""

from .engine import judge_target
from .status import SEVERITY, STATUS_ALERTS, alert_level, band, forecast_miss, severity, status_changes
from .types import (
    CEILING_STATES,
    PACE_BANDS,
    STATUS_WORDS,
    TREND_WORDS,
    VERDICTS,
    Point,
    TargetInput,
    TargetProgress,
    Thresholds,
)

__all__ = [
    "CEILING_STATES",
    "PACE_BANDS",
    "SEVERITY",
    "STATUS_ALERTS",
    "STATUS_WORDS",
    "TREND_WORDS",
    "VERDICTS",
    "Point",
    "TargetInput",
    "TargetProgress",
    "Thresholds",
    "alert_level",
    "band",
    "forecast_miss",
    "judge_target",
    "severity",
    "status_changes",
]
