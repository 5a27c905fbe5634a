"""The public site in a real browser, network unplugged: an indicator's chart draws and its CSV
downloads; no public page scrolls sideways in a 390 px window."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.public.conftest import public_plan  # noqa: F401 - the fixture

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_indicator_page_draws_its_chart_and_downloads_its_csv(browser_page, public_plan):  # noqa: F811
    page = browser_page.page
    browser_page.goto(f"/public/plans/{public_plan.pk}/")
    page.click(f"a[href='/public/indicators/{public_plan.hnte.pk}/']")
    page.wait_for_selector("#indicator-chart[data-rendered=true] canvas")
    assert page.locator("table.public-figures tbody tr").count() == 2
    with page.expect_download() as info:
        page.click("p.downloads a:text-is('CSV')")
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["2021", "2022"]
    assert browser_page.console_errors == []
    assert browser_page.offsite == []


def test_public_site_fits_a_phone(browser_page, public_plan):  # noqa: F811
    page = browser_page.page
    page.set_viewport_size(PHONE)
    paths = [
        "/public/",
        f"/public/plans/{public_plan.pk}/",
        f"/public/indicators/{public_plan.hnte.pk}/",
        f"/public/indicators/{public_plan.rd.pk}/",
        "/public/method/",
    ]
    too_wide = {}
    for path in paths:
        response = browser_page.goto(path)
        page.wait_for_load_state("networkidle")
        assert response.status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[path] = width
    assert too_wide == {}
    assert browser_page.console_errors == []
    assert browser_page.offsite == []
