"""Hand-worked examples (formulas of methods.md §3.1): min-max, distance to target, geometric
aggregation, ties, and rank-interval bounds, each computed by hand in the comments."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kechuang.evaluation.index import evaluate, parse_scheme, rank_interval, sensitivity


def one_pillar(indicators: list[dict], **extra) -> dict:
    return {"name": "例", "pillars": [{"name": "维度", "weight": 1, "indicators": indicators}], **extra}


def by_unit(results) -> dict:
    return {r.unit: r for r in results}


def test_min_max_with_a_lower_is_better_indicator_and_weights_scaled_to_one():
    # a (higher, weight 3 → 0.75): 2, 5, 8; min 2, max 8 → (x−2)/6·100 = 0, 50, 100
    # b (lower,  weight 1 → 0.25): 30, 10, 20; negated −30, −10, −20; min −30, max −10
    #   → (−x+30)/20·100 = 0, 100, 50
    # totals: 甲 0.75·0 + 0.25·0 = 0; 乙 0.75·50 + 0.25·100 = 62.5; 丙 0.75·100 + 0.25·50 = 87.5
    scheme = parse_scheme(
        one_pillar(
            [
                {"code": "a", "name": "甲指标", "weight": 3},
                {"code": "b", "name": "乙指标", "weight": 1, "direction": "lower"},
            ]
        )
    )
    results = by_unit(
        evaluate(scheme, {"甲": {"a": 2, "b": 30}, "乙": {"a": 5, "b": 10}, "丙": {"a": 8, "b": 20}})
    )
    assert results["乙"].normalised == {"a": 50.0, "b": 100.0}
    assert results["丙"].normalised == {"a": 100.0, "b": 50.0}
    assert [results[u].score for u in "甲乙丙"] == [0.0, 62.5, 87.5]
    assert [results[u].rank for u in "丙乙甲"] == [1, 2, 3]
    # the explanation traces 乙's 62.5: 0.75·50 = 37.5 from a, 0.25·100 = 25 from b
    rows = {row["code"]: row for row in results["乙"].explanation}
    assert rows["a"]["weight"] == 0.75 and rows["a"]["contribution"] == 37.5
    assert rows["b"]["weight"] == 0.25 and rows["b"]["contribution"] == 25.0
    assert sum(row["contribution"] for row in rows.values()) == results["乙"].score


def test_distance_to_target_capped_at_the_target():
    # a (higher, target 10): 4, 7, 12; min 4 → (x−4)/(10−4) = 0, 0.5, 1.33 → capped 1 → 0, 50, 100
    # b (lower, target 2): 5, 3, 1; max 5 → (5−x)/(5−2) = 0, 2/3, 4/3 → capped 1 → 0, 66.67, 100
    # two pillars of weight 1 each (→ 0.5): 乙 = 0.5·50 + 0.5·66.667 = 58.333…
    scheme = parse_scheme(
        {
            "name": "目标距离",
            "normalisation": "target",
            "pillars": [
                {"name": "投入", "weight": 1, "indicators": [{"code": "a", "target": 10}]},
                {
                    "name": "效率",
                    "weight": 1,
                    "indicators": [{"code": "b", "target": 2, "direction": "lower"}],
                },
            ],
        }
    )
    results = by_unit(
        evaluate(scheme, {"甲": {"a": 4, "b": 5}, "乙": {"a": 7, "b": 3}, "丙": {"a": 12, "b": 1}})
    )
    assert results["乙"].normalised["a"] == pytest.approx(50.0)
    assert results["乙"].normalised["b"] == pytest.approx(200 / 3)
    assert results["丙"].normalised == {"a": 100.0, "b": 100.0}
    assert results["乙"].score == pytest.approx(0.5 * 50 + 0.5 * 200 / 3)  # 58.333…
    assert results["乙"].pillars == pytest.approx({"投入": 50.0, "效率": 200 / 3})
    assert results["甲"].score == 0.0 and results["丙"].score == 100.0


def test_target_already_reached_by_every_unit_scores_full():
    # target 3 ≤ min 4: (x − 4)/(3 − 4) has no meaning; every unit met the target → 100
    scheme = parse_scheme(one_pillar([{"code": "a", "target": 3}], normalisation="target"))
    assert [r.score for r in evaluate(scheme, {"甲": {"a": 4}, "乙": {"a": 9}})] == [100.0, 100.0]


def test_geometric_mean_on_1_to_100_rewards_balance_and_ties_share_the_better_rank():
    # min-max onto [1, 100] (1 + 99·v), so the worst value is 1, never 0:
    #   a: 0, 10, 5 → 1, 100, 50.5;  b: 10, 0, 5 → 100, 1, 50.5
    # equal weights 0.5: 甲 = 1^0.5 · 100^0.5 = 10; 乙 = 10; 丙 = 50.5
    # ranks: 丙 1; 甲 and 乙 tie at 10 → both 2 (next rank would be 4)
    data = {"甲": {"a": 0, "b": 10}, "乙": {"a": 10, "b": 0}, "丙": {"a": 5, "b": 5}}
    geo = by_unit(
        evaluate(parse_scheme(one_pillar([{"code": "a"}, {"code": "b"}], aggregation="geometric")), data)
    )
    assert geo["甲"].normalised == {"a": 1.0, "b": 100.0}
    assert geo["甲"].score == pytest.approx(10.0)
    assert geo["丙"].score == pytest.approx(50.5)
    assert (geo["丙"].rank, geo["甲"].rank, geo["乙"].rank) == (1, 2, 2)
    # the same data under the arithmetic mean (0–100): 甲 = 0.5·0 + 0.5·100 = 50 = 乙 = 丙 → all rank 1
    ari = by_unit(evaluate(parse_scheme(one_pillar([{"code": "a"}, {"code": "b"}])), data))
    assert {u: (r.score, r.rank) for u, r in ari.items()} == {
        "甲": (50.0, 1),
        "乙": (50.0, 1),
        "丙": (50.0, 1),
    }


def test_geometric_mean_with_unequal_weights_and_its_explanation():
    # weights 1 and 3 → 0.25, 0.75; 甲 (1, 100): 1^0.25 · 100^0.75 = 10^1.5 = 31.6227766
    # 乙 (100, 1): 100^0.25 = 3.16227766
    # explanation of 甲: shares of the log-score w·ln v = 0 and 0.75·ln 100 → contributions 0 and 31.62
    scheme = parse_scheme(
        one_pillar([{"code": "a", "weight": 1}, {"code": "b", "weight": 3}], aggregation="geometric")
    )
    results = by_unit(evaluate(scheme, {"甲": {"a": 0, "b": 10}, "乙": {"a": 10, "b": 0}}))
    assert results["甲"].score == pytest.approx(10**1.5)
    assert results["乙"].score == pytest.approx(10**0.5)
    contributions = [row["contribution"] for row in results["甲"].explanation]
    assert contributions == pytest.approx([0.0, 10**1.5])


def test_z_score_as_t_score():
    # a: 2, 4, 6 → mean 4, sample sd 2 → z = −1, 0, 1 → T = 40, 50, 60
    scheme = parse_scheme(one_pillar([{"code": "a"}], normalisation="zscore"))
    results = by_unit(evaluate(scheme, {"甲": {"a": 2}, "乙": {"a": 4}, "丙": {"a": 6}}))
    assert [results[u].score for u in "甲乙丙"] == pytest.approx([40.0, 50.0, 60.0])


def test_rank_interval_bounds_by_the_inverted_cdf_rule():
    # 20 draws of one unit: rank 1 once, 2 seventeen times, 3 twice.
    # 5th percentile: smallest r with share(rank ≤ r) ≥ 0.05 → share(≤1) = 1/20 = 0.05 → 1
    # 95th percentile: share(≤2) = 18/20 = 0.90 < 0.95, share(≤3) = 1 → 3
    # second unit: rank 1 twice, 2 eighteen times → p5 = 1 (0.10 ≥ 0.05), p95 = 2 (share(≤1)=0.10)
    ranks = np.array([[1] + [2] * 17 + [3] * 2, [1] * 2 + [2] * 18])
    low, high = rank_interval(ranks)
    assert low.tolist() == [1, 1]
    assert high.tolist() == [3, 2]


def test_rank_intervals_of_a_mirror_pair_and_their_middle_unit():
    # normalised (min-max): 甲 (100, 0), 乙 (0, 100), 丙 (50, 50); weights w, 1 − w with w ≠ 0.5 in
    # almost every draw. 丙 = 50 whatever w; 甲 = 100·w, 乙 = 100·(1 − w): when w > 0.5 甲 first and
    # 乙 third, when w < 0.5 the other way round, each in about half the draws (symmetry).
    # Under z-scores the picture is the same: a = 10, 0, 5 → T = 60, 40, 50.
    # So 丙 is always 2nd: interval [2, 2]; 甲 and 乙: p5 = 1, p95 = 3, min 1, max 3.
    # A cut-off at 50 makes 甲's and 乙's ratings change with the weights, not 丙's (50 ≥ 50 always).
    scheme = parse_scheme(
        one_pillar(
            [{"code": "a"}, {"code": "b"}],
            ratings={"cutoffs": [{"label": "良好", "min_score": 50}], "otherwise": "合格"},
        )
    )
    data = {"甲": {"a": 10, "b": 0}, "乙": {"a": 0, "b": 10}, "丙": {"a": 5, "b": 5}}
    sens = sensitivity(scheme, data, draws=1000, seed=7)["units"]
    assert (sens["丙"]["rank_p5"], sens["丙"]["rank_p95"]) == (2, 2)
    for unit in "甲乙":
        entry = sens[unit]
        assert (entry["rank_p5"], entry["rank_p95"], entry["rank_min"], entry["rank_max"]) == (1, 3, 1, 3)
        assert entry["rating_may_change"] is True
        assert 0.4 < entry["rating_shares"]["良好"] < 0.6
    assert sens["丙"]["rating_may_change"] is False


def test_weights_perturbed_within_the_stated_share_then_renormalised():
    # two weights 0.5 multiplied by u1, u2 in [0.75, 1.25] and renormalised: w1 = u1/(u1 + u2),
    # so w1 lies in [0.75/2, 1.25/2] = [0.375, 0.625]; the weights of each draw sum to 1.
    from kechuang.evaluation.index.sensitivity import draw_weights

    scheme = parse_scheme(one_pillar([{"code": "a"}, {"code": "b"}]))
    weights = draw_weights(scheme, 5000, 0.25, np.random.default_rng(1))
    assert weights.sum(axis=1) == pytest.approx(np.ones(5000))
    assert 0.375 <= weights[:, 0].min() < 0.39 and 0.61 < weights[:, 0].max() <= 0.625


def test_no_perturbation_and_one_normalisation_reproduce_the_base_ranks():
    scheme = parse_scheme(one_pillar([{"code": "a", "weight": 2}, {"code": "b"}]))
    data = {f"单位{k}": {"a": float(k % 7), "b": float(k % 5)} for k in range(30)}
    base = {r.unit: r.rank for r in evaluate(scheme, data)}
    sens = sensitivity(scheme, data, draws=50, share=0.0, normalisations=["minmax"])["units"]
    for unit, rank in base.items():
        assert sens[unit]["rank_min"] == sens[unit]["rank_max"] == rank


def test_the_same_seed_gives_the_same_intervals():
    scheme = parse_scheme(one_pillar([{"code": "a"}, {"code": "b"}, {"code": "c"}]))
    rng = np.random.default_rng(3)
    data = {f"单位{k}": {c: float(rng.normal()) for c in "abc"} for k in range(40)}
    assert sensitivity(scheme, data, draws=200, seed=11) == sensitivity(scheme, data, draws=200, seed=11)
    assert not math.isnan(sensitivity(scheme, data, draws=10)["units"]["单位0"]["rank_median"])
