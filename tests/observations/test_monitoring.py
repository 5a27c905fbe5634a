"""The database → progress engine adapter: inputs, fallbacks, alerts and a bounded query count."""

from __future__ import annotations

import datetime as dt

import pytest

from kechuang.observations.domain import record_observation
from kechuang.observations.models import ProgressSettings
from kechuang.observations.monitoring import (
    count_by_status,
    judge_all,
    judge_plan,
    load_thresholds,
    make_input,
    path_for,
    year_before,
)
from kechuang.observations.progress import Point, TargetInput, Thresholds, judge_target
from kechuang.plans.models import CatalogIndicator, Plan
from tests.monitor.builders import AS_OF, add_indicator, build_plan

pytestmark = pytest.mark.django_db


def test_statuses_match_the_engine_on_the_hand_made_plan(shanghai):
    plan = build_plan(shanghai["jinshan"])
    expected = judge_target(
        TargetInput(
            value=200, year=2025, baseline_year=2020, baseline_value=100, period_start=2021, period_end=2025
        ),
        [Point(2021, 120, period="2021"), Point(2022, 140, period="2022"), Point(2023, 160, period="2023")],
        as_of=AS_OF,
    )

    rows = judge_plan(plan, as_of=AS_OF)

    assert rows[0].progress == expected
    assert [r.status_code for r in rows] == ["ahead", "seriously_behind", "no_data", "on_track"]
    assert count_by_status(rows)["ahead"] == 1


def test_path_is_linear_for_shares_and_compound_for_counts():
    assert path_for(unit="%") == "linear"
    assert path_for(unit="", name="研发经费投入强度") == "linear"
    assert path_for(unit="家", name="高新技术企业数") == "compound"
    assert path_for(unit="亿元") == "compound"


@pytest.mark.parametrize("year", [2018, 2025])
def test_an_input_made_from_columns_equals_the_dataclass_made_field_by_field(year):
    """make_input fills the frozen dataclass at once: every field, the same value and hash."""
    made = make_input(
        value=1500.0, year=year, comparator=">=", kind="level", direction="higher", unit="家",
        name="高新技术企业", accumulation="stock", baseline_year=2020, baseline_value=1200.0,
        period_start=2021, period_end=2025, stretch=1600.0,
    )  # fmt: skip
    expected = TargetInput(
        value=1500.0, year=year, comparator=">=", kind="level", direction="higher", path="compound",
        baseline_year=2020 if year > 2020 else None, baseline_value=1200.0 if year > 2020 else None,
        period_start=2021 if year > 2020 else 2014, period_end=2025 if year > 2020 else 2018,
        measure="stock", stretch=1600.0,
    )  # fmt: skip
    assert vars(made).keys() == TargetInput.__dataclass_fields__.keys()
    assert made == expected and hash(made) == hash(expected)


def test_slip_since_the_previous_year_raises_an_alert(shanghai):
    plan = build_plan(shanghai["jinshan"])

    giants = judge_plan(plan, as_of=AS_OF)[3]

    assert (giants.previous.status, giants.progress.status) == ("超前", "正常")
    assert giants.slipped is True
    assert giants.alert is not None


def test_provisional_figures_are_left_out_when_asked(shanghai):
    plan = build_plan(shanghai["jinshan"])

    with_all = judge_plan(plan, as_of=dt.date(2025, 1, 15))[3]
    final_only = judge_plan(plan, as_of=dt.date(2025, 1, 15), include_provisional=False)[3]

    assert (with_all.progress.latest_value, final_only.progress.latest_value) == (29, 20)


def test_catalogue_figures_are_used_when_the_indicator_has_none(shanghai):
    plan = Plan.objects.create(title="甲", area=shanghai["jinshan"], period_start=2021, period_end=2025)
    add_indicator(
        plan, "高企数", unit="家", category="", source="", target=200, baseline=100, catalog="HNTE_COUNT"
    )
    entry = CatalogIndicator.objects.get(code="HNTE_COUNT")
    for year, value in ((2021, 130), (2022, 150)):
        record_observation(
            catalog=entry, area=shanghai["jinshan"], period=str(year), value=value, source="registry"
        )

    row = judge_plan(plan, as_of=AS_OF)[0]

    assert (row.points_source, row.progress.latest_value, row.progress.latest_period) == (
        "catalog",
        150,
        "2022",
    )


def test_relative_target_compares_with_the_parent_area(shanghai):
    plan = Plan.objects.create(title="乙", area=shanghai["jinshan"], period_start=2021, period_end=2025)
    add_indicator(
        plan,
        "研发强度",
        unit="%",
        category="",
        source="",
        target=None,
        comparator="relative",
        figures={2022: 2.0, 2023: 2.2},
        catalog="RD_INTENSITY",
    )
    entry = CatalogIndicator.objects.get(code="RD_INTENSITY")
    for year, value in ((2022, 4.0), (2023, 4.1)):
        record_observation(
            catalog=entry, area=shanghai["city"], period=str(year), value=value, source="statistics"
        )

    row = judge_plan(plan, as_of=AS_OF)[0]

    assert [p.value for p in row.comparator_points] == [4.0, 4.1]
    assert row.progress.status_code not in ("no_data", "not_applicable")


def test_administrator_thresholds_change_the_status(shanghai):
    plan = build_plan(shanghai["jinshan"])
    ProgressSettings(thresholds={**Thresholds().to_dict(), "ahead": 1.5}).save()

    rows = judge_plan(plan, as_of=AS_OF)

    assert load_thresholds().ahead == 1.5
    assert rows[0].status_code == "on_track"


def test_invalid_stored_thresholds_fall_back_to_defaults(shanghai):
    ProgressSettings(thresholds={"ahead": 0.1, "on_track": 0.9}).save()

    assert load_thresholds() == Thresholds()


def test_query_count_does_not_grow_with_the_plan(shanghai, django_assert_num_queries):
    small = Plan.objects.create(title="小", area=shanghai["jinshan"], period_start=2021, period_end=2025)
    add_indicator(small, "一", unit="家", category="", source="", target=10, figures={2022: 3})
    big = build_plan(shanghai["jinshan"])
    small, big = (Plan.objects.select_related("area").get(pk=p.pk) for p in (small, big))

    with django_assert_num_queries(3):
        judge_plan(small, as_of=AS_OF)
    with django_assert_num_queries(3):
        judge_plan(big, as_of=AS_OF)


def test_judge_all_agrees_with_judge_plan(shanghai):
    plan = build_plan(shanghai["jinshan"])

    everything = judge_all(AS_OF)
    statuses_only = judge_all(AS_OF, forecast=False)

    one = judge_plan(plan, as_of=AS_OF, with_previous=False)
    assert [r.progress for r in everything] == [r.progress for r in one]
    assert [r.status_code for r in statuses_only] == [r.status_code for r in one]
    assert all(r.progress.forecast_value is None for r in statuses_only)


def test_year_before_handles_the_leap_day():
    assert year_before(dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)


def test_parallel_judging_gives_the_same_judgements_in_the_same_order(shanghai, monkeypatch):
    from kechuang.observations import judging_pool

    build_plan(shanghai["jinshan"])
    build_plan(shanghai["songjiang"])
    monkeypatch.setattr(judging_pool, "MIN_PARALLEL_TARGETS", 1)

    serial = judge_all(AS_OF, workers=1)
    parallel = judge_all(AS_OF, workers=2)

    assert [r.spec.target_id for r in parallel] == [r.spec.target_id for r in serial]
    assert [r.progress for r in parallel] == [r.progress for r in serial]
