"""Sentence and page shapes of plans as governments publish them (issue 10), on invented examples.

Each test is one general mechanism: a year carried from context, a heading inside a flattened
line, a 分别 list, a name in an earlier clause, a rank, an index, a 其中 sub-goal.
"""

from __future__ import annotations

from kechuang.reader import extract_bytes
from kechuang.reader.extract.goals import goals_in_text
from kechuang.reader.extract.metadata import find_region, find_title, parse_date
from kechuang.reader.extract.numerals import arabic_numerals
from kechuang.reader.formats.text import unflatten


def read(text: str) -> dict:
    return extract_bytes(text.encode("utf-8"), "page.txt")


def targets(result: dict) -> list[tuple]:
    return [
        (ind["name"], t["year"], t["value"], ind["unit"], t["comparator"], t["kind"])
        for ind in result["indicators"]
        for t in ind["targets"]
    ]


def goals(text: str, start: int = 2026, end: int = 2028):
    return [
        (g.name, g.year, g.value, g.unit, g.comparator, g.kind)
        for g in goals_in_text(text, section="target", start=start, end=end)
    ]


# --- 1. years carried from context -------------------------------------------------------------


def test_excerpt_without_a_period_ends_at_its_latest_goal_year_and_list_items_take_the_intro_year():
    result = read(
        "（三）发展目标\n到2027年，全区科技创新主要指标如下：\n"
        "1.甲类企业达到800家。\n2.乙类平台突破40个。\n"
        "到2026年，丙类机构达到15家；到2028年，丁类园区达到12个；戊类空间超过30家。\n"
    )
    assert result["document"]["period"] == {"start": 2026, "end": 2028}
    found = {t[0]: t[1] for t in targets(result)}
    assert found["甲类企业"] == 2027 and found["乙类平台"] == 2027
    assert found["丙类机构"] == 2026 and found["丁类园区"] == 2028
    assert found["戊类空间"] == 2028  # the part before it said 2028, not the sentence's first part


def test_a_year_stated_in_one_paragraph_does_not_date_the_next_unless_it_introduces_a_list():
    result = read(
        "某区科技创新行动方案（2026—2028年）\n二、主要目标\n到2026年，甲类企业达到100家。\n乙类平台达到20个。\n"
    )
    years = {t[0]: t[1] for t in targets(result)}
    assert years == {"甲类企业": 2026, "乙类平台": 2028}


# --- 2. flattened web pages ---------------------------------------------------------------------


def test_headings_inside_a_flattened_line_start_new_lines():
    line = "全区创新能力明显增强，基础较好。    二、主要目标  （一）总体目标。到2027年，甲类企业达到800家。2.乙类平台突破40个。"
    parts = unflatten(line)
    assert parts[1].startswith("二、主要目标")
    assert any(p.startswith("（一）总体目标") for p in parts)
    assert parts[-1].startswith("2.乙类平台")


def test_a_whole_page_on_one_line_still_reads_its_goals():
    page = (
        "首页 > 政务公开 > 规划计划 某县科技创新实施意见 发布时间：2026-03-01 一、发展现状 2025年全县甲类企业达到300家。"
        "二、主要目标 到2028年，甲类企业达到500家，乙类平台达到30个。三、保障措施 加强组织领导。"
    )
    result = read(page)
    assert sorted(targets(result)) == [
        ("乙类平台", 2028, 30, "个", ">=", "level"),
        ("甲类企业", 2028, 500, "家", ">=", "level"),
    ]


# --- 3. 分别 lists ------------------------------------------------------------------------------


def test_respectively_pairs_names_with_values():
    assert goals("到2028年，培育市级和省级孵化器分别超过30家和12家。") == [
        ("市级孵化器", 2028, 30, "家", ">", "level"),
        ("省级孵化器", 2028, 12, "家", ">", "level"),
    ]


def test_respectively_over_years_takes_the_unit_written_at_the_end():
    found = goals("孵化载体面积三年分别达到200万、300万、400万平方米。")
    assert [(g[1], g[2], g[3]) for g in found] == [
        (2026, 200, "万平方米"),
        (2027, 300, "万平方米"),
        (2028, 400, "万平方米"),
    ]
    assert {g[0] for g in found} == {"孵化载体面积"}


# --- 4. and 5. names ----------------------------------------------------------------------------


def test_name_in_the_clause_before_the_number_and_never_the_previous_goal():
    found = goals("到2028年，甲类企业达到500家，科技型企业数量实现倍增，达到3000家。")
    assert ("科技型企业数量", 2028, 3000, "家", ">=", "level") in found


def test_opening_verbs_are_not_names():
    names = [g[0] for g in goals("到2028年，构建创新联合体10个，布局中试基地5家，集聚高层次人才500名。")]
    assert names == ["创新联合体", "中试基地", "高层次人才"]


def test_a_list_of_levels_names_one_thing():
    assert goals("到2028年，国家、省、市级工程技术研究中心达到40家。")[0][:3] == (
        "国家、省、市级工程技术研究中心",
        2028,
        40,
    )


def test_a_time_span_is_never_a_name():
    assert goals("三年新增80家。") == []


# --- 6. words inside words ----------------------------------------------------------------------


def test_verbs_inside_nouns_are_not_verbs():
    found = goals("研究与试验发展经费支出达到120亿元，孵化器在孵企业达到600家。", start=2021, end=2025)
    assert [g[0] for g in found] == ["研究与试验发展经费支出", "孵化器在孵企业"]


# --- 7. denominators and qualifiers -------------------------------------------------------------


def test_a_qualifying_amount_belongs_to_the_name():
    assert goals("到2028年，营收超50亿元的企业达到12家。") == [
        ("营收超50亿元的企业", 2028, 12, "家", ">=", "level")
    ]


def test_per_thousand_is_not_a_thousand():
    ((_, _, value, unit, _, _),) = goals("到2028年，每千家企业中拥有高新技术企业6.5家。")
    assert (value, unit) == (6.5, "家")


# --- 8. ranks and indexes -----------------------------------------------------------------------


def test_rank_goal_is_at_most_a_place_and_an_index_has_no_unit():
    assert goals("到2028年，区域创新能力综合排名保持全省前5位，区域创新指数达到150。") == [
        ("区域创新能力综合排名", 2028, 5, "位", "<=", "level"),
        ("区域创新指数", 2028, 150, None, ">=", "level"),
    ]


# --- 9. and 10. sub-goals and distinct indicators -----------------------------------------------


def test_among_them_gives_a_second_goal_named_from_the_first():
    assert goals("到2028年，孵化器达到60家，其中国家级10家。") == [
        ("孵化器", 2028, 60, "家", ">=", "level"),
        ("国家级孵化器", 2028, 10, "家", ">=", "level"),
    ]


def test_same_year_and_value_with_different_names_stay_two_indicators():
    result = read(
        "某区行动方案（2026—2028年）\n二、主要目标\n到2028年，省级技术创新中心达到20家，省级企业技术中心达到20家。\n"
    )
    assert len(result["indicators"]) == 2


def test_incubators_at_different_levels_are_not_merged_by_the_catalogue():
    result = read(
        "某区行动方案（2026—2028年）\n二、主要目标\n到2028年，孵化器达到60家。市级孵化器达到30家。\n"
    )
    assert sorted(i["name"] for i in result["indicators"]) == ["孵化器", "市级孵化器"]


# --- 11. document fields ------------------------------------------------------------------------


def test_breadcrumbs_and_policy_readings_are_not_titles():
    assert find_title(
        ["首页 > 政务公开 > 政策解读", "《某市科技创新三年行动方案（2026—2028年）》政策解读"]
    ) == ("某市科技创新三年行动方案（2026—2028年）")
    assert (
        find_title(["某市人民政府办公室", "某市科技创新发展“十五五”", "规划"])
        == "某市科技创新发展“十五五”规划"
    )


def test_region_from_a_province_issuer_and_from_a_district_issuing_a_park_programme():
    assert find_region(None, "某某省科学技术厅") == "某某省"
    assert find_region("青禾高新区高质量发展行动方案", "澄川市青溪区人民政府") == "青溪区"


def test_dates_written_with_circles():
    assert parse_date("二〇二六年三月十二日") == parse_date("二○二六年三月十二日") == "2026-03-12"


# --- 12. numbers --------------------------------------------------------------------------------


def test_chinese_amounts_shares_and_decimals():
    assert arabic_numerals("比重达到百分之三点五，成交额达到一千二百亿元，提高两成") == (
        "比重达到3.5%，成交额达到1200亿元，提高20%"
    )
    assert arabic_numerals("“十四五”时期第一批两个方面") == "“十四五”时期第一批两个方面"


# --- 13. kinds ----------------------------------------------------------------------------------


def test_row_names_say_how_a_figure_counts():
    from kechuang.reader.extract.tables import kind_from_row_name

    assert kind_from_row_name("新增国家级专精特新企业", "家") == "increment"
    assert kind_from_row_name("获批省级重点实验室", "个") == "increment"
    assert kind_from_row_name("累计认定高新技术企业", "家") is None  # a level
    assert kind_from_row_name("发明专利年申请量", "件") == "annual"
    assert kind_from_row_name("新增研发投入占比", "%") is None


def test_an_amount_per_year_in_prose_is_annual():
    ((name, _, value, _, _, kind),) = goals("到2028年，年技术合同成交额超过150亿元。")
    assert (value, kind) == (150, "annual")


def test_increase_inside_value_added_is_not_an_increment():
    ((_, _, value, unit, comparator, kind),) = goals(
        "到2028年，单位工业增加值能耗控制在0.55吨标准煤/万元以内。"
    )
    assert (value, unit, comparator, kind) == (0.55, "吨标准煤/万元", "<=", "level")


def test_a_one_year_work_plan_item_with_a_lead_sentence_is_a_task():
    result = read(
        "某县2027年科技工作要点\n一、强化企业主体\n"
        "1.实施甲类企业倍增行动。建立全链条服务机制，推动更多企业成长。（责任科室：高新技术科、政策法规科）\n"
    )
    (task,) = result["tasks"]
    assert (task["goal"], task["title"], task["owners"]) == (
        "实施甲类企业倍增行动",
        "强化企业主体",
        ["高新技术科", "政策法规科"],
    )


def test_a_flattened_information_box_gives_issuer_number_and_date():
    from kechuang.reader.extract.metadata import labelled_fields

    box = "分类：科技发文机关：澄川市青溪区人民政府办公室文号：青府办〔2026〕7号成文日期：2026-04-08"
    assert labelled_fields(box) == {
        "issuer": "澄川市青溪区人民政府办公室",
        "doc_number": "青府办〔2026〕7号",
        "issued": "2026-04-08",
    }


def test_a_policy_reading_reports_who_issued_the_plan():
    from kechuang.reader.extract.metadata import reported_fields

    text = "近日，澄川市人民政府办公室印发《澄川市甲类企业培育行动方案》（澄政办发〔2026〕4号），2026年1月26日起施行。"
    assert reported_fields(text) == {
        "issuer": "澄川市人民政府办公室",
        "doc_number": "澄政办发〔2026〕4号",
        "issued": "2026-01-26",
    }


def test_parts_after_a_past_year_report_the_past():
    assert goals("2025年，全区甲类企业达到512家；乙类强度达到5.8%；新增丙类企业21家。") == []


def test_a_year_named_as_the_base_is_not_the_past():
    found = goals("到2028年，甲类企业数量在2024年85家的基础上实现翻一番；乙类平台达到30个。")
    assert ("乙类平台", 2028, 30, "个", ">=", "level") in found
    assert any(g[2] == 170 for g in found)


def test_a_stated_number_wins_over_a_computed_doubling():
    found = goals("到2028年，甲类企业数量在2024年486家的基础上翻一番，达到1000家。")
    assert [g[2] for g in found] == [1000]


def test_subsidies_and_tax_rates_are_not_goals():
    assert goals("落实首次认定甲类企业20万元奖励政策，甲类企业减按15%税率征收企业所得税。") == []


def test_chinese_count_ranges_read_as_their_lower_bound():
    ((_, _, value, unit, comparator, _),) = goals("到2028年，培育独角兽企业三至五家。")
    assert (value, unit, comparator) == (3, "家", ">=")


def test_headings_glued_to_their_text_in_a_one_line_page():
    parts = unflatten(
        "前言文字较长的一段说明。二、主要目标到2027年，甲类企业达到120家。三、重点任务（一）壮大主体 实施甲类企业培育工程。"
    )
    assert "二、主要目标" in parts and "三、重点任务" in parts and "（一）壮大主体" in parts


def test_a_five_year_name_is_not_read_inside_a_number():
    from kechuang.reader.extract.periods import find_period

    assert find_period("研发活动覆盖率提高到百分之三十五以上") is None
    assert find_period("某区科技创新“十四五”规划") == (2021, 2025)


def test_a_misread_bracket_in_a_document_number_is_mended():
    from kechuang.reader.extract.metadata import clean_doc_number

    assert clean_doc_number("某高新管发〔2026]6号") == "某高新管发〔2026〕6号"
    assert clean_doc_number("某科发[2024]3号") == "某科发[2024]3号"


def test_owner_labels_inside_the_units_list_are_not_units():
    from kechuang.reader.extract.tasks import split_owners

    assert split_owners("县科技局；配合单位：县工信局、县财政局") == ["县科技局", "县工信局", "县财政局"]


def test_a_year_list_before_a_respectively_clause_dates_each_value_and_the_parts_after_it():
    found = goals("到2026年、2027年、2028年，甲类覆盖率分别达到45%、50%、55%；建成乙类中心两个以上。")
    assert [(g[0], g[1], g[2]) for g in found] == [
        ("甲类覆盖率", 2026, 45),
        ("甲类覆盖率", 2027, 50),
        ("甲类覆盖率", 2028, 55),
        ("乙类中心", 2028, 2),
    ]


def test_a_topic_clause_or_a_label_names_the_number_after_it():
    assert goals("创新联合体方面，到2028年组建20家，实现全覆盖。")[0][:3] == ("创新联合体", 2028, 20)
    assert goals("每万人口高价值发明专利拥有量：1.6件")[0][:3] == ("每万人口高价值发明专利拥有量", 2028, 1.6)
