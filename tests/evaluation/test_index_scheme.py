"""Schemes as data: validation with field-named Chinese errors, and lossless export → import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kechuang.evaluation.index import SchemeError, parse_scheme, scheme_to_dict

ISSUE_EXAMPLE = {
    "name": "子园评价",
    "normalisation": "minmax",
    "aggregation": "arithmetic",
    "pillars": [
        {
            "name": "科技创新力",
            "weight": 0.4,
            "indicators": [
                {"code": "rd_per_mu", "name": "亩均研发投入", "weight": 0.5, "direction": "higher"}
            ],
        }
    ],
}


def errors_of(raw, **kwargs) -> list[str]:
    with pytest.raises(SchemeError) as caught:
        parse_scheme(raw, **kwargs)
    return caught.value.errors


def scheme(**changes) -> dict:
    raw = json.loads(json.dumps(ISSUE_EXAMPLE))
    raw.update(changes)
    return raw


def test_the_issue_example_reads_and_weights_are_scaled_to_sum_one():
    parsed = parse_scheme(ISSUE_EXAMPLE)
    assert parsed.pillars[0].weight == 1.0
    assert parsed.pillars[0].indicators[0].weight == 1.0
    assert parsed.missing == "mean"


def test_negative_weight_named_by_field():
    raw = scheme()
    raw["pillars"][0]["indicators"].append({"code": "x", "weight": -1})
    assert "pillars[0].indicators[1].weight：权重不能为负数（-1）" in errors_of(raw)


def test_all_zero_weights_refused():
    raw = scheme()
    raw["pillars"][0]["weight"] = 0
    assert "pillars：同一层的权重不能全为零" in errors_of(raw)


def test_non_numeric_weight_refused():
    raw = scheme()
    raw["pillars"][0]["indicators"][0]["weight"] = "一半"
    assert "pillars[0].indicators[0].weight：应为数字，实为“一半”" in errors_of(raw)


def test_unknown_choices_named_with_the_allowed_ones():
    raw = scheme(normalisation="log", aggregation="median")
    raw["pillars"][0]["indicators"][0]["direction"] = "up"
    errors = errors_of(raw)
    assert any(e.startswith("normalisation：未知取值“log”，应为 minmax（") for e in errors)
    assert any(e.startswith("aggregation：未知取值“median”") for e in errors)
    assert any(e.startswith("pillars[0].indicators[0].direction：未知取值“up”") for e in errors)


def test_unknown_indicator_against_a_catalog():
    assert errors_of(ISSUE_EXAMPLE, known_codes={"tax_per_mu"}) == [
        "pillars[0].indicators[0].code：未知指标“rd_per_mu”"
    ]
    parse_scheme(ISSUE_EXAMPLE, known_codes={"rd_per_mu"})


def test_duplicate_indicator_code_refused():
    raw = scheme()
    raw["pillars"].append({"name": "产业", "indicators": [{"code": "rd_per_mu"}]})
    assert "pillars[1].indicators[0].code：指标代码“rd_per_mu”重复" in errors_of(raw)


def test_cut_offs_out_of_order_refused():
    raw = scheme(
        ratings={"cutoffs": [{"label": "良好", "min_score": 75}, {"label": "优秀", "min_score": 85}]}
    )
    assert errors_of(raw) == ["ratings.cutoffs[1].min_score：分数线应从高到低排列（85 高于上一档 75）"]


def test_quota_share_out_of_range_refused():
    raw = scheme(ratings={"cutoffs": [{"label": "优秀", "min_score": 85, "max_share": 1.5}]})
    assert errors_of(raw) == ["ratings.cutoffs[0].max_share：比例上限应大于 0 且不超过 1"]


def test_target_normalisation_needs_targets():
    assert errors_of(scheme(normalisation="target")) == [
        "pillars[0].indicators[0].target：目标距离法需要为每个指标给出目标值"
    ]


def test_veto_cap_must_name_a_rating():
    raw = scheme(
        ratings={"cutoffs": [{"label": "优秀", "min_score": 85}], "otherwise": "合格"},
        vetoes=[{"code": "safety", "name": "安全事故", "effect": "cap", "cap": "良好"}],
    )
    assert errors_of(raw) == ["vetoes[0].cap：封顶评级“良好”不在 ratings 所列评级中"]


def test_every_error_is_reported_at_once():
    raw = {"name": "", "normalisation": "x", "pillars": []}
    errors = errors_of(raw)
    assert len(errors) == 3
    assert all("：" in e for e in errors)


def test_export_then_import_is_lossless():
    raw = scheme(
        year=2024,
        subject="sub_park",
        missing="zero",
        bonus={"cap": 5, "items": [{"code": "award", "name": "获国家级认定", "points": 3, "max": 3}]},
        vetoes=[{"code": "false_report", "name": "虚报数据", "effect": "disqualify"}],
        ratings={"cutoffs": [{"label": "优秀", "min_score": 85, "max_share": 0.2}], "otherwise": "合格"},
    )
    raw["pillars"][0]["indicators"].append(
        {
            "code": "ip",
            "name": "知识产权",
            "weight": 0.5,
            "scoring": {"kind": "bands", "bands": [[1, 10], [5, 20]]},
        }
    )
    first = parse_scheme(raw)
    exported = scheme_to_dict(first)
    assert exported["year"] == 2024 and exported["subject"] == "sub_park"
    again = parse_scheme(json.loads(json.dumps(exported, ensure_ascii=False)))
    assert again == first
    assert scheme_to_dict(again) == exported


def test_shipped_example_schemes_read(tmp_path: Path):
    examples = Path(__file__).resolve().parents[2] / "docs" / "evaluation"
    files = sorted(examples.glob("*.json"))
    assert files, "docs/evaluation/*.json: the example schemes"
    for path in files:
        parse_scheme(json.loads(path.read_text(encoding="utf-8")))
