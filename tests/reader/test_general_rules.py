"""General mechanisms the held-out documents exposed, each on a small invented example."""

from __future__ import annotations

from kechuang.reader import extract_bytes
from kechuang.reader.blocks import Table
from kechuang.reader.extract.goals import goals_in_text
from kechuang.reader.formats.pdf import _continues, _join

PLAN_HEAD = "某区科技创新“十四五”规划\n\n某区科学技术委员会\n\n"


def run(body: str) -> dict:
    return extract_bytes((PLAN_HEAD + body).encode("utf-8"), "plan.txt")


def goals(text: str, start: int = 2021, end: int = 2025):
    return goals_in_text(text, section="target", start=start, end=end)


def test_unit_written_only_in_the_value_headers_applies_to_every_row():
    rows = ["指标\t2020年（%）\t2025年目标值（%）\t属性", "甲类企业占比\t4.1\t≥6\t预期性"]
    ind = run("二、发展目标\n\n" + "\n".join(rows) + "\n")["indicators"][0]
    assert ind["unit"] == "%"
    assert ind["baseline"] == {"year": 2020, "value": 4.1}


def test_year_labelled_statistics_table_reaching_the_plan_start_is_series():
    rows = ["年份\t2018\t2019\t2020\t2021", "专利授权量（件）\t10\t12\t—\t15"]
    result = run("一、发展回顾\n\n" + "\n".join(rows) + "\n")
    assert result["indicators"] == []
    assert [p["year"] for p in result["series"][0]["points"]] == [2018, 2019, 2021]


def test_start_value_inside_the_goal_sentence_is_the_baseline_not_the_past():
    (goal,) = goals("甲类企业总量由2020年的120家力争突破200家。")
    assert (goal.name, goal.value, goal.comparator, goal.baseline) == ("甲类企业总量", 200, ">=", (2020, 120))


def test_not_lower_than_is_at_least():
    (goal,) = goals("财政科技投入年均增长不低于8%。")
    assert (goal.comparator, goal.kind) == (">=", "growth")


def test_totals_over_the_plan_period_are_goals_over_an_earlier_one_are_not():
    (goal,) = goals("“十四五”期间累计转化科技成果120项。")
    assert (goal.value, goal.kind) == (120, "increment")
    assert goals("“十三五”期间累计转化科技成果80项。") == []


def test_definitions_of_an_earlier_period_programme_are_not_goals():
    body = "三、附件\n\n名词解释\n\n1．某行动：“十三五”时期实施的专项行动，即建设2个科创中心、引育50家科技型企业。\n"
    assert run(body)["indicators"] == []


def test_doubling_from_a_stated_start():
    (goal,) = goals("到2025年，孵化面积由2022年的8万平方米实现翻一番。", start=2023)
    assert (goal.value, goal.unit, goal.baseline) == (16, "万平方米", (2022, 8))


def test_clause_without_subject_takes_the_goal_before_it():
    found = goals("到2025年，园区产值年均增长10%以上，力争突破500亿元。")
    assert [(g.name, g.value, g.unit) for g in found][-1] == ("园区产值", 500, "亿元")


def test_partner_units_are_owners_too():
    rows = [
        "序号\t重点项目\t完成时限\t牵头单位\t配合单位",
        "1\t建设共享实验平台\t2024年底\t甲处\t乙处、丙公司",
    ]
    task = run("三、重点项目\n\n" + "\n".join(rows) + "\n")["tasks"][0]
    assert task["owners"] == ["甲处", "乙处", "丙公司"]


def test_pdf_table_row_cut_by_a_page_break_is_joined():
    first = Table([["序号", "任务", "责任单位"], ["1", "建设平台", "区科技"]])
    rest = Table([["", "", "局、区财政局"], ["2", "培育企业", "区经信委"]])
    assert _continues(first, rest, ["- 3 -"])
    _join(first, rest)
    assert first.rows[1:] == [["1", "建设平台", "区科技局、区财政局"], ["2", "培育企业", "区经信委"]]


def test_cell_per_line_table_with_year_columns_and_blank_empty_cells():
    lines = ["序号", "指标名称", "单位", "2022年基期值", "2023年", "2024年", "备注"]
    lines += ["1", "甲类平台数", "个", "4", "5", "6", "累计数"]
    lines += ["2", "乙类活动场次", "场", "7", "8", "9", ""]
    lines += ["3", "丙类载体", "家", "2", "3", "4", "累计数", "", "三、其他事项"]
    result = run("二、发展目标\n\n" + "\n".join(lines) + "\n")
    by_name = {i["name"]: i for i in result["indicators"]}
    assert [t["value"] for t in by_name["乙类活动场次"]["targets"]] == [8, 9]
    assert by_name["乙类活动场次"]["baseline"] == {"year": 2022, "value": 7}
    # the 3 in row 2's values is not the third row's number
    assert [t["year"] for t in by_name["丙类载体"]["targets"]] == [2023, 2024]


def test_one_year_work_points_cover_their_year_and_a_town_is_the_region():
    body = "某某镇2023年科学技术工作要点\n\n一、主要工作\n\n全年新增甲类企业9家。\n"
    doc = extract_bytes(body.encode("utf-8"), "points.txt")["document"]
    assert doc["period"] == {"start": 2023, "end": 2023}
    assert doc["region"] == "某某镇"


def test_numbered_items_naming_their_office_are_tasks():
    body = (
        "某某镇2025年科学技术工作要点\n\n一、壮大甲类企业\n\n"
        "1.全年新增甲类企业9家。（责任科室：经济办、服务站）\n\n"
        "2.年底前建成乙类中心。（责任科室：建设办）\n"
    )
    tasks = extract_bytes(body.encode("utf-8"), "points.txt")["tasks"]
    assert [t["code"] for t in tasks] == ["1", "2"]
    assert tasks[0]["goal"] == "全年新增甲类企业9家。"
    assert tasks[0]["title"] == "壮大甲类企业"
    assert tasks[0]["owners"] == ["经济办", "服务站"]
    assert [t["deadline"] for t in tasks] == [None, 2025]


def test_doubling_in_a_target_cell_doubles_the_base_column():
    rows = ["指标\t单位\t2020年基期值\t2025年目标值", "甲类成果数\t项\t7.5\t翻一番"]
    ind = run("二、发展目标\n\n" + "\n".join(rows) + "\n")["indicators"][0]
    assert [(t["year"], t["value"], t["comparator"]) for t in ind["targets"]] == [(2025, 15, ">=")]


def test_one_year_plan_items_are_goals_for_its_year_without_their_numbers():
    body = (
        "某某镇2025年科学技术工作要点\n\n2024年，全镇新增甲类企业6家。本年工作要围绕三条主线展开。\n\n"
        "一、主要工作\n\n3.新增乙类平台4个，丙类覆盖率达到30%。\n"
    )
    inds = extract_bytes(body.encode("utf-8"), "points.txt")["indicators"]
    got = sorted((i["name"], t["year"], t["value"]) for i in inds for t in i["targets"])
    assert got == [("丙类覆盖率", 2025, 30), ("乙类平台", 2025, 4)]


def test_whole_year_goals_are_annual_and_organised_events_are_increments():
    found = {g.name: g.kind for g in goals("全年申请甲类专利不少于50件，组织对接活动不少于4场。", 2025, 2025)}
    assert found == {"申请甲类专利": "annual", "对接活动": "increment"}


def test_remark_counting_intake_over_the_period_makes_targets_increments():
    rows = ["指标\t单位\t2025年\t2026年\t备注", "引进甲类团队\t个\t2\t5\t两年累计引进"]
    ind = run("二、发展目标\n\n" + "\n".join(rows) + "\n")["indicators"][0]
    assert {t["kind"] for t in ind["targets"]} == {"increment"}


def test_issue_date_line_ending_in_yinfa():
    doc = run("2022年5月9日印发\n\n二、发展目标\n\n")["document"]
    assert doc["issued"] == "2022-05-09"


def test_level_words_with_yi_are_not_a_weak_verb():
    found = [(g.name, g.value) for g in goals("新增县级以上甲类中心4个。", 2025, 2025)]
    assert found == [("县级以上甲类中心", 4)]


def test_later_year_clause_without_subject_takes_the_earlier_goal_name():
    found = [
        (g.name, g.year, g.value) for g in goals("到2023年，甲类覆盖率达到30%；到2025年，提高到45%以上。")
    ]
    assert found == [("甲类覆盖率", 2023, 30), ("甲类覆盖率", 2025, 45)]


def test_lead_and_responsible_unit_columns_both_name_owners():
    text = (
        "某区科技创新三年行动方案（2025—2027年）\n\n附件 任务分工表\n"
        "序号\t重点任务\t牵头单位\t责任单位\n"
        "1\t建设概念验证中心\t区科委\t区财政局、区科委\n"
    )

    tasks = extract_bytes(text.encode(), "plan.txt")["tasks"]

    assert [t["owners"] for t in tasks] == [["区科委", "区财政局"]]


def test_a_goal_naming_its_place_by_a_reference_word_takes_the_place_named_before():
    # In the same sentence, and in the paragraph's sentence before; a place of another kind
    # (the 街道 before 该镇) is not the one meant.
    (goal,) = goals("支持甲乙镇建设孵化器，实现该镇科创载体零的突破。")
    assert goal.name == "甲乙镇科创载体" and goal.value == 1
    found = goals("指导丙丁街道和戊己镇发展数字经济。到2025年，该镇高新技术企业达到30家。")
    assert [g.name for g in found] == ["戊己镇高新技术企业"]
    # Nothing of that kind named before: the name stays as written, nothing is guessed.
    (alone,) = goals("到2025年，该园区孵化面积达到5万平方米。")
    assert alone.name == "该园区孵化面积"


def test_a_goal_counts_what_follows_its_verb_after_a_time_span_numbering_or_means():
    def name(text: str) -> str:
        (goal,) = goals(text)
        return goal.name

    assert name("三年累计引进甲类人才500名。") == "甲类人才"
    assert name("（三）培育乙类企业50家。") == "乙类企业"
    assert name("依托丙类载体带动全区新增丁类企业300家。") == "丁类企业"
    # A subject before the verb, a verb qualifying a noun, a share of the subject: kept whole.
    assert name("戊园集聚各类研发人员1000名。") == "戊园集聚各类研发人员"
    assert name("入库培育的己类后备企业100家。") == "入库培育的己类后备企业"
    assert name("庚类企业设立研发机构的比例达到60%。") == "庚类企业设立研发机构的比例"


def test_a_goal_heading_with_a_review_word_under_the_goals_chapter_holds_goals():
    body = (
        "二、主要目标\n\n（二）甲类成效明显提升\n\n每年新增乙类企业不少于400家。\n\n（三）丁类成效显著\n\n"
        "到2025年，戊类企业达到50家。\n\n三、发展回顾\n\n（一）丙类成效明显提升\n\n丙类企业达到300家。\n"
    )
    names = [i["name"] for i in run(body)["indicators"]]
    assert names == ["乙类企业", "戊类企业"]  # the same heading under a review chapter reports the past


def test_its_at_the_head_of_a_clause_is_the_subject_of_the_goal_before():
    found = goals("到2025年，有研发活动的甲类企业占比达到75%以上，其研发费用占营业收入比重不低于3.2%。")
    assert [(g.name, g.value) for g in found] == [
        ("有研发活动的甲类企业占比", 75),
        ("有研发活动的甲类企业研发费用占营业收入比重", 3.2),
    ]


def test_years_respectively_with_the_counted_thing_after_the_verb():
    found = goals("2023年、2024年、2025年分别新增甲类企业3家、4家、5家。")
    assert [(g.name, g.year, g.value) for g in found] == [
        ("甲类企业", 2023, 3),
        ("甲类企业", 2024, 4),
        ("甲类企业", 2025, 5),
    ]


def test_a_table_note_naming_row_numbers_is_no_goal():
    assert goals("注：第7、8项为期间新增数。") == []


def test_a_reference_to_a_park_finds_its_kind_and_one_to_the_plans_own_town_is_left_out():
    found = goals_in_text(
        "1.甲乙产业园。到2027年，该园区规上企业研发机构覆盖率达到90%。",
        section="target",
        start=2025,
        end=2027,
    )
    assert [g.name for g in found] == ["甲乙产业园规上企业研发机构覆盖率"]
    own = goals_in_text(
        "到2027年，该镇高新技术企业总数达到220家。", section="target", start=2025, end=2027, region="丙丁镇"
    )
    assert [g.name for g in own] == ["高新技术企业总数"]


def test_a_class_reference_takes_the_class_named_before():
    found = goals("支持龙头企业牵头组建甲类联合体，到2025年，该类联合体达到10个。")
    assert [(g.name, g.value) for g in found] == [("甲类联合体", 10)]


def test_respectively_after_a_reference_pairs_the_things_listed_before():
    found = goals("推动甲类企业、乙类专精企业扩容提质，到2025年上述两类企业分别达到8家、40家。")
    assert [(g.name, g.value) for g in found] == [("甲类企业", 8), ("乙类专精企业", 40)]
