"""Each role's day, in Chromium from the home page: what the issue calls done for everyday work."""

from __future__ import annotations

import pytest

from tests.access.world import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-roles-e2e-1"


@pytest.fixture
def world(django_user_model):
    w = build_world(django_user_model)
    for user in w.users.values():
        if user is not None:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
    return w


def _login(browser_page, username: str, *, phone: bool = False) -> object:
    page = browser_page.page
    if phone:
        page.set_viewport_size({"width": 390, "height": 844})
    browser_page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def test_liaison_sees_their_towns_tasks_and_carriers_from_the_home_page(browser_page, world):
    page = _login(browser_page, "liaison_here")
    home = page.locator("main").inner_text()
    assert world.town.name in home
    assert world.carrier.name in home and world.other_carrier.name not in home
    page.click(f"text={world.district_plan.plan.title}")  # the district plan's task naming the town
    page.wait_for_load_state("networkidle")
    board = page.locator("main").inner_text()
    assert world.district_plan.task.goal in board
    page.go_back()
    page.click(f"main >> text={world.carrier.name}")
    page.wait_for_load_state("networkidle")
    assert world.carrier.name in page.locator("h1").inner_text()
    assert browser_page.console_errors == [] and browser_page.offsite == []
