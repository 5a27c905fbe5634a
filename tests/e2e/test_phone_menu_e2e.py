"""On a phone-sized window the header's links fold into 菜单 and open with one tap."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_header_folds_into_a_menu_on_a_phone_and_opens_on_a_tap(browser_page, admin_user):
    page = browser_page.page
    page.set_viewport_size({"width": 390, "height": 844})
    browser_page.goto("/login/")
    page.fill("input[name=username]", "chief")
    page.fill("input[name=password]", "pw-chief-123")
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")

    plans_link = page.locator("header nav a", has_text="规划").first
    hidden_before = not plans_link.is_visible()
    header_height = page.locator("header").bounding_box()["height"]
    page.click("label.menu-button")
    shown_after = plans_link.is_visible()
    plans_link.click()
    page.wait_for_load_state("networkidle")

    assert hidden_before and header_height < 80  # one line: the brand and 菜单
    assert shown_after and page.url.endswith("/plans/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert browser_page.console_errors == []

    page.set_viewport_size({"width": 1280, "height": 800})
    assert page.locator("header nav a", has_text="规划").first.is_visible()
    assert not page.locator("label.menu-button").is_visible()
