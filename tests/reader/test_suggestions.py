"""Suggested tasks: a plan's task chapter offered as tasks for the reviewer, apart from ``tasks``."""

from __future__ import annotations

import json

from kechuang.reader import extract_bytes, extract_path

from .conftest import GOLD


def _read(text: str) -> dict:
    return extract_bytes(text.encode("utf-8"), "plan.txt")


def _titles(result: dict) -> list[str]:
    return [s["title"] for s in result["task_suggestions"]]


CHAPTERED = """某区科技创新“十四五”规划

第一章 发展基础

一、取得的成效

（一）创新投入稳步增长

全区研发投入持续增加。

第二章 发展目标

一、总体目标

到2025年，高新技术企业达到500家。

第三章 主要任务

第一节 建设创新平台（责任单位：区科委、各镇（园区））

支持企业建设研发中心。对新认定的市级研发中心给予支持。

第二节 培育科技企业

实施高新技术企业培育计划。（区科委牵头，区财政局、区税务局配合）

第四章 保障措施

第一节 加强组织领导

成立领导小组。
"""


def test_task_chapter_headings_are_suggested_with_owners_and_first_sentence():
    result = _read(CHAPTERED)
    assert result["tasks"] == []
    first, second = result["task_suggestions"]
    assert first == {
        "title": "建设创新平台",
        "chapter": "主要任务",
        "group": None,
        "code": "第一节",
        "text": "支持企业建设研发中心。",
        "owners": ["区科委", "各镇（园区）"],
    }
    assert second["title"] == "培育科技企业"
    assert second["owners"] == ["区科委", "区财政局", "区税务局"]
    assert second["text"] == "实施高新技术企业培育计划。"


def test_goals_background_and_safeguard_chapters_are_not_suggested():
    titles = _titles(_read(CHAPTERED))
    for heading in ("创新投入稳步增长", "总体目标", "加强组织领导", "取得的成效"):
        assert heading not in titles


def test_a_group_of_numbered_headings_gives_its_sub_headings():
    text = """某区行动方案（2024—2026年）

三、重点工程

（一）创新主体培育工程

1.实施企业梯度培育。

对科技型中小企业、高新技术企业分层培育。

2.推动研发机构建设

鼓励企业设立研发机构。

（二）科创载体提升工程

加快孵化器建设，提升服务能力。

四、保障措施

（一）加大资金投入
"""
    result = _read(text)
    got = [(s["code"], s["title"], s["group"]) for s in result["task_suggestions"]]
    assert got == [
        ("1", "实施企业梯度培育", "创新主体培育工程"),
        ("2", "推动研发机构建设", "创新主体培育工程"),
        ("（二）", "科创载体提升工程", None),
    ]
    assert result["task_suggestions"][2]["text"] == "加快孵化器建设，提升服务能力。"


def test_a_paragraph_led_by_its_numbered_heading_is_a_suggestion():
    text = """某镇工作方案（2025年）

二、主要举措

（一）加强统筹协调。建立镇级联席会议制度，每季度召开一次。明确分工。

（二）优化服务环境。推行一网通办。

三、组织保障

（一）压实责任。各部门按职责抓好落实。
"""
    suggestions = _read(text)["task_suggestions"]
    assert [(s["code"], s["title"], s["text"]) for s in suggestions] == [
        ("（一）", "加强统筹协调", "建立镇级联席会议制度，每季度召开一次。"),
        ("（二）", "优化服务环境", "推行一网通办。"),
    ]


def test_headings_a_task_table_already_gives_are_not_suggested():
    text = """某区行动计划（2024—2026年）

三、重点任务

1.建设孵化器

支持建设孵化器。

2.培育科技企业

支持企业创新。

附件 任务清单

| 序号 | 重点任务 | 责任单位 |
| --- | --- | --- |
| 1 | 建设孵化器 | 区科委 |
"""
    result = _read(text)
    assert [t["goal"] for t in result["tasks"]] == ["建设孵化器"]
    assert _titles(result) == ["培育科技企业"]


def test_a_contents_page_does_not_repeat_or_replace_the_suggestions():
    text = """某区科技创新“十四五”规划

目录

一、主要任务.....3
（一）建设创新平台.....3
（二）培育科技企业.....4
二、保障措施.....5

一、主要任务

（一）建设创新平台

支持企业建设研发中心。

（二）培育科技企业

实施培育计划。

二、保障措施

到2025年，高新技术企业达到500家。
"""
    suggestions = _read(text)["task_suggestions"]
    assert [(s["title"], s["text"]) for s in suggestions] == [
        ("建设创新平台", "支持企业建设研发中心。"),
        ("培育科技企业", "实施培育计划。"),
    ]


def test_a_chapter_reviewing_tasks_is_not_a_task_chapter():
    text = """某区科技创新“十四五”规划

一、“十三五”主要任务完成情况

（一）创新平台建设成效显著

建成研发中心20家。

二、发展目标

到2025年，高新技术企业达到500家。
"""
    assert _read(text)["task_suggestions"] == []


def test_seed_plans_suggest_their_task_chapters(seed_paths):
    by_seed = {p.stem[:3]: extract_path(p) for p in seed_paths}
    first, second, carriers = by_seed["000"], by_seed["001"], by_seed["002"]
    # seed 000: 第三部分 发展主要任务与举措, six groups of （一）… headings (3+5+4+5+5+3)
    assert len(first["task_suggestions"]) == 25
    assert {s["chapter"] for s in first["task_suggestions"]} == {"发展主要任务与举措"}
    assert first["task_suggestions"][0]["title"] == "做强“一带”"
    assert first["task_suggestions"][0]["group"] == "优化区域创新布局，提升显示度"
    # seed 001: 四、重点任务, seven groups of 1、… headings; 五、保障措施 is not a task
    assert len(second["task_suggestions"]) == 24
    assert not any("统筹推进" in s["title"] for s in second["task_suggestions"])
    # 载体三年行动：三、重点任务 1.–7.; its project table stays the tasks
    assert [s["code"] for s in carriers["task_suggestions"]] == [str(n) for n in range(1, 8)]
    assert carriers["task_suggestions"][0]["title"] == "突出主导产业方向"
    assert len(carriers["tasks"]) == 9
    for result in by_seed.values():
        for s in result["task_suggestions"]:
            assert s["text"], s
            assert not any(w in s["title"] for w in ("保障", "目标", "现状"))


def test_the_scorer_ignores_suggestions(seed_paths, scorer):
    """Suggestions are not tasks: the gold scorer reads ``tasks`` only."""

    def tallies(strip: bool) -> dict:
        out = {g: scorer.Tally() for g in ("targets", "baselines", "actuals", "series", "tasks", "owners",
                                            "comparator", "kind", "document", "all")}  # fmt: skip
        for path in seed_paths:
            gold = json.loads((GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))
            pred = extract_path(path)
            assert pred["task_suggestions"]
            if strip:
                pred.pop("task_suggestions")
            scorer.score_document(gold, pred, out, False, path.stem)
        return {g: (t.tp, t.n_gold, t.n_pred) for g, t in out.items()}

    assert tallies(strip=False) == tallies(strip=True)
