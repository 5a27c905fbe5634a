"""Evaluation pages for each role: schemes, runs, one unit's result, confirm, compare, import, edit, entries."""

from __future__ import annotations

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kechuang.evaluation.domain import confirm_run
from kechuang.evaluation.models import EnteredValue, EvaluationRun, EvaluationScheme, EvidenceFile
from kechuang.evaluation.runs import load_schemes, run_for_year
from tests.common import sample_files
from tests.responses import finish

pytestmark = pytest.mark.django_db

ENGLISH = re.compile(
    r">[^<]*\b(?:minmax|zscore|arithmetic|geometric|carrier|pillars|draft|confirmed|None)\b[^<]*<"
)


@pytest.fixture
def evaluated(district):
    schemes = {s.subject: s for s, _ in load_schemes(district.jinshan)}
    scheme = schemes["incubator_comprehensive"]
    run = run_for_year(scheme, 2024, draws=100)
    return scheme, run


def login(client, district, role):
    client.force_login(district.users[role])
    return client


def visible_text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    return html


def test_district_admin_sees_ranking_radar_intervals_and_flags(client, district, evaluated):
    scheme, run = evaluated
    login(client, district, "admin")
    page = client.get(f"/evaluation/runs/{run.pk}/")
    assert page.status_code == 200
    text = visible_text(page)
    for name in ("朱泾科创孵化器", "枫泾智造孵化器", "湾区新材料孵化器"):
        assert name in text
    assert "名次区间" in text and "确认并冻结" in text and "缺失指标按零分" in text
    assert 'data-option="radar-data"' in text and 'data-option="interval-data"' in text
    assert not ENGLISH.search(text), ENGLISH.search(text)


def test_viewer_reads_but_cannot_confirm(client, district, evaluated):
    _, run = evaluated
    login(client, district, "viewer")
    page = client.get(f"/evaluation/runs/{run.pk}/")
    assert page.status_code == 200 and "确认并冻结" not in page.content.decode()
    assert client.post(f"/evaluation/runs/{run.pk}/confirm/").status_code == 403
    run.refresh_from_db()
    assert run.status == "draft"


def test_operator_sees_only_their_own_carriers_result_once_confirmed(client, district, evaluated):
    _, run = evaluated
    login(client, district, "operator")
    # A draft is the district's working copy: the unit does not see it yet.
    assert client.get(f"/evaluation/runs/{run.pk}/units/carrier/{district.a.pk}/").status_code == 404
    assert "本单位的评价结果" not in visible_text(client.get("/evaluation/"))
    confirm_run(run)
    assert client.get(f"/evaluation/runs/{run.pk}/").status_code == 404
    own = client.get(f"/evaluation/runs/{run.pk}/units/carrier/{district.a.pk}/")
    assert own.status_code == 200
    text = visible_text(own)
    assert "朱泾科创孵化器" in text and "得分来源" in text and "已审核月报" in text
    assert "枫泾智造孵化器" not in text and "湾区新材料孵化器" not in text
    assert client.get(f"/evaluation/runs/{run.pk}/units/carrier/{district.b.pk}/").status_code == 404
    listing = visible_text(client.get("/evaluation/"))
    assert "本单位的评价结果" in listing and "枫泾智造孵化器" not in listing


def test_town_liaison_sees_the_towns_carrier_but_not_the_ranking(client, district, evaluated):
    _, run = evaluated
    confirm_run(run)
    login(client, district, "liaison")
    assert client.get(f"/evaluation/runs/{run.pk}/").status_code == 404
    assert client.get(f"/evaluation/runs/{run.pk}/units/carrier/{district.a.pk}/").status_code == 200
    assert client.get(f"/evaluation/runs/{run.pk}/units/carrier/{district.b.pk}/").status_code == 404


def test_other_district_sees_nothing(client, district, evaluated):
    scheme, run = evaluated
    login(client, district, "other_admin")
    for url in (
        f"/evaluation/runs/{run.pk}/",
        f"/evaluation/runs/{run.pk}/units/carrier/{district.a.pk}/",
        f"/evaluation/schemes/{scheme.pk}/",
        f"/evaluation/schemes/{scheme.pk}/export/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/evaluation/runs/{run.pk}/confirm/").status_code == 404


def test_confirm_freezes_and_a_rerun_is_compared(client, district, evaluated):
    scheme, run = evaluated
    login(client, district, "admin")
    assert client.post(f"/evaluation/runs/{run.pk}/confirm/").status_code == 302
    run.refresh_from_db()
    assert run.status == "confirmed" and run.confirmed_by == district.users["admin"]
    assert "确认并冻结" not in client.get(f"/evaluation/runs/{run.pk}/").content.decode()
    # a later report changes the data; a new run points back and the comparison shows what moved
    from tests.evaluation.conftest import _report

    _report(district.c, "2024-03", events=30, financing=5000.0, tenants=40, mentors=30)
    response = client.post(f"/evaluation/schemes/{scheme.pk}/run/", {"year": "2024"})
    new = EvaluationRun.objects.exclude(pk=run.pk).get()
    assert response["Location"] == f"/evaluation/runs/{new.pk}/"
    assert new.previous_id == run.pk
    before = run.results
    run.refresh_from_db()
    assert run.results == before  # frozen
    page = visible_text(client.get(f"/evaluation/runs/{new.pk}/compare/"))
    assert "湾区新材料孵化器" in page and "→" in page


def test_run_for_a_year_without_data_says_so(client, district, evaluated):
    scheme, _ = evaluated
    login(client, district, "admin")
    response = client.post(f"/evaluation/schemes/{scheme.pk}/run/", {"year": "2019"}, follow=True)
    assert "2019 年没有可用的评价数据" in response.content.decode()
    assert EvaluationRun.objects.count() == 1


def test_scheme_page_export_and_import_round_trip(client, district, evaluated):
    scheme, _ = evaluated
    login(client, district, "admin")
    page = visible_text(client.get(f"/evaluation/schemes/{scheme.pk}/"))
    assert "服务能力（维度权重 30.0%）" in page and "已审核月报" in page
    assert not ENGLISH.search(page)
    exported = client.get(f"/evaluation/schemes/{scheme.pk}/export/")
    assert exported["Content-Disposition"].startswith("attachment;")
    data = json.loads(exported.content)
    data["pillars"][0]["weight"] = 0.5
    upload = SimpleUploadedFile("方案.json", json.dumps(data, ensure_ascii=False).encode())
    response = client.post("/evaluation/schemes/import/", {"file": upload, "area": district.jinshan.pk})
    assert response.status_code == 302
    assert EvaluationScheme.objects.filter(name=scheme.name).count() == 2


def test_import_lists_errors_by_field_and_saves_nothing(client, district, evaluated):
    scheme, _ = evaluated
    login(client, district, "admin")
    data = dict(scheme.definition)
    data["pillars"] = json.loads(json.dumps(data["pillars"]))
    data["pillars"][1]["indicators"][0]["weight"] = -1
    data["ratings"] = {"cutoffs": [{"label": "优秀", "min_score": 60}, {"label": "良好", "min_score": 80}]}
    upload = SimpleUploadedFile("方案.json", json.dumps(data, ensure_ascii=False).encode())
    before = EvaluationScheme.objects.count()
    response = client.post("/evaluation/schemes/import/", {"file": upload, "area": district.jinshan.pk})
    text = response.content.decode()
    assert response.status_code == 400
    assert "第 2 个维度 › 第 1 个指标 › 权重：权重不能为负数" in text
    assert "第 2 档评级 › 分数线：分数线应从高到低排列" in text
    assert EvaluationScheme.objects.count() == before
    bad = SimpleUploadedFile("方案.json", b"{not json")
    response = client.post("/evaluation/schemes/import/", {"file": bad, "area": district.jinshan.pk})
    assert "不是有效的 JSON" in response.content.decode()
    assert EvaluationScheme.objects.count() == before


def test_edit_previews_on_last_years_data_then_saves_a_new_version(client, district, evaluated):
    scheme, _ = evaluated
    login(client, district, "admin")
    form = client.get(f"/evaluation/schemes/{scheme.pk}/edit/")
    assert form.status_code == 200
    body = {
        "year": "2024",
        "action": "preview",
        "pw0": "10",
        "pw1": "80",
        "pw2": "10",
        "cut0": "85",
        "cut1": "75",
        "cut2": "60",
    }
    for p, pillar in enumerate(scheme.definition["pillars"]):
        for i, _ in enumerate(pillar["indicators"]):
            body[f"iw{p}_{i}"] = "1"
    preview = client.post(f"/evaluation/schemes/{scheme.pk}/edit/", body)
    assert preview.status_code == 200
    assert "预览：2024 年数据下的排名" in preview.content.decode()
    assert EvaluationScheme.objects.filter(name=scheme.name).count() == 1
    bad = client.post(f"/evaluation/schemes/{scheme.pk}/edit/", {**body, "cut1": "90"})
    assert bad.status_code == 400 and "分数线应从高到低排列" in bad.content.decode()
    saved = client.post(f"/evaluation/schemes/{scheme.pk}/edit/", {**body, "action": "save"})
    latest = EvaluationScheme.objects.filter(name=scheme.name).order_by("-version").first()
    assert latest.version == 2 and saved["Location"] == f"/evaluation/schemes/{latest.pk}/"
    assert latest.definition["pillars"][1]["weight"] == pytest.approx(0.8)
    login(client, district, "viewer")
    assert (
        client.post(f"/evaluation/schemes/{scheme.pk}/edit/", {**body, "action": "save"}).status_code == 403
    )


def test_entered_value_with_evidence_file(client, district, evaluated):
    scheme, _ = evaluated
    login(client, district, "admin")
    body = {
        "year": "2024",
        "unit": f"carrier:{district.b.pk}",
        "code": "national_level",
        "value": "1",
        "evidence_note": "科技部 2024 年认定文件",
        "evidence": SimpleUploadedFile("认定文件.pdf", sample_files.pdf()),
    }
    response = client.post(f"/evaluation/schemes/{scheme.pk}/entries/", body)
    assert response.status_code == 302
    row = EnteredValue.objects.get()
    evidence = EvidenceFile.objects.get()
    page = client.get(f"/evaluation/schemes/{scheme.pk}/entries/?year=2024").content.decode()
    assert "科技部 2024 年认定文件" in page and "认定文件.pdf" in page
    download = client.get(f"/evaluation/evidence/{evidence.pk}/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment;")
    assert finish(download) == sample_files.pdf()
    bad = {**body, "evidence": SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf")}
    assert client.post(f"/evaluation/schemes/{scheme.pk}/entries/", bad).status_code == 400
    assert EvidenceFile.objects.count() == 1 and row.value == 1
    login(client, district, "viewer")
    assert client.post(f"/evaluation/schemes/{scheme.pk}/entries/", body).status_code == 403
    login(client, district, "other_admin")
    assert client.get(f"/evaluation/evidence/{evidence.pk}/").status_code == 404


def test_navigation_has_the_evaluation_entry(client, district, evaluated):
    login(client, district, "operator")
    assert "绩效评价" in client.get("/").content.decode()
