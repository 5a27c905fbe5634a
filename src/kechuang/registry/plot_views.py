"""Land-plot pages: list with flags, per-mu ranking (chart, table, Excel), detail, forms, import.

Thin: ``access`` decides who sees and changes a plot (the area's officers write, viewers read,
carrier operators see none), ``domain.plots`` does the arithmetic and the writing.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kechuang.common.exports import export_format, table_response
from kechuang.common.params import ParamError, year_param
from kechuang.common.uploads import too_large_upload
from kechuang.registry import access, exports
from kechuang.registry.domain import RegistryError, occupy_plot, record_plot_figures, save_plot
from kechuang.registry.domain.plots import (
    MEASURES,
    PLOT_AREA_KINDS,
    plot_rows,
    plot_years,
    rank_plots,
)
from kechuang.registry.forms import PlotFigureForm, PlotForm, PlotImportForm, PlotOccupancyForm
from kechuang.registry.imports import ImportRefused
from kechuang.registry.imports.plots import build_plot_template, import_plots
from kechuang.registry.models import Enterprise, PlotFigure, PlotStatus
from kechuang.registry.views import _selected_area
from kechuang.tenancy import access as area_access
from kechuang.tenancy.models import AuditEntry

FLAGS = {"idle": "闲置", "inefficient": "低效", "any": "闲置或低效"}
CHART_COLOURS = {"idle": "#9e9e9e", "inefficient": "#d9534f", "normal": "#3b7dd8"}


def _require_area_role(user: object) -> None:
    """Plots belong to areas: a person with no area role (a carrier operator) has no plot pages."""
    if area_access.visible_area_ids(user) is not None and not area_access.visible_area_ids(user):
        raise PermissionDenied("您的账号不能查看地块：地块由所在地区的管理员、联络员登记")


def _year(request: HttpRequest, plots: object) -> tuple[int, str]:
    """The year asked for, or the latest year with figures among the plots, or last year."""
    latest = (
        PlotFigure.objects.filter(plot__in=plots).order_by("-year").values_list("year", flat=True).first()
    )
    default = latest or timezone.localdate().year - 1
    try:
        return year_param(request.GET.get("year"), default=default), ""
    except ParamError as exc:
        return default, f"{exc}，已显示 {default} 年。"


def _scope(request: HttpRequest) -> tuple[object | None, object]:
    user = request.user
    _require_area_role(user)
    area = _selected_area(request)
    plots = access.visible_plots(user)
    if area is not None:
        plots = plots.filter(area_id__in=area.descendant_ids())
    return area, plots


def _can_write(user: object) -> bool:
    writable = area_access.writable_area_ids(user)
    return writable is None or bool(writable)


@login_required
def plot_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    area, plots = _scope(request)
    year, error = _year(request, plots)
    status = request.GET.get("status", "")
    if status in PlotStatus.values:
        plots = plots.filter(status=status)
    rows = plot_rows(area, year, plots=plots)
    flag = request.GET.get("flag", "")
    if flag == "idle":
        rows = [r for r in rows if r.idle]
    elif flag == "inefficient":
        rows = [r for r in rows if r.inefficient]
    elif flag == "any":
        rows = [r for r in rows if r.flagged]
    return render(
        request,
        "registry/plot_list.html",
        {
            "rows": rows,
            "area": area,
            "areas": area_access.visible_areas(user).order_by("code"),
            "year": year,
            "error": error,
            "statuses": PlotStatus.choices,
            "flags": FLAGS,
            "filters": {"status": status, "flag": flag},
            "total_mu": sum(r.area_mu for r in rows),
            "can_write": _can_write(user),
        },
    )


def _chart(rows: list, measure: object) -> dict:
    """A horizontal bar per ranked plot, best at the top; idle and inefficient plots coloured."""
    ranked = [r for r in rows if r.rank is not None][:60]
    ranked.reverse()  # ECharts draws the first category at the bottom

    def colour(row: object) -> str:
        return CHART_COLOURS["idle" if row.idle else "inefficient" if row.inefficient else "normal"]

    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "grid": {"left": 8, "right": 40, "top": 36, "bottom": 24, "containLabel": True},
        "xAxis": {"type": "value", "name": measure.unit},
        "yAxis": {"type": "category", "data": [r.plot.name for r in ranked], "axisLabel": {"width": 110}},
        "series": [
            {
                "type": "bar",
                "name": measure.label,
                "data": [
                    {"value": round(r.measure(measure.code), 2), "itemStyle": {"color": colour(r)}}
                    for r in ranked
                ],
                "label": {"show": True, "position": "right"},
            }
        ],
    }


@login_required
def plot_ranking(request: HttpRequest) -> HttpResponse:
    """Plots ranked by a per-mu figure (tax per mu unless another is chosen), with chart and export."""
    user = request.user
    area, plots = _scope(request)
    year, error = _year(request, plots)
    by = request.GET.get("by", "tax_per_mu")
    if by not in MEASURES:
        by = "tax_per_mu"
    measure = MEASURES[by]
    rows = rank_plots(area, year, by=by, plots=plots)
    for row in rows:
        row.value = row.measure(by)
    if fmt := export_format(request):
        columns, table = exports.plot_ranking_table(rows, measure)
        filters = [("地区", area.name if area is not None else "全部可见地区"), ("年度", str(year))]
        return table_response(request, f"地块{measure.label}排名", columns, table, fmt, filters=filters)
    ranked = sum(1 for r in rows if r.rank is not None)
    return render(
        request,
        "registry/plot_ranking.html",
        {
            "rows": rows,
            "measure": measure,
            "measures": MEASURES.values(),
            "area": area,
            "areas": area_access.visible_areas(user).order_by("code"),
            "year": year,
            "error": error,
            "chart": _chart(rows, measure) if ranked else None,
            "chart_height": 80 + 26 * min(ranked, 60),
        },
    )


def _trend_chart(years: list) -> dict:
    ordered = sorted(years, key=lambda r: r.year)
    series = [
        {
            "type": "line",
            "name": MEASURES[code].label,
            "data": [None if r.measure(code) is None else round(r.measure(code), 2) for r in ordered],
        }
        for code in ("output_per_mu", "tax_per_mu", "rd_per_mu")
    ]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 8, "right": 16, "top": 40, "bottom": 24, "containLabel": True},
        "xAxis": {"type": "category", "data": [f"{r.year}年" for r in ordered]},
        "yAxis": {"type": "value", "name": "万元/亩"},
        "series": series,
    }


def _plot_audit(user: object, plot: object) -> list[AuditEntry]:
    """The plot's trail with its enterprises' and figures' changes, for district administrators."""
    if not area_access.is_district_admin(user):
        return []
    ids = {
        "registry.plotfigure": [str(pk) for pk in plot.figures.values_list("pk", flat=True)],
        "registry.plotoccupancy": [str(pk) for pk in plot.occupancies.values_list("pk", flat=True)],
    }
    q = Q(model="registry.landplot", object_id=str(plot.pk))
    for model, pks in ids.items():
        q |= Q(model=model, object_id__in=pks)
    return list(AuditEntry.objects.filter(q).order_by("-at", "-pk")[:100])


@login_required
def plot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    plot = access.get_plot_for_user(user, pk)
    years = plot_years(plot)
    per_year = [plot_rows(None, y, plots=[plot])[0] for y in years]  # flags judged in the district
    visible = set(
        access.visible_enterprises(user)
        .filter(pk__in=plot.occupancies.values("enterprise_id"))
        .values_list("pk", flat=True)
    )
    can_write = access.can_change_plot(user, plot)
    return render(
        request,
        "registry/plot_detail.html",
        {
            "plot": plot,
            "per_year": per_year,
            "latest": per_year[0] if per_year else None,
            "occupancies": plot.occupancies.select_related("enterprise").order_by("started_on", "pk"),
            "figures": plot.figures.select_related("enterprise").order_by("-year", "enterprise__name"),
            "visible_enterprises": visible,
            "trend": _trend_chart(per_year) if len(per_year) > 1 else None,
            "can_write": can_write,
            "occupancy_form": PlotOccupancyForm(initial={"started_on": timezone.localdate()})
            if can_write
            else None,
            "figure_form": PlotFigureForm(initial={"year": timezone.localdate().year - 1})
            if can_write
            else None,
            "audit": _plot_audit(user, plot),
        },
    )


@login_required
def plot_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = request.user
    plot = access.get_plot_for_user(user, pk, write=True) if pk is not None else None
    writable = area_access.writable_area_ids(user)
    if writable is not None and not writable:
        raise PermissionDenied("您的账号不能登记地块：地块由所在地区的区级管理员或科技联络员登记")
    areas = area_access.visible_areas(user).filter(kind__in=PLOT_AREA_KINDS).order_by("code")
    if writable is not None:
        areas = areas.filter(pk__in=writable)
    fields = ("area", "code", "name", "area_mu", "land_use", "status", "location", "notes")
    initial = {f: getattr(plot, f) for f in fields} if plot is not None else {"status": PlotStatus.PRODUCING}
    form = PlotForm(request.POST or None, initial=initial, areas=areas)
    if request.method == "POST" and form.is_valid():
        try:
            plot, changed = save_plot(acting_user=user, plot=plot, **form.cleaned_data)
        except RegistryError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已保存" if changed else "没有变化")
            return redirect("registry:plot_detail", plot.pk)
    return render(request, "registry/plot_form.html", {"form": form, "plot": plot})


def _enterprise(uscc: str) -> Enterprise:
    enterprise = Enterprise.objects.filter(uscc=uscc.strip().upper()).first()
    if enterprise is None:
        raise RegistryError("统一社会信用代码：该企业尚未登记，请先在企业登记库登记")
    return enterprise


def _form_errors(form: object) -> str:
    return "；".join(
        f"{form.fields[k].label if k in form.fields else ''}{e}" for k, es in form.errors.items() for e in es
    )


@login_required
@require_POST
def plot_occupancy_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    plot = access.get_plot_for_user(user, pk, write=True)
    form = PlotOccupancyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "用地企业信息有误：" + _form_errors(form))
        return redirect("registry:plot_detail", pk)
    data = form.cleaned_data
    try:
        _, changed = occupy_plot(
            plot,
            enterprise=_enterprise(data["enterprise_uscc"]),
            started_on=data["started_on"],
            ended_on=data["ended_on"],
            area_mu=data["area_mu"],
            acting_user=user,
        )
    except RegistryError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已登记用地企业" if changed else "没有变化")
    return redirect("registry:plot_detail", pk)


@login_required
@require_POST
def plot_figures_save(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    plot = access.get_plot_for_user(user, pk, write=True)
    form = PlotFigureForm(request.POST)
    if not form.is_valid():
        messages.error(request, "年度数据有误：" + _form_errors(form))
        return redirect("registry:plot_detail", pk)
    data = dict(form.cleaned_data)
    uscc = data.pop("enterprise_uscc")
    try:
        with transaction.atomic():
            _, changed = record_plot_figures(plot, enterprise=_enterprise(uscc), acting_user=user, **data)
    except RegistryError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已保存年度数据" if changed else "没有变化")
    return redirect("registry:plot_detail", pk)


@login_required
def plot_import(request: HttpRequest) -> HttpResponse:
    """Upload a plot table or a figures table: every row checked, all written or none."""
    user = request.user
    writable = area_access.writable_area_ids(user)
    if writable is not None and not writable:
        raise PermissionDenied("您的账号不能导入地块：地块由所在地区的区级管理员或科技联络员导入")
    form = PlotImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    result = None
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        too_big = too_large_upload(upload.size, settings.KECHUANG_MAX_UPLOAD_BYTES)
        if too_big:
            errors = [too_big]
        else:
            try:
                result = import_plots(upload.read(), upload.name, user=user)
            except ImportRefused as exc:
                errors = exc.errors
        if errors:
            status = 400
    return render(
        request,
        "registry/plot_import.html",
        {"form": PlotImportForm() if result else form, "errors": errors, "result": result},
        status=status,
    )


@login_required
def plot_import_template(request: HttpRequest) -> HttpResponse:
    _require_area_role(request.user)
    response = HttpResponse(
        build_plot_template(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        "attachment; filename=\"plot-import.xlsx\"; filename*=UTF-8''%E5%9C%B0%E5%9D%97%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
    )
    return response
