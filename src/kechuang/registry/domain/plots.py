"""Land plots: recording plots, their enterprises and yearly figures, and judging them per mu (亩均).

Rules, stated once here and in docs/registry.md (地块登记):

- Per-mu figures of a plot for a year add up the figures of every enterprise on it that year and
  divide by the plot's area: 亩均产值, 亩均税收, 亩均研发投入 (万元/亩), 亩均从业人员 (人/亩), and
  单位产值能耗 = energy ÷ output (吨标准煤/万元). A figure nobody reported stays missing (not 0).
- 闲置 (idle): status 闲置; or, for a plot not under construction, no enterprise on it in the year,
  or output missing or zero. A plot 在建 is not judged idle for having no output yet.
- 低效 (inefficient): among the district's plots in production (status 在产, not idle) with a tax
  figure, those whose tax per mu is below the district's ``min_tax_per_mu`` (if set), or which lie in
  the bottom ``bottom_share`` by tax per mu (the lowest ⌊n × share⌋ plots, ties with the last of them
  included). Thresholds are ``PlotEvaluationSettings`` rows (admin), defaults 无下限 / 20 %. Flags are
  always judged against the whole district, so a town's page shows the same flags as the district's.
- An enterprise's occupied mu: the area stated on its occupancy, or else an even share of what the
  other occupants of that plot in the year leave unstated.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction

from kechuang.registry.domain.errors import RegistryError
from kechuang.registry.models import (
    Enterprise,
    LandPlot,
    LandUse,
    PlotEvaluationSettings,
    PlotFigure,
    PlotOccupancy,
    PlotStatus,
)
from kechuang.tenancy.domain.audit import diff, record_audit, snapshot
from kechuang.tenancy.models import Area, AreaKind

PLOT_FIELDS = ["area", "code", "name", "location", "area_mu", "land_use", "status", "notes"]
OCCUPANCY_FIELDS = ["plot", "enterprise", "started_on", "ended_on", "area_mu"]
FIGURE_VALUES = ["output", "tax", "rd_spending", "energy", "employees"]
FIGURE_FIELDS = ["plot", "enterprise", "year", *FIGURE_VALUES]
PLOT_AREA_KINDS = {AreaKind.TOWN, AreaKind.PARK, AreaKind.SUBPARK}
MIN_YEAR, MAX_YEAR = 1990, 2100
MAX_AMOUNT = Decimal("999999999999")
DEFAULT_BOTTOM_SHARE = Decimal("0.20")


@dataclass(frozen=True)
class Measure:
    """A per-mu figure: its name, unit, and whether more is better (for ranking)."""

    code: str
    label: str
    unit: str
    higher_is_better: bool = True


MEASURES = {
    m.code: m
    for m in (
        Measure("tax_per_mu", "亩均税收", "万元/亩"),
        Measure("output_per_mu", "亩均产值", "万元/亩"),
        Measure("rd_per_mu", "亩均研发投入", "万元/亩"),
        Measure("energy_per_output", "单位产值能耗", "吨标准煤/万元", higher_is_better=False),
        Measure("employees_per_mu", "亩均从业人员", "人/亩"),
    )
}


# --- writing ----------------------------------------------------------------


def _decimal(value: object, label: str, *, positive: bool = False, allow_none: bool = True) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if allow_none:
            return None
        raise RegistryError(f"{label}：不能为空")
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise RegistryError(f"{label}：“{value}”不是数字") from None
    if not number.is_finite() or abs(number) > MAX_AMOUNT:
        raise RegistryError(f"{label}：“{value}”超出范围")
    if positive and number <= 0:
        raise RegistryError(f"{label}：须大于 0")
    if number < 0:
        raise RegistryError(f"{label}：不能为负数")
    return number.quantize(Decimal("0.01"))


def plot_district(area: Area) -> Area:
    """The district a plot's town or park lies in; refuses areas that are not a town, park or sub-park."""
    if area.kind not in PLOT_AREA_KINDS:
        raise RegistryError(f"所在街镇/园区：地块须登记在街镇、园区或分园下，“{area.name}”不是")
    district = area.district()
    if district is None:
        raise RegistryError(f"所在街镇/园区：“{area.name}”不属于任何区县")
    return district


@transaction.atomic
def save_plot(
    *, acting_user: object | None, plot: LandPlot | None = None, **fields: object
) -> tuple[LandPlot, bool]:
    """Create a plot or change the given fields; (plot, changed). An identical save writes nothing.

    Side effects: an ``AuditEntry`` for every change.
    """
    unknown = set(fields) - set(PLOT_FIELDS)
    if unknown:
        raise RegistryError(f"未知字段：{'、'.join(sorted(unknown))}")
    for key, label in (("code", "地块编号"), ("name", "地块名称")):
        if key in fields:
            fields[key] = str(fields[key] or "").strip()
            if not fields[key]:
                raise RegistryError(f"{label}：不能为空")
    for key in ("location", "notes"):
        if key in fields:
            fields[key] = str(fields[key] or "").strip()
    if "area_mu" in fields:
        fields["area_mu"] = _decimal(fields["area_mu"], "面积（亩）", positive=True, allow_none=False)
    if "land_use" in fields and fields["land_use"] not in LandUse.values:
        raise RegistryError(f"用地类型：须为{'、'.join(LandUse.labels)}之一")
    if "status" in fields and fields["status"] not in PlotStatus.values:
        raise RegistryError(f"状态：须为{'、'.join(PlotStatus.labels)}之一")
    if plot is None:
        missing = [
            label
            for key, label in (("area", "所在街镇/园区"), ("code", "地块编号"), ("name", "地块名称"))
            if not fields.get(key)
        ]
        missing += ["面积（亩）"] if fields.get("area_mu") is None else []
        missing += ["用地类型"] if not fields.get("land_use") else []
        if missing:
            raise RegistryError(f"缺少必填项：{'、'.join(missing)}")
        plot = LandPlot(**fields)
        before: dict[str, object] = {}
    else:
        before = snapshot(plot, PLOT_FIELDS)
        for key, value in fields.items():
            setattr(plot, key, value)
    plot.district = plot_district(plot.area)
    clash = LandPlot.objects.filter(district=plot.district, code=plot.code).exclude(pk=plot.pk).first()
    if clash is not None:
        raise RegistryError(f"地块编号：{plot.code} 在{plot.district.name}已用于“{clash.name}”")
    changes = diff(before, snapshot(plot, PLOT_FIELDS))
    if not changes:
        return plot, False
    created = plot.pk is None
    plot.save()
    record_audit(acting_user=acting_user, action="create" if created else "update", obj=plot, changes=changes)
    return plot, True


def _check_enterprise(plot: LandPlot, enterprise: Enterprise) -> None:
    if enterprise.area_id not in set(plot.district.descendant_ids()):
        raise RegistryError(f"{enterprise.name} 登记在其他区，不能登记为本区地块的用地企业")


@transaction.atomic
def occupy_plot(
    plot: LandPlot,
    *,
    enterprise: Enterprise,
    started_on: dt.date,
    ended_on: dt.date | None = None,
    area_mu: object = None,
    acting_user: object | None = None,
) -> tuple[PlotOccupancy, bool]:
    """Record an enterprise using a plot from a date (and until one); the same start again updates it."""
    _check_enterprise(plot, enterprise)
    if ended_on is not None and ended_on < started_on:
        raise RegistryError(f"退出日期 {ended_on} 不能早于起用日期 {started_on}")
    share = _decimal(area_mu, "使用面积（亩）", positive=True)
    if share is not None and share > plot.area_mu:
        raise RegistryError(f"使用面积（亩）：{share} 超过地块面积 {plot.area_mu}")
    occupancy = PlotOccupancy.objects.filter(plot=plot, enterprise=enterprise, started_on=started_on).first()
    before: dict[str, object] = {}
    if occupancy is None:
        occupancy = PlotOccupancy(plot=plot, enterprise=enterprise, started_on=started_on)
    else:
        before = snapshot(occupancy, OCCUPANCY_FIELDS)
    occupancy.ended_on = ended_on
    occupancy.area_mu = share
    changes = diff(before, snapshot(occupancy, OCCUPANCY_FIELDS))
    if not changes:
        return occupancy, False
    created = occupancy.pk is None
    occupancy.save()
    record_audit(
        acting_user=acting_user,
        action="create" if created else "update",
        obj=occupancy,
        changes=changes,
        area=plot.area,
    )
    return occupancy, True


def check_year(year: object) -> int:
    try:
        value = int(str(year).strip())
    except (TypeError, ValueError):
        raise RegistryError(f"年度：“{year}”不是年份") from None
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise RegistryError(f"年度：{value} 超出 {MIN_YEAR}—{MAX_YEAR}")
    return value


def clean_figure_values(values: dict[str, object]) -> dict[str, object]:
    """The figure fields checked: numbers ≥ 0 (employees whole), empty = not reported."""
    out: dict[str, object] = {}
    labels = {f: str(PlotFigure._meta.get_field(f).verbose_name) for f in FIGURE_VALUES}
    for key, value in values.items():
        if key not in FIGURE_VALUES:
            raise RegistryError(f"未知字段：{key}")
        number = _decimal(value, labels[key])
        if key == "employees" and number is not None:
            if number != number.to_integral_value():
                raise RegistryError(f"{labels[key]}：须为整数")
            number = int(number)
        out[key] = number
    return out


@transaction.atomic
def record_plot_figures(
    plot: LandPlot,
    *,
    enterprise: Enterprise,
    year: object,
    acting_user: object | None = None,
    **values: object,
) -> tuple[PlotFigure, bool]:
    """Set an enterprise's figures on a plot for a year (fields given only); (figure, changed).

    An enterprise never recorded on the plot is recorded as using it from 1 January of the year.
    Side effects: an ``AuditEntry`` with the old and new figures.
    """
    _check_enterprise(plot, enterprise)
    year = check_year(year)
    cleaned = clean_figure_values(values)
    if not PlotOccupancy.objects.filter(plot=plot, enterprise=enterprise).exists():
        occupy_plot(plot, enterprise=enterprise, started_on=dt.date(year, 1, 1), acting_user=acting_user)
    figure = PlotFigure.objects.filter(plot=plot, enterprise=enterprise, year=year).first()
    before: dict[str, object] = {}
    if figure is None:
        figure = PlotFigure(plot=plot, enterprise=enterprise, year=year)
    else:
        before = snapshot(figure, FIGURE_FIELDS)
    for key, value in cleaned.items():
        setattr(figure, key, value)
    changes = diff(before, snapshot(figure, FIGURE_FIELDS))
    if not changes:
        return figure, False
    created = figure.pk is None
    figure.save()
    record_audit(
        acting_user=acting_user,
        action="create" if created else "update",
        obj=figure,
        changes=changes,
        area=plot.area,
    )
    return figure, True


# --- per-mu figures -----------------------------------------------------------


def _ratio(numerator: Decimal | int | None, denominator: Decimal | None) -> float | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return float(Decimal(numerator) / Decimal(denominator))


def _total(values: Iterable[Decimal | int | None]) -> Decimal | int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


@dataclass
class PlotYear:
    """A plot's figures for a year: sums over its enterprises, per-mu figures, flags and rank."""

    plot: LandPlot
    year: int
    enterprises: list[Enterprise] = field(default_factory=list)
    output: Decimal | None = None
    tax: Decimal | None = None
    rd_spending: Decimal | None = None
    energy: Decimal | None = None
    employees: int | None = None
    idle: bool = False
    idle_reason: str = ""
    inefficient: bool = False
    inefficient_reason: str = ""
    rank: int | None = None

    @property
    def area_mu(self) -> Decimal:
        return self.plot.area_mu

    @property
    def output_per_mu(self) -> float | None:
        return _ratio(self.output, self.area_mu)

    @property
    def tax_per_mu(self) -> float | None:
        return _ratio(self.tax, self.area_mu)

    @property
    def rd_per_mu(self) -> float | None:
        return _ratio(self.rd_spending, self.area_mu)

    @property
    def energy_per_output(self) -> float | None:
        return _ratio(self.energy, self.output)

    @property
    def employees_per_mu(self) -> float | None:
        return _ratio(self.employees, self.area_mu)

    def measure(self, code: str) -> float | None:
        return getattr(self, code)

    @property
    def flagged(self) -> bool:
        return self.idle or self.inefficient


def plots_in(area: Area | None) -> Iterable[LandPlot]:
    """The plots of an area and every area below it (all plots for ``None``)."""
    qs = LandPlot.objects.select_related("area", "district")
    return qs if area is None else qs.filter(area_id__in=area.descendant_ids())


def _year_rows(plots: Sequence[LandPlot], year: int) -> list[PlotYear]:
    """Sums per plot for the year: two queries whatever the number of plots."""
    ids = [p.pk for p in plots]
    rows = {p.pk: PlotYear(plot=p, year=year) for p in plots}
    figures: dict[int, list[PlotFigure]] = defaultdict(list)
    for figure in PlotFigure.objects.filter(plot_id__in=ids, year=year).select_related("enterprise"):
        figures[figure.plot_id].append(figure)
    occupants: dict[int, dict[int, Enterprise]] = defaultdict(dict)
    occupancies = PlotOccupancy.objects.filter(plot_id__in=ids, started_on__year__lte=year).select_related(
        "enterprise"
    )
    for occ in occupancies:
        if occ.covers_year(year):
            occupants[occ.plot_id][occ.enterprise_id] = occ.enterprise
    for pk, row in rows.items():
        found = figures.get(pk, [])
        for figure in found:
            occupants[pk].setdefault(figure.enterprise_id, figure.enterprise)
        row.enterprises = sorted(occupants[pk].values(), key=lambda e: e.name)
        for key in FIGURE_VALUES:
            setattr(row, key, _total(getattr(f, key) for f in found))
    return list(rows.values())


def plot_year(plot: LandPlot, year: int) -> PlotYear:
    """One plot's sums and per-mu figures for a year (flags not judged: see ``plot_rows``)."""
    return _year_rows([plot], year)[0]


def plot_settings(district: Area | None) -> tuple[Decimal | None, Decimal]:
    """(tax-per-mu floor or None, bottom share) for a district; defaults when it has no settings row."""
    row = PlotEvaluationSettings.objects.filter(district=district).first() if district is not None else None
    if row is None:
        return None, DEFAULT_BOTTOM_SHARE
    return row.min_tax_per_mu, row.bottom_share


def _flag(rows: list[PlotYear], min_tax: Decimal | None, share: Decimal) -> None:
    """Mark idle and inefficient plots among one district's rows (rules in the module docstring)."""
    for row in rows:
        status = row.plot.status
        if status == PlotStatus.IDLE:
            row.idle, row.idle_reason = True, "状态为闲置"
        elif status == PlotStatus.BUILDING:
            continue
        elif not row.enterprises:
            row.idle, row.idle_reason = True, f"{row.year} 年地块上没有企业"
        elif not row.output:
            row.idle, row.idle_reason = True, f"{row.year} 年产值为零或未填报"
    producing = [
        r for r in rows if r.plot.status == PlotStatus.PRODUCING and not r.idle and r.tax_per_mu is not None
    ]
    producing.sort(key=lambda r: (r.tax_per_mu, r.plot.code))
    bottom = math.floor(len(producing) * float(share) + 1e-9)
    cut = producing[bottom - 1].tax_per_mu if bottom > 0 else None
    for row in producing:
        reasons = []
        if min_tax is not None and row.tax_per_mu < float(min_tax):
            reasons.append(f"亩均税收低于 {min_tax.normalize():f} 万元/亩")
        if cut is not None and row.tax_per_mu <= cut:
            reasons.append(f"亩均税收居本区在产地块末 {share * 100:.0f}%")
        if reasons:
            row.inefficient, row.inefficient_reason = True, "；".join(reasons)


def plot_rows(area: Area | None, year: int, plots: Iterable[LandPlot] | None = None) -> list[PlotYear]:
    """Every plot of ``area`` (or the given plots) for the year, with flags judged within each district."""
    wanted = list(plots if plots is not None else plots_in(area))
    districts = {p.district_id for p in wanted}
    rows: list[PlotYear] = []
    wanted_ids = {p.pk for p in wanted}
    for district_id in districts:
        district = Area.objects.get(pk=district_id)
        district_rows = _year_rows(list(plots_in(district)), year)
        _flag(district_rows, *plot_settings(district))
        rows.extend(r for r in district_rows if r.plot.pk in wanted_ids)
    rows.sort(key=lambda r: (r.plot.area.code, r.plot.code))
    return rows


def rank_plots(
    area: Area | None, year: int, *, by: str = "tax_per_mu", plots: Iterable[LandPlot] | None = None
) -> list[PlotYear]:
    """The area's plots (or the given ones) ordered by a per-mu figure, best first, with ranks 1, 2, 2, 4 for ties;
    plots without the figure come last, unranked. Energy per output ranks lowest first."""
    measure = MEASURES.get(by)
    if measure is None:
        raise RegistryError(f"排名依据：须为{'、'.join(m.label for m in MEASURES.values())}之一")
    rows = plot_rows(area, year, plots=plots)
    ranked = [r for r in rows if r.measure(by) is not None]
    sign = -1 if measure.higher_is_better else 1
    ranked.sort(key=lambda r: (sign * r.measure(by), r.plot.code))
    previous: float | None = None
    for position, row in enumerate(ranked, start=1):
        value = row.measure(by)
        row.rank = ranked[position - 2].rank if position > 1 and value == previous else position
        previous = value
    return ranked + [r for r in rows if r.measure(by) is None]


def plot_years(plot: LandPlot) -> list[int]:
    """The years with figures for a plot, latest first."""
    return sorted(set(plot.figures.values_list("year", flat=True)), reverse=True)


# --- indicator values for the evaluation app ---------------------------------


def _number(value: Decimal | int | float) -> str:
    """A figure as a source sentence writes it: 1,234.5 (no trailing zeros)."""
    text = f"{Decimal(str(value)).quantize(Decimal('0.01')):,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _indicators(
    key: str,
    year: int,
    whose: str,
    mu: Decimal | None,
    mu_text: str,
    sums: dict[str, Decimal | int | None],
    values: dict[str, dict[str, float]],
    sources: dict[str, dict[str, str]],
) -> None:
    per_mu = (
        ("output_per_mu", "output", "产值", "万元"),
        ("tax_per_mu", "tax", "税收", "万元"),
        ("rd_per_mu", "rd_spending", "研发投入", "万元"),
        ("employees_per_mu", "employees", "从业人员", "人"),
    )
    got: dict[str, float] = {}
    said: dict[str, str] = {}
    for code, key_sum, word, unit in per_mu:
        total = sums.get(key_sum)
        value = _ratio(total, mu)
        if value is None:
            continue
        got[code] = value
        said[code] = f"{year} 年{whose}{word}合计 {_number(total)} {unit} ÷ {mu_text} {_number(mu)} 亩"
    energy, output = sums.get("energy"), sums.get("output")
    value = _ratio(energy, output)
    if value is not None:
        got["energy_per_output"] = value
        said["energy_per_output"] = (
            f"{year} 年{whose}能耗合计 {_number(energy)} 吨标准煤 ÷ 产值合计 {_number(output)} 万元"
        )
    if got:
        values[key] = got
        sources[key] = said


def plot_indicator_values(
    area: Area | None, year: int
) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, str]], dict[str, dict]]:
    """Per-mu indicator values of every plot in ``area`` for a 亩均 evaluation run.

    Returns (values, sources, units) keyed ``plot:<pk>``: values ``{code: number}`` with codes
    ``output_per_mu``, ``tax_per_mu``, ``rd_per_mu``, ``energy_per_output``, ``employees_per_mu``
    (a figure nobody reported is left out, for the scheme's missing-data rule); sources say in
    Chinese how each was computed; units ``{"kind": "plot", "id", "name", "area_id"}``. Plots without
    any figure appear in ``units`` only.
    """
    values: dict[str, dict[str, float]] = {}
    sources: dict[str, dict[str, str]] = {}
    units: dict[str, dict] = {}
    for row in _year_rows(list(plots_in(area)), year):
        plot = row.plot
        key = f"plot:{plot.pk}"
        units[key] = {"kind": "plot", "id": plot.pk, "name": plot.name, "area_id": plot.area_id}
        sums = {k: getattr(row, k) for k in FIGURE_VALUES}
        _indicators(key, year, "地块内企业", plot.area_mu, "地块面积", sums, values, sources)
    return values, sources, units


def occupied_mu(area: Area | None, year: int) -> dict[int, Decimal]:
    """Each enterprise's occupied mu in the year on plots of ``area`` (rule in the module docstring)."""
    ids = [p.pk for p in plots_in(area)]
    by_plot: dict[int, list[PlotOccupancy]] = defaultdict(list)
    for occ in PlotOccupancy.objects.filter(plot_id__in=ids).select_related("plot"):
        if occ.covers_year(year):
            by_plot[occ.plot_id].append(occ)
    mu: dict[int, Decimal] = defaultdict(Decimal)
    for occs in by_plot.values():
        plot = occs[0].plot
        latest: dict[int, PlotOccupancy] = {}
        for occ in sorted(occs, key=lambda o: o.started_on):
            latest[occ.enterprise_id] = occ  # a re-entry in the same year counts once
        stated = sum((o.area_mu for o in latest.values() if o.area_mu is not None), Decimal(0))
        unstated = [o for o in latest.values() if o.area_mu is None]
        rest = max(plot.area_mu - stated, Decimal(0))
        for occ in latest.values():
            share = occ.area_mu if occ.area_mu is not None else rest / len(unstated)
            mu[occ.enterprise_id] += share
    return dict(mu)


def enterprise_indicator_values(
    area: Area | None, year: int
) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, str]], dict[str, dict]]:
    """The same per-mu indicators for enterprises (``enterprise:<pk>``): their figures on the plots of
    ``area`` in the year over the mu they occupy there (``occupied_mu``)."""
    ids = [p.pk for p in plots_in(area)]
    figures = PlotFigure.objects.filter(plot_id__in=ids, year=year).select_related("enterprise")
    sums: dict[int, dict[str, Decimal | int | None]] = {}
    names: dict[int, Enterprise] = {}
    for figure in figures:
        names[figure.enterprise_id] = figure.enterprise
        row = sums.setdefault(figure.enterprise_id, dict.fromkeys(FIGURE_VALUES))
        for key in FIGURE_VALUES:
            value = getattr(figure, key)
            if value is not None:
                row[key] = value if row[key] is None else row[key] + value
    mu = occupied_mu(area, year)
    values: dict[str, dict[str, float]] = {}
    sources: dict[str, dict[str, str]] = {}
    units: dict[str, dict] = {}
    for pk in sorted(sums, key=lambda pk: names[pk].name):
        enterprise = names[pk]
        key = f"enterprise:{pk}"
        units[key] = {"kind": "enterprise", "id": pk, "name": enterprise.name, "area_id": enterprise.area_id}
        occupied = mu.get(pk)  # None: figures without a recorded use that year (energy per output only)
        _indicators(key, year, "企业", occupied, "企业用地面积", sums[pk], values, sources)
    return values, sources, units
