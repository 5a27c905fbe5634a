"""Tables of each shape: tab rows, Markdown, one cell per line, completion tables, statistics."""

from __future__ import annotations

from kechuang.reader import extract_bytes

PLAN_HEAD = "某区科技创新“十四五”规划\n\n某区科学技术委员会\n\n二、发展目标\n\n"


def run(body: str) -> dict:
    return extract_bytes((PLAN_HEAD + body).encode("utf-8"), "plan.txt")


def by_name(result: dict, name: str) -> dict:
    return next(i for i in result["indicators"] if i["name"] == name)


def test_tab_table_with_categories_units_remarks_and_attributes():
    rows = [
        "序号\t一级指标\t二级指标\t2023年 目标\t2025年 目标\t备注\t属性",
        "1\t创新主体\t科技型中小企业数（家）\t800\t1000\t累计数\t预期性",
        "2\t\t技术合同成交额（亿元）\t20\t30\t每年\t预期性",
        "3\t创新投入\t研发投入强度（%）\t\t4.0 左右 高于全市 平均增幅\t统计局\t约束性",
    ]
    result = run("\n".join(rows) + "\n")
    sme = by_name(result, "科技型中小企业数")
    assert (sme["unit"], sme["category"], sme["note"], sme["attribute"]) == (
        "家",
        "创新主体",
        "累计数",
        "预期性",
    )
    assert [(t["year"], t["value"], t["kind"]) for t in sme["targets"]] == [
        (2023, 800, "level"),
        (2025, 1000, "level"),
    ]
    turnover = by_name(result, "技术合同成交额")
    assert turnover["category"] == "创新主体"
    assert {t["kind"] for t in turnover["targets"]} == {"annual"}
    rd = by_name(result, "研发投入强度")
    assert rd["source"] == "统计局" and rd["attribute"] == "约束性"
    assert [(t["value"], t["comparator"], t["kind"]) for t in rd["targets"]] == [
        (4.0, "~", "level"),
        (None, "relative", "growth"),
    ]


def test_markdown_table_and_prose_restating_it():
    body = (
        "到2025年，众创空间达到30家，研发投入强度达到4.2%。\n\n"
        "| 指标 | 单位 | 2020年 | 2025年目标 |\n|---|---|---|---|\n"
        "| 众创空间 | 家 | 18 | 30 |\n| 研发投入强度 | % | 3.6 | 4.0 |\n"
    )
    result = run(body)
    spaces = by_name(result, "众创空间")
    assert spaces["baseline"] == {"year": 2020, "value": 18}
    assert len(spaces["targets"]) == 1  # the sentence restates the table
    rd = by_name(result, "研发投入强度")
    assert sorted(t["value"] for t in rd["targets"]) == [4.0, 4.2]  # a different value is an extra target
    assert len(result["indicators"]) == 2


def test_completion_table_gives_baseline_target_and_actuals():
    rows = [
        "“十三五”指标完成情况",
        "序号\t指标名称\t2015年\t“十三五”目标\t2020年完成\t备注",
        "1\t孵化器数量（家）\t10\t20\t24\t",
        "2\t研发投入强度（%）\t2.0\t2.5-3\t\t2019年为2.7%",
        "3\t专利授权量（件）\t/\t每年提高5个百分点\t\t市场监管局",
    ]
    result = run("\n\n".join(rows[:1]) + "\n" + "\n".join(rows[1:]) + "\n")
    incubators = by_name(result, "孵化器数量")
    assert incubators["baseline"] == {"year": 2015, "value": 10}
    assert incubators["targets"][0]["year"] == 2020 and incubators["actuals"] == [{"year": 2020, "value": 24}]
    rd = by_name(result, "研发投入强度")
    assert rd["targets"][0]["value"] == 2.5 and rd["targets"][0]["comparator"] == ">="
    assert rd["actuals"] == [{"year": 2019, "value": 2.7}]
    patents = by_name(result, "专利授权量")
    assert patents["targets"][0]["kind"] == "annual" and patents["source"] == "市场监管局"
    assert patents["baseline"] is None


def test_statistics_table_becomes_series_with_derived_rows():
    rows = [
        "年份\t2016\t2017\t2018\t2019",
        "发明专利申请（件）\t100\t120\t/\t160",
        "较上年增长(%)\t/\t20%\t/\t33.3%",
    ]
    result = run("\n".join(rows) + "\n")
    names = {s["name"]: s for s in result["series"]}
    assert names["发明专利申请"]["unit"] == "件"
    assert [p["year"] for p in names["发明专利申请"]["points"]] == [2016, 2017, 2019]
    derived = names["发明专利申请较上年增长"]
    assert derived["points"] == [{"year": 2017, "value": 20}, {"year": 2019, "value": 33.3}]
    assert result["indicators"] == []


def test_task_list_with_one_cell_per_line_and_merged_title():
    lines = [
        "序号", "目标", "重点项目", "主要内容", "实施单位",
        "1", "壮大科技企业", "到2026年,新增科技型企业40家", "开展梯度培育。", "区科委、甲镇",
        "2", "到2026年,培育专精特新企业10家", "建立培育库。", "区经委,乙园区",
        "3", "优化服务", "建设1个服务平台", "整合资源。", "区科委",
    ]  # fmt: skip
    result = run("三、项目清单\n\n" + "\n\n".join(lines) + "\n")
    tasks = result["tasks"]
    assert [(t["code"], t["title"], t["owners"], t["deadline"]) for t in tasks] == [
        ("1", "壮大科技企业", ["区科委", "甲镇"], 2026),
        ("2", "壮大科技企业", ["区经委", "乙园区"], 2026),
        ("3", "优化服务", ["区科委"], 2025),
    ]
    assert tasks[0]["goal"] == "到2026年,新增科技型企业40家"
    values = {(i["name"], t["value"]) for i in result["indicators"] for t in i["targets"]}
    assert ("科技型企业", 40) in values and ("专精特新企业", 10) in values
