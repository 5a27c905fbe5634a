"""Schemes stored as versions (same JSON in and out) and runs frozen once confirmed, with audit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kechuang.evaluation.domain import (
    RuleError,
    compare_runs,
    confirm_run,
    export_scheme,
    import_scheme,
    rerun,
    run_scheme,
)
from kechuang.evaluation.index import SchemeError
from kechuang.evaluation.models import EvaluationRun, EvaluationScheme
from kechuang.tenancy.models import AuditEntry

pytestmark = pytest.mark.django_db

CARRIER = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "evaluation" / "carrier.json").read_text("utf-8")
)
CODES = [i["code"] for p in CARRIER["pillars"] for i in p["indicators"]]


def values(shift: float = 0.0) -> dict:
    return {
        f"孵化器{k}": {c: float(k * 3 + j) + (shift if k == 0 else 0) for j, c in enumerate(CODES)}
        for k in range(5)
    }


def test_import_stores_versions_and_export_gives_the_same_format(shanghai, admin_user):
    first = import_scheme(CARRIER, area=shanghai["jinshan"], acting_user=admin_user)
    assert (first.version, first.subject, first.year) == (1, "incubator_comprehensive", 2024)
    assert import_scheme(CARRIER, area=shanghai["jinshan"]) == first  # unchanged: no new version
    changed = json.loads(json.dumps(CARRIER))
    changed["pillars"][0]["weight"] = 40
    second = import_scheme(changed, area=shanghai["jinshan"], acting_user=admin_user)
    assert second.version == 2 and EvaluationScheme.objects.count() == 2
    exported = export_scheme(second)
    assert exported["version"] == 2
    # the export imports back as the same definition (no third version)
    assert import_scheme(exported, area=shanghai["jinshan"]) == second
    actions = list(
        AuditEntry.objects.filter(model="evaluation.evaluationscheme").values_list("action", flat=True)
    )
    assert sorted(actions) == ["create", "version"]


def test_invalid_scheme_saves_nothing(shanghai):
    bad = json.loads(json.dumps(CARRIER))
    bad["pillars"][0]["weight"] = -1
    with pytest.raises(SchemeError) as caught:
        import_scheme(bad, area=shanghai["jinshan"])
    assert "pillars[0].weight：权重不能为负数（-1）" in caught.value.errors
    assert not EvaluationScheme.objects.exists() and not AuditEntry.objects.exists()


def test_run_records_scheme_version_values_and_results(shanghai, admin_user):
    scheme = import_scheme(CARRIER, area=shanghai["jinshan"])
    run = run_scheme(scheme, values(), year=2024, acting_user=admin_user, draws=50, seed=1)
    assert run.scheme == scheme and run.status == "draft" and run.options["draws"] == 50
    assert [r["unit"] for r in run.results][0] == "孵化器4"
    assert run.results[0]["rank"] == 1 and "rank_p5" in run.results[0]["sensitivity"]
    assert AuditEntry.objects.filter(model="evaluation.evaluationrun", action="create").count() == 1


def test_unknown_indicator_in_values_refused(shanghai):
    scheme = import_scheme(CARRIER, area=shanghai["jinshan"])
    with pytest.raises(RuleError, match="数据中有方案没有的指标：tax"):
        run_scheme(scheme, {"孵化器0": {"tax": 1.0}}, year=2024)
    assert not EvaluationRun.objects.exists()


def test_confirmed_run_is_frozen_and_a_rerun_shows_the_difference(shanghai, admin_user):
    scheme = import_scheme(CARRIER, area=shanghai["jinshan"])
    run = run_scheme(scheme, values(), year=2024)
    confirm_run(run, acting_user=admin_user)
    assert run.frozen and run.confirmed_by == admin_user
    entry = AuditEntry.objects.get(action="confirm")
    assert entry.action_label == "确认冻结" and entry.changes_shown == [("状态", "草稿 → 已确认")]
    with pytest.raises(RuleError, match="已确认冻结"):
        confirm_run(run)
    run.results = []
    with pytest.raises(RuleError, match="结果不能修改"):
        run.save()
    run.refresh_from_db()
    assert run.results
    # a corrected figure: the confirmed run stands; a re-run is a new run pointing back to it
    again = rerun(run, values(shift=100.0), acting_user=admin_user)
    assert again.previous == run and again.pk != run.pk and again.status == "draft"
    changes = compare_runs(run, again)
    assert [c["unit"] for c in changes][0] == "孵化器0"
    moved = next(c for c in changes if c["unit"] == "孵化器0")
    assert moved["rank"] == [5, 1]
    assert EvaluationRun.objects.get(pk=run.pk).results == run.results
