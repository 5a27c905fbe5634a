"""The annual report as data: plans judged at the year's end, indicators beside the city's other
districts, the enterprise ladder, carriers and alerts — what a reader of any format finds."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied

from kechuang.reports.annual import build_annual
from kechuang.reports.document import Chart, Heading, Paragraph, Table
from kechuang.reports.kinds import KINDS, ReportRefused
from tests.reports.conftest import member

TODAY = dt.date(2025, 1, 15)
YEAR = 2023


@pytest.fixture
def world(shanghai, django_user_model):
    """金山区's 十四五 plan (tests/monitor/builders.py), 松江区's plan and a draft, statistics,
    enterprises on the ladder with 高企 certificates, carriers with tenants, and alert cases."""
    from kechuang.observations.domain import record_observation
    from kechuang.observations.models import AlertCase
    from kechuang.plans.enums import PlanStatus
    from kechuang.plans.models import CatalogIndicator, Plan
    from kechuang.registry.domain import (
        add_qualification,
        add_tenant,
        move_enterprise_stage,
        save_carrier,
        save_enterprise,
    )
    from kechuang.registry.models import QualificationType
    from kechuang.registry.uscc import make_uscc
    from kechuang.tenancy.models import Area, Role
    from tests.monitor.builders import add_indicator, build_plan

    jinshan, songjiang, town = shanghai["jinshan"], shanghai["songjiang"], shanghai["town"]
    minhang = Area.objects.create(code="310112", name="闵行区", kind="district", parent=shanghai["city"])
    plan = build_plan(jinshan)
    build_plan(jinshan, title="金山区规划草稿", status=PlanStatus.DRAFT)
    old = Plan.objects.create(
        title="金山区十三五规划", area=jinshan, period_start=2016, period_end=2020, status="published"
    )
    other = Plan.objects.create(
        title="松江区科技创新规划", area=songjiang, period_start=2021, period_end=2025, status="published"
    )
    add_indicator(
        other,
        "高新技术企业数",
        unit="家",
        category="创新主体",
        source="区科委",
        target=500,
        figures={2021: 300, 2022: 320, 2023: 350},
        catalog="HNTE_COUNT",
    )
    draft = Plan.objects.create(
        title="闵行区规划草稿", area=minhang, period_start=2021, period_end=2025, status="draft"
    )
    add_indicator(
        draft,
        "高新技术企业数",
        unit="家",
        category="创新主体",
        source="区科委",
        target=900,
        figures={2023: 777},
        catalog="HNTE_COUNT",
    )
    hnte_entry = CatalogIndicator.objects.get(code="HNTE_COUNT")
    rd_entry = CatalogIndicator.objects.get(code="RD_INTENSITY")
    # Area-level statistics: 金山区's 165 outranks its plan's own 160 for 2023; 松江区's R&D
    # intensity for 2023 is provisional (its people see it, 金山区's do not).
    record_observation(catalog=hnte_entry, area=jinshan, period="2023", value=165, source="statistics")
    record_observation(
        catalog=rd_entry, area=songjiang, period="2023", value=4.1, source="statistics", status="provisional"
    )
    record_observation(catalog=rd_entry, area=songjiang, period="2022", value=3.9, source="statistics")

    hnte = QualificationType.objects.get(code="hnte")

    def enterprise(n, name):
        return save_enterprise(acting_user=None, uscc=make_uscc(n, division="310116"), name=name, area=town)[
            0
        ]

    e1, e2, e3 = (
        enterprise(1, "甲科技有限公司"),
        enterprise(2, "乙材料有限公司"),
        enterprise(3, "丙装备有限公司"),
    )
    add_qualification(
        e1, qtype=hnte, certificate_no="GR202131000001", issued_on=dt.date(2021, 3, 1)
    )  # to 2024-02-29
    add_qualification(e2, qtype=hnte, certificate_no="GR202331000002", issued_on=dt.date(2023, 5, 1))
    add_qualification(
        e3, qtype=hnte, certificate_no="GR202031000003", issued_on=dt.date(2020, 1, 1)
    )  # to 2022-12-31
    move_enterprise_stage(e1, stage="surveyed", since=dt.date(2022, 3, 1))
    move_enterprise_stage(e1, stage="cultivating", since=dt.date(2023, 4, 1))
    move_enterprise_stage(e2, stage="cultivating", since=dt.date(2023, 2, 1))
    move_enterprise_stage(e3, stage="surveyed", since=dt.date(2022, 1, 1))
    move_enterprise_stage(e3, stage="surveyed", since=dt.date(2023, 9, 1), dropped=True)

    inc = save_carrier(acting_user=None, name="金山孵化器", kind="incubator", level="national", area=town)[0]
    save_carrier(acting_user=None, name="金山众创空间", kind="maker_space", level="municipal", area=town)
    save_carrier(acting_user=None, name="金山二号孵化器", kind="incubator", level="district", area=town)
    add_tenant(
        inc,
        enterprise=e1,
        entered_on=dt.date(2022, 1, 1),
        left_on=dt.date(2023, 6, 30),
        exit_reason="graduated",
    )
    add_tenant(inc, enterprise=e2, entered_on=dt.date(2023, 3, 1))

    rd_target = plan.indicators.get(name="研发经费投入强度").targets.get()
    AlertCase.objects.create(
        plan=plan,
        target=rd_target,
        first_seen=dt.date(2023, 6, 30),
        last_seen=dt.date(2023, 12, 31),
        status_text="严重滞后",
        reasons="预测2025年达标概率 5%",
        state="assigned",
        assigned_area=town,
    )
    old_case_target = plan.indicators.get(name="技术合同成交额").targets.get()
    AlertCase.objects.create(
        plan=plan,
        target=old_case_target,
        first_seen=dt.date(2022, 6, 30),
        last_seen=dt.date(2022, 12, 31),
        status_text="滞后",
        reasons="旧预警",
        state="closed",
        closed_reason="已核实",
    )
    users = {
        "admin": member(django_user_model, "admin_j", Role.DISTRICT_ADMIN, jinshan),
        "admin_other": member(django_user_model, "admin_s", Role.DISTRICT_ADMIN, songjiang),
        "viewer": member(django_user_model, "viewer_j", Role.VIEWER, jinshan),
        "liaison": member(django_user_model, "liaison_x", Role.LIAISON, town),
        "operator": member(django_user_model, "op", Role.CARRIER_OPERATOR, town, inc),
        "root": django_user_model.objects.create_superuser("root", "root@example.org", "x"),
    }
    return SimpleNamespace(**shanghai, minhang=minhang, plan=plan, old=old, other=other, users=users)


def annual(w, user="admin", *, public=False, area="310116", year=YEAR, today=TODAY):
    return build_annual(area, year, user=None if user is None else w.users[user], public=public, today=today)


def table(doc, title_part: str) -> Table:
    [found] = [t for t in doc.tables() if title_part in t.title]
    return found


def test_registered_as_a_report_kind(db):
    assert KINDS["annual"].label == "年度科技创新发展报告"
    assert KINDS["annual"].build is build_annual


def test_each_published_plan_with_its_status_counts(world):
    from kechuang.observations.monitoring import count_by_status, judge_plan

    doc = annual(world)
    assert doc.kind == "annual" and doc.title == "金山区2023年度科技创新发展报告"
    assert doc.as_of == dt.date(2023, 12, 31)
    plans = table(doc, "已发布规划目标完成情况")
    titles = [r[0] for r in plans.rows]
    assert titles == ["金山区科技创新“十四五”规划", "合计"]  # not the draft, not the 2016–2020 plan
    expected = {
        k: v for k, v in count_by_status(judge_plan(world.plan, as_of=dt.date(2024, 1, 1))).items() if v
    }
    columns = [c.title for c in plans.columns]
    row = plans.rows[0]
    assert row[columns.index("目标数")] == 4
    for code, n in expected.items():
        from kechuang.observations.progress import STATUS_WORDS

        assert row[columns.index(STATUS_WORDS[code])] == n
    assert row[columns.index("严重滞后")] >= 1  # R&D intensity 2.1 against 3.0
    detail = table(doc, "目标评估")
    assert [r[0] for r in detail.rows] == [
        "高新技术企业数",
        "研发经费投入强度",
        "技术合同成交额",
        "科技小巨人企业",
    ]
    assert detail.rows[0][2] == "160（2023）"  # the year's own figure counts at the year's end


def test_a_chart_and_a_table_per_catalogue_indicator_with_the_citys_districts(world):
    doc = annual(world)
    charts = {c.title.split("（")[0]: c for c in doc.charts()}
    assert set(charts) == {"高新技术企业数", "全社会研发经费支出占GDP比重"}
    hnte = charts["高新技术企业数"]
    assert [s.name for s in hnte.series] == ["金山区", "松江区"]  # 闵行区 has only a draft's figure
    jinshan = dict(hnte.series[0].points)
    assert jinshan[2023] == 165 and jinshan[2022] == 140 and jinshan[2018] is None
    assert dict(hnte.series[1].points)[2023] == 350
    rows = {r[0]: r for r in table(doc, "高新技术企业数").rows if r[0] in ("金山区", "松江区")}
    assert rows["金山区"][1:] == [None, None, None, 120, 140, 165]
    # 松江区's provisional 4.1 is not for 金山区's administrator; its final 3.9 is.
    rd = {s.name: dict(s.points) for s in charts["全社会研发经费支出占GDP比重"].series}
    assert rd["松江区"][2023] is None and rd["松江区"][2022] == 3.9


def test_a_reader_of_both_districts_sees_provisional_figures_marked(world):
    doc = annual(world, "root")
    rd = table(doc, "全社会研发经费支出占GDP比重")
    by_area = {r[0]: r for r in rd.rows}
    assert by_area["松江区"][-1] == 4.1
    assert "松江区2023年" in rd.note
    # A superuser reviews every draft, so the draft's figure of 闵行区 is theirs to see (as on every page).
    assert "闵行区" in {s.name for c in doc.charts() for s in c.series}


def test_narrative_sentences_carry_the_figures(world):
    doc = annual(world)
    paragraphs = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    opening = paragraphs[0]
    assert opening.startswith("2023年，金山区在实施的已发布规划 1 项，共 4 项目标。截至2023年12月31日，")
    assert "严重滞后 1 项" in opening
    indicators = paragraphs[1]
    assert "高新技术企业数：金山区2023年为 165 家，较上年增加 25 家（+17.9%）" in indicators
    assert "在上海市各区（县）中居第 2 位（2023年共 2 个有数据）" in indicators  # 350 (松江区) > 165
    assert "全社会研发经费支出占GDP比重：金山区2023年为 2.1%，较上年提高 0.05 个百分点" in indicators
    registry = paragraphs[2]
    assert "年末有效高新技术企业 2 家，较年初持平" in registry
    assert "2024年到期需重新认定的 1 家" in registry
    assert (
        "登记在运营的科创载体 3 家，其中孵化器 2 家、众创空间 1 家；按级别，国家级 1 家、市级 1 家、区级 1 家"
        in registry
    )
    assert "年末在孵企业 1 家，本年毕业企业 1 家" in registry


def test_funnel_and_renewals(world):
    doc = annual(world)
    funnel = {r[0]: r[1:] for r in table(doc, "企业梯度培育情况").rows}
    # 摸底: e1 and e3 at the start; e1 moved up, e3 dropped; none at the end.
    assert funnel["摸底"] == [2, 0, 0, 1, 0]
    # 入库培育: e2 entered, e1 entered by moving up.
    assert funnel["入库培育"] == [0, 2, 1, 0, 2]
    renewals = table(doc, "2024年到期的高新技术企业证书")
    assert renewals.rows == [["甲科技有限公司", "朱泾镇", "GR202131000001", "2024-02-29"]]
    carriers = {r[0]: r[1:] for r in table(doc, "科创载体").rows}
    assert carriers["孵化器"] == [1, 0, 1, 2] and carriers["合计"] == [1, 1, 1, 3]


def test_alerts_of_the_year(world):
    doc = annual(world)
    alerts = table(doc, "年末预警指标")
    assert "研发经费投入强度" in [r[1] for r in alerts.rows]
    cases = table(doc, "2023年预警事项办理情况")
    assert cases.rows == [
        ["金山区科技创新“十四五”规划", "研发经费投入强度", "2023-06-30", "处理中", "朱泾镇", ""]
    ]
    headings = [b.text for b in doc.blocks if isinstance(b, Heading) and b.level == 1]
    assert headings == [
        "一、规划实施情况",
        "二、主要指标及同级比较",
        "三、企业梯度培育",
        "四、科创载体",
        "五、预警情况",
    ]


def test_the_current_year_is_judged_today(world):
    doc = annual(world, year=2025, today=dt.date(2025, 1, 15))
    assert doc.as_of == dt.date(2025, 1, 15)
    assert doc.subtitle == "数据截至2025年01月15日"


def test_public_version_has_final_figures_and_no_names(world):
    doc = annual(world, public=True)
    assert doc.subtitle.endswith("（公开版）")
    names = {cell for t in doc.tables() for row in t.rows for cell in row if isinstance(cell, str)}
    assert "甲科技有限公司" not in names
    assert not [t for t in doc.tables() if "预警事项办理情况" in t.title]
    assert not [t for t in doc.tables() if "到期的高新技术企业证书" in t.title]
    # 小巨人's provisional 2024 figure is out (it is after 2023 anyway); the public never sees a draft's.
    assert "闵行区" not in {s.name for c in doc.charts() for s in c.series}


def test_simulated_figures_mark_the_report_and_stay_out_of_the_public_one(world):
    from kechuang.observations.domain import record_observation
    from kechuang.plans.models import CatalogIndicator

    entry = CatalogIndicator.objects.get(code="HNTE_COUNT")
    record_observation(
        catalog=entry, area=world.jinshan, period="2021", value=999, source="statistics", simulated=True
    )
    assert annual(world).simulated
    public = annual(world, public=True)
    assert not public.simulated
    chart = next(c for c in public.charts() if c.title.startswith("高新技术企业数"))
    assert dict(chart.series[0].points)[2021] == 120  # the plan's final figure, not the simulated one


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("area", "year", "words"),
    [
        ("999999", 2023, "没有代码或名称为“999999”的地区"),
        ("310116", "二〇二三", "年份“二〇二三”无法识别"),
        ("310116", 2026, "2026年尚未到来"),
        ("310116", 1990, "金山区1990年没有可报告的内容"),
    ],
)
def test_bad_input_is_refused_with_a_reason(world, area, year, words):
    with pytest.raises(ReportRefused, match=words):
        build_annual(area, year, user=None, today=TODAY)


# --- access ---------------------------------------------------------------------------------


def test_viewer_and_liaison_in_their_scope(world):
    assert annual(world, "viewer").tables()
    town = annual(world, "liaison", area="310116001")
    assert town.title == "朱泾镇2023年度科技创新发展报告"
    with pytest.raises(PermissionDenied, match="无权生成金山区的报告"):
        annual(world, "liaison")


def test_another_district_and_an_operator_are_refused(world):
    with pytest.raises(PermissionDenied, match="无权生成金山区的报告"):
        annual(world, "admin_other")
    with pytest.raises(PermissionDenied, match="载体运营方只能查看本载体的月报"):
        annual(world, "operator", area="310116001")


def test_chart_blocks_are_well_formed(world):
    for chart in annual(world).charts():
        assert isinstance(chart, Chart) and chart.key and chart.unit is not None
        years = [[p[0] for p in s.points] for s in chart.series]
        assert all(y == list(range(2018, 2024)) for y in years)
