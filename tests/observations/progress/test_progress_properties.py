"""Property tests: judge_target never raises and always returns a coherent judgement."""

import datetime as dt
import json
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kechuang.observations.progress import STATUS_WORDS, Point, TargetInput, Thresholds, judge_target
from kechuang.observations.progress.types import COMPARATORS, DIRECTIONS, KINDS, MEASURES, PATHS

finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)
small_years = st.integers(min_value=2000, max_value=2040)
points = st.lists(
    st.builds(Point, year=small_years, value=finite, provisional=st.booleans()),
    max_size=12,
)
targets = st.builds(
    TargetInput,
    value=st.none() | finite,
    year=small_years,
    comparator=st.sampled_from(COMPARATORS),
    kind=st.sampled_from(KINDS),
    direction=st.sampled_from(DIRECTIONS),
    path=st.sampled_from(PATHS),
    baseline_year=st.none() | small_years,
    baseline_value=st.none() | finite,
    period_start=small_years,
    period_end=small_years,
    measure=st.sampled_from(MEASURES),
)
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2042, 12, 31))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    target=targets,
    pts=points,
    ref=st.none() | points,
    as_of=dates,
    current=st.booleans(),
    tie=st.floats(min_value=0, max_value=10),
)
def test_judge_target_never_raises_and_is_coherent(target, pts, ref, as_of, current, tie):
    result = judge_target(
        target,
        pts,
        as_of=as_of,
        comparator_points=ref,
        thresholds=Thresholds(model_tie_aic=tie),
        include_current_year=current,
    )

    assert STATUS_WORDS[result.status_code] == result.status
    assert result.likelihood is None or 0.0 <= result.likelihood <= 1.0
    assert result.forecast_model in (None, "linear", "log-linear")
    if result.forecast_value is not None:
        assert result.forecast_low <= result.forecast_high
    for v in result.to_dict().values():
        assert not (isinstance(v, float) and not math.isfinite(v))
    json.dumps(result.to_dict(), ensure_ascii=False)


@settings(max_examples=200, deadline=None)
@given(
    base=st.floats(min_value=1, max_value=1e6),
    growth=st.floats(min_value=-0.5, max_value=1.0),
    n=st.integers(min_value=1, max_value=8),
    as_of_year=st.integers(min_value=2021, max_value=2030),
)
def test_realistic_series_give_a_ranked_or_explained_status(base, growth, n, as_of_year):
    series = [Point(2020 + i, base * (1 + growth) ** i) for i in range(n)]
    target = TargetInput(value=base * 1.6, year=2025, period_start=2021, period_end=2025)

    result = judge_target(target, series, as_of=dt.date(as_of_year, 6, 1))

    assert result.status_code in STATUS_WORDS
    assert result.note or result.status_code in ("ahead", "on_track", "behind", "seriously_behind")
