"""Land-plot pages, import, API, command line and demo, as each role meets them."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from kechuang.cli import main
from kechuang.registry.domain.plots import plot_rows
from kechuang.registry.models import LandPlot, PlotFigure
from kechuang.tenancy.models import AuditEntry
from tests.registry.conftest import figures

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PLOT_HEAD = "地块编号,地块名称,所在街镇/园区,坐落位置,面积（亩）,用地类型,状态,备注\n"
FIGURE_HEAD = "地块编号,统一社会信用代码,年度,产值（万元）,税收（万元）,研发投入（万元）,能耗（吨标准煤）,从业人员（人）\n"


def csv_upload(text: str, name: str = "地块.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), "text/csv")


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- pages by role ----------------------------------------------------------------


def test_list_shows_flags_and_filters(client, world, plots):
    client.force_login(world.viewer)
    page = client.get("/registry/plots/").content.decode()
    assert "A1号地块" in page and "A2号地块" in page and "面积合计 103 亩" in page
    idle = client.get("/registry/plots/?flag=idle&year=2024").content.decode()
    assert "B1号地块" in idle and "B2号地块" in idle and "A1号地块" not in idle
    ineff = client.get("/registry/plots/?flag=inefficient").content.decode()
    assert "A2号地块" in ineff and "A1号地块" not in ineff
    building = client.get("/registry/plots/?status=building").content.decode()
    assert "B3号地块" in building and "A1号地块" not in building
    assert "登记地块" not in page  # a viewer reads only


def test_liaison_sees_only_their_town(client, world, plots):
    client.force_login(world.liaison_x)
    page = client.get("/registry/plots/").content.decode()
    assert "A1号地块" in page and "A2号地块" not in page  # A2 lies in 枫泾镇
    assert client.get(f"/registry/plots/{plots['p2'].pk}/").status_code == 404
    ranking = client.get("/registry/plots/ranking/").content.decode()
    assert "A2号地块" not in ranking


def test_carrier_operator_and_stranger_get_nothing(client, world, plots):
    for user in (world.operator_a, world.nobody):
        client.force_login(user)
        assert client.get("/registry/plots/").status_code == 403
        assert client.get(f"/registry/plots/{plots['p1'].pk}/").status_code == 404
        assert client.get("/api/registry/plots").json()["count"] == 0


def test_ranking_page_chart_table_and_excel(client, world, plots):
    client.force_login(world.admin)
    response = client.get("/registry/plots/ranking/?year=2024")
    page = response.content.decode()
    assert "地块亩均税收排名（2024年）" in page
    chart = json.loads(response.context["chart"] and json.dumps(response.context["chart"]))
    assert chart["yAxis"]["data"][-1] == "A8号地块"  # best at the top
    assert chart["series"][0]["data"][-1]["value"] == 12
    assert 'data-option="plot-ranking-data"' in page and "echarts.min.js" in page and "<script>" not in page
    export = client.get("/registry/plots/ranking/?year=2024&format=xlsx")
    assert export["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("排名", "地块编号", "地块名称")
    assert rows[1][:3] == (1, "A8", "A8号地块")
    by_energy = client.get("/registry/plots/ranking/?by=energy_per_output").content.decode()
    assert "单位产值能耗排名" in by_energy


def test_detail_shows_enterprises_figures_and_trend(client, world, plots):
    figures(world, plots["p1"], world.e_a, year=2023, output=800, tax=70)
    client.force_login(world.admin)
    response = client.get(f"/registry/plots/{plots['p1'].pk}/")
    page = response.content.decode()
    assert "甲科技有限公司" in page and "亩均效益" in page
    assert [r.year for r in response.context["per_year"]] == [2024, 2023]
    assert response.context["trend"]["xAxis"]["data"] == ["2023年", "2024年"]
    assert "变更记录" in page  # district administrators see the trail, figures included


def test_liaison_adds_plot_enterprise_and_figures(client, world):
    client.force_login(world.liaison_x)
    response = client.post(
        "/registry/plots/new/",
        {
            "area": world.town_x.pk,
            "code": "N1",
            "name": "新登记地块",
            "area_mu": "35.2",
            "land_use": "industrial",
            "status": "producing",
        },
    )
    new = LandPlot.objects.get(code="N1")
    assert response.status_code == 302 and new.area_mu == Decimal("35.2") and new.district == world.jinshan
    client.post(
        f"/registry/plots/{new.pk}/enterprises/",
        {"enterprise_uscc": world.e_a.uscc, "started_on": "2022-01-01"},
    )
    client.post(
        f"/registry/plots/{new.pk}/figures/",
        {"enterprise_uscc": world.e_a.uscc, "year": "2024", "output": "704", "tax": "70.4"},
    )
    [row] = plot_rows(None, 2024, plots=[new])
    assert row.output_per_mu == pytest.approx(20.0) and row.tax_per_mu == pytest.approx(2.0)
    assert AuditEntry.objects.filter(model="registry.plotfigure", user=world.liaison_x).exists()
    # An unknown enterprise is refused with the reason, nothing saved.
    page = client.post(
        f"/registry/plots/{new.pk}/figures/",
        {"enterprise_uscc": "91310116MA1FL00000", "year": "2024", "output": "1"},
        follow=True,
    ).content.decode()
    assert "尚未登记" in page and PlotFigure.objects.filter(plot=new).count() == 1


def test_viewer_cannot_write(client, world, plots):
    client.force_login(world.viewer)
    assert client.get("/registry/plots/new/").status_code == 403
    assert client.get(f"/registry/plots/{plots['p1'].pk}/edit/").status_code == 403
    response = client.post(
        f"/registry/plots/{plots['p1'].pk}/figures/",
        {"enterprise_uscc": world.e_a.uscc, "year": "2024", "tax": "1"},
    )
    assert response.status_code == 403
    assert PlotFigure.objects.get(plot=plots["p1"], year=2024).tax == 100


# --- import -------------------------------------------------------------------------


def test_import_plots_then_figures_and_reimport_updates(client, world):
    client.force_login(world.admin)
    plots_csv = PLOT_HEAD + "C1,东区地块,朱泾镇,东区,12.5,工业,在产,\nC2,西区地块,枫泾镇,,8,研发,闲置,\n"
    page = client.post("/registry/plots/import/", {"file": csv_upload(plots_csv)}).content.decode()
    assert "地块表 2 行：新增 2 条" in page
    figures_xlsx = xlsx_bytes(
        [
            FIGURE_HEAD.strip().split(","),
            ["C1", world.e_a.uscc, 2024, 250, 25, 10, 30, 20],
        ]
    )
    page = client.post(
        "/registry/plots/import/", {"file": SimpleUploadedFile("年度数据.xlsx", figures_xlsx, XLSX)}
    ).content.decode()
    assert "年度数据表 1 行：新增 1 条" in page
    [row] = plot_rows(None, 2024, plots=[LandPlot.objects.get(code="C1")])
    assert row.tax_per_mu == pytest.approx(2.0)  # 25 ÷ 12.5
    # The same file again changes nothing; a corrected area updates, never duplicates.
    again = client.post("/registry/plots/import/", {"file": csv_upload(plots_csv)}).content.decode()
    assert "未变 2 条" in again
    fixed = plots_csv.replace("12.5", "25")
    client.post("/registry/plots/import/", {"file": csv_upload(fixed)})
    assert LandPlot.objects.filter(code="C1").count() == 1 and LandPlot.objects.get(code="C1").area_mu == 25


def test_import_is_all_or_nothing_with_row_numbered_errors(client, world):
    client.force_login(world.admin)
    before = (LandPlot.objects.count(), AuditEntry.objects.count())
    bad = (
        PLOT_HEAD
        + "D1,好地块,朱泾镇,,10,工业,在产,\nD2,坏地块,朱泾镇,,0,工业,在产,\nD3,,不存在镇,,5,农业,在产,\nD1,重复,朱泾镇,,3,工业,在产,\n"
    )
    response = client.post("/registry/plots/import/", {"file": csv_upload(bad)})
    page = response.content.decode()
    assert response.status_code == 400
    assert "地块表第 3 行 面积（亩）：须大于 0" in page
    assert "地块表第 4 行 所在街镇/园区：“不存在镇”不存在" in page
    assert "地块表第 5 行 与第 2 行重复" in page
    assert (LandPlot.objects.count(), AuditEntry.objects.count()) == before  # the good row is not kept
    figures_bad = FIGURE_HEAD + f"NOPE,{world.e_a.uscc},2024,1,1,,,\n"
    page = client.post("/registry/plots/import/", {"file": csv_upload(figures_bad)}).content.decode()
    assert "年度数据表第 2 行 地块编号：“NOPE”未登记" in page
    page = client.post("/registry/plots/import/", {"file": csv_upload("甲,乙\n1,2\n")}).content.decode()
    assert "无法识别表头" in page


def test_liaison_cannot_import_into_another_town(client, world):
    client.force_login(world.liaison_x)
    text = PLOT_HEAD + "E1,别镇地块,枫泾镇,,10,工业,在产,\n"
    page = client.post("/registry/plots/import/", {"file": csv_upload(text)}).content.decode()
    assert "无权在该地区登记地块" in page and not LandPlot.objects.filter(code="E1").exists()


def test_cli_import_and_check(tmp_path, capsys, world):
    path = tmp_path / "plots.csv"
    path.write_text(PLOT_HEAD + "F1,命令行地块,310116001,,9,工业,在产,\n", encoding="utf-8")
    assert main(["plots", "import", str(path), "--check"]) == 0
    assert not LandPlot.objects.filter(code="F1").exists()
    assert main(["plots", "import", str(path)]) == 0
    assert "地块表 1 行：新增 1 条" in capsys.readouterr().out
    path.write_text(PLOT_HEAD + "F2,坏,310116001,,-1,工业,在产,\n", encoding="utf-8")
    assert main(["plots", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "地块表第 2 行 面积（亩）：须大于 0" in err and "未写入任何数据" in err


# --- API ------------------------------------------------------------------------------


def test_api_lists_plots_with_per_mu_figures(client, world, plots):
    client.force_login(world.viewer)
    data = client.get("/api/registry/plots?year=2024&limit=2").json()
    assert data["count"] == 8 and len(data["items"]) == 2
    first = client.get(f"/api/registry/plots?year=2024&area_id={world.town_y.pk}").json()["items"][0]
    assert first["code"] == "A2" and first["figures"]["tax_per_mu"] == pytest.approx(4.0)
    assert first["figures"]["inefficient"] is True
    flagged = client.get("/api/registry/plots?flag=idle&year=2024").json()
    assert {i["code"] for i in flagged["items"]} == {"B1", "B2"}
    detail = client.get(f"/api/registry/plots/{plots['p1'].pk}").json()
    assert detail["years"][0]["output_per_mu"] == pytest.approx(100.0)
    assert detail["occupancies"][0]["uscc"] == world.e_a.uscc
    client.force_login(world.liaison_x)
    assert client.get(f"/api/registry/plots/{plots['p2'].pk}").status_code == 404
    client.logout()
    assert client.get("/api/registry/plots").status_code == 401


# --- demo -------------------------------------------------------------------------------


def test_demo_plots_are_flagged_and_idempotent(db):
    from kechuang.demo.loader import load_area_tree
    from kechuang.registry.demo import load_registry_demo
    from kechuang.tenancy.models import Area

    load_area_tree()
    lines = load_registry_demo()
    assert any(line.startswith("地块：演示地块 12 个（新增 12 个）") for line in lines)
    jinshan = Area.objects.get(code="310116")
    rows = {r.plot.code: r for r in plot_rows(jinshan, 2025)}
    assert len(rows) == 12
    assert rows["TL2019-02"].idle and not rows["GY2019-02"].idle
    assert [c for c, r in rows.items() if r.inefficient] == ["FJ2019-02"]
    assert PlotFigure.objects.values("year").distinct().count() == 3
    count = AuditEntry.objects.count()
    again = load_registry_demo()
    assert any("新增 0 个" in line for line in again) and AuditEntry.objects.count() == count
