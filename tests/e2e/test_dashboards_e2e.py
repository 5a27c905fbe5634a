"""The staff dashboards in a browser on the demo data: a click on a status segment or tile of the
overview lands on the list behind it, and the dashboards fit a phone's width (390 px) for the
district administrator and the town liaison. Screenshots go to $KECHUANG_SHOTS when set."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-demo-123"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def demo(django_user_model):
    from kechuang.demo.loader import load_demo
    from kechuang.tenancy.models import Area

    load_demo()
    for user in django_user_model.objects.filter(username__in=["district", "liaison"]):
        user.set_password(PASSWORD)
        user.save()
    return {"town": Area.objects.get(code="310116002")}  # the liaison's town, 枫泾镇


def _log_in(browser_page, username: str, size: dict) -> object:
    page = browser_page.page
    page.set_viewport_size(size)
    browser_page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def test_a_click_on_a_status_segment_opens_the_targets_of_that_status(browser_page, demo):
    page = _log_in(browser_page, "district", DESKTOP)
    browser_page.goto("/monitor/")
    segment = page.locator("div.stacked-bar a.seg").first
    code, count = segment.get_attribute("data-status"), int(segment.inner_text())
    segment.click()
    page.wait_for_load_state("networkidle")
    rows = page.locator("table.overview tbody tr[data-status]")

    assert f"status={code}" in page.url
    assert rows.count() == count
    assert set(rows.evaluate_all("rs => rs.map(r => r.dataset.status)")) == {code}
    assert page.locator(f'ul.status-counts li.current[data-status="{code}"]').count() == 1
    assert browser_page.console_errors == []
    assert browser_page.offsite == []


def test_a_click_on_a_status_tile_keeps_the_plans_with_that_status(browser_page, demo):
    page = _log_in(browser_page, "district", DESKTOP)
    browser_page.goto("/monitor/")
    tile = page.locator("ul.status-counts li.linked a").first
    code = tile.get_attribute("data-status")
    tile.click()
    page.wait_for_load_state("networkidle")
    words = page.locator("table.monitor-plans tbody tr")
    plans_with_code = page.locator(f'table.monitor-plans tbody tr:has(a.seg[data-status="{code}"])')

    assert f"status={code}" in page.url
    assert words.count() == plans_with_code.count() > 0
    page.locator(f'table.monitor-plans a.seg[data-status="{code}"]').first.click()
    page.wait_for_load_state("networkidle")
    assert set(
        page.locator("table.overview tbody tr[data-status]").evaluate_all(
            "rs => rs.map(r => r.dataset.status)"
        )
    ) == {code}


@pytest.mark.parametrize("username", ["district", "liaison"])
def test_dashboards_fit_a_phone_and_draw_their_charts(browser_page, demo, username):
    from django.contrib.auth import get_user_model

    from kechuang.plans.access import monitored_plans

    user = get_user_model().objects.get(username=username)
    plan = monitored_plans(user).order_by("-period_end", "title").first()
    pages = {
        "overview": "/monitor/",
        "compare": "/monitor/compare/",
        "compare-towns": "/monitor/compare/?catalog=CARRIERS",  # the demo's towns report carriers
        "area": f"/monitor/areas/{demo['town'].pk}/",
    }
    if plan is not None:
        pages["plan"] = f"/monitor/plans/{plan.pk}/"
    shots = os.environ.get("KECHUANG_SHOTS")
    too_wide, statuses = {}, {}
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page = _log_in(browser_page, username, size)
        for name, path in pages.items():
            response = browser_page.goto(path)
            page.wait_for_load_state("networkidle")
            statuses[(label, name)] = response.status
            if label == "phone" and page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]:
                too_wide[name] = page.evaluate("document.documentElement.scrollWidth")
            if shots:
                Path(shots).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=f"{shots}/{username}-{name}-{label}.png", full_page=True)
        page.context.clear_cookies()

    assert set(statuses.values()) == {200}
    assert too_wide == {}
    assert browser_page.console_errors == []
    assert browser_page.offsite == []
