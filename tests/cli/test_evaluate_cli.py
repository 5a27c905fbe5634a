"""`kechuang evaluate index` end to end: the JSON of issue 15, --draws, the Chinese table, and
row-numbered errors with a non-zero exit code and nothing on standard output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kechuang.cli import main

DOCS = Path(__file__).resolve().parents[2] / "docs" / "evaluation"

SCHEME = {
    "name": "亩均评价",
    "normalisation": "minmax",
    "aggregation": "arithmetic",
    "pillars": [
        {
            "name": "科技创新力",
            "weight": 0.4,
            "indicators": [
                {"code": "rd_per_mu", "name": "亩均研发投入", "weight": 0.5, "direction": "higher"}
            ],
        },
        {
            "name": "产业发展力",
            "weight": 0.6,
            "indicators": [{"code": "energy", "name": "单位产值能耗", "weight": 1, "direction": "lower"}],
        },
    ],
}


@pytest.fixture
def files(tmp_path: Path):
    def write(rows: str, scheme: dict | None = None) -> list[str]:
        s = tmp_path / "scheme.json"
        s.write_text(json.dumps(scheme or SCHEME, ensure_ascii=False), encoding="utf-8")
        d = tmp_path / "values.csv"
        d.write_text(rows, encoding="utf-8")
        return ["evaluate", "index", "--scheme", str(s), "--data", str(d)]

    return write


GOOD = "unit,indicator,value\n甲园,rd_per_mu,10\n甲园,energy,0.5\n乙园,rd_per_mu,30\n乙园,energy,0.3\n丙园,rd_per_mu,20\n丙园,energy,0.4\n"


def test_json_lists_each_unit_with_score_rank_and_pillars(files, capsys):
    assert main([*files(GOOD), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    # rd: 10, 30, 20 → 0, 100, 50; energy (lower): 0.5, 0.3, 0.4 → 0, 100, 50
    # 乙 = 0.4·100 + 0.6·100 = 100; 丙 = 50; 甲 = 0
    assert [(u["unit"], u["score"], u["rank"]) for u in data] == [
        ("乙园", 100.0, 1),
        ("丙园", 50.0, 2),
        ("甲园", 0.0, 3),
    ]
    assert data[1]["pillars"] == {"科技创新力": 50.0, "产业发展力": 50.0}
    assert all(0 <= u["score"] <= 100 for u in data)
    assert {"normalised", "explanation", "missing", "rating"} <= set(data[0])
    assert "rank_interval" not in data[0]


def test_draws_add_rank_intervals(files, capsys):
    assert main([*files(GOOD), "--json", "--draws", "200", "--seed", "5"]) == 0
    data = json.loads(capsys.readouterr().out)
    for unit in data:
        low, high = unit["rank_interval"]
        assert 1 <= low <= unit["sensitivity"]["rank_median"] <= high <= 3
        assert unit["sensitivity"]["draws"] == 200
    assert data[0]["rank_interval"] == [1, 1]  # best in both indicators: first in every draw


def test_table_is_chinese(files, capsys):
    assert main([*files(GOOD), "--draws", "100"]) == 0
    out = capsys.readouterr().out
    assert "名次\t参评单位\t总分\t评级\t科技创新力\t产业发展力\t名次区间（5%–95%）\t评级可能变化" in out
    assert "1\t乙园\t100.00" in out
    assert "敏感性分析：100 次抽样" in out
    assert "rd_per_mu" not in out and "minmax" not in out


def test_row_numbered_errors_exit_1_and_nothing_on_stdout(files, capsys):
    rows = "unit,indicator,value\n甲园,rd_per_mu,10\n甲园,tax,5\n乙园,energy,很多\n甲园,rd_per_mu,11\n,energy,1\n"
    assert main([*files(rows), "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "第 3 行 indicator：方案中没有指标“tax”",
        "第 4 行 value：“很多”不是数字",
        "第 5 行：参评单位“甲园”的指标“rd_per_mu”重复（第 2 行已有）",
        "第 6 行 unit：参评单位为空",
        "未输出任何结果",
    ]


def test_scheme_errors_named_by_field(files, capsys):
    bad = json.loads(json.dumps(SCHEME))
    bad["pillars"][0]["weight"] = -0.4
    bad["aggregation"] = "median"
    assert main([*files(GOOD, bad), "--json"]) == 1
    err = capsys.readouterr().err
    assert "错误：方案 aggregation：未知取值“median”" in err
    assert "错误：方案 pillars[0].weight：权重不能为负数（-0.4）" in err


def test_indicator_without_any_value_is_refused(files, capsys):
    rows = "unit,indicator,value\n甲园,rd_per_mu,10\n乙园,rd_per_mu,30\n"
    assert main([*files(rows), "--json"]) == 1
    assert "错误：方案中的指标“单位产值能耗”（energy）在数据文件中没有任何数值" in capsys.readouterr().err


def test_gbk_file_and_chinese_header_read(tmp_path, capsys):
    scheme = tmp_path / "s.json"
    scheme.write_text(json.dumps(SCHEME, ensure_ascii=False), encoding="utf-8")
    data = tmp_path / "v.csv"
    data.write_bytes(GOOD.replace("unit,indicator,value", "单位,指标,数值").encode("gb18030"))
    assert main(["evaluate", "index", "--scheme", str(scheme), "--data", str(data), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["unit"] == "乙园"


def test_bad_draws_is_a_usage_error(files, capsys):
    with pytest.raises(SystemExit) as caught:
        main([*files(GOOD), "--draws", "0"])
    assert caught.value.code == 2


def test_the_documented_example_runs(capsys):
    args = [
        "evaluate",
        "index",
        "--scheme",
        str(DOCS / "subpark.json"),
        "--data",
        str(DOCS / "subpark_values.csv"),
    ]
    assert main([*args, "--json", "--draws", "100"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) == 6 and data[0]["rank"] == 1
    assert sum(u["rating"] == "优秀" for u in data) <= 1  # at most 20 % of 6 → 1
    missing = [u for u in data if u["missing"]["indicators"]]
    assert [u["missing"]["indicators"] for u in missing] == [["patents"]]
