"""/api/docs renders with the network unplugged (every off-site request is blocked), and the token
page creates a token shown once, usable at once, on a desktop and a phone."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(browser_page) -> object:
    page = browser_page.page
    browser_page.goto("/login/")
    page.fill("input[name=username]", "chief")
    page.fill("input[name=password]", "pw-chief-123")
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def test_the_api_docs_render_with_every_off_site_request_blocked(browser_page, admin_user):
    page = _login(browser_page)

    browser_page.goto("/api/docs")
    page.wait_for_selector("text=规划列表", timeout=15_000)
    page.wait_for_load_state("networkidle")

    assert page.locator(".opblock").count() > 30  # every operation is listed
    assert browser_page.offsite == []
    assert browser_page.console_errors == []


@pytest.mark.parametrize("width", [1280, 390])
def test_a_token_is_created_shown_once_and_listed(browser_page, admin_user, width, tmp_path):
    page = browser_page.page
    page.set_viewport_size({"width": width, "height": 900})
    _login(browser_page)
    browser_page.goto("/account/tokens/")
    page.fill("input[name=name]", "园区填报系统")
    page.select_option("select[name=days]", "30")
    page.click("form.token-form button[type=submit]")
    page.wait_for_load_state("networkidle")

    secret = page.locator("code.secret").inner_text()
    page.screenshot(path=str(tmp_path / f"tokens_{width}.png"), full_page=True)  # to look at

    assert secret.startswith("kc_")
    assert page.locator("table.tokens tbody tr").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert browser_page.offsite == [] and browser_page.console_errors == []
