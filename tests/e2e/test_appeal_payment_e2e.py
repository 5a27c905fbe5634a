"""In a real browser: a carrier operator appeals a confirmed result with evidence, the district
accepts it with a new rating, computes the payment list, approves it and downloads the workbook."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kechuang.evaluation.subsidies import save_rules
from tests.common import sample_files
from tests.evaluation.money_world import build
from tests.evaluation.test_subsidies import RULES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _log_in(browser_page, username: str) -> None:
    page = browser_page.page
    browser_page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def _log_out(browser_page) -> None:
    browser_page.page.context.clear_cookies()


def test_appeal_decision_and_payment_list_in_the_browser(browser_page, shanghai, django_user_model, tmp_path):
    w = build(shanghai, django_user_model)
    save_rules(
        w.district,
        w.year,
        {**RULES, "amounts": RULES["amounts"] + "\n优秀 众创空间 区级 10"},
        acting_user=None,
    )
    page = browser_page.page
    page.set_viewport_size({"width": 390, "height": 844})

    # The operator of 丙 objects, with a PDF as evidence.
    evidence = tmp_path / "场地证明.pdf"
    evidence.write_bytes(sample_files.pdf())
    _log_in(browser_page, "op_c")
    browser_page.goto(f"/evaluation/runs/{w.run.pk}/units/{w.kc}/appeal/")
    page.fill("textarea[name=reason]", "漏报了 3 家在孵企业")
    page.set_input_files("input[name=file]", str(evidence))
    page.click("text=提交申诉")
    page.wait_for_load_state("networkidle")
    assert "申诉已提交" in page.content() and "待处理" in page.content()
    _log_out(browser_page)

    # The district accepts it and raises the rating.
    _log_in(browser_page, "admin")
    browser_page.goto(f"/evaluation/runs/{w.run.pk}/appeals/")
    page.click("text=丙众创空间")
    page.check("input[name=decision][value=accept]")
    page.fill("textarea[name=reason]", "核实后补计在孵企业")
    page.select_option("select[name=rating]", "优秀")
    page.click("text=提交处理结果")
    page.wait_for_load_state("networkidle")
    assert "已采纳" in page.content()

    # Payment list: compute, approve, export.
    browser_page.goto(f"/evaluation/runs/{w.run.pk}/payments/")
    page.click("text=计算支付清单")
    page.wait_for_load_state("networkidle")
    assert "第 1 版" in page.content() and "经申诉调整" in page.content()
    page.click("button:has-text('审批')")
    page.wait_for_load_state("networkidle")
    assert "不能再修改" in page.content()
    with page.expect_download() as info:
        page.click("text=导出 Excel")
    sheet = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][1] == "载体" and rows[0][10] == "应拨付金额（万元）"
    assert [r[1] for r in rows[1:4]] == [
        "甲孵化器",
        "乙孵化器",
        "丙众创空间",
    ]  # the score stayed: so did the rank
    assert rows[3][4] == "优秀（经申诉调整）" and rows[3][10] == 10
    page.screenshot(path=str(tmp_path / "payments.png"), full_page=True)
    assert browser_page.console_errors == [] and browser_page.offsite == []
