"""`kechuang evaluate run` and `load-schemes` on the database, and the read-only evaluation API."""

from __future__ import annotations

import json

import pytest

from kechuang.cli import main
from kechuang.evaluation.domain import confirm_run
from kechuang.evaluation.models import EvaluationRun, EvaluationScheme
from kechuang.evaluation.runs import load_schemes, run_for_year

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def no_migrate(monkeypatch):
    """The test database is migrated already; the commands must not migrate it again."""
    monkeypatch.setattr("kechuang.cli.django_setup.ensure_migrated", lambda: None)


def test_load_schemes_then_run_prints_a_chinese_ranking(district, capsys, no_migrate):
    assert main(["evaluate", "load-schemes", "--area", "310116"]) == 0
    out = capsys.readouterr().out
    assert "已导入：综合孵化器年度绩效评价（第 1 版）" in out
    scheme = EvaluationScheme.objects.get(name="综合孵化器年度绩效评价")
    assert main(["evaluate", "run", str(scheme.pk), "--year", "2024", "--draws", "50"]) == 0
    out = capsys.readouterr().out
    assert "已保存为草稿评价" in out and "名次\t参评单位\t总分\t评级\t服务能力" in out
    assert "朱泾科创孵化器" in out and "名次区间（5%–95%）" in out
    run = EvaluationRun.objects.get()
    assert run.status == "draft" and run.options["draws"] == 50


def test_run_json_has_the_index_shape_with_names(district, capsys, no_migrate):
    schemes = {s.subject: s for s, _ in load_schemes(district.jinshan)}
    pk = schemes["incubator_comprehensive"].pk
    assert main(["evaluate", "run", str(pk), "--year", "2024", "--json", "--draws", "30"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {d["name"] for d in data} == {"朱泾科创孵化器", "枫泾智造孵化器", "湾区新材料孵化器"}
    first = data[0]
    assert {"unit", "score", "rank", "rating", "pillars", "rank_interval", "explanation"} <= set(first)
    assert first["unit"].startswith("carrier:") and 0 <= first["score"] <= 100


def test_unknown_scheme_and_empty_year_are_refused_in_chinese(district, capsys, no_migrate):
    assert main(["evaluate", "run", "999", "--year", "2024"]) == 1
    assert "没有编号为 999 的评价方案" in capsys.readouterr().err
    schemes = {s.subject: s for s, _ in load_schemes(district.jinshan)}
    assert main(["evaluate", "run", str(schemes["incubator_comprehensive"].pk), "--year", "2015"]) == 1
    err = capsys.readouterr().err
    assert "2015 年没有可用的评价数据" in err and "未保存评价" in err
    assert EvaluationRun.objects.count() == 0


def test_api_lists_runs_and_results_for_readers_and_one_result_for_the_operator(district, client):
    schemes = {s.subject: s for s, _ in load_schemes(district.jinshan)}
    run = run_for_year(schemes["incubator_comprehensive"], 2024, draws=30)
    client.force_login(district.users["viewer"])
    listing = client.get("/api/evaluation/runs").json()
    assert listing["count"] == 1 and listing["items"][0]["scheme_name"] == "综合孵化器年度绩效评价"
    results = client.get(f"/api/evaluation/runs/{run.pk}/results?limit=2").json()
    assert results["count"] == 3 and len(results["items"]) == 2
    assert results["items"][0]["rank"] == 1 and results["items"][0]["rank_interval"]
    client.force_login(district.users["operator"])
    assert (
        client.get(f"/api/evaluation/runs/{run.pk}/units/carrier/{district.a.pk}").status_code == 404
    )  # draft
    confirm_run(run)
    assert client.get("/api/evaluation/runs").json()["count"] == 0
    refused = client.get(f"/api/evaluation/runs/{run.pk}/results")
    assert refused.status_code == 404 and refused.json()["detail"] == "评价不存在或无权访问"
    own = client.get(f"/api/evaluation/runs/{run.pk}/units/carrier/{district.a.pk}")
    assert own.status_code == 200
    body = own.json()
    assert body["name"] == "朱泾科创孵化器" and body["explanation"] and "events" in body["sources"]
    other = client.get(f"/api/evaluation/runs/{run.pk}/units/carrier/{district.b.pk}")
    assert other.status_code == 404 and "无权访问" in other.json()["detail"]
