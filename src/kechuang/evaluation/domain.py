"""Business rules of evaluation schemes and runs, in plain functions (views and commands only call).

- Importing a scheme validates it with the index engine and stores it as the next version of the
  area's scheme of that name; importing an unchanged definition creates nothing.
- A run scores the values with the scheme version it names and stores values and results.
- Confirming a run freezes it: its values and results never change afterwards; a re-run is a new
  run that points back to the one it repeats, and `compare_runs` shows what moved.
Every change is written to the audit trail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from kechuang.evaluation.index import evaluate, parse_scheme, scheme_to_dict, sensitivity
from kechuang.evaluation.models import EvaluationRun, EvaluationScheme, RunStatus, Subject
from kechuang.tenancy.domain.audit import RuleError, record_audit

__all__ = [
    "RuleError",
    "compare_runs",
    "confirm_run",
    "export_scheme",
    "import_scheme",
    "rerun",
    "run_scheme",
]


def import_scheme(raw: Any, *, area: object, acting_user: object | None = None) -> EvaluationScheme:
    """Store a scheme (JSON as `kechuang evaluate index` reads) as the next version; SchemeError if invalid."""
    parsed = parse_scheme(raw)
    definition = scheme_to_dict(parsed)
    definition.pop("version", None)  # the stored version is the row's, never the file's
    subject = definition.get("subject", Subject.OTHER)
    if subject not in Subject.values:
        subject = Subject.OTHER
    year = definition.get("year")
    year = year if isinstance(year, int) and 1900 < year < 2200 else None
    with transaction.atomic():
        latest = (
            EvaluationScheme.objects.select_for_update()
            .filter(area=area, name=parsed.name)
            .order_by("-version")
            .first()
        )
        if latest is not None and _rounded(latest.definition) == _rounded(definition):
            return latest
        scheme = EvaluationScheme.objects.create(
            area=area,
            name=parsed.name,
            version=(latest.version + 1) if latest else 1,
            subject=subject,
            year=year,
            definition=definition,
            created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        )
        record_audit(
            acting_user=acting_user,
            action="version" if latest else "create",
            obj=scheme,
            changes={"version": [latest.version if latest else None, scheme.version]},
        )
    return scheme


def _rounded(value: Any) -> Any:
    """The definition with numbers to 9 decimals: weights normalised again on re-import differ in the last bits."""
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def export_scheme(scheme: EvaluationScheme) -> dict[str, Any]:
    """The scheme in the import format, with its version number."""
    return {**scheme.definition, "version": scheme.version}


def run_scheme(
    scheme: EvaluationScheme,
    values: Mapping[str, Mapping[str, float]],
    *,
    year: int,
    acting_user: object | None = None,
    sources: Mapping[str, Mapping[str, str]] | None = None,
    draws: int = 0,
    share: float = 0.25,
    seed: int | None = None,
    previous: EvaluationRun | None = None,
    units: Mapping[str, Mapping[str, Any]] | None = None,
) -> EvaluationRun:
    """Score the values with this scheme version and store a draft run (with rank intervals if draws)."""
    parsed = parse_scheme(scheme.definition)
    unknown = sorted({c for per_unit in values.values() for c in per_unit} - parsed.codes())
    if unknown:
        raise RuleError(f"数据中有方案没有的指标：{'、'.join(unknown)}")
    results = evaluate(parsed, values)
    options: dict[str, Any] = {"draws": draws}
    if draws:
        kwargs = {"draws": draws, "share": share} | ({"seed": seed} if seed is not None else {})
        sens = sensitivity(parsed, values, **kwargs)
        options.update(share=sens["weight_share"], seed=sens["seed"], normalisations=sens["normalisations"])
        for r in results:
            r.sensitivity = sens["units"].get(r.unit)
    with transaction.atomic():
        run = EvaluationRun.objects.create(
            scheme=scheme,
            area=scheme.area,
            year=year,
            values={u: dict(v) for u, v in values.items()},
            sources={u: dict(v) for u, v in (sources or {}).items()},
            options=options,
            results=[r.to_dict() for r in results],
            units={k: dict(v) for k, v in (units or {}).items()},
            previous=previous,
            created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        )
        record_audit(
            acting_user=acting_user,
            action="create",
            obj=run,
            changes={"scheme": [None, scheme.pk], "year": [None, year], "units": [None, len(results)]},
        )
    return run


def confirm_run(
    run: EvaluationRun, *, acting_user: object | None = None, now: dt.datetime | None = None
) -> None:
    """Freeze a run: from now on its values and results stand, whatever figures are corrected later."""
    from django.utils import timezone

    with transaction.atomic():
        locked = EvaluationRun.objects.select_for_update().get(pk=run.pk)
        if locked.frozen:
            raise RuleError("该次评价已确认冻结，不能再次确认")
        locked.status = RunStatus.CONFIRMED
        locked.confirmed_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
        locked.confirmed_at = now or timezone.now()
        locked.save(update_fields=["status", "confirmed_by", "confirmed_at", "updated_at"])
        record_audit(
            acting_user=acting_user,
            action="confirm",
            obj=locked,
            changes={"status": [RunStatus.DRAFT, RunStatus.CONFIRMED]},
        )
    run.refresh_from_db()


def rerun(
    run: EvaluationRun,
    values: Mapping[str, Mapping[str, float]],
    *,
    acting_user: object | None = None,
    scheme: EvaluationScheme | None = None,
) -> EvaluationRun:
    """A new run of the same year (same or newer scheme version) that points back to `run`."""
    return run_scheme(
        scheme or run.scheme,
        values,
        year=run.year,
        acting_user=acting_user,
        draws=run.options.get("draws", 0),
        share=run.options.get("share", 0.25),
        seed=run.options.get("seed"),
        previous=run,
        units=run.units,
    )


def compare_runs(old: EvaluationRun, new: EvaluationRun) -> list[dict[str, Any]]:
    """Per unit, what changed between two runs: score, rank and rating before and after (changed units only)."""
    before = {r["unit"]: r for r in old.results}
    after = {r["unit"]: r for r in new.results}
    rows = []
    for unit in sorted(before.keys() | after.keys()):
        a, b = before.get(unit, {}), after.get(unit, {})
        row = {"unit": unit}
        for key in ("score", "rank", "rating"):
            row[key] = [a.get(key), b.get(key)]
        if any(v[0] != v[1] for k, v in row.items() if k != "unit"):
            rows.append(row)
    return rows
