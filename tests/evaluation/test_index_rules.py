"""Ratings by score and quota, veto caps and disqualification, capped bonus points, missing data,
and per-indicator scoring (thresholds and ranks to points)."""

from __future__ import annotations

import numpy as np
import pytest

from kechuang.evaluation.index import assign_ratings, evaluate, parse_scheme, rank_scores
from kechuang.evaluation.index.scheme import Cutoff

CUTS = (Cutoff("优秀", 85, 0.4), Cutoff("良好", 75))


def test_ranks_share_ties_and_skip():
    assert rank_scores(np.array([90.0, 80.0, 90.0, 70.0])).tolist() == [1, 3, 1, 4]


def test_quota_never_exceeded_and_a_straddling_tie_falls_to_the_next_rating():
    # 5 units, at most 40 % 优秀 → floor(2.0) = 2 places; 95, 90, 90 qualify by score (≥ 85);
    # the two 90s tie for the 2nd place, taking both would make 3 > 2, so only 95 is 优秀;
    # the 90s and 80 are 良好 (≥ 75); 50 is below every cut-off (index 2).
    scores = np.array([95.0, 90.0, 90.0, 80.0, 50.0])
    assert assign_ratings(scores, np.zeros(5, dtype=int), CUTS).tolist() == [0, 1, 1, 1, 2]


def test_quota_admits_the_best_when_there_is_no_tie():
    scores = np.array([95.0, 91.0, 90.0, 86.0, 50.0])
    assert assign_ratings(scores, np.zeros(5, dtype=int), CUTS).tolist() == [0, 0, 1, 1, 2]


def test_capped_unit_does_not_take_a_quota_place():
    # 95 is capped at 良好 (index 1): 91 and 90 take the two 优秀 places
    scores = np.array([95.0, 91.0, 90.0, 86.0, 50.0])
    caps = np.array([1, 0, 0, 0, 0])
    assert assign_ratings(scores, caps, CUTS).tolist() == [1, 0, 0, 1, 2]


SCHEME = {
    "name": "载体评价",
    "pillars": [
        {"name": "服务能力", "weight": 0.3, "indicators": [{"code": "mentors", "name": "创业导师"}]},
        {"name": "孵化绩效", "weight": 0.7, "indicators": [{"code": "graduates", "name": "毕业企业"}]},
    ],
    "bonus": {
        "cap": 5,
        "items": [
            {"code": "national", "name": "获评国家级", "points": 4},
            {"code": "award", "name": "获奖", "points": 2, "max": 2},
        ],
    },
    "vetoes": [
        {"code": "false_report", "name": "虚报数据", "effect": "disqualify"},
        {"code": "safety", "name": "安全事故", "effect": "cap", "cap": "合格"},
    ],
    "ratings": {
        "cutoffs": [
            {"label": "优秀", "min_score": 85},
            {"label": "良好", "min_score": 75},
            {"label": "合格", "min_score": 60},
        ],
        "otherwise": "不合格",
    },
}


def test_bonus_capped_vetoes_applied():
    data = {
        "甲": {"mentors": 10, "graduates": 10, "safety": 1},  # 100 but capped at 合格
        "乙": {
            "mentors": 0,
            "graduates": 8,
            "national": 1,
            "award": 3,
        },  # 0.7·80 = 56; +4 +min(6,2) → cap 5 → 61
        "丙": {"mentors": 5, "graduates": 0, "false_report": 1},  # disqualified
        "丁": {"mentors": 0, "graduates": 0},
    }
    results = {r.unit: r for r in evaluate(parse_scheme(SCHEME), data)}
    assert (results["甲"].score, results["甲"].rating, results["甲"].vetoes) == (100.0, "合格", ["安全事故"])
    assert results["乙"].base_score == pytest.approx(56.0)
    assert results["乙"].bonus == 5.0 and results["乙"].score == pytest.approx(61.0)
    assert results["乙"].rating == "合格"
    assert [b["points"] for b in results["乙"].bonus_items] == [4.0, 2.0]
    assert results["丙"].disqualified and results["丙"].rank is None and results["丙"].rating == "不合格"
    assert (results["甲"].rank, results["乙"].rank, results["丁"].rank) == (1, 2, 3)
    assert [r.unit for r in evaluate(parse_scheme(SCHEME), data)] == ["甲", "乙", "丁", "丙"]


def test_total_with_bonus_capped_at_100():
    data = {"甲": {"mentors": 10, "graduates": 10, "national": 1}, "乙": {"mentors": 0, "graduates": 0}}
    assert {r.unit: r.score for r in evaluate(parse_scheme(SCHEME), data)}["甲"] == 100.0


def scheme_with(missing: str) -> dict:
    return {
        "name": "缺失",
        "missing": missing,
        "pillars": [{"name": "维度", "indicators": [{"code": "a"}, {"code": "b"}]}],
    }


DATA = {"甲": {"a": 0, "b": 0}, "乙": {"a": 10, "b": 10}, "丙": {"a": 10}}  # 丙 lacks b


def test_missing_scored_zero():
    results = {r.unit: r for r in evaluate(parse_scheme(scheme_with("zero")), DATA)}
    # b over 甲 and 乙 only: 0 and 100; 丙's b at the bottom → 丙 = 0.5·100 + 0.5·0 = 50
    assert results["丙"].normalised == {"a": 100.0, "b": 0.0}
    assert results["丙"].score == 50.0
    assert results["丙"].missing["indicators"] == ["b"] and results["丙"].missing["rule"] == "zero"
    assert results["乙"].missing["note"] == "数据完整"


def test_missing_filled_with_the_group_mean():
    results = {r.unit: r for r in evaluate(parse_scheme(scheme_with("mean")), DATA)}
    # mean of b over 甲, 乙 = 5 → b normalised 50 → 丙 = 0.5·100 + 0.5·50 = 75
    assert results["丙"].score == 75.0
    row = results["丙"].explanation[1]
    assert row["value"] is None and row["used_value"] == 5.0 and row["missing"] is True


def test_missing_excludes_the_unit_and_it_does_not_move_the_others():
    results = {r.unit: r for r in evaluate(parse_scheme(scheme_with("exclude")), DATA)}
    assert results["丙"].excluded and results["丙"].score is None and results["丙"].rank is None
    assert results["丙"].missing["note"] == "有缺失指标，不参加评分和排名"
    assert (results["甲"].score, results["乙"].score) == (0.0, 100.0)


def test_thresholds_to_points_with_inclusive_lower_edges():
    # 科技型中小企业 S&T staff share bands (methods.md §4.3): ≥30 → 20, 25 → 16, 20 → 12, 15 → 8, 10 → 4
    bands = [[30, 20], [25, 16], [20, 12], [15, 8], [10, 4]]
    raw = {
        "name": "分档",
        "pillars": [
            {"name": "人员", "indicators": [{"code": "staff", "scoring": {"kind": "bands", "bands": bands}}]}
        ],
    }
    data = {"甲": {"staff": 30}, "乙": {"staff": 24.9}, "丙": {"staff": 9.9}, "丁": {"staff": 10}}
    results = {r.unit: r.score for r in evaluate(parse_scheme(raw), data)}
    assert results == {"甲": 100.0, "乙": 60.0, "丙": 0.0, "丁": 20.0}  # 20/20, 12/20, 0, 4/20


def test_lower_is_better_bands():
    raw = {
        "name": "能耗",
        "pillars": [
            {
                "name": "效率",
                "indicators": [
                    {
                        "code": "e",
                        "direction": "lower",
                        "scoring": {"kind": "bands", "bands": [[0.3, 10], [0.5, 5]]},
                    }
                ],
            }
        ],
    }
    results = {
        r.unit: r.score
        for r in evaluate(parse_scheme(raw), {"甲": {"e": 0.3}, "乙": {"e": 0.4}, "丙": {"e": 0.6}})
    }
    assert results == {"甲": 100.0, "乙": 50.0, "丙": 0.0}


def test_rank_to_points_ties_share_the_better_points():
    raw = {
        "name": "名次",
        "pillars": [
            {"name": "产出", "indicators": [{"code": "x", "scoring": {"kind": "rank", "points": [10, 8, 6]}}]}
        ],
    }
    data = {"甲": {"x": 9}, "乙": {"x": 9}, "丙": {"x": 5}, "丁": {"x": 4}}
    results = {r.unit: r.score for r in evaluate(parse_scheme(raw), data)}
    assert results == {"甲": 100.0, "乙": 100.0, "丙": 60.0, "丁": 0.0}  # ranks 1, 1, 3, 4


def test_rows_from_a_spreadsheet_with_empty_and_numeric_cells():
    from kechuang.evaluation.index import DataError, read_values

    rows = [
        ("单位", "指标", "数值"),
        ("甲", "a", 1.5),
        ("乙", "a", "1,200"),
        (None, None, None),
        ("丙", "a", None),
    ]
    with pytest.raises(DataError) as caught:
        read_values(rows, {"a"})
    assert caught.value.errors == ["第 5 行 value：“”不是数字"]
    assert read_values(rows[:3], {"a"}) == {"甲": {"a": 1.5}, "乙": {"a": 1200.0}}
