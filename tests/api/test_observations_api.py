"""Figures and progress through the API: the grid's rules (reason for a correction, stale → 409,
all or nothing) and the monitoring page's judgement."""

from __future__ import annotations

import pytest

from kechuang.observations.models import Observation, ObservationRevision

pytestmark = pytest.mark.django_db

OBS = "/api/observations"


def _post(client, body, headers):
    return client.post(f"{OBS}/", body, content_type="application/json", **headers)


def test_figures_are_listed_with_a_total_and_read_with_their_history(client, w, bearer):
    headers = bearer("viewer")

    listed = client.get(f"{OBS}/", {"plan_id": w.published.plan.pk, "year": 2023}, **headers).json()
    detail = client.get(f"{OBS}/{w.published.obs.pk}", **headers).json()
    far = client.get(f"{OBS}/{w.far_plan.obs.pk}", **headers)

    assert listed["count"] == 1 and listed["items"][0]["value"] == 150
    assert detail["revisions"][0]["action"] == "create" and detail["period"] == "2023"
    assert far.status_code == 404


def test_several_figures_are_saved_together_with_their_revisions(client, w, bearer):
    items = [
        {"indicator_id": w.published.indicator.pk, "period": "2024", "value": 170, "source": "statistics"},
        {"indicator_id": w.published.other_indicator.pk, "period": "2024", "value": 21},
    ]

    response = _post(client, {"items": items}, bearer("liaison_here"))

    body = response.json()
    assert (response.status_code, body["created"], body["updated"]) == (200, 2, 0)
    saved = Observation.objects.get(indicator=w.published.indicator, period="2024")
    assert saved.revisions.get().changed_by_name == "liaison_here"


def test_a_correction_needs_a_reason_and_a_stale_one_is_a_conflict_and_nothing_is_saved(client, w, bearer):
    headers = bearer("liaison_here")
    obs = w.published.obs
    new = {"indicator_id": w.published.other_indicator.pk, "period": "2024", "value": 21}
    correction = {
        "indicator_id": w.published.indicator.pk,
        "period": "2023",
        "value": 151,
        "source": "statistics",
    }
    before = ObservationRevision.objects.count()

    no_reason = _post(client, {"items": [new, correction]}, headers)
    stale = _post(
        client, {"items": [new, {**correction, "version": obs.version - 1 or 0}], "reason": "更正"}, headers
    )
    ok = _post(
        client, {"items": [new, {**correction, "version": obs.version}], "reason": "统计局更正"}, headers
    )

    assert no_reason.status_code == 400
    assert no_reason.json()["detail"].startswith("第 2 条：更正已有数值时须填写修改原因")
    assert stale.status_code == 409 and stale.json()["current_value"] == 150
    assert ok.status_code == 200 and ok.json()["updated"] == 1
    assert ObservationRevision.objects.count() == before + 2  # only the last batch wrote
    assert (
        ObservationRevision.objects.filter(reason="统计局更正").count() == 2
    )  # as the grid: one reason per save


def test_figures_are_refused_outside_the_callers_areas(client, w, bearer):
    far = {"indicator_id": w.far_plan.indicator.pk, "period": "2024", "value": 1}
    other_town = {
        "indicator_id": w.published.indicator.pk,
        "area_id": w.other_town.pk,
        "period": "2024",
        "value": 1,
    }

    by_liaison = _post(client, {"items": [far]}, bearer("liaison_here"))
    by_admin = _post(client, {"items": [other_town]}, bearer("admin_here"))
    by_viewer = _post(
        client, {"items": [{**far, "indicator_id": w.published.indicator.pk}]}, bearer("viewer")
    )

    assert by_liaison.status_code == 404
    assert (by_admin.status_code, by_admin.json()) == (403, {"detail": "无权录入地区“枫泾镇”的数据"})
    assert by_viewer.status_code == 404
    assert not Observation.objects.filter(period="2024").exists()


def test_progress_of_a_plan_and_a_target_as_of_a_date(client, w, bearer):
    headers = bearer("liaison_here")

    plan = client.get(f"{OBS}/progress/plans/{w.published.plan.pk}", {"at": "2024-06-30"}, **headers).json()
    target = client.get(
        f"{OBS}/progress/targets/{w.published.target.pk}", {"at": "2024-06-30"}, **headers
    ).json()
    bad = client.get(f"{OBS}/progress/plans/{w.published.plan.pk}", {"at": "2024-13-01"}, **headers)

    assert plan["as_of"] == "2024-06-30" and plan["total"] == 2
    assert sum(c["count"] for c in plan["counts"]) == 2
    row = next(t for t in plan["targets"] if t["target_id"] == w.published.target.pk)
    assert row == target
    assert target["latest_value"] == 150 and target["status"]
    assert bad.status_code == 422 and bad.json()["detail"].startswith("请求参数有误：at")


def test_a_draft_s_progress_is_hidden_from_non_reviewers(client, w, bearer):
    assert client.get(f"{OBS}/progress/plans/{w.draft.plan.pk}", **bearer("viewer")).status_code == 404
    assert client.get(f"{OBS}/progress/plans/{w.draft.plan.pk}", **bearer("liaison_here")).status_code == 200


def test_the_overview_counts_every_plan_in_force_by_status_with_a_total(client, w, bearer):
    headers = bearer("admin_here")

    page = client.get(f"{OBS}/progress/plans", {"at": "2024-06-30", "limit": 1}, **headers).json()
    town = client.get(f"{OBS}/progress/plans", {"area_id": w.town.pk}, **headers).json()
    viewer = client.get(f"{OBS}/progress/plans", **bearer("viewer")).json()

    assert page["count"] == 4 and len(page["items"]) == 1  # the district's and the town's, drafts included
    assert {p["plan_title"] for p in town["items"]} >= {w.published.plan.title}
    assert w.published.plan.pk in {p["plan_id"] for p in viewer["items"]}
    assert w.draft.plan.pk not in {p["plan_id"] for p in viewer["items"]}
    assert all(sum(c["count"] for c in p["counts"]) == p["total"] for p in viewer["items"])
