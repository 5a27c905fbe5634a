"""Level targets judged as rows, column by column (progress.level_rows), give judge_target's judgement.

The random level targets of test_batch_engine (every comparator, direction, path, baseline
arrangement and stretch, gappy, provisional, non-positive and late figures) laid out as the
rebuild lays them out, judged at dates before, during and after their target years with
default, status-only and lenient thresholds: every field, notes included, the completion shown
and the status a year earlier must be judge_target's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import random

import numpy as np
import pytest

from kechuang.observations.monitoring.settings import status_only
from kechuang.observations.progress import Point, Thresholds, judge_target
from kechuang.observations.progress.batch import _known, level_target
from kechuang.observations.progress.level_rows import level_grid_rows, to_progress
from tests.observations.test_batch_engine import STATUS_ONLY, _case, _same


def _grid(series: list[list[Point]]) -> tuple[np.ndarray, ...]:
    n = np.array([len(s) for s in series])
    width = int(n.max())
    x = np.full((len(series), width), np.inf)
    v = np.zeros((len(series), width))
    prov = np.zeros((len(series), width), dtype=bool)
    for r, s in enumerate(series):
        x[r, : len(s)] = [p.year for p in s]
        v[r, : len(s)] = [p.value for p in s]
        prov[r, : len(s)] = [p.provisional for p in s]
    return x, v, n, prov


@pytest.mark.parametrize("seed", range(4))
def test_level_rows_equal_judge_target_field_for_field(seed):
    rng = random.Random(100 + seed)
    cases = []
    for _ in range(2500):
        target, points = _case(rng)
        # As a rebuild reads them: one float a year, labelled by its year.
        points = [Point(p.year, float(p.value), p.provisional) for p in points]
        cases.append((target, points))
    seen: set[str] = set()
    dates = (dt.date(2019, 6, 1), dt.date(2024, 2, 29), dt.date(2026, 12, 3), dt.date(2031, 1, 1))
    settings = (
        Thresholds(),
        STATUS_ONLY,
        Thresholds(min_elapsed_years=0, approx_tolerance=0.1, nearly_met=0.8),
    )
    for as_of in dates:
        before = as_of.replace(year=as_of.year - 1, day=28 if as_of.day == 29 else as_of.day)
        chosen = []
        for target, points in cases:
            known = _known(target, points, as_of.year - 1) if level_target(target) else None
            if known and all(math.isfinite(p.value) for p in known):
                chosen.append((target, points, known))
        x, v, n, prov = _grid([k for _, _, k in chosen])
        targets = [t for t, _, _ in chosen]
        wanted = [rng.random() < 0.9 for _ in chosen]
        for th in settings:
            rows, codes = level_grid_rows(
                targets, x, v, n, prov, as_of=as_of, thresholds=th, before=before,
                before_thresholds=status_only(th), wanted=wanted,
            )  # fmt: skip
            for (target, points, _), row, code, want_before in zip(chosen, rows, codes, wanted, strict=True):
                want = judge_target(target, points, as_of=as_of, thresholds=th)
                got = to_progress(row)
                assert _same(dataclasses.asdict(got), dataclasses.asdict(want)), (target, points, as_of, th)
                assert row[6] == want.completion_shown, (target, points, as_of)
                then = judge_target(target, points, as_of=before, thresholds=status_only(th))
                assert code == (then.status_code if want_before else None), (target, points, before)
                seen.add(want.status_code)
    # Every status a level target can take came up.
    assert {
        "met",
        "ahead",
        "on_track",
        "behind",
        "seriously_behind",
        "within_ceiling",
        "ceiling_rising",
    } <= seen
    assert {"over_ceiling", "nearly_met", "missed", "awaiting_data", "no_data", "undeterminable"} <= seen
