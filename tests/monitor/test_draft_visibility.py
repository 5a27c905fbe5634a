"""Issue 8, finding 3: a draft plan is its reviewers' only, on every page.

A draft is the reader's unreviewed output. Its reviewers — those who may change its area
(district administrators and liaisons there, superusers) — see it everywhere; a viewer or a
carrier operator gets 404 for the draft, its indicators, tasks, figures and import template,
never meets its title in a list or a comparison, and its figures judge nothing they see.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from kechuang.observations.models import Observation
from kechuang.plans.enums import PlanStatus
from kechuang.registry.domain import save_carrier
from kechuang.tenancy.models import Membership, Role
from tests.monitor.builders import AS_OF, add_indicator, build_plan

pytestmark = pytest.mark.django_db
AT = f"?at={AS_OF.isoformat()}"
DRAFT_TITLE = "金山区科技创新行动方案（未审读取稿）"
PUBLISHED_TITLE = "金山区科技创新“十四五”规划"
DRAFT_FIGURE = "43.21"


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    # Five users per test; Django's default PBKDF2 would spend most of the run hashing passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def plans(shanghai):
    """A published plan and a draft in 金山区; both judge 技术合同成交额 by its catalogue entry,
    and only the draft holds a figure for it."""
    published = build_plan(shanghai["jinshan"], title=PUBLISHED_TITLE)
    draft = build_plan(shanghai["jinshan"], title=DRAFT_TITLE, status=PlanStatus.DRAFT)
    shared = add_indicator(
        published, "技术合同成交额（全区）", unit="亿元", category="成果转化", source="区科委", target=60,
        catalog="TECH_CONTRACT_TURNOVER",
    )  # fmt: skip
    add_indicator(
        draft, "技术合同成交额（读取）", unit="亿元", category="成果转化", source="区科委", target=60,
        catalog="TECH_CONTRACT_TURNOVER", figures={2023: float(DRAFT_FIGURE)},
    )  # fmt: skip
    return {"published": published, "draft": draft, "shared": shared}


def _user(name: str, role: str | None, area=None, carrier=None, superuser: bool = False):
    model = get_user_model()
    if superuser:
        return model.objects.create_superuser(name, f"{name}@example.org", f"pw-{name}-123")
    user = model.objects.create_user(name, password=f"pw-{name}-123")
    if role:
        Membership.objects.create(user=user, role=role, area=area or carrier.area, carrier=carrier)
    return user


@pytest.fixture
def people(shanghai):
    carrier, _ = save_carrier(
        acting_user=None, name="朱泾孵化器", kind="incubator", level="district", area=shanghai["town"]
    )
    return {
        "viewer": _user("viewer", Role.VIEWER, shanghai["jinshan"]),
        "operator": _user("operator", Role.CARRIER_OPERATOR, carrier=carrier),
        "liaison": _user("liaison", Role.LIAISON, shanghai["jinshan"]),
        "admin": _user("district", Role.DISTRICT_ADMIN, shanghai["jinshan"]),
        "superuser": _user("chief", None, superuser=True),
    }


def _draft_urls(plans) -> list[str]:
    draft = plans["draft"]
    indicator = draft.indicators.order_by("position").first()
    task = draft.tasks.order_by("position").first()
    figure = Observation.objects.filter(indicator__plan=draft).order_by("pk").first()
    return [
        f"/plans/{draft.pk}/",
        f"/monitor/plans/{draft.pk}/{AT}",
        f"/monitor/plans/{draft.pk}/tasks/",
        f"/monitor/indicators/{indicator.pk}/{AT}",
        f"/observations/plans/{draft.pk}/",
        f"/observations/plans/{draft.pk}/template.xlsx",
        f"/observations/{figure.pk}/history/",
        f"/observations/tasks/{task.pk}/update/",
    ]


LIST_URLS = [f"/monitor/{AT}", f"/monitor/alerts/{AT}", f"/monitor/compare/{AT}", "/plans/", "/public/"]


@pytest.mark.parametrize("who", ["viewer", "operator"])
def test_every_draft_url_is_404_to_those_who_do_not_review_it(client, plans, people, who):
    client.force_login(people[who])

    statuses = {url: client.get(url).status_code for url in _draft_urls(plans)}

    assert statuses == {url: 404 for url in statuses}


@pytest.mark.parametrize("who", ["viewer", "operator"])
@pytest.mark.parametrize("url", LIST_URLS)
def test_no_list_or_comparison_names_the_draft(client, plans, people, who, url):
    client.force_login(people[who])

    response = client.get(url)

    assert response.status_code == 200
    assert DRAFT_TITLE not in response.content.decode()


def test_the_viewer_still_sees_the_published_plan_in_the_same_lists(client, plans, people):
    client.force_login(people["viewer"])

    for url in (f"/monitor/{AT}", f"/monitor/alerts/{AT}", f"/monitor/compare/{AT}"):
        assert PUBLISHED_TITLE in client.get(url).content.decode(), url


def test_comparing_by_the_drafts_catalogue_entry_shows_only_published_plans(client, plans, people):
    client.force_login(people["viewer"])

    body = client.get(f"/monitor/compare/{AT}&catalog=TECH_CONTRACT_TURNOVER").content.decode()

    assert PUBLISHED_TITLE in body and DRAFT_TITLE not in body


def test_a_drafts_figures_do_not_judge_what_a_viewer_sees(client, plans, people):
    """The published indicator has no figure of its own; the draft's 43.21 must not stand in for one."""
    client.force_login(people["viewer"])

    body = client.get(f"/monitor/indicators/{plans['shared'].pk}/{AT}").content.decode()

    assert DRAFT_FIGURE not in body


def test_the_public_page_judges_without_draft_figures(client, plans):
    body = client.get(f"/public/plans/{plans['published'].pk}/{AT}").content.decode()

    assert DRAFT_FIGURE not in body and DRAFT_TITLE not in body


@pytest.mark.parametrize("who", ["liaison", "admin", "superuser"])
def test_reviewers_still_see_the_draft_everywhere(client, plans, people, who):
    client.force_login(people[who])

    statuses = {url: client.get(url).status_code for url in _draft_urls(plans)}
    monitor = client.get(f"/monitor/{AT}").content.decode()
    alerts = client.get(f"/monitor/alerts/{AT}").content.decode()
    figure = client.get(f"/monitor/indicators/{plans['shared'].pk}/{AT}").content.decode()

    assert statuses == {url: 200 for url in statuses}
    assert DRAFT_TITLE in monitor and DRAFT_TITLE in alerts
    assert DRAFT_FIGURE in figure  # the reviewer weighs the reader's figure while checking it


def test_a_liaison_of_another_district_does_not_review_it(client, plans, shanghai):
    client.force_login(_user("sj", Role.LIAISON, shanghai["songjiang"]))

    statuses = {url: client.get(url).status_code for url in _draft_urls(plans)}

    assert statuses == {url: 404 for url in statuses}
