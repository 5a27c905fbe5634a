"""API routes of the land-plot registry (read-only): plots with their per-mu figures for a year.

Same scope as the pages: the officers and viewers of a plot's area read it; carrier operators
read none (an empty list, 404 for one plot). Lists are paged ``{count, items}``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from kechuang.common.api_pages import Pages
from kechuang.common.params import MAX_DB_INT
from kechuang.common.periods import MAX_YEAR, MIN_YEAR
from kechuang.registry import access
from kechuang.registry.domain.plots import PlotYear, plot_rows, plot_years
from kechuang.registry.models import PlotFigure, PlotStatus
from kechuang.tenancy import access as area_access
from kechuang.tenancy.api_auth import api_auth

router = Router(tags=["registry"], auth=api_auth)


class ErrorOut(Schema):
    detail: str


class PlotYearOut(Schema):
    year: int
    enterprises: int = Field(description="当年在地块上的企业数")
    output: Decimal | None = Field(description="产值合计（万元）")
    tax: Decimal | None = Field(description="税收合计（万元）")
    rd_spending: Decimal | None = Field(description="研发投入合计（万元）")
    energy: Decimal | None = Field(description="能耗合计（吨标准煤）")
    employees: int | None = Field(description="从业人员合计（人）")
    output_per_mu: float | None = Field(description="亩均产值（万元/亩）")
    tax_per_mu: float | None = Field(description="亩均税收（万元/亩）")
    rd_per_mu: float | None = Field(description="亩均研发投入（万元/亩）")
    energy_per_output: float | None = Field(description="单位产值能耗（吨标准煤/万元）")
    employees_per_mu: float | None = Field(description="亩均从业人员（人/亩）")
    idle: bool = Field(description="闲置")
    idle_reason: str
    inefficient: bool = Field(description="低效")
    inefficient_reason: str


class PlotOut(Schema):
    id: int
    code: str = Field(description="地块编号（本区内唯一）")
    name: str
    area_id: int
    area_name: str
    district_id: int
    location: str
    area_mu: Decimal = Field(description="面积（亩）")
    land_use: str = Field(description="industrial/research/commercial/mixed/warehouse/other")
    land_use_label: str
    status: str = Field(description="producing/building/idle/other")
    status_label: str
    notes: str


class PlotListItem(PlotOut):
    figures: PlotYearOut = Field(description="所选年度的合计、亩均数与标记")


class OccupancyOut(Schema):
    enterprise_id: int
    enterprise_name: str
    uscc: str
    started_on: dt.date
    ended_on: dt.date | None
    area_mu: Decimal | None = Field(description="使用面积（亩），空为与其他企业平分剩余面积")


class PlotDetailOut(PlotOut):
    years: list[PlotYearOut] = Field(description="各年度的合计、亩均数与标记，最近的在前")
    occupancies: list[OccupancyOut]


def _plot(plot: object) -> dict:
    return {
        "id": plot.pk,
        "code": plot.code,
        "name": plot.name,
        "area_id": plot.area_id,
        "area_name": plot.area.name,
        "district_id": plot.district_id,
        "location": plot.location,
        "area_mu": plot.area_mu,
        "land_use": plot.land_use,
        "land_use_label": plot.get_land_use_display(),
        "status": plot.status,
        "status_label": plot.get_status_display(),
        "notes": plot.notes,
    }


def _year(row: PlotYear) -> dict:
    out = {key: getattr(row, key) for key in PlotYearOut.model_fields if key != "enterprises"}
    out["enterprises"] = len(row.enterprises)
    return out


@router.get("/plots", response=list[PlotListItem], summary="地块列表（含所选年度亩均数）")
@paginate(Pages)
def list_plots(
    request: HttpRequest,
    area_id: int | None = Query(None, ge=1, le=MAX_DB_INT, description="地区（含下级地区）"),
    year: int | None = Query(None, ge=MIN_YEAR, le=MAX_YEAR, description="数据年度，默认为有数据的最近一年"),
    status: str | None = Query(None, description="producing/building/idle/other"),
    flag: str | None = Query(None, description="idle（闲置）/inefficient（低效）/any（闲置或低效）"),
) -> list[dict]:
    """The plots the caller may read, in area and code order, each with its figures for the year."""
    user = request.auth
    plots = access.visible_plots(user)
    area = None
    if area_id is not None:
        area = get_object_or_404(area_access.visible_areas(user), pk=area_id)
        plots = plots.filter(area_id__in=area.descendant_ids())
    if status:
        plots = plots.filter(status=status) if status in PlotStatus.values else plots.none()
    if year is None:
        latest = PlotFigure.objects.filter(plot__in=plots).order_by("-year").values_list("year", flat=True)
        year = latest.first() or timezone.localdate().year - 1
    rows = plot_rows(area, year, plots=plots)
    if flag == "idle":
        rows = [r for r in rows if r.idle]
    elif flag == "inefficient":
        rows = [r for r in rows if r.inefficient]
    elif flag == "any":
        rows = [r for r in rows if r.flagged]
    return [{**_plot(r.plot), "figures": _year(r)} for r in rows]


@router.get(
    "/plots/{int:pk}", response={200: PlotDetailOut, 404: ErrorOut}, summary="地块详情（各年度亩均数）"
)
def get_plot(request: HttpRequest, pk: int) -> dict:
    plot = access.get_plot_for_user(request.auth, pk)
    years = [plot_rows(None, y, plots=[plot])[0] for y in plot_years(plot)]
    occupancies = plot.occupancies.select_related("enterprise").order_by("started_on", "pk")
    return {
        **_plot(plot),
        "years": [_year(r) for r in years],
        "occupancies": [
            {
                "enterprise_id": o.enterprise_id,
                "enterprise_name": o.enterprise.name,
                "uscc": o.enterprise.uscc,
                "started_on": o.started_on,
                "ended_on": o.ended_on,
                "area_mu": o.area_mu,
            }
            for o in occupancies
        ],
    }
