"""Plan pages through the real HTTP stack (Django's test client)."""

from __future__ import annotations

import pytest

from kechuang.observations.domain import record_observation
from kechuang.plans.transfer import import_plan
from tests.conftest import gold_files, load_gold

pytestmark = pytest.mark.django_db
GOLDS = gold_files()


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/plans/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/plans/")


def test_login_page_is_chinese(client):
    response = client.get("/login/")

    assert "登录" in response.content.decode()


@pytest.mark.skipif(not GOLDS, reason="../shared/gold is not beside the repository")
def test_plan_list_and_detail_show_real_data(admin_client, shanghai, django_assert_max_num_queries):
    gold = load_gold(GOLDS[0])
    plan = import_plan(gold)
    indicator = plan.indicators.get(name="高新技术企业总数")
    record_observation(indicator=indicator, area=plan.area, period="2023", value=1234, source="statistics")

    listing = admin_client.get("/plans/").content.decode()
    with django_assert_max_num_queries(12):
        detail = admin_client.get(f"/plans/{plan.pk}/").content.decode()

    assert gold["document"]["title"] in listing
    assert "创新主体" in detail  # category heading
    assert "预期性" in detail
    assert "1,500" in detail  # 2025 target
    assert "1,234（2023）" in detail  # latest recorded value
    assert "15.7（2015年）" in detail  # baseline of a completion-table row


@pytest.mark.skipif(not GOLDS, reason="../shared/gold is not beside the repository")
def test_detail_lists_tasks_with_owners(admin_client, shanghai):
    plan = import_plan(load_gold(GOLDS[2]))

    page = admin_client.get(f"/plans/{plan.pk}/").content.decode()

    assert "碳谷绿湾" in page
    assert page.count('class="owner"') == sum(len(t["owners"]) for t in load_gold(GOLDS[2])["tasks"])


def test_plan_list_query_count_does_not_grow(admin_client, shanghai, django_assert_num_queries):
    from kechuang.plans.models import Plan

    Plan.objects.create(title="甲", area=shanghai["jinshan"], period_start=2021, period_end=2025)
    with django_assert_num_queries(4):  # +1: the header's unread-notification count
        admin_client.get("/plans/")
    for title in ("乙", "丙"):
        Plan.objects.create(title=title, area=shanghai["jinshan"], period_start=2021, period_end=2025)
    with django_assert_num_queries(4):  # +1: the header's unread-notification count
        admin_client.get("/plans/")


def test_admin_is_chinese(admin_client):
    page = admin_client.get("/admin/").content.decode()

    assert "科创" in page
    assert "规划" in page


def test_detail_marks_a_task_past_its_deadline_as_overdue(admin_client, shanghai):
    """Nobody reported on it: the stored status is 未启动, but the deadline year is over."""
    from kechuang.plans.models import Plan, Task

    plan = Plan.objects.create(
        title="朱泾镇科技创新行动方案",
        area=shanghai["town"],
        period_start=2021,
        period_end=2023,
        status="published",
    )
    Task.objects.create(plan=plan, position=1, goal="建成镇级孵化器", deadline=2023)

    page = admin_client.get(f"/plans/{plan.pk}/").content.decode()

    assert '<strong class="overdue">逾期</strong> 0%' in page
    assert "未启动" not in page
