"""The grid page: a plan's indicators × years (or months) for one area, every changed cell saved at once.

The page translates: it reads the posted cells into ``grid.CellInput`` and shows what
``grid.save_grid`` says (the saved count, or each bad or stale cell beside its input).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from kechuang.common.forms import ChineseForm
from kechuang.common.periods import Period
from kechuang.observations.enums import ObservationStatus, Source
from kechuang.observations.forms import writable_plan_areas
from kechuang.observations.grid import (
    MONTH,
    YEAR,
    CellInput,
    GridError,
    StaleGrid,
    cell_text,
    grid_periods,
    plan_years,
    save_grid,
)
from kechuang.observations.models import Observation
from kechuang.plans.access import get_plan_for_user
from kechuang.plans.models import Plan
from kechuang.tenancy.access import writable_area_ids
from kechuang.tenancy.models import Area


class GridForm(ChineseForm):
    """What applies to every cell saved at once: source, status and the reason for corrections."""

    source = forms.ChoiceField(label="来源", choices=Source.choices, initial=Source.MANUAL)
    status = forms.ChoiceField(
        label="状态", choices=ObservationStatus.choices, initial=ObservationStatus.FINAL
    )
    reason = forms.CharField(
        label="修改原因",
        max_length=300,
        required=False,
        help_text="更正已有数值时必填，记入每个被更正单元格的修改记录",
    )


def _choice(request: HttpRequest, plan: Plan) -> tuple[Area, str, int | None, list[Area]]:
    """The area, the columns (years or months) and the year of the months, from the query or the form."""
    params = request.POST if request.method == "POST" else request.GET
    areas = list(writable_plan_areas(plan, writable_area_ids(request.user)))
    if not areas:
        raise PermissionDenied("您没有可录入数据的地区")
    area = next((a for a in areas if a.pk == plan.area_id), areas[0])
    raw = params.get("area")
    if raw:
        chosen = next((a for a in areas if str(a.pk) == raw), None)
        if chosen is None:
            raise PermissionDenied("无权录入该地区的数据")
        area = chosen
    mode = MONTH if params.get("by") == MONTH else YEAR
    year = None
    if mode == MONTH:
        years = plan_years(plan)
        try:
            year = int(params.get("year", ""))
        except ValueError:
            year = None
        if year not in years:
            year = years[0]
    return area, mode, year, areas


def _key(ind_id: int, period: Period) -> str:
    return f"{ind_id}_{period.label}"


def _posted_cells(request: HttpRequest, indicators: list, periods: list[Period]) -> list[CellInput]:
    cells = []
    for ind in indicators:
        for period in periods:
            key = _key(ind.pk, period)
            version, _, original = request.POST.get(f"s{key}", "0|").partition("|")
            cells.append(
                CellInput(
                    indicator=ind,
                    period=period,
                    text=request.POST.get(f"v{key}", "")[:40],
                    original=original[:40],
                    version=int(version) if version.isdigit() else 0,
                )
            )
    return cells


def _rows(
    indicators: list, periods: list[Period], area: Area, posted: dict | None, errors: dict, current: dict
) -> list[dict]:
    """Each indicator with its cells: the value to show, what the page saw (version|value), any message."""
    saved = {
        (o.indicator_id, o.period): o
        for o in Observation.objects.filter(
            indicator__in=indicators, area=area, period__in=[p.label for p in periods]
        )
    }
    rows = []
    for ind in indicators:
        cells = []
        for period in periods:
            obs = saved.get((ind.pk, period.label))
            key = _key(ind.pk, period)
            seen = (obs.version, cell_text(obs.value)) if obs else (0, "")
            text = seen[1]
            if posted is not None:
                text = posted[key].text
                # What the person saw stays what they saw; a stale cell now shows them the saved value,
                # so saving again means "mine wins" for it.
                if (ind.pk, period.label) in current:
                    value_text, version = current[(ind.pk, period.label)]
                    seen = (version, value_text)
                else:
                    seen = (posted[key].version, posted[key].original)
            cells.append(
                {
                    "key": key,
                    "period": period,
                    "text": text,
                    "seen": f"{seen[0]}|{seen[1]}",
                    "obs": obs,
                    "error": errors.get((ind.pk, period.label), ""),
                    "stale": (ind.pk, period.label) in current,
                    "provisional": obs is not None and obs.status == ObservationStatus.PROVISIONAL,
                }
            )
        rows.append({"indicator": ind, "cells": cells})
    return rows


def _grid_url(plan: Plan, area: Area, mode: str, year: int | None) -> str:
    query = {"area": area.pk}
    if mode == MONTH:
        query.update(by=MONTH, year=year)
    return f"{reverse('observations:grid', kwargs={'plan_id': plan.pk})}?{urlencode(query)}"


@login_required
@require_http_methods(["GET", "POST"])
def plan_grid(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The plan's indicators × periods for one area; saves every changed cell in one transaction."""
    plan = get_plan_for_user(request.user, plan_id, write=True)
    area, mode, year, areas = _choice(request, plan)
    periods = grid_periods(plan, mode, year)
    indicators = list(plan.indicators.order_by("role", "position", "pk"))
    posted = None
    errors: dict = {}
    current: dict = {}
    problem = ""
    status = 200
    if request.method == "POST":
        form = GridForm(request.POST)
        cells = _posted_cells(request, indicators, periods)
        posted = {_key(c.indicator.pk, c.period): c for c in cells}
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = save_grid(
                    plan=plan,
                    area=area,
                    cells=cells,
                    source=data["source"],
                    status=data["status"],
                    reason=data["reason"],
                    acting_user=request.user,
                )
            except StaleGrid as exc:
                problem, errors, current, status = str(exc), exc.cells, exc.current, 409
            except GridError as exc:
                problem, errors, status = str(exc), exc.cells, 400
            else:
                (messages.success if result.labels else messages.info)(request, result.summary)
                return redirect(_grid_url(plan, area, mode, year))
        else:
            problem, status = "请检查来源、状态和修改原因", 400
    else:
        form = GridForm()
    return render(
        request,
        "observations/grid.html",
        {
            "plan": plan,
            "area": area,
            "areas": areas,
            "mode": mode,
            "year": year,
            "years": plan_years(plan),
            "periods": periods,
            "rows": _rows(indicators, periods, area, posted, errors, current),
            "form": form,
            "problem": problem,
            "stale": bool(current),
        },
        status=status,
    )
