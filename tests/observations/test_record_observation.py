"""Every change to a figure keeps the old value, who changed it and when."""

from __future__ import annotations

import pytest

from kechuang.observations.domain import ObservationError, record_observation
from kechuang.observations.models import Observation
from kechuang.plans.models import Indicator, Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(shanghai):
    plan = Plan.objects.create(title="规划", area=shanghai["jinshan"], period_start=2021, period_end=2025)
    return Indicator.objects.create(plan=plan, name="高新技术企业数量", unit="家")


def test_first_record_creates_with_a_revision(indicator, shanghai, admin_user):
    result = record_observation(
        indicator=indicator,
        area=shanghai["jinshan"],
        period="2023Q2",
        value=10,
        source="manual",
        acting_user=admin_user,
    )

    obs = result.observation
    assert (obs.period, obs.period_kind, obs.year, str(obs.period_end)) == (
        "2023Q2",
        "quarter",
        2023,
        "2023-06-30",
    )
    assert [(r.action, r.old_value, r.new_value, r.changed_by_name) for r in obs.revisions.all()] == [
        ("create", None, 10.0, "chief")
    ]


def test_correction_keeps_old_value(indicator, shanghai, admin_user):
    record_observation(
        indicator=indicator, area=shanghai["jinshan"], period="2023", value=10, source="manual"
    )

    record_observation(
        indicator=indicator,
        area=shanghai["jinshan"],
        period="2023",
        value=12,
        source="statistics",
        reason="统计局更正",
        acting_user=admin_user,
    )

    obs = Observation.objects.get()
    assert obs.value == 12
    latest = obs.revisions.first()
    assert (latest.old_value, latest.new_value, latest.old_source, latest.new_source, latest.reason) == (
        10.0,
        12.0,
        "manual",
        "statistics",
        "统计局更正",
    )
    assert obs.revisions.count() == 2


def test_identical_resubmission_writes_nothing(indicator, shanghai):
    record_observation(
        indicator=indicator, area=shanghai["jinshan"], period="2023", value=10, source="manual"
    )

    result = record_observation(
        indicator=indicator, area=shanghai["jinshan"], period="2023", value=10, source="manual"
    )

    assert result.changed is False
    assert result.observation.revisions.count() == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"value": float("nan")}, "不是有效数字"),
        ({"value": "12"}, "不是有效数字"),
        ({"source": "rumour"}, "来源“rumour”无效"),
        ({"period": "2023-13"}, "月份无效"),
        ({"period": "1800"}, "超出合理范围"),
        ({"period": "去年"}, "无法识别"),
    ],
)
def test_bad_figures_are_refused(indicator, shanghai, kwargs, message):
    args = {
        "indicator": indicator,
        "area": shanghai["jinshan"],
        "period": "2023",
        "value": 1,
        "source": "manual",
    }
    args.update(kwargs)

    with pytest.raises(ValueError, match=message):
        record_observation(**args)

    assert Observation.objects.count() == 0


def test_observation_needs_an_indicator_or_catalogue_entry(shanghai):
    with pytest.raises(ObservationError, match="必须指定指标或标准指标"):
        record_observation(area=shanghai["jinshan"], period="2023", value=1, source="manual")
