"""The plan evaluation report as Excel: a sheet per table, numbers as numbers, nothing that runs."""

from __future__ import annotations

import io

import openpyxl
import pytest

from kechuang.reports.plan_report import build_plan_report
from kechuang.reports.render import render
from tests.monitor.builders import AS_OF
from tests.reports.pages import overview_rows

pytestmark = pytest.mark.django_db


def test_workbook_matches_the_monitoring_page(admin_client, admin_user, plan):
    page = overview_rows(admin_client.get(f"/monitor/plans/{plan.pk}/?at={AS_OF}").content.decode())
    document = build_plan_report(plan.pk, AS_OF, user=admin_user)
    wb = openpyxl.load_workbook(io.BytesIO(render(document, "xlsx")))

    assert wb.sheetnames == ["状态统计", "目标完成情况", "任务进展", "预警", "说明"]
    for ws in wb.worksheets:
        assert "2024年6月30日" in ws["A2"].value or "2024年6月30日" in str(ws["A4"].value)
    for ws in wb.worksheets[:-1]:
        assert ws.freeze_panes == "A5"
        assert "数据来源：" in ws["A2"].value
    ws = wb["目标完成情况"]
    header = [c.value for c in ws[4]]
    assert header[:7] == ["指标", "单位", "目标", "基期值", "最新值", "数据年份", "完成率（%）"]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=5, values_only=True)}
    for p in page:
        row = rows[p["indicator"]]
        assert row["状态"] == p["status"]
        if p["latest"] != "暂无":
            assert row["最新值"] == float(p["latest"].replace(",", ""))
        if p["completion"] != "—":
            assert row["完成率（%）"] == pytest.approx(float(p["completion"].rstrip("%")))
    assert isinstance(rows["高新技术企业数"]["最新值"], int | float)
    assert rows["高新技术企业数"]["达标概率（%）"] == 100


def test_text_that_excel_would_run_is_neutralised(plan):
    wb = openpyxl.load_workbook(io.BytesIO(render(build_plan_report(plan.pk, AS_OF), "xlsx")))
    ws = wb["目标完成情况"]
    names = [ws.cell(row=r, column=1) for r in range(5, ws.max_row + 1)]

    formula = next(c for c in names if "HYPERLINK" in str(c.value))
    assert formula.value == '=HYPERLINK("http://x")'
    assert formula.data_type == "s" and formula.quotePrefix  # text, and stays text when edited
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
