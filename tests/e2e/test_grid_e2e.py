"""The plan grid on a phone: the table scrolls inside its box with the indicator column fixed, and it saves."""

from __future__ import annotations

import pytest

from kechuang.observations.models import Observation
from kechuang.plans.models import Indicator, Plan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_grid_on_a_phone_keeps_the_indicator_column_and_saves_typed_cells(browser_page, admin_user, shanghai):
    plan = Plan.objects.create(
        title="金山区科技创新规划",
        area=shanghai["jinshan"],
        period_start=2021,
        period_end=2025,
        status="published",
    )
    hnte = Indicator.objects.create(plan=plan, name="高新技术企业数量", unit="家", position=1)
    Indicator.objects.create(plan=plan, name="全社会研发经费支出占全区生产总值的比例", unit="%", position=2)
    page = browser_page.page
    page.set_viewport_size({"width": 390, "height": 844})
    browser_page.goto("/login/")
    page.fill("input[name=username]", "chief")
    page.fill("input[name=password]", "pw-chief-123")
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")

    browser_page.goto(f"/observations/plans/{plan.pk}/grid/")
    name_cell = page.locator("table.grid tbody th.ind").first
    before = name_cell.bounding_box()["x"]
    page.evaluate("(b => { b.scrollLeft = b.scrollWidth; })(document.querySelector('.grid-scroll'))")
    after = name_cell.bounding_box()["x"]
    last_year_x = page.locator("table.grid thead th", has_text="2025年").bounding_box()["x"]

    assert (
        page.evaluate("document.documentElement.scrollWidth") <= 390
    )  # the page itself never scrolls sideways
    assert abs(after - before) < 1  # the indicator column stays where it was
    assert last_year_x < 390  # the last year came into view inside the box

    page.fill(f"input[name='v{hnte.pk}_2023']", "530")
    page.click(".grid-save button[type=submit]")
    page.wait_for_load_state("networkidle")

    assert "已保存 1 个单元格（新增 1，更正 0）" in page.content()
    assert list(Observation.objects.values_list("period", "value")) == [("2023", 530.0)]
    assert browser_page.console_errors == [] and browser_page.offsite == []
