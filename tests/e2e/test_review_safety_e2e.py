"""In a real browser: a second upload of the same plan is caught, and a merge made in review is undone."""

from __future__ import annotations

import pytest

from kechuang.plans.catalog import seed_catalog
from kechuang.plans.models import Indicator, Plan, Target

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DOCUMENT = """{title}

一、主要目标
到2027年，全区科技型中小企业达到900家，高新技术企业达到400家，新增市级科技企业孵化器2家。
"""


def _login(browser_page) -> object:
    page = browser_page.page
    browser_page.goto("/login/")
    page.fill("input[name=username]", "chief")
    page.fill("input[name=password]", "pw-chief-123")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def _upload(browser_page, page, path) -> None:
    browser_page.goto("/plans/upload/")
    page.set_input_files("input[type=file]", str(path))
    page.select_option("select[name=area]", label="金山区")
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_a_second_upload_differing_only_in_bracket_width_is_caught(
    browser_page, shanghai, admin_user, tmp_path
):
    seed_catalog()
    first = tmp_path / "一.txt"
    first.write_text(DOCUMENT.format(title="示范区科技创新行动方案（2025—2027年）"), encoding="utf-8")
    second = tmp_path / "二.txt"
    second.write_text(DOCUMENT.format(title="示范区科技创新行动方案(2025-2027年)"), encoding="utf-8")
    page = _login(browser_page)

    _upload(browser_page, page, first)
    _upload(browser_page, page, second)
    decision = page.inner_text("main")
    page.check("input[name=choice][value=cancel]")
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")

    assert "示范区科技创新行动方案" in decision and "重复" in decision
    assert Plan.objects.count() == 1
    assert browser_page.console_errors == []
    assert browser_page.offsite == []


def test_a_merge_chosen_by_name_is_undone_from_the_review_page(browser_page, shanghai, admin_user, tmp_path):
    seed_catalog()
    document = tmp_path / "方案.txt"
    document.write_text(DOCUMENT.format(title="示范区科技创新行动方案（2025—2027年）"), encoding="utf-8")
    page = _login(browser_page)
    _upload(browser_page, page, document)
    plan = Plan.objects.get()
    drop = Indicator.objects.get(plan=plan, name__contains="孵化器")
    into = Indicator.objects.get(plan=plan, name__contains="高新技术企业")
    targets_before = Target.objects.filter(indicator__plan=plan).count()

    page.click(f"#ind-{drop.pk} button[formaction$='/merge/']")
    page.wait_for_load_state("networkidle")
    page.fill("input.merge-filter", "高新")
    page.select_option("select[name=into]", value=str(into.pk))
    page.click("#merge-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    merged = not Indicator.objects.filter(pk=drop.pk).exists()
    page.click("button:has-text('撤销合并')")
    page.wait_for_load_state("networkidle")

    assert merged
    restored = Indicator.objects.get(plan=plan, name__contains="孵化器")
    assert restored.targets.count() == 1
    assert Target.objects.filter(indicator__plan=plan).count() == targets_before
    assert browser_page.console_errors == []
    assert browser_page.offsite == []
