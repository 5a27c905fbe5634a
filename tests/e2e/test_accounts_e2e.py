"""The district administrator's account and area pages, and 忘记密码, in a real browser at desktop and
phone width: Chinese only, nothing wider than the screen; screenshots kept for review."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.access.world import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-accounts-123"
SHOTS = Path(os.environ.get("KECHUANG_SHOTS", "/tmp/kechuang-shots"))


@pytest.fixture
def world(django_user_model):
    w = build_world(django_user_model)
    admin = w.users["admin_here"]
    admin.set_password(PASSWORD)
    admin.first_name = "金山区管理员"
    admin.save()
    return w


def _log_in(browser_page, username: str) -> object:
    page = browser_page.page
    browser_page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


@pytest.mark.parametrize("width", [1280, 390])
def test_accounts_area_import_and_password_reset_pages(browser_page, world, tmp_path, width):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser_page.page
    page.set_viewport_size({"width": width, "height": 900})

    browser_page.goto("/password/reset/")
    assert "找回密码" in page.inner_text("main")
    page.screenshot(path=str(SHOTS / f"password_reset_{width}.png"), full_page=True)

    page = _log_in(browser_page, "admin_here")
    browser_page.goto("/users/")
    text = page.inner_text("main")
    # On a phone the e-mail column gives way, but the e-mail stays under the name: many accounts
    # have no name, and the administrator must still tell them apart before locking one.
    assert "liaison_here@example.org" in text and "锁定" in text
    row = page.locator("tr:has-text('liaison_here@example.org')")
    assert row.inner_text().count("liaison_here@example.org") == 1
    assert row.locator("button[value=lock]").is_visible()
    page.screenshot(path=str(SHOTS / f"users_{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.click("tr:has-text('liaison_here@example.org') button[value=lock]")
    page.wait_for_load_state("networkidle")
    assert "已锁定账号" in page.inner_text("main") and "已锁定" in page.inner_text("table")

    browser_page.goto("/areas/import/")
    table = tmp_path / "地区.csv"
    table.write_text(
        "code,name,kind,parent\n310116900,金山科创园,园区,310116\n310116001,朱泾镇（新）,街镇,310116\n",
        encoding="utf-8",
    )
    page.set_input_files("input[type=file]", str(table))
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "尚未写入任何数据" in page.inner_text("main")
    page.screenshot(path=str(SHOTS / f"area_preview_{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.click("button[value=confirm]")
    page.wait_for_load_state("networkidle")
    assert "导入完成：新增 1 个，更新 1 个" in page.inner_text("main")

    assert browser_page.console_errors == []
    assert browser_page.offsite == []
