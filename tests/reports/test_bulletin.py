"""The monthly bulletin as data: what a reader of the Word, PDF or Excel version would find in it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from kechuang.reports.bulletin import build_bulletin
from kechuang.reports.document import Heading, Paragraph, Table
from kechuang.reports.kinds import KINDS, ReportRefused
from tests.reports.conftest import TODAY


def bulletin(d, user=None, *, public=False, month="2025-05", area="310116", today=TODAY):
    return build_bulletin(
        area, month, user=user if user is None else d.users[user], public=public, today=today
    )


def table(doc, title_part: str) -> Table:
    [found] = [t for t in doc.tables() if title_part in t.title]
    return found


def rows_by_first(t: Table) -> dict:
    return {row[0]: row for row in t.rows}


def test_registered_as_a_report_kind(db):
    assert KINDS["bulletin"].label == "孵化动态月报简报"
    assert KINDS["bulletin"].build is build_bulletin


def test_every_form_field_with_approved_totals_and_change(district):
    from kechuang.collection.domain import active_form
    from kechuang.collection.validation import form_fields

    doc = bulletin(district)
    assert doc.kind == "bulletin"
    assert doc.title == "金山区孵化动态月报简报" and doc.subtitle == "2025年5月"
    totals = rows_by_first(table(doc, "主要指标"))
    labels = [f.label for f in form_fields(active_form())]
    assert list(totals) == labels  # every field, in the form's order
    # Only 甲 (40) and 乙 (25) are approved in May; 丙's 12 awaits review; 松江's 99 is another district.
    # April: 30 + 20 + 10.
    label, unit, how, now, before, change, pct, count = totals["在孵企业数"]
    assert (unit, how, now, before, change, pct, count) == ("家", "合计", 65, 60, 5, 8.3, 2)
    # Occupancy is averaged, as the form says: (80 + 90) / 2 against (70 + 80 + 90) / 3.
    assert totals["入驻率"][2:7] == ["平均", 85.0, 80.0, 5.0, 6.2]
    assert totals["当月融资额"][3:6] == [2401.0, 3601.5, -1200.5]
    assert any(isinstance(b, Paragraph) and "只统计审核通过的月报" in b.text for b in doc.blocks)


def test_narrative_states_the_figures(district):
    doc = bulletin(district)
    first = doc.blocks[0]
    assert isinstance(first, Paragraph)
    text = first.text
    assert "2025年5月，金山区应报孵化动态月报的科创载体 5 家，已报 3 家（报送率 60%）" in text
    assert "其中审核通过 2 家、待审核 1 家；未报 2 家" in text
    assert "逾期提交 1 家；退回 1 次" in text
    assert "在孵企业数合计 65 家，较上月增加 5 家（+8.3%）" in text
    assert "入驻率平均 85%，较上月提高 5 个百分点" in text
    assert "本月新入驻企业 1 家、毕业 1 家、其他退出 0 家" in text
    assert "新登记载体 1 家" in text


def test_ranking_on_the_main_fields(district):
    doc = bulletin(district)
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert headings[:3] == ["一、填报情况", "二、主要指标", "三、载体排名"]
    assert "（一）在孵企业数" in headings and "（三）入驻率" in headings
    tenants = table(doc, "在孵企业数前")
    assert [r[:5] for r in tenants.rows] == [
        [1, "甲孵化器", "朱泾镇", 40, 30],
        [2, "乙众创空间", "山阳镇", 25, 20],
    ]
    occupancy = table(doc, "入驻率前")
    assert [r[1] for r in occupancy.rows] == ["乙众创空间", "甲孵化器"]


def test_ties_share_a_rank(district):
    from kechuang.collection.domain import correct_approved_report

    correct_approved_report(
        district.may_b, values={**district.may_b.values, "tenants": 40}, reason="核对", acting_user=None
    )
    tenants = table(bulletin(district), "在孵企业数前")
    assert [(r[0], r[1]) for r in tenants.rows] == [(1, "乙众创空间"), (1, "甲孵化器")]


def test_late_and_returned_reports_listed(district):
    doc = bulletin(district)
    late = rows_by_first(table(doc, "逾期情况"))
    assert late["乙众创空间"][2:] == ["逾期提交", "2025-06-15", 5]
    assert late["丁创业空间"][2] == "逾期未报（未填报）" and late["丁创业空间"][4] == 10
    assert "甲孵化器" not in late  # filed on 06-05
    assert "丙孵化器" not in late  # first filed 06-08, before the deadline, then returned
    returned = table(doc, "退回情况")
    assert returned.rows == [
        ["丙孵化器", "朱泾镇", "2025-06-09", "在孵企业数与登记库不符，请核对", "已提交待审核"]
    ]
    filing = rows_by_first(table(doc, "报送情况"))
    assert filing["朱泾镇"][1:6] == [2, 2, 1, 1, 0]
    assert filing["合计"][1:] == [5, 3, 2, 1, 2, 60.0]


def test_before_the_deadline_nobody_is_late_for_not_filing(district):
    doc = bulletin(district, today=dt.date(2025, 6, 9))
    assert "逾期未报" not in doc.blocks[0].text
    assert "截止日 2025-06-10 未到" in doc.blocks[0].text
    late = table(doc, "逾期情况")
    # 乙 had not filed by 06-09 in this picture of the world, but did file on 06-15 (the database
    # knows it): a filing after the deadline is late whenever the bulletin is drawn.
    assert [r[0] for r in late.rows] == ["乙众创空间"]


def test_registry_changes_in_the_month(district):
    doc = bulletin(district)
    by_carrier = rows_by_first(table(doc, "在孵企业变动"))
    assert by_carrier["甲孵化器"][2:] == [1, 1, 0, 1]
    assert by_carrier["乙众创空间"][2:] == [0, 0, 0, 1]  # entered in April
    assert "泗泾创业园" not in by_carrier
    detail = table(doc, "入驻与退出明细").rows
    assert ["甲孵化器", "朱泾新材料科技有限公司", "入驻", "2025-05-12"] in detail
    assert ["甲孵化器", "朱泾智能装备有限公司", "毕业", "2025-05-20"] in detail
    assert table(doc, "载体登记变动").rows == [["戊加速器", "山阳镇", "2025-05-15", "新登记"]]


def test_a_town_bulletin_counts_only_the_town(district):
    doc = bulletin(district, area="310116001")
    totals = rows_by_first(table(doc, "主要指标"))
    assert totals["在孵企业数"][3:6] == [40, 40, 0]  # April: 甲 30 + 丙 10
    assert "朱泾镇应报孵化动态月报的科创载体 2 家，已报 2 家" in doc.blocks[0].text


def test_stopping_a_carrier_is_a_registry_change(district):
    from kechuang.registry.domain import save_carrier
    from kechuang.tenancy.models import AuditEntry
    from tests.reports.conftest import at

    save_carrier(acting_user=None, carrier=district.d, active=False, level="municipal")
    AuditEntry.objects.filter(model="registry.carrier", action="update").update(at=at(dt.date(2025, 5, 31)))
    rows = table(bulletin(district), "载体登记变动").rows
    assert ["丁创业空间", "山阳镇", "2025-05-31", "停止运营"] in rows
    assert ["丁创业空间", "山阳镇", "2025-05-31", "级别由“区级”调整为“市级”"] in rows


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("area", "month", "words"),
    [
        ("999999", "2025-05", "没有代码或名称为“999999”的地区"),
        ("310116", "2025-13", "月份有误"),
        ("310116", "五月", "月份有误"),
        ("310116", "2025-07", "2025年7月尚未到来"),
        ("310116", "2025-02", "金山区2025年2月没有载体报送孵化动态月报"),
    ],
)
def test_bad_input_is_refused_with_a_reason(district, area, month, words):
    with pytest.raises(ReportRefused, match=words):
        build_bulletin(area, month, user=None, today=TODAY)


def test_an_area_without_carriers_is_refused(district):
    from kechuang.tenancy.models import Area

    Area.objects.create(code="310116003", name="枫泾镇", kind="town", parent=district.jinshan)
    with pytest.raises(ReportRefused, match="枫泾镇没有在运营的科创载体"):
        build_bulletin("310116003", "2025-05", user=None, today=TODAY)


# --- access --------------------------------------------------------------------------------


def test_district_admin_and_viewer_get_their_district(district):
    for role in ("admin", "viewer"):
        assert bulletin(district, role).tables()


def test_liaison_gets_their_town_not_the_district(district):
    assert bulletin(district, "liaison", area="310116001").tables()
    with pytest.raises(PermissionDenied, match="无权生成金山区的报告"):
        bulletin(district, "liaison")


def test_another_district_and_an_operator_are_refused(district):
    with pytest.raises(PermissionDenied, match="无权生成金山区的报告"):
        bulletin(district, "admin_other")
    with pytest.raises(PermissionDenied, match="载体运营方只能查看本载体的月报"):
        bulletin(district, "operator", area="310116001")


def test_anonymous_is_refused(district):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied, match="请先登录"):
        build_bulletin("310116", "2025-05", user=AnonymousUser(), today=TODAY)


# --- public and simulated ------------------------------------------------------------------


def test_demo_carriers_mark_the_bulletin_simulated_and_stay_out_of_the_public_one(district):
    from kechuang.common.demo import mark_demo

    mark_demo(district.b)
    doc = bulletin(district)
    assert doc.simulated
    assert any(isinstance(b, Paragraph) and b.style == "warning" for b in doc.blocks)
    public = bulletin(district, public=True)
    assert not public.simulated
    assert public.subtitle == "2025年5月（公开版）"
    totals = rows_by_first(table(public, "主要指标"))
    assert totals["在孵企业数"][3] == 40  # 乙's simulated 25 is out
    names = {cell for t in public.tables() for row in t.rows for cell in row if isinstance(cell, str)}
    assert "乙众创空间" not in names
    assert "朱泾新材料科技有限公司" not in names  # no enterprise names in public
    assert not [t for t in public.tables() if t.title in ("退回情况", "逾期情况", "未报载体")]


def test_sheet_names_fit_excel(district):
    sheets = [t.sheet for t in bulletin(district).tables()]
    assert len(set(sheets)) == len(sheets)
    assert all(0 < len(s) <= 31 for s in sheets)
