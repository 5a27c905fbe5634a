"""Prose goals: forms of wording, comparators, kinds, names, and what is not a goal."""

from __future__ import annotations

import pytest

from kechuang.reader.extract.goals import goals_in_text, sentence_year


def goals(text, section="target", start=2021, end=2025, **kw):
    return goals_in_text(text, section=section, start=start, end=end, **kw)


def one(text, **kw):
    found = goals(text, **kw)
    assert len(found) == 1, [(g.name, g.value) for g in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "name", "value", "unit", "comparator", "kind"),
    [
        ("到2025年，区域研发投入强度达到3.5%以上。", "区域研发投入强度", 3.5, "%", ">=", "level"),
        ("科技型中小企业不少于600家。", "科技型中小企业", 600, "家", ">=", "level"),
        ("技术合同成交额力争超过40亿元。", "技术合同成交额", 40, "亿元", ">=", "level"),
        ("有效发明专利超过2000件。", "有效发明专利", 2000, "件", ">", "level"),
        ("单位产值能耗控制在0.3吨以下。", "单位产值能耗", 0.3, "吨", "<=", "level"),
        ("孵化面积达到50万平方米左右。", "孵化面积", 50, "万平方米", "~", "level"),
        ("高新技术产业产值年均增长12%。", "高新技术产业产值", 12, "%", ">=", "growth"),
        ("新增市级众创空间8家。", "市级众创空间", 8, "家", ">=", "increment"),
        ("引进海外高层次人才30名。", "海外高层次人才", 30, "名", ">=", "increment"),
        ("每年举办创新创业活动不少于20场。", "创新创业活动", 20, "场", ">=", "annual"),
        ("建设3-5个概念验证中心。", "概念验证中心", 3, "个", ">=", "level"),
        ("打造智能制造、数字健康等三个特色产业园。", "特色产业园", 3, "个", ">=", "level"),
    ],
)
def test_goal_forms(text, name, value, unit, comparator, kind):
    g = one(text)
    assert (g.name, g.value, g.unit, g.comparator, g.kind) == (name, value, unit, comparator, kind)
    assert g.year == 2025


def test_several_goals_in_one_sentence_share_year_and_verb():
    found = goals("到2024年，建设2家市级孵化器、1家大学科技园，新增50家科技型企业，120家专精特新企业。")
    assert [(g.name, g.value, g.kind, g.year) for g in found] == [
        ("市级孵化器", 2, "level", 2024),
        ("大学科技园", 1, "level", 2024),
        ("科技型企业", 50, "increment", 2024),
        ("专精特新企业", 120, "increment", 2024),
    ]


def test_goal_without_year_takes_plan_end():
    assert one("数字经济核心产业增加值占比达到15%。", end=2027).year == 2027


def test_zero_breakthrough_is_one():
    g = one("国家级重点实验室实现零的突破。")
    assert (g.name, g.value, g.comparator, g.unit) == ("国家级重点实验室", 1, ">=", None)


def test_relative_goal_has_no_value():
    g = one("居民科学素质水平的增幅高于全市平均水平。")
    assert g.value is None and g.comparator == "relative" and g.kind == "growth"


def test_baseline_in_the_same_sentence():
    g = one("到2025年，众创空间达到40家，较2020年的26家明显增加。")
    assert (g.value, g.baseline) == (40, (2020, 26))


@pytest.mark.parametrize(
    "text",
    [
        "截至2020年底，全区研发经费投入达到80亿元。",
        "2020年全区共有孵化器15家。",
        "对获评优秀的孵化器给予最高50万元补贴。",
        "对评估区域内的12个地块开展调查。",
        "鼓励企业加大研发投入，提高创新能力。",
        "目前全区已建成创新中心9家。",
    ],
)
def test_not_goals(text):
    assert goals(text) == []


def test_review_and_appendix_sections_hold_no_goals():
    text = "到2025年，创新载体达到30家。"
    assert goals(text, section="review") == []
    assert goals(text, section="appendix") == []


def test_body_sections_need_a_marker_of_the_future():
    assert goals("围绕两个重点园区布局产业，建设配套设施。", section="body") == []
    assert goals("力争建成2个市级创新中心。", section="body")[0].value == 2
    assert goals("依托3个园区开展合作。", section="body") == []


def test_numbers_inside_quotes_are_not_goals():
    assert goals("实施“1+3+5”工程，打造“一核两翼”格局。") == []


def test_sentence_year_ignores_baseline_years():
    assert sentence_year("到2025年，比2020年增长一倍", 2021, 2025) == (2025, False)
    assert sentence_year("2019年完成投资", 2021, 2025) == (None, True)
