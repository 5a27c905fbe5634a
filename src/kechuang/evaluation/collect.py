"""Gather a run's data from the database: which units a scheme evaluates and each indicator's value,
with a Chinese sentence saying where the value came from (issue 15, "Runs").

Each indicator (and bonus or veto item) of a scheme may carry a ``source`` object:

- ``{"kind": "monthly", "field": "tenants", "how": "sum" | "mean" | "last"}`` — approved monthly
  reports of the year (孵化动态): summed, averaged over the months filed, or the latest month's
  figure; ``"per": "field"`` divides by another field taken the same way, ``"per": "floor_area"``
  by the carrier's floor area in 1,000 m². For a town, park or sub-park the carriers in it are added up.
- ``{"kind": "registry", "query": "tenants" | "graduates" | "hnte_tenants" | "tech_sme_tenants" |
  "hnte" | "tech_sme" | "carriers" | "enterprises", "as_of": "12-31"}`` — a count over the registry on a
  date of the year (default the year's end); graduates are those of the year.
- ``{"kind": "observation", "catalog": "CODE"}`` — the released figure of a catalogue indicator for
  the unit's area and the year (kechuang.observations).
- ``{"kind": "plots"}`` — a per-mu figure from the land-plot registry (亩均: ``output_per_mu``,
  ``tax_per_mu``, ``rd_per_mu``, ``energy_per_output``, ``employees_per_mu``; the indicator's code
  names the figure, or ``"figure"`` does), for a plot or for an enterprise over the mu it occupies.
- ``{"kind": "entered"}`` — a value the evaluator entered with its evidence (EnteredValue).

An indicator without a source is looked up among entered values too. A value that cannot be found
is left out; the scheme's missing-data rule then decides (and the run shows it per unit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from kechuang.evaluation.index import Scheme, parse_scheme
from kechuang.evaluation.models import EnteredValue, EvaluationScheme, Subject
from kechuang.evaluation.units import UNIT_KINDS, parse_unit_key, unit_key
from kechuang.tenancy.models import Area, AreaKind

SOURCE_KINDS = {
    "monthly": "已审核月报",
    "registry": "登记库",
    "observation": "统计观测值",
    "plots": "地块登记",
    "entered": "评价人录入",
}
PLOT_FIGURES = {
    "output_per_mu": "亩均产出",
    "tax_per_mu": "亩均税收",
    "rd_per_mu": "亩均研发投入",
    "energy_per_output": "单位产出能耗",
    "employees_per_mu": "亩均从业人员",
}
REGISTRY_QUERIES = {
    "tenants": "在孵企业数",
    "graduates": "当年毕业企业数",
    "hnte_tenants": "在孵高新技术企业数",
    "tech_sme_tenants": "在孵科技型中小企业数",
    "hnte": "有效高新技术企业数",
    "tech_sme": "科技型中小企业数",
    "carriers": "在运营科创载体数",
    "enterprises": "登记企业数",
}
MONTHLY_HOW = {"sum": "合计", "mean": "月均", "last": "年末月份"}
CARRIER_SUBJECTS = {
    Subject.INCUBATOR_COMPREHENSIVE: "incubator",
    Subject.INCUBATOR_SPECIALISED: "incubator",
    Subject.MAKER_SPACE: "maker_space",
}


class CollectError(ValueError):
    """Data for a run cannot be gathered (a scheme with no units, a year without data); Chinese reason."""


@dataclass
class Collected:
    values: dict[str, dict[str, float]] = field(default_factory=dict)
    sources: dict[str, dict[str, str]] = field(default_factory=dict)
    units: dict[str, dict[str, Any]] = field(default_factory=dict)
    # values that show the year has data: anything reported, observed or entered, or a registry count
    # above zero (a count of zero is what the registry answers for any year, even one before it)
    substantive: int = 0

    def put(self, key: str, code: str, value: float | None, source: str, *, counted: bool = False) -> None:
        if value is None:
            return
        self.values.setdefault(key, {})[code] = float(value)
        self.sources.setdefault(key, {})[code] = source
        if not counted or value:
            self.substantive += 1


def plot_units_and_values(area: Area, year: int) -> tuple[dict[str, dict[str, Any]], dict, dict]:
    """The district's land plots and their per-mu figures of the year (the land-plot registry).

    Returns ``(units, values, sources)`` like ``collect_run_data``: units keyed ``plot:<pk>``,
    values unit → figure code → number, sources unit → code → how it was computed."""
    from kechuang.registry.domain.plots import plot_indicator_values

    values, sources, units = plot_indicator_values(area, year)
    return units, values, sources


def _per_mu(subject: str, area: Area, year: int) -> tuple[dict[str, dict[str, Any]], dict, dict]:
    """(units, values, sources) of the land-plot registry for a plot or an enterprise scheme."""
    from kechuang.registry.domain.plots import enterprise_indicator_values

    if subject == Subject.LAND_PLOT:
        return plot_units_and_values(area, year)
    values, sources, units = enterprise_indicator_values(area, year)
    return units, values, sources


def _uses_plots(scheme: EvaluationScheme) -> bool:
    return any(s.get("kind") == "plots" for _, _, s in _items(parse_scheme(scheme.definition)))


# --- units -----------------------------------------------------------------------------------------


def _unit(kind: str, pk: int, name: str, area_id: int | None) -> tuple[str, dict[str, Any]]:
    return unit_key(kind, pk), {"kind": kind, "id": pk, "name": name, "area_id": area_id}


def scheme_units(scheme: EvaluationScheme, area: Area, year: int) -> dict[str, dict[str, Any]]:
    """The units a scheme evaluates in the district, keyed as run results name them.

    Carrier schemes take the district's active carriers of the subject's kind (and of the levels the
    scheme lists in ``levels``, if any); town/park schemes its towns and parks; sub-park schemes its
    分园; enterprise schemes its enterprises; land-plot schemes the plots (hook above).
    """
    from kechuang.registry.models import Carrier, Enterprise

    subject = scheme.subject
    ids = area.descendant_ids()
    out: dict[str, dict[str, Any]] = {}
    if subject in CARRIER_SUBJECTS:
        qs = Carrier.objects.filter(active=True, kind=CARRIER_SUBJECTS[subject], area_id__in=ids)
        levels = scheme.definition.get("levels")
        if isinstance(levels, list) and levels:
            qs = qs.filter(level__in=levels)
        for c in qs.order_by("pk"):
            key, info = _unit("carrier", c.pk, c.name, c.area_id)
            out[key] = info
    elif subject in (Subject.TOWN_PARK, Subject.SUB_PARK):
        kinds = [AreaKind.TOWN, AreaKind.PARK] if subject == Subject.TOWN_PARK else [AreaKind.SUBPARK]
        for a in Area.objects.filter(pk__in=ids, kind__in=kinds).order_by("code"):
            key, info = _unit("area", a.pk, a.name, a.pk)
            out[key] = info
    elif subject == Subject.ENTERPRISE and _uses_plots(scheme):
        out.update(_per_mu(subject, area, year)[0])  # the enterprises on the district's plots
    elif subject == Subject.ENTERPRISE:
        for e in Enterprise.objects.filter(area_id__in=ids).order_by("pk"):
            key, info = _unit("enterprise", e.pk, e.name, e.area_id)
            out[key] = info
    elif subject == Subject.LAND_PLOT:
        out.update(plot_units_and_values(area, year)[0])
    return out


# --- values ----------------------------------------------------------------------------------------


def _as_of(source: dict, year: int) -> dt.date:
    text = str(source.get("as_of") or "12-31")
    try:
        month, day = (int(p) for p in text.split("-"))
        return dt.date(year, month, day)
    except ValueError:
        return dt.date(year, 12, 31)


def _items(scheme: Scheme) -> list[tuple[str, str, dict]]:
    """(code, name, source) of every indicator, bonus item and veto item."""
    out = [(i.code, i.name, i.extra.get("source") or {}) for i in scheme.indicators]
    out += [(b.code, b.name, b.extra.get("source") or {}) for b in scheme.bonus]
    out += [(v.code, v.name, v.extra.get("source") or {}) for v in scheme.vetoes]
    return out


def _carriers_of(units: dict[str, dict[str, Any]]) -> dict[str, list[int]]:
    """Per unit, the carriers whose reports and tenants count for it (a carrier itself; an area's carriers)."""
    from kechuang.registry.models import Carrier

    out: dict[str, list[int]] = {}
    area_units = {k: u for k, u in units.items() if u["kind"] == "area"}
    for key, info in units.items():
        if info["kind"] == "carrier":
            out[key] = [info["id"]]
    if area_units:
        areas = {a.pk: a for a in Area.objects.filter(pk__in=[u["id"] for u in area_units.values()])}
        for key, info in area_units.items():
            area = areas.get(info["id"])
            ids = area.descendant_ids() if area else []
            out[key] = list(Carrier.objects.filter(area_id__in=ids, active=True).values_list("pk", flat=True))
    return out


def _monthly(
    reports: dict[int, list[dict]], carrier_ids: list[int], source: dict, floor: dict[int, float]
) -> float | None:
    """One unit's figure from its carriers' approved reports of the year; None without any report."""
    fieldname = str(source.get("field") or "")
    how = source.get("how") or "sum"
    per = source.get("per")

    def take(values: list[dict], name: str) -> float | None:
        nums = [float(v[name]) for v in values if isinstance(v.get(name), int | float)]
        if not nums:
            return None
        if how == "mean":
            return sum(nums) / len(nums)
        if how == "last":
            return nums[-1]
        return sum(nums)

    total: float | None = None
    denominator = 0.0
    counted = 0
    for cid in carrier_ids:
        months = reports.get(cid) or []
        got = take(months, fieldname)
        if got is None:
            continue
        counted += 1
        total = (total or 0.0) + got
        if per == "floor_area":
            denominator += floor.get(cid, 0.0) / 1000.0
        elif per:
            denominator += take(months, str(per)) or 0.0
    if total is None:
        return None
    if per:
        return None if denominator <= 0 else total / denominator
    if how == "mean":  # an area's several carriers: the mean of their means (a rate is not added up)
        return total / counted
    return total


def _monthly_text(year: int, source: dict, months: set[str]) -> str:
    span = (
        f"{year} 年 {min(int(m[5:]) for m in months)}–{max(int(m[5:]) for m in months)} 月"
        if months
        else f"{year} 年"
    )
    how = MONTHLY_HOW.get(source.get("how") or "sum", "合计")
    text = f"{span}已审核月报{how}"
    if source.get("per") == "floor_area":
        text += "，除以场地面积（千平方米）"
    elif source.get("per"):
        text += "，按比例计算"
    return text


def _registry_value(query: str, carrier_ids: list[int], info: dict, on: dt.date, year: int) -> float | None:
    from kechuang.registry import queries
    from kechuang.registry.models import Carrier, Enterprise, Tenancy

    def current(qs: Any) -> Any:
        return qs.filter(entered_on__lte=on).filter(Q(left_on__isnull=True) | Q(left_on__gt=on))

    if info["kind"] == "enterprise":
        if query == "hnte":
            return float(
                queries.valid_qualifications("hnte", on=on).filter(enterprise_id=info["id"]).exists()
            )
        if query == "tech_sme":
            from kechuang.registry.models import Qualification

            return float(
                Qualification.objects.filter(
                    type__code="tech_sme", year=year, enterprise_id=info["id"]
                ).exists()
            )
        return None
    tenancies = Tenancy.objects.filter(carrier_id__in=carrier_ids)
    if query == "tenants":
        return float(current(tenancies).values("enterprise_id").distinct().count())
    if query == "graduates":
        return float(tenancies.filter(left_on__year=year, left_on__lte=on, exit_reason="graduated").count())
    if query in ("hnte_tenants", "tech_sme_tenants"):
        ids = current(tenancies).values("enterprise_id")
        if query == "hnte_tenants":
            qs = queries.valid_qualifications("hnte", on=on).filter(enterprise_id__in=ids)
        else:
            from kechuang.registry.models import Qualification

            qs = Qualification.objects.filter(type__code="tech_sme", year=year, enterprise_id__in=ids)
        return float(qs.values("enterprise_id").distinct().count())
    if info["kind"] != "area":
        return None
    area = Area.objects.get(pk=info["id"])
    if query == "hnte":
        return float(queries.valid_hnte_count(area, on))
    if query == "tech_sme":
        return float(queries.registry_figures(area, year)["TECH_SME"])
    if query == "carriers":
        return float(Carrier.objects.filter(pk__in=carrier_ids).count())
    if query == "enterprises":
        return float(Enterprise.objects.filter(area_id__in=area.descendant_ids()).count())
    return None


def _observation(code: str, area_id: int | None, year: int) -> tuple[float, str] | None:
    from kechuang.observations.models import Observation

    if area_id is None:
        return None
    obs = (
        Observation.objects.filter(catalog__code=code, area_id=area_id, year=year, indicator__isnull=True)
        .select_related("catalog")
        .order_by("-period_end", "-pk")
        .first()
    )
    if obs is None:
        return None
    status = obs.get_status_display()
    return obs.value, f"{obs.catalog.name_zh} {obs.period} 观测值（{obs.get_source_display()}，{status}）"


def collect_run_data(scheme: EvaluationScheme, area: Area, year: int) -> Collected:
    """values, sources and units for running ``scheme`` over ``area`` (the district) for ``year``."""
    from kechuang.collection.enums import ReportStatus
    from kechuang.collection.models import CarrierReport
    from kechuang.registry.models import Carrier

    parsed = parse_scheme(scheme.definition)
    data = Collected(units=scheme_units(scheme, area, year))
    per_mu: tuple[dict, dict, dict] = ({}, {}, {})
    if scheme.subject in (Subject.LAND_PLOT, Subject.ENTERPRISE) and _uses_plots(scheme):
        per_mu = _per_mu(scheme.subject, area, year)
    carriers = _carriers_of(data.units)
    all_carriers = sorted({c for ids in carriers.values() for c in ids})
    items = _items(parsed)
    reports: dict[int, list[dict]] = {}
    months: dict[int, set[str]] = {}
    if any(s.get("kind") == "monthly" for _, _, s in items) and all_carriers:
        for r in CarrierReport.objects.filter(
            carrier_id__in=all_carriers, status=ReportStatus.APPROVED, period__startswith=f"{year}-"
        ).order_by("period", "pk"):
            reports.setdefault(r.carrier_id, []).append(r.values or {})
            months.setdefault(r.carrier_id, set()).add(r.period)
    floor = {
        c.pk: float(c.floor_area or 0) for c in Carrier.objects.filter(pk__in=all_carriers).only("floor_area")
    }
    entered = {
        (e.unit_key, e.code): e
        for e in EnteredValue.objects.filter(area=area, scheme_name=scheme.name, year=year)
    }
    for key, info in data.units.items():
        ids = carriers.get(key, [])
        for code, _name, source in items:
            kind = source.get("kind") or "entered"
            if kind == "monthly":
                value = _monthly(reports, ids, source, floor)
                seen = set().union(*(months.get(c, set()) for c in ids)) if ids else set()
                data.put(key, code, value, _monthly_text(year, source, seen))
            elif kind == "registry":
                query = str(source.get("query") or "")
                if query not in REGISTRY_QUERIES:
                    continue
                on = _as_of(source, year)
                value = _registry_value(query, ids, info, on, year)
                text = f"登记库：{on.year} 年 {on.month} 月 {on.day} 日{REGISTRY_QUERIES[query]}"
                data.put(key, code, value, text, counted=True)
            elif kind == "observation":
                found = _observation(str(source.get("catalog") or ""), info.get("area_id"), year)
                if found:
                    data.put(key, code, found[0], found[1])
            elif kind == "plots":
                figure = str(source.get("figure") or code)
                value = per_mu[1].get(key, {}).get(figure)
                if value is not None:
                    data.put(key, code, value, per_mu[2].get(key, {}).get(figure, "地块登记"))
            if kind == "entered" or (kind != "entered" and code not in data.values.get(key, {})):
                row = entered.get((key, code))
                if row is not None:
                    note = row.evidence_note.strip().splitlines()[0][:60] if row.evidence_note.strip() else ""
                    data.put(key, code, row.value, f"评价人录入（依据：{note}）" if note else "评价人录入")
    return data


def entered_items(scheme: EvaluationScheme) -> list[tuple[str, str]]:
    """(code, name) of the items an evaluator enters by hand for this scheme, in scheme order."""
    parsed = parse_scheme(scheme.definition)
    return [
        (code, name)
        for code, name, source in _items(parsed)
        if (source.get("kind") or "entered") == "entered"
    ]


def unit_names(keys: Iterable[str], units: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Display name per key: the name stored with the run, else the key's object kind and number."""
    out = {}
    for key in keys:
        info = units.get(key)
        ref = parse_unit_key(key)
        out[key] = info["name"] if info else (f"{UNIT_KINDS[ref.kind]}{ref.pk}" if ref else key)
    return out


def describe_source(source: dict | None) -> str:
    """Where an indicator's value comes from, in a sentence for the scheme page."""
    source = source or {}
    kind = source.get("kind") or "entered"
    if kind == "monthly":
        how = MONTHLY_HOW.get(source.get("how") or "sum", "合计")
        text = f"已审核月报“{MONTHLY_FIELD_LABELS.get(str(source.get('field')), '所列字段')}”全年{how}"
        if source.get("per") == "floor_area":
            text += "，除以场地面积（千平方米）"
        elif source.get("per"):
            text += f"，除以“{MONTHLY_FIELD_LABELS.get(str(source.get('per')), '另一字段')}”"
        return text
    if kind == "registry":
        when = str(source.get("as_of") or "12-31")
        label = REGISTRY_QUERIES.get(str(source.get("query")), "未知查询")
        return f"登记库：{label}（截至当年 {when.replace('-', ' 月 ')} 日）"
    if kind == "observation":
        from kechuang.plans.models import CatalogIndicator

        entry = CatalogIndicator.objects.filter(code=str(source.get("catalog") or "")).first()
        return f"统计观测值：{entry.name_zh if entry else '标准指标（未指定）'}当年数"
    if kind == "plots":
        figure = PLOT_FIGURES.get(str(source.get("figure") or ""), "")
        return f"地块登记：{figure or '亩均指标'}（地块内企业当年数合计 ÷ 面积）"
    return "评价人录入（附依据）"


MONTHLY_FIELD_LABELS = {
    "tenants": "在孵企业数",
    "new_entries": "当月新入驻企业",
    "graduates": "当月毕业企业",
    "tech_smes": "在孵科技型中小企业",
    "hnte_tenants": "在孵高新技术企业",
    "occupancy": "入驻率",
    "financing": "当月融资额",
    "events": "当月举办活动",
    "mentors": "创业导师",
    "ip_count": "知识产权",
    "staff": "从业人员",
}
