"""In a real browser: a plan's task chapter offered on the review page, 全选, and two accepted with owners."""

from __future__ import annotations

import pytest

from kechuang.plans.models import Plan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DOCUMENT = """金山区科技创新三年行动方案（2024—2026年）

一、主要目标
到2026年，高新技术企业数量达到1200家。

二、重点任务

（一）建设科技企业孵化器
支持各镇（园区）建设孵化器，提升孵化能级。

（二）培育科技型中小企业
实施科技型中小企业梯度培育计划。

（三）深化产学研合作
推动企业与高校共建研发平台。

三、保障措施

（一）加强组织领导
成立工作领导小组。
"""


def test_two_suggestions_accepted_with_owners_from_the_review_page(
    browser_page, shanghai, admin_user, tmp_path
):
    document = tmp_path / "方案.txt"
    document.write_text(DOCUMENT, encoding="utf-8")
    page = browser_page.page
    browser_page.goto("/login/")
    page.fill("input[name=username]", "chief")
    page.fill("input[name=password]", "pw-chief-123")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    browser_page.goto("/plans/upload/")
    page.set_input_files("input[type=file]", str(document))
    page.select_option("select[name=area]", label="金山区")
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    plan = Plan.objects.get()
    accept = page.locator("button[data-accept-suggestions]")

    rows = page.locator("#suggestions tbody tr:not(.s-group)")
    offered = rows.count()
    disabled_at_first = accept.is_disabled()
    page.check("input[data-suggest-all]")
    all_count = page.inner_text("[data-suggest-count]")
    page.uncheck("input[data-suggest-all]")
    rows.nth(0).locator("input[type=text]").fill("区科委、各镇（园区）")
    rows.nth(0).locator("input[type=text]").press("Tab")  # filling a row ticks it
    rows.nth(1).locator("select").select_option("2025")
    typed_count = page.inner_text("[data-suggest-count]")
    page.once("dialog", lambda dialog: dialog.accept())
    accept.click()
    page.wait_for_load_state("networkidle")

    assert (offered, disabled_at_first, all_count, typed_count) == (3, True, "3", "2")
    tasks = [(t.goal, t.owner_names, t.deadline) for t in plan.tasks.order_by("position")]
    assert tasks == [
        ("建设科技企业孵化器", ["区科委", "各镇（园区）"], 2026),
        ("培育科技型中小企业", [], 2025),
    ]
    assert "已采纳 2 项建议任务" in page.inner_text("main")
    assert page.locator("#suggestions tbody tr:not(.s-group)").count() == 1
    assert browser_page.console_errors == []
    assert browser_page.offsite == []
