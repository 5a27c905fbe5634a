"""In a real browser: 导出 Excel downloads a workbook, a chart offers 保存图片, and printing hides the
navigation, filters and export links but keeps the table (issue 12)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kechuang.plans.catalog import seed_catalog
from tests.monitor.builders import AS_OF, build_plan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan(shanghai, admin_user):
    seed_catalog()  # transactional tests flush the catalogue the migration seeded
    return build_plan(shanghai["jinshan"])


def _log_in(browser_page) -> None:
    page = browser_page.page
    browser_page.goto("/login/")
    page.fill("input[name=username]", "chief")
    page.fill("input[name=password]", "pw-chief-123")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_clicking_export_excel_downloads_the_plans_table(browser_page, plan):
    page = browser_page.page
    _log_in(browser_page)
    browser_page.goto(f"/monitor/plans/{plan.pk}/?at={AS_OF.isoformat()}&status=seriously_behind")

    with page.expect_download() as info:
        page.click("text=导出 Excel")
    download = info.value
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active

    assert download.suggested_filename.endswith(".xlsx")
    assert plan.title in download.suggested_filename
    assert sheet["A1"].value == "指标"
    assert sheet["A2"].value == "研发经费投入强度"
    assert sheet["A3"].value is None  # only the filtered row
    assert browser_page.console_errors == []


def test_a_chart_offers_save_as_png_and_printing_shows_only_the_content(browser_page, plan):
    page = browser_page.page
    _log_in(browser_page)
    browser_page.goto(f"/monitor/compare/?catalog=RD_INTENSITY&at={AS_OF.isoformat()}")
    page.wait_for_selector("#compare-chart[data-rendered=true] canvas")

    save = page.evaluate(
        "echarts.getInstanceByDom(document.getElementById('compare-chart')).getOption().toolbox[0].feature.saveAsImage"
    )
    page.emulate_media(media="print")

    assert save["title"] == "保存图片" and save["type"] == "png"
    assert not page.is_visible("header.topbar")
    assert not page.is_visible("form.filters")
    assert not page.is_visible(".export-links")
    assert page.is_visible("table.compare")
    assert page.is_visible("#compare-chart canvas")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('table.compare tr')).breakInside") == "avoid"
    )
    page.emulate_media(media="screen")
    assert page.is_visible("header.topbar") and page.is_visible(".export-links")
    assert browser_page.console_errors == []
    assert browser_page.offsite == []
