"""In a real browser, from the district's first click to the payment workbook: the district runs the
shipped comprehensive-incubator scheme for a year and freezes the run; the incubator's operator
finds their result and appeals it from there; the district accepts the appeal from the run page,
computes the payment list, approves it and exports it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kechuang.evaluation.models import Appeal, EvaluationRun, RunStatus
from kechuang.evaluation.runs import load_schemes
from kechuang.evaluation.subsidies import save_rules
from tests.evaluation.conftest import district  # noqa: F401 - the fixture

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _log_in(browser_page, user) -> None:
    user.set_password("pw-evaluation-1")
    user.save()
    page = browser_page.page
    page.context.clear_cookies()
    browser_page.goto("/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", "pw-evaluation-1")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_run_freeze_appeal_and_payment_list_through_the_pages(browser_page, district, tmp_path):  # noqa: F811
    scheme = next(s for s, _ in load_schemes(district.jinshan) if s.subject == "incubator_comprehensive")
    save_rules(
        district.jinshan,
        2024,
        {"amounts": "优秀 孵化器 区级 30\n优良 孵化器 区级 20\n合格 孵化器 区级 10", "carrier_cap": "50"},
        acting_user=None,
    )
    page = browser_page.page
    page.set_viewport_size({"width": 1280, "height": 900})

    # The district runs the scheme from its page and freezes the run.
    _log_in(browser_page, district.users["admin"])
    browser_page.goto(f"/evaluation/schemes/{scheme.pk}/")
    page.fill("input[name=year]", "2024")
    page.click("text=按本方案评价该年度")
    page.wait_for_load_state("networkidle")
    assert "排名" in page.content() and "朱泾科创孵化器" in page.content()
    page.once("dialog", lambda d: d.accept())
    page.click("text=确认并冻结")
    page.wait_for_load_state("networkidle")
    run = EvaluationRun.objects.get()
    assert run.status == RunStatus.CONFIRMED and "结果已冻结" in page.content()
    page.screenshot(path=str(tmp_path / "run.png"), full_page=True)

    # The operator of 朱泾科创孵化器 opens their own result from the list and appeals it.
    _log_in(browser_page, district.users["operator"])
    page.set_viewport_size({"width": 390, "height": 844})
    browser_page.goto("/evaluation/")
    page.click("text=朱泾科创孵化器")
    page.wait_for_load_state("networkidle")
    assert "枫泾智造孵化器" not in page.content()  # another carrier's name is never shown to an operator
    page.click("text=对本单位结果提出申诉")
    page.fill("textarea[name=reason]", "二月份月报漏报了两家入驻企业")
    page.click("text=提交申诉")
    page.wait_for_load_state("networkidle")
    assert "申诉已提交" in page.content()
    appeal = Appeal.objects.get()

    # The district sees the pending appeal on the run page and accepts it with a new rating.
    _log_in(browser_page, district.users["admin"])
    page.set_viewport_size({"width": 1280, "height": 900})
    browser_page.goto(f"/evaluation/runs/{run.pk}/")
    page.click("text=申诉处理（待处理 1 件）")
    page.wait_for_load_state("networkidle")
    page.click(f"a[href='/evaluation/appeals/{appeal.pk}/']")
    page.wait_for_load_state("networkidle")
    page.check("input[name=decision][value=accept]")
    page.fill("textarea[name=reason]", "核实月报后上调评级")
    page.select_option("select[name=rating]", "优秀")
    page.click("text=提交处理结果")
    page.wait_for_load_state("networkidle")
    assert "已采纳" in page.content()
    browser_page.goto(f"/evaluation/runs/{run.pk}/")
    assert "经申诉调整" in page.content()

    # Payment list from the run page: compute, approve, export.
    page.click("text=补助支付清单")
    page.wait_for_load_state("networkidle")
    page.click("text=计算支付清单")
    page.wait_for_load_state("networkidle")
    page.click("button:has-text('审批')")
    page.wait_for_load_state("networkidle")
    assert "不能再修改" in page.content()
    page.screenshot(path=str(tmp_path / "payments.png"), full_page=True)
    with page.expect_download() as info:
        page.click("text=导出 Excel")
    sheet = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
    rows = {r[1]: r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1]}
    assert rows["朱泾科创孵化器"][4] == "优秀（经申诉调整）" and rows["朱泾科创孵化器"][10] == 30
    assert browser_page.console_errors == [] and browser_page.offsite == []
