"""The batch engine (progress.batch.judge_many) gives exactly judge_target's judgement.

Random level targets of every comparator, direction, path and baseline arrangement, with
gappy, provisional, duplicated, non-positive and late figures, judged at dates before,
during and after the target year, with default and status-only thresholds; plus targets the
batch hands to judge_target (growth, increments, annual, relative, non-numeric). Every field
of every judgement, notes included, must be equal.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import random

import pytest

from kechuang.observations.monitoring.settings import status_only
from kechuang.observations.progress import Point, TargetInput, Thresholds, judge_target
from kechuang.observations.progress.batch import judge_many, judge_with_previous

STATUS_ONLY = Thresholds(forecast_min_points=10**9, forecast_max_points=10**9)


def _value(rng: random.Random, base: float) -> float | int:
    roll = rng.random()
    if roll < 0.05:
        return 0.0
    if roll < 0.08:
        return -abs(base) * rng.random()
    if roll < 0.12:
        return int(base)
    if roll < 0.13:
        return math.nan
    return round(base * rng.uniform(0.5, 1.8), rng.choice([0, 1, 2, 4]))


def _case(rng: random.Random) -> tuple[TargetInput, list[Point]]:
    base = rng.choice([0.0, 1.2, 3.0, 50.0, 936.0, 5000.0, 2.5e6])
    start = rng.choice([2016, 2021, 2021, 2026])
    year = start + rng.choice([-2, 2, 4, 4, 4])
    kind = rng.choices(["level", "growth", "increment", "annual"], [0.85, 0.05, 0.05, 0.05])[0]
    comparator = rng.choices([">=", ">", "<=", "<", "=", "~", "relative"], [4, 1, 3, 1, 1, 1, 0.3])[0]
    value = None if rng.random() < 0.03 else round(base * rng.uniform(0.3, 2.5) + rng.choice([0, 0, 1]), 2)
    if kind == "growth" and value is not None:
        value = rng.uniform(-5, 15)
    baseline_value = rng.choice([None, base, base, round(base * 1.1, 3)])
    target = TargetInput(
        value=value,
        year=year,
        comparator=comparator,
        kind=kind,
        direction=rng.choice(["higher", "higher", "lower"]),
        path=rng.choice(["compound", "linear"]),
        baseline_year=rng.choice([None, start - 1, start - 1, start, start - 3]),
        baseline_value=baseline_value,
        period_start=start,
        period_end=start + 4,
        measure=rng.choice(["flow", "stock"]),
        stretch=rng.choice([None, None, None, (value or 0) * 1.2, (value or 0) * 0.8]),
    )
    years = sorted(rng.sample(range(start - 8, start + 9), rng.randint(0, 12)))
    trend = rng.uniform(-0.1, 0.2)
    points = []
    for y in years:
        points.append(
            Point(
                y,
                _value(rng, (base or 10.0) * (1 + trend) ** (y - start)),
                rng.random() < 0.1,
                rng.choice(["", f"{y}年", f"{y}"]),
            )
        )
        if rng.random() < 0.08:  # the same year again: a revision, or a provisional figure
            points.append(Point(y, _value(rng, base or 10.0), rng.random() < 0.5, ""))
    rng.shuffle(points) if rng.random() < 0.1 else None
    return target, points


def _fields(progress) -> dict:
    return dataclasses.asdict(progress)


def _same(a: dict, b: dict) -> bool:
    return all(
        (isinstance(a[k], float) and isinstance(b[k], float) and math.isnan(a[k]) and math.isnan(b[k]))
        or a[k] == b[k]
        for k in a
    )


@pytest.mark.parametrize("seed", range(6))
def test_batch_judgements_equal_judge_target_field_for_field(seed):
    rng = random.Random(seed)
    cases = [_case(rng) for _ in range(1500)]
    targets = [c[0] for c in cases]
    points = [c[1] for c in cases]
    references = [[Point(y, rng.uniform(1, 100)) for y in range(2012, 2026)] for _ in cases]
    for as_of in (dt.date(2019, 6, 1), dt.date(2023, 3, 31), dt.date(2026, 12, 3), dt.date(2031, 1, 1)):
        for thresholds in (Thresholds(), STATUS_ONLY, Thresholds(min_elapsed_years=0, approx_tolerance=0.1)):
            batch = judge_many(targets, points, as_of=as_of, thresholds=thresholds, references=references)
            for target, pts, ref, got in zip(targets, points, references, batch, strict=True):
                want = judge_target(target, pts, as_of=as_of, comparator_points=ref, thresholds=thresholds)
                assert _same(_fields(got), _fields(want)), (target, pts, as_of, _fields(got), _fields(want))


def test_the_batch_covers_level_targets_and_hands_the_rest_to_the_engine():
    """Most targets take the batch path (else it would not be what makes a rebuild fast)."""
    from kechuang.observations.progress import batch

    rng = random.Random(7)
    cases = [_case(rng) for _ in range(400)]
    handled = [batch._known(t, p, 2025) is not None for t, p in cases]
    levels = [t.kind == "level" and t.comparator != "relative" and t.value is not None for t, _ in cases]
    assert sum(handled) == sum(levels) > 250


def test_a_handful_of_targets_is_judged_by_the_engine_itself():
    """A refresh after one corrected figure judges one or two targets: no numpy set-up for those."""
    from kechuang.observations.progress import batch

    target = TargetInput(
        value=200.0, year=2025, baseline_value=100.0, baseline_year=2020, period_start=2021, period_end=2025
    )
    points = [Point(2021, 120.0), Point(2022, 140.0), Point(2023, 160.0)]
    calls = []
    real = batch._judge_levels
    batch._judge_levels = lambda *a: calls.append(a) or real(*a)
    try:
        one = judge_many([target], [points], as_of=dt.date(2024, 6, 30), thresholds=Thresholds())
        many = judge_many([target] * 40, [points] * 40, as_of=dt.date(2024, 6, 30), thresholds=Thresholds())
    finally:
        batch._judge_levels = real
    assert len(calls) == 1 and len(calls[0][1]) == 40
    assert one[0] == many[0] == judge_target(target, points, as_of=dt.date(2024, 6, 30))
    assert one[0].status_code == "ahead"


@pytest.mark.parametrize("seed", range(6, 10))
def test_judgements_with_a_year_earlier_status_equal_judge_target_at_both_dates(seed):
    """A rebuild judges today and a year earlier from one series: both equal judge_target's."""
    rng = random.Random(seed)
    cases = [_case(rng) for _ in range(1500)]
    targets = [c[0] for c in cases]
    points = [c[1] for c in cases]
    references = [[Point(y, rng.uniform(1, 100)) for y in range(2012, 2026)] for _ in cases]
    wanted = [rng.random() < 0.9 for _ in cases]
    seen = set()
    dates = (dt.date(2019, 6, 1), dt.date(2024, 2, 29), dt.date(2026, 12, 3), dt.date(2031, 1, 1))
    settings = (Thresholds(), Thresholds(min_elapsed_years=0, approx_tolerance=0.1))
    for as_of, thresholds in ((d, t) for d in dates for t in settings):
        before = as_of.replace(year=as_of.year - 1, day=28 if as_of.day == 29 else as_of.day)
        earlier = status_only(thresholds)  # as a rebuild judges a year earlier
        judged, codes = judge_with_previous(
            targets,
            points,
            as_of=as_of,
            thresholds=thresholds,
            references=references,
            before=before,
            before_thresholds=earlier,
            wanted=wanted,
        )
        for i, (target, pts, ref) in enumerate(zip(targets, points, references, strict=True)):
            now = judge_target(target, pts, as_of=as_of, comparator_points=ref, thresholds=thresholds)
            assert _same(_fields(judged[i]), _fields(now)), (target, pts, as_of)
            then = judge_target(target, pts, as_of=before, comparator_points=ref, thresholds=earlier)
            assert codes[i] == (then.status_code if wanted[i] else None), (target, pts, before)
            seen.add(codes[i])
    # every status a level target can take came up a year earlier
    assert {"met", "ahead", "on_track", "behind", "seriously_behind", "within_ceiling"} <= seen
    assert {"ceiling_rising", "over_ceiling", "nearly_met", "missed", "awaiting_data", "no_data"} <= seen
    assert "undeterminable" in seen
