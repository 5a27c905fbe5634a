"""The report API with a bearer token, as a park's own system would file its month."""

from __future__ import annotations

import json

import pytest

from kechuang.collection.models import CarrierReport
from kechuang.observations.models import Observation
from kechuang.tenancy.domain.tokens import issue_api_token
from tests.collection.conftest import PERIOD, VALID

pytestmark = pytest.mark.django_db


@pytest.fixture
def token_of(world):
    def make(persona: str) -> dict:
        _, raw = issue_api_token(world[persona], name="园区系统")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return make


def _json(client, method: str, url: str, headers: dict, body: object = None):
    kwargs = {"content_type": "application/json", **headers}
    if body is not None:
        kwargs["data"] = json.dumps(body)
    return getattr(client, method)(url, **kwargs)


def test_forms_endpoint_describes_fields_and_rules(client, world, token_of):
    response = client.get("/api/collection/forms", **token_of("operator_a"))

    form = response.json()[0]
    assert response.status_code == 200
    assert form["code"] == "incubator_monthly"
    assert [f["code"] for f in form["fields"]][:3] == ["tenants", "new_entries", "graduates"]
    occupancy = next(f for f in form["fields"] if f["code"] == "occupancy")
    assert (occupancy["unit"], occupancy["min_value"], occupancy["max_value"]) == ("%", 0.0, 100.0)
    assert {"kind": "jump", "left_field": "tenants", "factor": 10.0}.items() <= form["rules"][-1].items()


def test_file_a_report_end_to_end_with_a_token(client, world, token_of):
    operator, admin = token_of("operator_a"), token_of("district_admin")
    url = f"/api/collection/carriers/{world['carrier_a'].pk}/reports/{PERIOD}"

    draft = _json(client, "put", url, operator, {"values": {"tenants": 40}})
    submitted = _json(client, "post", url + "/submit", operator, {"values": VALID})
    status = client.get(url + "/status", **operator)
    approved = _json(client, "post", url + "/approve", admin, {"comment": "数据完整"})
    fetched = client.get(url, **operator)

    assert (draft.status_code, draft.json()["status"], draft.json()["values"]) == (
        200,
        "draft",
        {"tenants": 40},
    )
    assert submitted.json()["status"] == "submitted"
    assert status.json()["status_display"] == "已提交"
    assert approved.json()["status"] == "approved"
    assert fetched.json()["values"] == VALID
    assert fetched.json()["deadline"] == "2025-06-10"
    assert (
        Observation.objects.get(catalog__code="INCUBATOR_TENANTS", area=world["jinshan"], period=PERIOD).value
        == 40
    )


def test_validation_errors_come_back_per_field(client, world, token_of):
    url = f"/api/collection/carriers/{world['carrier_a'].pk}/reports/{PERIOD}/submit"

    response = _json(client, "post", url, token_of("operator_a"), {"values": {**VALID, "graduates": 41}})

    assert response.status_code == 422
    assert response.json()["errors"] == {"graduates": "“当月毕业企业”（41）不能大于“在孵企业数”（40）"}
    assert CarrierReport.objects.get(carrier=world["carrier_a"]).status == "draft"


def test_second_submission_is_a_conflict_not_a_duplicate(client, world, token_of):
    url = f"/api/collection/carriers/{world['carrier_a'].pk}/reports/{PERIOD}/submit"
    operator = token_of("operator_a")

    first = _json(client, "post", url, operator, {"values": VALID})
    second = _json(client, "post", url, operator, {"values": VALID})

    assert (first.status_code, second.status_code) == (200, 409)
    assert second.json()["detail"] == "月报已提交，不能重复提交"
    assert CarrierReport.objects.filter(carrier=world["carrier_a"]).count() == 1


def test_operator_cannot_approve_or_return_through_the_api(client, world, token_of, submitted):
    url = f"/api/collection/carriers/{world['carrier_b'].pk}/reports/{PERIOD}"

    approve = _json(client, "post", url + "/approve", token_of("operator_b"), {})
    give_back = _json(client, "post", url + "/return", token_of("liaison_x"), {"comment": "x"})

    assert approve.status_code == 403
    assert give_back.status_code == 404  # town Y is outside the liaison's town X
    assert CarrierReport.objects.get(pk=submitted.pk).status == "submitted"


def test_bad_period_and_missing_report(client, world, token_of):
    base = f"/api/collection/carriers/{world['carrier_a'].pk}/reports"

    bad = _json(client, "put", f"{base}/2025", token_of("operator_a"), {"values": {}})
    missing = client.get(f"{base}/2025-01", **token_of("operator_a"))

    assert (bad.status_code, bad.json()["detail"]) == (400, "期间“2025”应为月份，例如 2024-05")
    assert (missing.status_code, missing.json()["detail"]) == (404, "该载体本月尚未填报")


def test_list_reports_is_scoped(client, world, token_of, submitted):
    mine = client.get("/api/collection/reports", **token_of("operator_a")).json()
    district = client.get(f"/api/collection/reports?period={PERIOD}", **token_of("district_admin")).json()

    assert mine == []
    assert [r["carrier"] for r in district] == ["乙众创空间"]


def test_revoked_or_missing_token_gets_401(client, world):
    from kechuang.tenancy.domain.tokens import revoke_api_token

    token, raw = issue_api_token(world["operator_a"], name="旧系统")
    revoke_api_token(token)

    revoked = client.get("/api/collection/forms", HTTP_AUTHORIZATION=f"Bearer {raw}")
    anonymous = client.get("/api/collection/forms")

    assert (revoked.status_code, anonymous.status_code) == (401, 401)
