"""The shipped 亩均 schemes run on the land-plot registry: plots and enterprises scored from per-mu figures."""

from __future__ import annotations

import pytest

from kechuang.evaluation.models import Subject
from kechuang.evaluation.runs import load_schemes, run_for_year

pytestmark = pytest.mark.django_db


def _scheme(world, subject):
    return next(s for s, _ in load_schemes(world.jinshan) if s.subject == subject)


def test_the_plot_scheme_reads_per_mu_figures_from_the_registry(world, plots):
    run = run_for_year(_scheme(world, Subject.LAND_PLOT), 2024, draws=0)
    by_name = {run.units[r["unit"]]["name"]: r for r in run.results}
    a1 = by_name["A1号地块"]["unit"]
    assert run.values[a1]["tax_per_mu"] == pytest.approx(10.0)  # 100 万元 ÷ 10 亩, as the registry page says
    assert run.values[a1]["output_per_mu"] == pytest.approx(100.0)
    assert "亩" in run.sources[a1]["tax_per_mu"]
    # The plots with figures of the year are scored (the idle and the unbuilt have none); the ratings
    # are the scheme's A/B/C/D classes.
    assert sorted(by_name) == ["A1号地块", "A2号地块", "A6号地块", "A7号地块", "A8号地块", "B2号地块"]
    assert {r["rating"] for r in run.results if r["rating"]} <= {
        "A 类（优先发展）",
        "B 类（提升发展）",
        "C 类（整治提升）",
        "D 类（限制发展）",
    }
    ranked = sorted((r for r in run.results if r["rank"]), key=lambda r: r["rank"])
    assert ranked[0]["score"] >= ranked[-1]["score"]


def test_the_enterprise_scheme_scores_only_enterprises_on_plots(world, plots):
    run = run_for_year(_scheme(world, Subject.ENTERPRISE), 2024, draws=0)
    assert sorted(u["name"] for u in run.units.values()) == ["乙科技有限公司", "甲科技有限公司"]
    assert all(k.startswith("enterprise:") for k in run.values)
