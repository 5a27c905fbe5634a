"""In a real browser: a town's liaison uploads and submits a plan; the district publishes it with a
reason, revises it into a second version that the public page names with its date, then
withdraws it with a reason and it leaves the public page."""

from __future__ import annotations

import pytest

from kechuang.plans.catalog import seed_catalog
from kechuang.plans.models import Plan, Target
from kechuang.tenancy.models import Membership, Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DOCUMENT = """朱泾镇科技企业培育三年行动计划（2024—2026年）

一、主要目标
到2026年，科技型中小企业达到300家，高新技术企业达到120家。
"""


def _person(django_user_model, name: str, role: str, area) -> None:
    user = django_user_model.objects.create_user(name, password=f"pw-{name}-123")
    Membership.objects.create(user=user, role=role, area=area)


def _login(browser_page, name: str) -> None:
    page = browser_page.page
    browser_page.goto("/login/")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", f"pw-{name}-123")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def _confirm(page, reason: str, in_force_since: str = "") -> None:
    """Fill the confirmation page's reason (and date) and press its button."""
    page.wait_for_selector("form.confirm-form textarea[name=reason]")
    if in_force_since:
        page.fill("input[name=in_force_since]", in_force_since)
    page.fill("textarea[name=reason]", reason)
    page.click("form.confirm-form button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_submit_publish_revise_and_withdraw(browser_page, shanghai, django_user_model, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_catalog()  # transactional tests flush the catalogue the migration seeded
    _person(django_user_model, "zhujing", Role.LIAISON, shanghai["town"])
    _person(django_user_model, "jinshan", Role.DISTRICT_ADMIN, shanghai["jinshan"])
    document = tmp_path / "计划.txt"
    document.write_text(DOCUMENT, encoding="utf-8")
    page = browser_page.page

    # the town's liaison uploads and submits; there is no publish button for them
    _login(browser_page, "zhujing")
    browser_page.goto("/plans/upload/")
    page.set_input_files("input[type=file]", str(document))
    page.click("main button[type=submit]")
    page.wait_for_url("**/review/")
    assert page.locator("a.action.primary", has_text="发布").count() == 0
    page.click("button:has-text('提交区级审核')")
    page.wait_for_load_state("networkidle")
    plan = Plan.objects.get()
    submitted = page.inner_text("main")
    page.click("header button:has-text('退出')")
    page.wait_for_load_state("networkidle")

    # the district publishes it with a reason
    _login(browser_page, "jinshan")
    browser_page.goto(f"/plans/{plan.pk}/")
    page.click("a.action.primary:has-text('发布')")
    confirmation = page.inner_text("main")
    _confirm(page, "经区科委主任办公会审议通过", "2024-03-01")
    published = page.inner_text("main")
    page.click("details.life-history summary")  # the plan's record of steps, folded
    record = page.inner_text("details.life-history")

    # a mid-term revision: version 2, one target changed, published from 2025-06-01
    page.click("a.action:has-text('中期调整')")
    _confirm(page, "中期评估后调整目标")
    page.wait_for_url("**/review/")
    second = Plan.objects.get(previous=plan)
    target = Target.objects.get(indicator__plan=second, indicator__name__contains="科技型中小企业")
    page.fill(f"input[name=t{target.pk}-value]", "350")
    page.click("#review-form button[data-save]")
    page.wait_for_load_state("networkidle")
    page.click("a.action.primary:has-text('发布')")
    revision_confirmation = page.inner_text("main")
    _confirm(page, "中期调整方案已审议", "2025-06-01")
    browser_page.goto("/public/")
    public = page.inner_text("main")
    browser_page.goto(f"/plans/{plan.pk}/")
    first_version = page.inner_text("main")

    # and withdraws it with a reason
    browser_page.goto(f"/plans/{second.pk}/")
    page.click("a.action.danger:has-text('撤回')")
    _confirm(page, "上级规划调整，本计划停止执行")
    withdrawn = page.inner_text("main")
    browser_page.goto("/public/")
    public_after = page.inner_text("main")

    assert "待审核" in submitted
    assert "发布理由（必填）" in confirmation
    assert "已发布" in published and "自2024年3月1日起施行" in published
    assert "经区科委主任办公会审议通过" in record and "提交审核" in record
    assert "第1版改为“已调整”" in revision_confirmation
    assert Target.objects.get(pk=target.pk).value == 350
    assert "第2版，自2025年6月1日起施行" in public
    assert "本版已调整，只供查阅" in first_version and "第2版" in first_version
    assert "已撤回" in withdrawn and "上级规划调整，本计划停止执行" in withdrawn
    assert plan.title not in public_after
    plan.refresh_from_db()
    second.refresh_from_db()
    assert (plan.status, second.status, second.version) == ("superseded", "withdrawn", 2)
    assert browser_page.console_errors == []
    assert browser_page.offsite == []
