"""The public site as a reader uses it: plans by area, a plan's summary, a page per indicator with
its chart, figures, definition and downloads, and one line for indicators still without figures."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from kechuang.observations.domain import record_observation
from tests.public.conftest import AT
from tests.responses import finish

pytestmark = pytest.mark.django_db


def test_index_lists_published_plans_under_their_area(client, public_plan):
    html = client.get("/public/" + AT).content.decode()
    assert "<h2>金山区</h2>" in html
    assert f'href="/public/plans/{public_plan.pk}/"' in html
    assert "草稿" not in html
    assert 'href="/public/method/#status-' in html  # the legend


def test_plan_page_says_in_one_line_which_indicators_wait_for_figures(client, public_plan):
    html = client.get(f"/public/plans/{public_plan.pk}/{AT}").content.decode()
    assert html.count("暂无公开数据") == 1
    assert "以下 2 项指标暂无公开数据，2025年统计数据预计于2026年随统计年鉴和统计公报公布" in html
    assert f'href="/public/indicators/{public_plan.rd.pk}/">全社会研发经费支出占GDP比重</a>' in html
    # the indicator with figures is in the table, its status with a symbol as well as a colour
    table = html.split('class="data public-targets"')[1].split("</table>")[0]
    assert "高新技术企业总数" in table and "全社会研发经费" not in table
    assert '<span class="icon" aria-hidden="true">' in table
    assert "怎样评估" in html and 'href="/public/method/"' in html


def test_monthly_figures_are_expected_monthly(client, public_plan):
    record_observation(
        indicator=public_plan.patents,
        area=public_plan.area,
        period="2026-05",
        value=30,
        source="monthly_report",
    )
    html = client.get(f"/public/plans/{public_plan.pk}/{AT}").content.decode()
    assert "以下 1 项指标暂无公开数据，按月度汇总" in html


def test_indicator_page_has_chart_table_definition_and_downloads(client, public_plan):
    pk = public_plan.hnte.pk
    response = client.get(f"/public/indicators/{pk}/{AT}")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="indicator-chart"' in html and 'id="chart-data"' in html
    chart = response.context["chart"]
    actual = next(s for s in chart["series"] if s["name"] == "实际值")
    assert 1068 in actual["data"] and 1234 in actual["data"]
    assert any(s["name"] == "目标路径" for s in chart["series"])
    figures = html.split('class="data public-figures"')[1].split("</table>")[0]
    assert "2021" in figures and "1,068" in figures and "统计数据" in figures and "2021-12-31" in figures
    assert "经认定的有效期内高新技术企业总数。" in html
    for fmt in ("csv", "xlsx", "json"):
        assert f'href="/public/indicators/{pk}/figures.{fmt}"' in html


def test_downloads_carry_the_same_figures(client, public_plan):
    pk = public_plan.hnte.pk
    response = client.get(f"/public/indicators/{pk}/figures.csv{AT}")
    body = finish(response).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["地区", "期间", "数值（家）", "数据来源", "数据截止日期", "更新日期"]
    assert [r[1:3] for r in rows[1:]] == [["2021", "1068.0"], ["2022", "1234.0"]]
    wb = load_workbook(io.BytesIO(finish(client.get(f"/public/indicators/{pk}/figures.xlsx{AT}"))))
    assert [c.value for c in wb.active["B"]][1:3] == ["2021", "2022"]
    data = json.loads(finish(client.get(f"/public/indicators/{pk}/figures.json{AT}")))
    assert data["定义"] == "经认定的有效期内高新技术企业总数。"
    assert [d["数值（家）"] for d in data["数据"]] == [1068, 1234]
    assert data["目标"][0]["目标年"] == 2025


def test_downloads_neutralise_formulas(client, public_plan):
    public_plan.area.name = "=HYPERLINK(1)"
    public_plan.area.save()
    body = finish(client.get(f"/public/indicators/{public_plan.hnte.pk}/figures.csv{AT}")).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in body
    wb = load_workbook(
        io.BytesIO(finish(client.get(f"/public/indicators/{public_plan.hnte.pk}/figures.xlsx")))
    )
    assert wb.active["A2"].data_type == "s"


def test_indicator_without_figures_says_when_they_are_expected(client, public_plan):
    html = client.get(f"/public/indicators/{public_plan.rd.pk}/{AT}").content.decode()
    assert "暂无公开数据，2025年统计数据预计于2026年随统计年鉴和统计公报公布" in html
    assert 'id="indicator-chart"' not in html


def test_a_drafts_indicator_and_its_files_are_not_public(client, public_plan):
    assert client.get(f"/public/indicators/{public_plan.secret.pk}/").status_code == 404
    assert client.get(f"/public/indicators/{public_plan.secret.pk}/figures.csv").status_code == 404
    assert client.get(f"/public/indicators/{public_plan.hnte.pk}/figures.exe").status_code == 404


def test_a_target_with_only_its_baseline_figure_shows_a_dash_beside_its_status(client, public_plan, shanghai):
    """A completion of 0.0% beside 无数据 reads as a judgement; before any figure after the baseline
    year the public pages show a dash, as the monitoring pages do."""
    from kechuang.plans.models import Indicator, Target

    area = shanghai["jinshan"]
    spaces = Indicator.objects.create(
        plan=public_plan, position=4, name="众创空间数", unit="家", baseline_year=2020, baseline_value=20
    )
    Target.objects.create(indicator=spaces, year=2025, value=30)
    record_observation(indicator=spaces, area=area, period="2020", value=20, source="statistics")

    for url, after in (
        (f"/public/indicators/{spaces.pk}/{AT}", "<tbody>"),
        (f"/public/plans/{public_plan.pk}/{AT}", "众创空间数"),
    ):
        html = client.get(url).content.decode()
        table = html[html.index('class="data public-targets"') :]
        row = table[table.index(after) :]
        row = row[: row.index("</tr>")]
        cells = [c.strip() for c in row.split("<td")[1:]]
        assert "无数据" in row or "待数据" in row, url
        assert "0.0%" not in row, url
        assert sum(c.endswith(">—</td>") for c in cells) >= 2, (url, cells)  # completion and 时序进度
