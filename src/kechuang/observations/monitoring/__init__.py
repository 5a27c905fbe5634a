"""From the database to the progress engine and back: judge every target of a plan at a date.

The engine (`kechuang.observations.progress`) is framework-free; this module builds its inputs
from `Target`, `Indicator`, `Plan` and `Observation` rows in a fixed number of queries (targets,
observations, settings — never one query per indicator) and returns one `TargetRow` per target.
Rules (docs/monitoring.md):

- direction from the indicator; the expected path is linear for percentages and ratios and
  compound for counts and amounts; increments count yearly flows or year-end stocks according
  to the indicator's 口径;
- points are the indicator's annual observations in the plan's area; an indicator mapped to the
  catalogue without observations of its own falls back to the catalogue's figures for the area
  (area-level statistics first, then another plan's indicator of the same catalogue entry);
- relative targets ("高于全市平均") compare with the parent area's catalogue figures;
- alerts compare the judgement at `as_of` with the one a year earlier (the previous annual
  observation period) and read the forecast's likelihood.
"""

from __future__ import annotations

from kechuang.observations.monitoring.inputs import ObservationIndex, TargetSpec, make_input, path_for
from kechuang.observations.monitoring.judging import (
    PlanRows,
    clear_memo,
    judge_all,
    judge_chunk,
    judge_plan,
    judge_plans,
    year_before,
)
from kechuang.observations.monitoring.rows import STATUS_ORDER, TargetRow, count_by_status
from kechuang.observations.monitoring.settings import load_thresholds, status_only

__all__ = [
    "ObservationIndex",
    "PlanRows",
    "STATUS_ORDER",
    "TargetRow",
    "TargetSpec",
    "clear_memo",
    "count_by_status",
    "judge_all",
    "judge_chunk",
    "judge_plan",
    "judge_plans",
    "load_thresholds",
    "make_input",
    "path_for",
    "status_only",
    "year_before",
]
