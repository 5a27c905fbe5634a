"""The export mechanism itself (issue 12): CSV opens in Excel as UTF-8, workbooks keep numbers as numbers
with units in the headers and a frozen header row, and nothing a user typed runs as a formula."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import RequestFactory

from kechuang.common.exports import Column, table_response
from tests.common.exporting import csv_rows, xlsx_rows, xlsx_sheet

HOSTILE = ["=1+1", "@SUM(A1:A9)", "+1", "-1+1", "\t=1+1", '=HYPERLINK("http://evil.example","点我")']
COLUMNS = [Column("名称"), Column("面积", "㎡"), Column("完成率", "%"), Column("日期")]


def _rows() -> list[list[object]]:
    return [[text, -5, 85.3, dt.date(2025, 3, 31)] for text in HOSTILE] + [["朱泾孵化器", 1200, None, None]]


def _export(fmt: str, **kwargs: object) -> object:
    request = RequestFactory().get("/x/", {"format": fmt})
    return table_response(request, "科创载体", COLUMNS, _rows(), fmt, **kwargs)


def test_csv_is_utf8_with_a_bom_and_formula_like_text_gets_an_apostrophe():
    response = _export("csv")

    rows = csv_rows(response)

    assert response.content.startswith(b"\xef\xbb\xbf")
    assert rows[0] == ["名称", "面积（㎡）", "完成率（%）", "日期"]
    assert [r[0] for r in rows[1:-1]] == ["'" + text for text in HOSTILE]
    assert {r[1] for r in rows[1:-1]} == {"-5"}  # a negative number is a number, not a formula
    assert rows[1][2:] == ["85.3", "2025-03-31"]
    assert rows[-1] == ["朱泾孵化器", "1200", "", ""]


@pytest.mark.django_db
def test_workbook_keeps_numbers_units_in_headers_frozen_header_and_text_as_text():
    response = _export("xlsx", filters=[("类型", "孵化器"), ("地区", "")])
    sheet = xlsx_sheet(response)

    rows = xlsx_rows(response)

    assert rows[0] == ["名称", "面积（㎡）", "完成率（%）", "日期"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    for row in range(2, 2 + len(HOSTILE)):
        name, area = sheet.cell(row=row, column=1), sheet.cell(row=row, column=2)
        assert name.data_type == "s" and name.quotePrefix, name.value
        assert (area.data_type, area.value) == ("n", -5)
        assert sheet.cell(row=row, column=3).value == 85.3
        assert sheet.cell(row=row, column=4).value == dt.datetime(2025, 3, 31)
    assert not sheet.cell(row=2 + len(HOSTILE), column=1).quotePrefix
    notes = [c.value for c in sheet["A"][len(rows) + 1 :] if c.value]
    assert notes[0].startswith("导出时间：")
    assert notes[1] == "筛选条件：类型：孵化器"
    assert notes[2] == "数据来源：科创规划监测评估平台·科创载体"


def test_the_file_has_a_chinese_name_and_is_never_cached_by_others():
    response = _export("xlsx")

    disposition = response["Content-Disposition"]

    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''%E7%A7%91%E5%88%9B%E8%BD%BD%E4%BD%93_" in disposition  # 科创载体_YYYYMMDD.xlsx
    assert disposition.endswith(".xlsx")
    assert response["Cache-Control"] == "private, no-store"
