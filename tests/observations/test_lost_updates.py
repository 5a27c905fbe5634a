"""Two people correcting the same figure: the second is shown both values and asked, never silently overwritten."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from kechuang.observations.domain import StaleObservation, record_observation
from kechuang.observations.models import Observation, ObservationRevision
from kechuang.plans.enums import PlanStatus
from kechuang.plans.models import Indicator, Plan
from kechuang.tenancy.models import Membership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(shanghai):
    plan = Plan.objects.create(
        title="金山区科技创新规划",
        area=shanghai["jinshan"],
        period_start=2021,
        period_end=2025,
        status=PlanStatus.PUBLISHED,
    )
    Indicator.objects.create(plan=plan, name="高新技术企业数量", unit="家", position=1)
    return plan


@pytest.fixture
def indicator(plan):
    return plan.indicators.get()


def person(django_user_model, username: str, full_name: str, area) -> Client:
    user = django_user_model.objects.create_user(username, first_name=full_name)
    Membership.objects.create(user=user, role=Role.LIAISON, area=area)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def zhang(django_user_model, shanghai):
    return person(django_user_model, "zhang", "张三", shanghai["jinshan"])


@pytest.fixture
def li(django_user_model, shanghai):
    return person(django_user_model, "li", "李四", shanghai["jinshan"])


def open_form(client: Client, plan, indicator, period: str = "2023") -> dict:
    """What the browser holds after following a correction link: the form's fields, hidden version included."""
    page = client.get(
        f"/observations/plans/{plan.pk}/?indicator={indicator.pk}&area={plan.area_id}&period={period}"
    ).content.decode()
    version = re.search(r'name="version" value="(\d+)"', page)
    return {
        "indicator": indicator.pk,
        "area": plan.area_id,
        "period": period,
        "source": "statistics",
        "status": "final",
        "reason": "核对后更正",  # a correction says why (required)
        "version": version.group(1) if version else "",
    }


def resubmitted(page: str, form: dict) -> dict:
    """The re-rendered form as the browser would send it again."""
    return {**form, "version": re.search(r'name="version" value="(\d+)"', page).group(1)}


def test_second_correction_of_a_stale_figure_shows_both_values_and_saves_nothing(plan, indicator, zhang, li):
    record_observation(indicator=indicator, area=plan.area, period="2023", value=500, source="statistics")
    zhang_form = open_form(zhang, plan, indicator)
    li_form = open_form(li, plan, indicator)

    first = zhang.post(f"/observations/plans/{plan.pk}/", {**zhang_form, "value": "520"})
    second = li.post(f"/observations/plans/{plan.pk}/", {**li_form, "value": "512"})

    page = second.content.decode()
    assert first.status_code == 302
    assert second.status_code == 409
    assert re.search(
        r"该数据已被张三于 \d{4}-\d\d-\d\d \d\d:\d\d 修改为 520，您的输入为 512，请确认后重新保存", page
    )
    assert "当前已保存（张三" in page and "您的输入" in page and "确认以我的输入保存" in page
    obs = Observation.objects.get()
    assert obs.value == 520
    assert [r.changed_by_name for r in obs.revisions.all()] == ["张三", "系统"]


def test_confirming_after_the_conflict_saves_and_keeps_both_in_the_history(plan, indicator, zhang, li):
    record_observation(indicator=indicator, area=plan.area, period="2023", value=500, source="statistics")
    zhang_form = open_form(zhang, plan, indicator)
    li_form = open_form(li, plan, indicator)
    zhang.post(f"/observations/plans/{plan.pk}/", {**zhang_form, "value": "520"})
    conflict = li.post(f"/observations/plans/{plan.pk}/", {**li_form, "value": "512"})

    confirmed = li.post(
        f"/observations/plans/{plan.pk}/", {**resubmitted(conflict.content.decode(), li_form), "value": "512"}
    )

    assert confirmed.status_code == 302
    obs = Observation.objects.get()
    assert obs.value == 512
    assert list(obs.revisions.values_list("old_value", "new_value", "changed_by_name")) == [
        (520.0, 512.0, "李四"),
        (500.0, 520.0, "张三"),
        (None, 500.0, "系统"),
    ]


def test_two_people_adding_the_same_new_figure_the_second_is_asked(plan, indicator, zhang, li):
    zhang_form = open_form(zhang, plan, indicator, period="2024")
    li_form = open_form(li, plan, indicator, period="2024")
    assert zhang_form["version"] == "0"  # opened as a new figure

    zhang.post(f"/observations/plans/{plan.pk}/", {**zhang_form, "value": "30"})
    second = li.post(f"/observations/plans/{plan.pk}/", {**li_form, "value": "31"})

    assert second.status_code == 409
    assert "修改为 30，您的输入为 31" in second.content.decode()
    assert list(Observation.objects.values_list("value", flat=True)) == [30.0]


def test_the_same_value_twice_is_not_a_conflict(plan, indicator, zhang, li):
    record_observation(indicator=indicator, area=plan.area, period="2023", value=500, source="statistics")
    zhang_form = open_form(zhang, plan, indicator)
    li_form = open_form(li, plan, indicator)

    zhang.post(f"/observations/plans/{plan.pk}/", {**zhang_form, "value": "520"})
    second = li.post(f"/observations/plans/{plan.pk}/", {**li_form, "value": "520"}, follow=True)

    assert second.status_code == 200
    assert "数值未变" in second.content.decode()
    assert ObservationRevision.objects.count() == 2


def test_the_version_is_checked_inside_the_write(plan, indicator):
    """The domain refuses a stale version however it is called, and the row keeps the newer value."""
    created = record_observation(indicator=indicator, area=plan.area, period="2023", value=1, source="manual")
    record_observation(
        indicator=indicator, area=plan.area, period="2023", value=2, source="manual", expected_version=1
    )

    with pytest.raises(StaleObservation) as stale:
        record_observation(
            indicator=indicator, area=plan.area, period="2023", value=3, source="manual", expected_version=1
        )

    obs = Observation.objects.get(pk=created.observation.pk)
    assert (obs.value, obs.version) == (2.0, 2)
    assert (stale.value.current.value, stale.value.yours["value"]) == (2.0, 3.0)
