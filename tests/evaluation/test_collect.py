"""A run's data gathered from approved monthly reports, the registry, observations and entered values."""

from __future__ import annotations

import pytest

from kechuang.evaluation.collect import CollectError, collect_run_data, plot_units_and_values, scheme_units
from kechuang.evaluation.domain import import_scheme
from kechuang.evaluation.entries import save_entered_value
from kechuang.evaluation.models import EnteredValue
from kechuang.evaluation.runs import load_schemes, shipped_schemes
from kechuang.tenancy.models import AuditEntry

pytestmark = pytest.mark.django_db


def scheme_of(district, subject: str):
    raw = next(s for s in shipped_schemes() if s["subject"] == subject)
    return import_scheme(raw, area=district.jinshan)


def test_carrier_scheme_evaluates_the_districts_incubators_only(district):
    scheme = scheme_of(district, "incubator_comprehensive")
    units = scheme_units(scheme, district.jinshan, 2024)
    assert {u["name"] for u in units.values()} == {"朱泾科创孵化器", "枫泾智造孵化器", "湾区新材料孵化器"}
    assert units[f"carrier:{district.a.pk}"] == {
        "kind": "carrier",
        "id": district.a.pk,
        "name": "朱泾科创孵化器",
        "area_id": district.town.pk,
    }
    maker = scheme_units(scheme_of(district, "maker_space"), district.jinshan, 2024)
    assert [u["name"] for u in maker.values()] == ["碳谷众创空间"]


def test_monthly_reports_are_summed_averaged_or_taken_last_with_a_sentence_saying_so(district):
    data = collect_run_data(scheme_of(district, "incubator_comprehensive"), district.jinshan, 2024)
    a, b, c = (f"carrier:{x.pk}" for x in (district.a, district.b, district.c))
    assert data.values[a]["events"] == 4  # 3 + 1
    assert data.values[a]["financing"] == 400
    assert data.values[a]["occupancy"] == 85  # mean of 80 and 90
    assert data.values[a]["tenants_per_1000m2"] == pytest.approx(14 / 10)  # last month / 10 thousand m²
    assert data.sources[a]["events"] == "2024 年 1–2 月已审核月报合计"
    assert data.sources[a]["occupancy"] == "2024 年 1–2 月已审核月报月均"
    assert data.sources[b]["events"] == "2024 年 1–1 月已审核月报合计"
    assert "events" not in data.values[c]  # no approved report: missing, the scheme's rule decides


def test_registry_counts_tenants_graduates_and_high_tech_tenants_at_year_end(district):
    data = collect_run_data(scheme_of(district, "incubator_comprehensive"), district.jinshan, 2024)
    a, c = f"carrier:{district.a.pk}", f"carrier:{district.c.pk}"
    assert data.values[a]["graduates"] == 1  # graduated 2024-06-30
    assert data.values[a]["hnte_tenants"] == 0  # the high-tech one is the one that graduated
    assert data.values[c]["hnte_tenants"] == 1
    assert data.sources[c]["hnte_tenants"] == "登记库：2024 年 12 月 31 日在孵高新技术企业数"


def test_town_park_units_add_up_their_carriers(district):
    data = collect_run_data(scheme_of(district, "town_park"), district.jinshan, 2024)
    names = {k: u["name"] for k, u in data.units.items()}
    assert sorted(names.values()) == ["朱泾镇", "枫泾镇", "碳谷绿湾产业园"]
    park = f"area:{district.park.pk}"
    assert data.values[park]["carriers"] == 2  # the incubator and the maker space
    assert data.values[park]["tenants"] == 2


def test_entered_values_with_evidence_are_used_and_audited(district):
    scheme = scheme_of(district, "incubator_comprehensive")
    key = f"carrier:{district.b.pk}"
    save_entered_value(
        scheme,
        year=2024,
        unit_key=key,
        unit_name="枫泾智造孵化器",
        code="safety_incident",
        value=1,
        evidence_note="区应急局 2024 年 8 月通报",
        acting_user=district.users["admin"],
    )
    save_entered_value(
        scheme,
        year=2024,
        unit_key=key,
        unit_name="枫泾智造孵化器",
        code="safety_incident",
        value=0,
        evidence_note="复核后撤销通报",
        acting_user=district.users["admin"],
    )
    assert EnteredValue.objects.get().value == 0
    entries = AuditEntry.objects.filter(model__icontains="enteredvalue").order_by("pk")
    assert [e.action for e in entries] == ["create", "update"]
    data = collect_run_data(scheme, district.jinshan, 2024)
    assert data.values[key]["safety_incident"] == 0
    assert data.sources[key]["safety_incident"] == "评价人录入（依据：复核后撤销通报）"


def test_land_plot_hook_is_empty_until_the_plot_registry_is_wired(district):
    assert plot_units_and_values(district.jinshan, 2024) == ({}, {}, {})
    scheme = scheme_of(district, "land_plot")
    assert scheme_units(scheme, district.jinshan, 2024) == {}


def test_shipped_schemes_load_once_and_each_runs(district):
    from kechuang.evaluation.runs import run_for_year

    loaded = load_schemes(district.jinshan)
    assert len(loaded) == 7 and all(new for _, new in loaded)
    assert not any(new for _, new in load_schemes(district.jinshan))  # second time: nothing
    for scheme, _ in loaded:
        if scheme.subject in ("incubator_comprehensive", "incubator_specialised", "town_park"):
            run = run_for_year(scheme, 2024, draws=50)
            assert run.results and all(r["unit"] in run.units for r in run.results), scheme.name
        elif scheme.subject == "maker_space":  # the maker space has no tenants, reports or entries
            with pytest.raises(CollectError, match="2024 年没有可用的评价数据"):
                run_for_year(scheme, 2024)


def test_shipped_schemes_parse_and_keep_each_indicators_source_through_export(district):
    from kechuang.evaluation.domain import export_scheme
    from kechuang.evaluation.index import parse_scheme

    for raw in shipped_schemes():
        parsed = parse_scheme(raw)
        assert all(i.extra.get("source") for i in parsed.indicators), raw["name"]
        stored = import_scheme(raw, area=district.jinshan)
        exported = export_scheme(stored)
        first = exported["pillars"][0]["indicators"][0]
        assert first["source"] == raw["pillars"][0]["indicators"][0]["source"]
        assert import_scheme(exported, area=district.jinshan) == stored  # no new version
