"""The API's document and its error bodies: /api/docs works without internet, the OpenAPI document
validates, and every refusal is ``{"detail": "<中文>"}``."""

from __future__ import annotations

import re

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_the_docs_page_loads_only_same_site_assets_and_they_are_served(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("viewer"))

    page = client.get("/api/docs").content.decode()
    refs = re.findall(r'(?:src|href)="([^"]+)"', page)

    assert refs and all(r.startswith("/") and not r.startswith("//") for r in refs), refs
    assert "cdn" not in page.lower() and "://" not in page.replace("http://www.w3.org", "")
    assert '"validatorUrl": null' in page  # the badge would ask validator.swagger.io
    for ref in refs:
        if ref.startswith("/static/"):
            response = client.get(ref)
            assert response.status_code == 200, ref
            b"".join(response.streaming_content) if response.streaming else response.content


def test_the_openapi_document_validates(client):
    document = client.get("/api/openapi.json").json()

    validate(document)
    assert (
        "/api/plans/" in document["paths"]
        and "/api/observations/progress/plans/{plan_id}" in document["paths"]
    )


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/plans/?limit=0", 422),
        ("/api/plans/?offset=-1", 422),
        ("/api/plans/?year=abc", 422),
        ("/api/plans/999999", 404),
        ("/api/observations/999999", 404),
        ("/api/observations/?period=2024X", 400),
    ],
)
def test_refusals_are_one_chinese_sentence(client, w, bearer, url, status):
    response = client.get(url, **bearer("viewer"))

    assert response.status_code == status
    assert CJK.search(response.json()["detail"]), response.json()


def test_a_bad_parameter_names_the_field_in_chinese(client, w, bearer):
    response = client.get("/api/plans/", {"limit": 501}, **bearer("viewer"))
    body = client.post(
        "/api/observations/", "{bad json", content_type="application/json", **bearer("liaison_here")
    )
    missing = client.post(
        "/api/observations/", {"items": [{}]}, content_type="application/json", **bearer("liaison_here")
    )

    assert response.json() == {
        "detail": "请求参数有误：limit 不能大于 500",
        "errors": [{"field": "limit", "message": "不能大于 500"}],
    }
    assert (body.status_code, body.json()) == (400, {"detail": "请求体不是有效的 JSON"})
    assert missing.status_code == 422
    assert {"field": "items.0.indicator_id", "message": "缺少必填项"} in missing.json()["errors"]


def test_a_write_without_a_login_or_with_a_bad_token_is_401_in_chinese(client, w):
    anonymous = client.post("/api/observations/", {"items": []}, content_type="application/json")
    bad = client.get("/api/plans/", HTTP_AUTHORIZATION="Bearer kc_nothing")

    assert (anonymous.status_code, anonymous.json()) == (401, {"detail": "未登录或 API 令牌无效"})
    assert (bad.status_code, bad.json()) == (401, {"detail": "未登录或 API 令牌无效"})


def test_a_refused_step_and_a_closed_plan_are_chinese(client, w, bearer, admin_user):
    from kechuang.plans.lifecycle import withdraw_plan

    submitted = client.post(f"/api/plans/{w.published.plan.pk}/submit", **bearer("liaison_here"))
    withdraw_plan(w.published.plan, acting_user=admin_user, reason="发布有误")
    closed = client.post(
        f"/api/plans/tasks/{w.published.task.pk}/updates",
        {"reported_on": "2025-01-10", "unit": "区科委", "text": "已开工", "progress": 30},
        content_type="application/json",
        **bearer("liaison_here"),
    )

    assert submitted.json() == {"detail": "该规划已发布，不能提交审核"}
    assert (closed.status_code, closed.json()) == (403, {"detail": "该规划已撤回，只能查阅，不能修改"})


def test_an_id_no_column_can_hold_is_a_chinese_422_not_a_crash(client, w, bearer):
    huge = 2**70
    listed = client.get("/api/observations/", {"area_id": huge}, **bearer("viewer"))
    written = client.post(
        "/api/observations/",
        {"items": [{"indicator_id": huge, "period": "2024", "value": 1}]},
        content_type="application/json",
        **bearer("liaison_here"),
    )

    assert listed.status_code == 422 and written.status_code == 422
    assert written.json()["errors"][0]["field"] == "items.0.indicator_id"
