"""The catalogue: enough entries, well-formed, and a matcher that maps synonyms but not strangers."""

from __future__ import annotations

import pytest

from kechuang.reader import CatalogEntry, load_catalog, match_catalog


def test_catalogue_entries_are_complete_and_unique():
    entries = load_catalog()
    assert len(entries) >= 35
    assert all(isinstance(e, CatalogEntry) for e in entries)
    assert len({e.code for e in entries}) == len(entries)
    for e in entries:
        assert e.name_zh and e.name_en and e.definition and e.synonyms
        assert e.direction in ("higher", "lower")
        assert isinstance(e.cumulative, bool)
    codes = {e.code for e in entries}
    for code in ("HNTE_COUNT", "RD_INTENSITY", "INVENTION_PATENTS_PER_10K", "TECH_CONTRACT_TURNOVER", "LITTLE_GIANT",
                 "TECH_SME", "INCUBATORS", "MAKER_SPACES", "CARRIERS", "ACADEMICIAN_WORKSTATIONS", "PCT_APPLICATIONS",
                 "ENGINEERING_RESEARCH_CENTRES", "RD_PERSONNEL_PER_10K", "HNTE_OUTPUT", "SEI_SHARE", "SCI_LITERACY",
                 "INCUBATOR_TENANTS", "INCUBATOR_GRADUATES", "PATENT_APPLICATIONS", "PATENT_GRANTS", "VALID_PATENTS",
                 "RD_EXPENDITURE", "HARD_TECH_ENTERPRISES", "FUNCTIONAL_PLATFORMS", "EXPERT_WORKSTATIONS",
                 "SCIENCE_AWARDS", "VC_GUIDANCE_FUND"):  # fmt: skip
        assert code in codes


@pytest.mark.parametrize(
    ("name", "unit", "code"),
    [
        ("研发投入强度", "%", "RD_INTENSITY"),
        ("R&D经费投入强度", None, "RD_INTENSITY"),
        ("全社会研发经费支出占地区生产总值比重", "%", "RD_INTENSITY"),
        ("高新技术企业总数", "家", "HNTE_COUNT"),
        ("每万人口发明专利拥有量", "件", "INVENTION_PATENTS_PER_10K"),
        ("市级院士（专家）工作站", "家", "ACADEMICIAN_WORKSTATIONS"),
        ("某区专家工作站", "家", "EXPERT_WORKSTATIONS"),
        ("科技小巨人企业（含培育）", "家", "LITTLE_GIANT"),
        ("年度技术合同成交金额", "亿元", "TECH_CONTRACT_TURNOVER"),
        ("在孵企业数量", "家", "INCUBATOR_TENANTS"),
    ],
)
def test_synonyms_map(name, unit, code):
    assert match_catalog(name, unit) == code


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("生物医药产业规模", "亿元"),
        ("城市绿化覆盖率", "%"),
        ("道路里程", "公里"),
        ("", None),
        ("高新技术企业总数", "亿元"),
    ],
)
def test_unrelated_names_or_units_do_not_map(name, unit):
    assert match_catalog(name, unit) is None


def test_entries_can_be_passed_in():
    only = [e for e in load_catalog() if e.code == "MAKER_SPACES"]
    assert match_catalog("众创空间数量", "家", only) == "MAKER_SPACES"
    assert match_catalog("研发投入强度", "%", only) is None
