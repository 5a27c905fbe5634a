"""`make demo`: plans come from the shipped documents through the plan reader; loading twice adds nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kechuang.demo.loader import demo_documents, load_demo
from kechuang.evaluation.models import EvaluationRun, EvaluationScheme
from kechuang.observations.models import Observation, ObservationRevision
from kechuang.plans.models import Indicator, Plan, Task
from kechuang.tenancy.models import Area

pytestmark = pytest.mark.django_db

DEMO_GOLD = Path(__file__).resolve().parents[1] / "reader" / "demo_gold"


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path  # the demo keeps its admin password here
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return tmp_path


def _counts() -> dict[str, int]:
    return {
        "areas": Area.objects.count(),
        "plans": Plan.objects.count(),
        "indicators": Indicator.objects.count(),
        "tasks": Task.objects.count(),
        "observations": Observation.objects.count(),
        "revisions": ObservationRevision.objects.count(),
        "schemes": EvaluationScheme.objects.count(),
        "runs": EvaluationRun.objects.count(),
    }


def test_demo_plans_are_the_shipped_documents_read_by_the_reader():
    summary = load_demo()

    titles = {
        json.loads(p.read_text(encoding="utf-8"))["document"]["title"] for p in DEMO_GOLD.glob("*.json")
    }
    assert len(demo_documents()) == len(titles) == 4
    assert set(Plan.objects.values_list("title", flat=True)) == titles
    assert set(Plan.objects.values_list("status", flat=True)) == {"published"}
    assert Indicator.objects.filter(plan__title__startswith="宝山区", evidence__contains="2026").exists()
    assert Observation.objects.filter(simulated=True).exists()
    assert sum(line.startswith("已导入：") for line in summary.lines) == 4
    assert summary.admin_username == "admin"


def test_loading_the_demo_twice_adds_nothing():
    first = load_demo()
    counts = _counts()

    second = load_demo()

    assert _counts() == counts
    assert sum(line.startswith("已存在：") for line in second.lines) == 4
    assert second.admin_password == first.admin_password


def test_demo_has_the_district_schemes_a_confirmed_run_and_a_draft_rerun(client, django_user_model):
    load_demo()
    jinshan = Area.objects.get(code="310116")
    assert EvaluationScheme.objects.filter(area=jinshan).count() == 7
    confirmed = EvaluationRun.objects.get(status="confirmed")
    draft = EvaluationRun.objects.get(status="draft")
    assert draft.previous_id == confirmed.pk and confirmed.scheme.name == "综合孵化器年度绩效评价"
    assert confirmed.results and all(r["unit"].startswith("carrier:") for r in confirmed.results)
    client.force_login(django_user_model.objects.get(username="district"))
    page = client.get(f"/evaluation/runs/{draft.pk}/")
    assert page.status_code == 200 and "与上一次评价比较" in page.content.decode()
