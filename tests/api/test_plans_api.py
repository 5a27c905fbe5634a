"""Plans through the API: lists with a total, versions, indicators, targets, tasks and the catalogue,
each as the pages show them to the same person."""

from __future__ import annotations

import datetime as dt

import pytest

from kechuang.plans.lifecycle import revise_plan
from kechuang.plans.models import CatalogIndicator

pytestmark = pytest.mark.django_db

P = "/api/plans"


def test_the_plan_list_is_paged_with_a_total_and_hides_drafts_from_non_reviewers(client, w, bearer):
    liaison = client.get(f"{P}/", {"limit": 1}, **bearer("liaison_here")).json()
    viewer = client.get(f"{P}/", **bearer("viewer")).json()

    titles = [p["title"] for p in viewer["items"]]
    assert (
        liaison["count"] == 3 and len(liaison["items"]) == 1
    )  # the published plan, the draft, the duplicate
    assert w.published.plan.title in titles and w.district_plan.plan.title in titles
    assert w.draft.plan.title not in titles and w.far_plan.plan.title not in titles
    assert viewer["count"] == len(titles)


def test_plans_filter_by_area_status_and_year(client, w, bearer):
    headers = bearer("admin_here")

    town = client.get(f"{P}/", {"area_id": w.town.pk, "status": "published"}, **headers).json()
    later = client.get(f"{P}/", {"year": 2030}, **headers).json()
    far = client.get(f"{P}/", {"area_id": w.far_town.pk}, **headers)

    assert [p["title"] for p in town["items"]] == [w.published.plan.title]
    assert later == {"count": 0, "items": []}
    assert (far.status_code, far.json()) == (404, {"detail": "对象不存在或无权访问"})


def test_a_plan_lists_its_versions_and_events(client, w, bearer, admin_user):
    newer = revise_plan(w.published.plan, acting_user=admin_user, reason="中期评估后调整目标")

    body = client.get(f"{P}/{w.published.plan.pk}", **bearer("admin_here")).json()

    assert [(v["id"], v["version"]) for v in body["versions"]] == [(w.published.plan.pk, 1), (newer.pk, 2)]
    assert body["status_label"] == "已发布"


def test_indicators_come_with_their_targets_and_tasks_with_their_state(client, w, bearer):
    headers = bearer("liaison_here")
    plan = w.published.plan

    indicators = client.get(f"{P}/{plan.pk}/indicators", **headers).json()
    targets = client.get(f"{P}/{plan.pk}/targets", **headers).json()
    tasks = client.get(f"{P}/{plan.pk}/tasks", {"at": "2026-06-30"}, **headers).json()

    assert [i["name"] for i in indicators] == [w.published.indicator.name, w.published.other_indicator.name]
    assert indicators[0]["targets"][0]["value"] == 200 and indicators[0]["catalog_code"] is None
    assert [t["comparator_label"] for t in targets] == ["不低于", "不低于"]
    assert tasks[0]["owners"] == ["区科委"] and tasks[0]["status_label"] == "逾期"


def test_a_town_reads_only_the_district_tasks_that_name_it(client, w, bearer):
    tasks = client.get(f"{P}/{w.district_plan.plan.pk}/tasks", **bearer("liaison_here"))
    indicators = client.get(f"{P}/{w.district_plan.plan.pk}/indicators", **bearer("liaison_here"))

    assert [t["owners"] for t in tasks.json()] == [["区科委", w.town.name]]
    assert indicators.status_code == 404


def test_the_catalogue_is_searchable(client, w, bearer):
    CatalogIndicator.objects.create(
        code="hnte_count", name_zh="高新技术企业数", unit="家", synonyms=["高企数"]
    )

    found = client.get(f"{P}/catalog", {"q": "高企"}, **bearer("viewer")).json()

    assert found["count"] >= 1 and found["items"][0]["name"] == "高新技术企业数"


def test_a_task_progress_report_moves_the_task_with_the_pages_rules(client, w, bearer):
    url = f"{P}/tasks/{w.published.task.pk}/updates"
    headers = bearer("liaison_here")
    today = dt.date.today()

    ok = client.post(
        url,
        {"reported_on": str(today), "unit": "区科委", "text": "已开工", "progress": 60},
        content_type="application/json",
        **headers,
    )
    wrong_unit = client.post(
        url,
        {"reported_on": str(today), "unit": "某局", "text": "x", "progress": 1},
        "application/json",
        **headers,
    )
    future = client.post(
        url,
        {"reported_on": str(today + dt.timedelta(days=2)), "unit": "区科委", "text": "x", "progress": 1},
        "application/json",
        **headers,
    )
    viewer = client.post(
        url,
        {"reported_on": str(today), "unit": "区科委", "text": "x", "progress": 1},
        "application/json",
        **bearer("viewer"),
    )

    assert ok.status_code == 201 and ok.json()["task_progress"] == 60
    assert (wrong_unit.status_code, wrong_unit.json()) == (
        400,
        {"detail": "报告单位应为任务的责任单位之一：区科委"},
    )
    assert future.json() == {"detail": "报告日期不能晚于今天"}
    assert viewer.status_code == 404
