"""Land plots: per-mu arithmetic worked by hand, idle and inefficient flags, ranking, indicator values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kechuang.registry.domain import (
    RegistryError,
    enterprise_indicator_values,
    occupy_plot,
    plot_indicator_values,
)
from kechuang.registry.domain.plots import plot_rows, rank_plots
from kechuang.registry.models import PlotEvaluationSettings, PlotFigure
from kechuang.tenancy.models import AuditEntry
from tests.registry.conftest import figures, plot

pytestmark = pytest.mark.django_db


def by_code(rows):
    return {r.plot.code: r for r in rows}


def test_per_mu_figures_by_hand(world, plots):
    rows = by_code(plot_rows(world.jinshan, 2024))
    p1 = rows["A1"]
    assert p1.output_per_mu == pytest.approx(100.0)  # 1000 万元 ÷ 10 亩
    assert p1.tax_per_mu == pytest.approx(10.0)  # 100 ÷ 10
    assert p1.rd_per_mu == pytest.approx(5.0)  # 50 ÷ 10
    assert p1.energy_per_output == pytest.approx(0.2)  # 200 吨标准煤 ÷ 1000 万元
    assert p1.employees_per_mu == pytest.approx(4.0)  # 40 人 ÷ 10 亩
    p2 = rows["A2"]  # two enterprises on 20 mu: (300 + 500) ÷ 20, (30 + 50) ÷ 20, 12.5 ÷ 20
    assert (p2.output_per_mu, p2.tax_per_mu, p2.rd_per_mu) == pytest.approx((40.0, 4.0, 0.625))
    assert p2.energy_per_output is None and p2.employees_per_mu is None  # not reported ≠ 0
    assert [e.name for e in p2.enterprises] == ["乙科技有限公司", "甲科技有限公司"]


def test_idle_and_inefficient_flags(world, plots):
    rows = by_code(plot_rows(world.jinshan, 2024))
    assert rows["B1"].idle and rows["B1"].idle_reason == "状态为闲置"
    assert rows["B2"].idle and "产值为零" in rows["B2"].idle_reason
    assert not rows["B3"].idle  # under construction: no output yet is not idleness
    # Five plots in production, bottom 20 % = ⌊5 × 0.2⌋ = 1 plot: A2 (4 万元/亩).
    assert [c for c, r in rows.items() if r.inefficient] == ["A2"]
    assert "末 20%" in rows["A2"].inefficient_reason
    # The district's thresholds are data: a floor of 7 万元/亩 adds A6 (6); share 0 drops the ranking rule.
    PlotEvaluationSettings.objects.create(
        district=world.jinshan, min_tax_per_mu=Decimal("7"), bottom_share=Decimal("0")
    )
    rows = by_code(plot_rows(world.jinshan, 2024))
    assert sorted(c for c, r in rows.items() if r.inefficient) == ["A2", "A6"]
    assert rows["A6"].inefficient_reason == "亩均税收低于 7 万元/亩"
    # A town's page shows the flags judged within the district, not within the town.
    town_rows = by_code(plot_rows(world.town_y, 2024))
    assert list(town_rows) == ["A2"] and town_rows["A2"].inefficient


def test_no_enterprise_in_year_is_idle(world, plots):
    rows = by_code(plot_rows(world.jinshan, 2023))  # no figures in 2023, B2's user since 2020
    assert "没有企业" in rows["A1"].idle_reason
    assert "产值为零或未填报" in rows["B2"].idle_reason


def test_ranking_by_tax_and_by_energy(world, plots):
    ranked = rank_plots(world.jinshan, 2024)
    assert [(r.plot.code, r.rank) for r in ranked[:6]] == [
        ("A8", 1),
        ("A1", 2),
        ("A7", 3),
        ("A6", 4),
        ("A2", 5),
        ("B2", 6),
    ]
    assert all(r.rank is None for r in ranked[6:])  # no tax figure: last, unranked
    energy = rank_plots(world.jinshan, 2024, by="energy_per_output")
    assert energy[0].plot.code == "A1" and energy[0].rank == 1 and energy[1].rank is None
    with pytest.raises(RegistryError):
        rank_plots(world.jinshan, 2024, by="nonsense")


def test_ties_share_a_rank(world, plots):
    figures(world, plots["p7"], world.e_a, tax=100)  # A7 now 10 万元/亩 like A1
    ranked = rank_plots(world.jinshan, 2024)
    assert [(r.plot.code, r.rank) for r in ranked[:3]] == [("A8", 1), ("A1", 2), ("A7", 2)]
    assert ranked[3].rank == 4


def test_plot_indicator_values(world, plots):
    values, sources, units = plot_indicator_values(world.jinshan, 2024)
    key = f"plot:{plots['p1'].pk}"
    assert values[key] == pytest.approx(
        {
            "output_per_mu": 100.0,
            "tax_per_mu": 10.0,
            "rd_per_mu": 5.0,
            "energy_per_output": 0.2,
            "employees_per_mu": 4.0,
        }
    )
    assert sources[key]["output_per_mu"] == "2024 年地块内企业产值合计 1,000 万元 ÷ 地块面积 10 亩"
    assert sources[key]["energy_per_output"] == "2024 年地块内企业能耗合计 200 吨标准煤 ÷ 产值合计 1,000 万元"
    assert units[key] == {
        "kind": "plot",
        "id": plots["p1"].pk,
        "name": "A1号地块",
        "area_id": world.town_x.pk,
    }
    two = f"plot:{plots['p2'].pk}"
    assert set(values[two]) == {"output_per_mu", "tax_per_mu", "rd_per_mu"}  # missing ones left out
    idle = f"plot:{plots['idle'].pk}"
    assert idle in units and idle not in values
    town_values, _, town_units = plot_indicator_values(world.town_y, 2024)
    assert list(town_units) == [two]


def test_enterprise_indicator_values_over_occupied_mu(world, plots):
    values, sources, units = enterprise_indicator_values(world.jinshan, 2024)
    a = f"enterprise:{world.e_a.pk}"
    # 甲 holds A1, A6, A7, A8 (10 mu each) alone and shares A2 (20 mu) with 乙: 40 + 10 = 50 mu.
    # Output 1000 + 300 + 600 + 800 + 900 = 3600 万元 → 72 万元/亩; tax 100+30+60+80+120 = 390 → 7.8.
    assert values[a]["output_per_mu"] == pytest.approx(72.0)
    assert values[a]["tax_per_mu"] == pytest.approx(7.8)
    assert sources[a]["tax_per_mu"] == "2024 年企业税收合计 390 万元 ÷ 企业用地面积 50 亩"
    assert units[a]["kind"] == "enterprise" and units[a]["area_id"] == world.town_x.pk
    # 乙 states 15 of A2's 20 mu: 甲 keeps the other 5 → 45 mu; 乙 15 + B2's 8 = 23 mu.
    occupancy = plots["p2"].occupancies.get(enterprise=world.e_b)
    occupy_plot(plots["p2"], enterprise=world.e_b, started_on=occupancy.started_on, area_mu="15")
    values, _, _ = enterprise_indicator_values(world.jinshan, 2024)
    assert values[a]["output_per_mu"] == pytest.approx(3600 / 45)
    assert values[f"enterprise:{world.e_b.pk}"]["output_per_mu"] == pytest.approx(500 / 23)


def test_every_figure_change_is_audited(world, plots):
    fig = PlotFigure.objects.get(plot=plots["p1"], enterprise=world.e_a, year=2024)
    before = AuditEntry.objects.filter(model="registry.plotfigure", object_id=str(fig.pk)).count()
    figures(world, plots["p1"], world.e_a, tax=110)
    entry = AuditEntry.objects.filter(model="registry.plotfigure", object_id=str(fig.pk)).latest("pk")
    assert entry.changes == {"tax": ["100", "110"]}
    assert entry.user == world.admin and entry.area == world.town_x
    figures(world, plots["p1"], world.e_a, tax="110.00")  # the same figure again: no new row
    assert AuditEntry.objects.filter(model="registry.plotfigure", object_id=str(fig.pk)).count() == before + 1


def test_refusals(world, shanghai):
    with pytest.raises(RegistryError, match="须大于 0"):
        plot(world, "Z1", "0")
    with pytest.raises(RegistryError, match="街镇、园区"):
        plot(world, "Z1", "3", area=world.jinshan)
    p = plot(world, "Z1", "3")
    with pytest.raises(RegistryError, match="已用于"):
        plot(world, "Z1", "4", area=world.town_y)  # same district, same code
    far = world.songjiang.children.create(code="310117001", name="泗泾镇", kind="town")
    plot(world, "Z1", "4", area=far)  # another district may use the code
    with pytest.raises(RegistryError, match="不能为负数"):
        figures(world, p, world.e_a, tax=-1)
    with pytest.raises(RegistryError, match="年度"):
        figures(world, p, world.e_a, year=1800, tax=1)
    with pytest.raises(RegistryError, match="整数"):
        figures(world, p, world.e_a, employees="3.5")
