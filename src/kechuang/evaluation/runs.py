"""Running a stored scheme on the district's own data, the shipped district schemes, and edits with preview.

Plain functions the CLI, the pages and the demo share (domain.py keeps the rules of versions and
freezing; collect.py gathers the data).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from kechuang.evaluation.collect import Collected, CollectError, collect_run_data
from kechuang.evaluation.domain import import_scheme, run_scheme
from kechuang.evaluation.index import UnitResult, evaluate, parse_scheme
from kechuang.evaluation.models import EvaluationRun, EvaluationScheme
from kechuang.tenancy.models import Area, AreaKind

SCHEMES_DIR = Path(__file__).resolve().parent / "schemes"
DEFAULT_DRAWS = 1000


def collect_or_refuse(scheme: EvaluationScheme, year: int) -> Collected:
    """The run's data, or CollectError when there is nobody to evaluate or no figure for the year."""
    data = collect_run_data(scheme, scheme.area, year)
    if not data.units:
        raise CollectError(f"{scheme.area.name}没有该方案的评价对象（{scheme.get_subject_display()}）")
    if not data.substantive:
        raise CollectError(f"{year} 年没有可用的评价数据：参评单位的月报、登记库、观测值和录入值均为空")
    return data


def previous_run_of(scheme: EvaluationScheme, year: int) -> EvaluationRun | None:
    """The latest earlier run of the same scheme (any version) for the year: what a new run is compared with."""
    return (
        EvaluationRun.objects.filter(area=scheme.area, scheme__name=scheme.name, year=year)
        .order_by("-created_at", "-pk")
        .first()
    )


def run_for_year(
    scheme: EvaluationScheme,
    year: int,
    *,
    acting_user: object | None = None,
    draws: int = DEFAULT_DRAWS,
) -> EvaluationRun:
    """Collect the year's data for the scheme's units and store a draft run (rank intervals if draws)."""
    data = collect_or_refuse(scheme, year)
    return run_scheme(
        scheme,
        data.values,
        year=year,
        acting_user=acting_user,
        sources=data.sources,
        draws=draws,
        units=data.units,
        previous=previous_run_of(scheme, year),
    )


def preview(
    definition: dict[str, Any], scheme: EvaluationScheme, year: int
) -> tuple[list[UnitResult], dict[str, dict[str, Any]]]:
    """(results, units) of an edited definition on the year's data, stored nowhere (the edit page's preview)."""
    data = collect_or_refuse(scheme, year)
    return evaluate(parse_scheme(definition), data.values), data.units


def edited_definition(
    scheme: EvaluationScheme,
    pillar_weights: list[float],
    indicator_weights: list[list[float]],
    cutoffs: list[float],
) -> dict[str, Any]:
    """The scheme's definition with new weights and rating cut-offs (validated later by parse_scheme)."""
    definition = copy.deepcopy(scheme.definition)
    for p, pillar in enumerate(definition.get("pillars", [])):
        if p < len(pillar_weights):
            pillar["weight"] = pillar_weights[p]
        for i, ind in enumerate(pillar.get("indicators", [])):
            if p < len(indicator_weights) and i < len(indicator_weights[p]):
                ind["weight"] = indicator_weights[p][i]
    for k, cut in enumerate((definition.get("ratings") or {}).get("cutoffs", [])):
        if k < len(cutoffs):
            cut["min_score"] = cutoffs[k]
    return definition


# --- shipped schemes ---------------------------------------------------------------------------------


def shipped_schemes() -> list[dict[str, Any]]:
    """The district schemes that come with kechuang (evaluation/schemes/*.json), in file order."""
    return [json.loads(p.read_text("utf-8")) for p in sorted(SCHEMES_DIR.glob("*.json"))]


def default_district() -> Area | None:
    """The one district of an installation (kechuang setup loads one); None when there are several."""
    districts = list(Area.objects.filter(kind=AreaKind.DISTRICT)[:2])
    return districts[0] if len(districts) == 1 else None


def load_schemes(area: Area, *, acting_user: object | None = None) -> list[tuple[EvaluationScheme, bool]]:
    """Import each shipped scheme the district does not have yet; (scheme, new?) each.

    A scheme of the same name already there is left alone, whatever its version: the district may
    have edited it, and loading again must not undo that. Loading twice therefore changes nothing."""
    out = []
    for raw in shipped_schemes():
        latest = EvaluationScheme.objects.filter(area=area, name=raw["name"]).order_by("-version").first()
        if latest is not None:
            out.append((latest, False))
            continue
        out.append((import_scheme(raw, area=area, acting_user=acting_user), True))
    return out
