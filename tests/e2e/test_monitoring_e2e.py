"""Journeys in a real browser: log in, overview with counts, indicator chart, public page."""

from __future__ import annotations

import pytest

from kechuang.plans.catalog import seed_catalog
from kechuang.plans.models import Indicator
from tests.monitor.builders import AS_OF, build_plan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan(shanghai, admin_user):
    seed_catalog()  # transactional tests flush the catalogue the migration seeded
    return build_plan(shanghai["jinshan"])


def test_log_in_open_overview_and_indicator_chart(browser_page, plan):
    page = browser_page.page
    browser_page.goto("/login/")
    page.fill("input[name=username]", "chief")
    page.fill("input[name=password]", "pw-chief-123")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")

    browser_page.goto(f"/monitor/plans/{plan.pk}/?at={AS_OF.isoformat()}")
    counts = {
        el.get_attribute("data-status"): int(el.query_selector(".count").inner_text())
        for el in page.query_selector_all("ul.status-counts li")
    }
    page.click("text=高新技术企业数")
    page.wait_for_selector("#indicator-chart[data-rendered=true] canvas")
    canvas = page.query_selector("#indicator-chart canvas")
    box = canvas.bounding_box()

    assert counts["ahead"] == 1
    assert counts["seriously_behind"] == 1
    assert counts["no_data"] == 1
    assert page.title().startswith("高新技术企业数")
    assert box["width"] > 300 and box["height"] > 200
    assert browser_page.console_errors == []
    assert browser_page.offsite == []


def test_compare_chart_renders_without_network(browser_page, plan, admin_user):
    page = browser_page.page
    browser_page.goto("/login/")
    page.fill("input[name=username]", "chief")
    page.fill("input[name=password]", "pw-chief-123")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")

    browser_page.goto(f"/monitor/compare/?catalog=RD_INTENSITY&at={AS_OF.isoformat()}")
    page.wait_for_selector("#compare-chart[data-rendered=true] canvas")

    assert "金山区" in page.inner_text("table.compare")
    assert browser_page.console_errors == []
    assert browser_page.offsite == []


def test_public_page_without_login_shows_no_provisional_figure(browser_page, plan):
    page = browser_page.page
    response = browser_page.goto(f"/public/plans/{plan.pk}/?at=2025-01-15")
    text = page.inner_text("main")
    giants = Indicator.objects.get(plan=plan, name="科技小巨人企业")

    assert response.status == 200
    assert page.url.endswith(f"/public/plans/{plan.pk}/?at=2025-01-15")  # not sent to the login page
    assert giants.name in text
    assert "20（2023）" in text
    assert "29" not in text.split()
    assert "29（2024）" not in text
    assert "退出" not in page.inner_text("header")
    assert browser_page.console_errors == []
