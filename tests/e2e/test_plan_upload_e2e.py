"""In a real browser: upload a plan document, correct a target beside its evidence, save the page, publish it."""

from __future__ import annotations

import pytest

from kechuang.plans.catalog import seed_catalog
from kechuang.plans.models import Plan, Target

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DOCUMENT = """示范区科技创新行动方案（2025—2027年）

一、主要目标
到2027年，全区科技型中小企业达到900家，新增市级科技企业孵化器2家。
"""


def test_upload_review_and_publish(browser_page, shanghai, admin_user, tmp_path):
    seed_catalog()  # transactional tests flush the catalogue the migration seeded
    document = tmp_path / "方案.txt"
    document.write_text(DOCUMENT, encoding="gb18030")
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
    page.wait_for_url("**/review/")
    evidence = page.inner_text("blockquote.evidence >> nth=0")
    plan = Plan.objects.get()
    target = Target.objects.get(indicator__plan=plan, indicator__name__contains="科技型中小企业")
    page.fill(f"input[name=t{target.pk}-value]", "950")
    page.click("#review-form button[data-save]")
    page.wait_for_load_state("networkidle")
    page.click(".publish a.action.primary")  # the confirmation page asks for a reason
    page.fill("textarea[name=reason]", "经审议通过")
    page.click("form.confirm-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    browser_page.goto("/public/")

    assert "科技型中小企业达到900家" in evidence
    assert Target.objects.get(pk=target.pk).value == 950
    assert Plan.objects.get().status == "published"
    assert "示范区科技创新行动方案" in page.inner_text("main")
    assert browser_page.console_errors == []
    assert browser_page.offsite == []
