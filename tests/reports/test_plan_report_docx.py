"""The plan evaluation report as Word: what the monitoring page shows, in a file the office can edit."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from kechuang.reports.kinds import KINDS, ReportRefused
from kechuang.reports.plan_report import build_plan_report
from kechuang.reports.render import content_type, file_name, render
from tests.monitor.builders import AS_OF
from tests.reports.pages import overview_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def word(plan, admin_user):
    document = build_plan_report(plan.pk, AS_OF, user=admin_user)
    return document, docx.Document(io.BytesIO(render(document, "docx")))


def _targets_table(doc):
    return next(t for t in doc.tables if t.rows[0].cells[0].text == "指标" and len(t.columns) == 12)


def test_every_target_reads_as_on_the_monitoring_page(admin_client, plan, word):
    page = overview_rows(admin_client.get(f"/monitor/plans/{plan.pk}/?at={AS_OF}").content.decode())
    _, doc = word
    table = _targets_table(doc)
    header = [c.text for c in table.rows[0].cells]
    rows = {
        r.cells[0].text: dict(zip(header, (c.text for c in r.cells), strict=True)) for r in table.rows[1:]
    }

    assert len(page) == 6 and set(rows) == {p["indicator"] for p in page}
    for p in page:
        row = rows[p["indicator"]]
        assert row["状态"] == p["status"]
        assert row["最新值"] == ("—" if p["latest"] == "暂无" else p["latest"])
        assert row["完成率（%）"] == ("—" if p["completion"] == "—" else p["completion"].rstrip("%"))
    assert rows["高新技术企业数"]["状态"] == "超前" and rows["研发经费投入强度"]["状态"] == "严重滞后"
    assert rows["众创空间数量"]["备注"].endswith("模拟数据")


def test_narrative_is_written_from_the_figures(word):
    _, doc = word
    text = "\n".join(p.text for p in doc.paragraphs)

    assert "6 项目标中，超前 1 项，正常 2 项，严重滞后 1 项，无数据 2 项" in text
    assert "达标概率" in text and "预计 2025 年达到" in text
    assert "本报告为中期评估" in text
    assert "高新技术企业数：最新值 160家（2023年），完成率 60.0%" in text


def test_word_file_has_a4_headings_contents_fonts_and_charts(word):
    document, doc = word
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1) and abs(section.page_height - Mm(297)) < Mm(0.1)
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["一、总体情况", "二、规划目标完成情况", "三、主要指标走势"]
    assert headings[-1] == "附录 评估方法与数据来源"
    body = doc.element.body.xml
    assert 'TOC \\o "1-2"' in body
    assert doc.settings.element.find(qn("w:updateFields")) is not None
    footer = doc.sections[0].footer._element.xml
    assert "PAGE" in footer
    runs = [r for p in doc.paragraphs for r in p.runs if r.text.strip()]
    runs += [r for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    missing = [r.text for r in runs if r._element.rPr is None or r._element.rPr.rFonts is None]
    assert missing == []
    faces = {r._element.rPr.rFonts.get(qn("w:eastAsia")) for r in runs}
    assert faces <= {"仿宋", "宋体", "黑体"} and {"仿宋", "黑体"} <= faces
    assert len(doc.inline_shapes) == len(document.charts()) == 6
    assert all(s.width == doc.inline_shapes[0].width for s in doc.inline_shapes)


def test_simulated_figures_are_announced_on_the_cover(word):
    document, doc = word
    assert document.simulated
    cover = "\n".join(p.text for p in doc.paragraphs[:25])
    assert "模拟数据" in cover and document.title in cover


def _rows(document) -> dict[str, list[str]]:
    doc = docx.Document(io.BytesIO(render(document, "docx")))
    return {r.cells[0].text: [c.text for c in r.cells] for r in _targets_table(doc).rows[1:]}, doc


def test_public_build_has_no_simulated_or_provisional_figures(plan):
    import datetime as dt

    later = dt.date(2025, 6, 30)  # the provisional 2024 figure of 科技小巨人企业 (29) is known by then
    internal, _ = _rows(build_plan_report(plan.pk, later, user=None))
    document = build_plan_report(plan.pk, later, user=None, public=True)
    rows, doc = _rows(document)
    text = "\n".join(p.text for p in doc.paragraphs)

    assert internal["科技小巨人企业"][4:6] == ["29", "2024"]
    assert rows["科技小巨人企业"][4:6] == ["20", "2023"]
    assert internal["众创空间数量"][4] == "31" and "模拟数据" in internal["众创空间数量"][11]
    assert rows["众创空间数量"][4] == "—" and rows["众创空间数量"][8] == "无数据"
    assert not document.simulated and "仅供演示" not in text and "（含模拟数据）" not in text
    assert "预警情况" not in text
    assert "公开版" in document.subtitle


def test_public_build_refuses_a_draft_and_a_user_sees_only_their_plans(shanghai, plan, django_user_model):
    from kechuang.plans.enums import PlanStatus
    from kechuang.tenancy.models import Membership, Role

    plan.status = PlanStatus.DRAFT
    plan.save()
    with pytest.raises(ReportRefused, match="不存在或未发布"):
        build_plan_report(plan.pk, AS_OF, public=True)
    other = django_user_model.objects.create_user("sj", password="pw-sj-12345")
    Membership.objects.create(user=other, role=Role.VIEWER, area=shanghai["songjiang"])
    with pytest.raises(ReportRefused, match="无权查看"):
        build_plan_report(plan.pk, AS_OF, user=other)


def test_a_date_before_the_plan_is_refused(plan):
    with pytest.raises(ReportRefused, match="早于规划期"):
        build_plan_report(plan.pk, AS_OF.replace(year=2020), user=None)


def test_final_evaluation_wording_after_the_period(plan):
    import datetime as dt

    document = KINDS["plan"].build(user=None, plan_id=plan.pk, at=dt.date(2026, 6, 30))
    assert document.title.endswith("实施情况终期评估报告")


def test_file_name_and_content_type(plan):
    document = build_plan_report(plan.pk, AS_OF)
    assert file_name(document, "pdf") == "金山区科技创新“十四五”规划实施情况中期评估报告（2024年6月30日）.pdf"
    assert content_type("xlsx").endswith("spreadsheetml.sheet")


def test_tasks_by_owner_with_overdue_ones_marked(plan):
    import datetime as dt

    document = build_plan_report(plan.pk, dt.date(2025, 3, 31))
    doc = docx.Document(io.BytesIO(render(document, "docx")))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "责任单位")
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    shaded = [r.cells[0]._tc.tcPr.find(qn("w:shd")) is not None for r in table.rows[1:]]

    assert [(r[0], r[2], r[5]) for r in rows] == [
        ("区科委", "建设高质量孵化器", "进行中"),
        ("山阳镇", "建设高质量孵化器", "进行中"),
        ("区人社局", "举办创新创业大赛", "逾期"),
    ]
    assert shaded == [False, False, True]
    assert "规划任务 2 项，其中逾期 1 项。" in [p.text for p in doc.paragraphs]
