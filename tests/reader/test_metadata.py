"""Document metadata: title, issuer, region, 文号 in both bracket styles, date, period."""

from __future__ import annotations

import pytest

from kechuang.reader import extract_bytes


def meta(text: str) -> dict:
    return extract_bytes(text.encode("utf-8"), "m.txt")["document"]


def test_notice_wrapper():
    doc = meta(
        "某市某区人民政府\n\n某府发〔2023〕7号\n\n关于印发《某区科技创新“十五五”规划》的通知\n\n"
        "各街道：\n\n现将规划印发给你们。\n\n某区人民政府\n\n2026年3月2日\n"
    )
    assert doc == {
        "title": "某区科技创新“十五五”规划",
        "issuer": "某市某区人民政府",
        "region": "某区",
        "doc_number": "某府发〔2023〕7号",
        "issued": "2026-03-02",
        "period": {"start": 2026, "end": 2030},
    }


@pytest.mark.parametrize("number", ["新府发[2024]3号", "新科委〔2024〕12号", "新府办发（2024）5号"])
def test_doc_number_bracket_styles(number):
    assert (
        meta(f"新区科学技术委员会\n{number}\n新区科技创新工作方案（2024-2026年）\n")["doc_number"] == number
    )


def test_bare_plan_and_chinese_date():
    doc = meta(
        "南湖县科技创新三年行动计划（2024—2026年）\n\n南湖县科学技术局\n\n二〇二四年一月五日\n\n一、总体目标\n"
    )
    assert doc["title"] == "南湖县科技创新三年行动计划（2024—2026年）"
    assert doc["issuer"] == "南湖县科学技术局"
    assert doc["region"] == "南湖县"
    assert doc["issued"] == "2024-01-05"
    assert doc["doc_number"] is None
    assert doc["period"] == {"start": 2024, "end": 2026}


def test_table_of_contents_is_skipped():
    text = (
        "东城区科技创新“十四五”规划\n\n目 录\n\n一、发展基础\t1\n二、发展目标\t5\n\n一、发展基础\n\n正文。\n"
    )
    result = extract_bytes(text.encode(), "t.txt")
    assert result["document"]["period"] == {"start": 2021, "end": 2025}
    assert result["indicators"] == [] and result["series"] == []
