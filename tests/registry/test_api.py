"""The registry API: token authentication, revocation, the OpenAPI document, writes through the domain."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from kechuang.registry.models import Tenancy
from kechuang.tenancy.domain.tokens import issue_api_token, revoke_api_token
from kechuang.tenancy.models import ApiToken, AuditEntry
from tests.registry.conftest import uscc

pytestmark = pytest.mark.django_db


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_token_auth_acts_with_the_users_roles(client, world):
    _, raw = issue_api_token(world.operator_a, name="园区系统")

    own = client.get("/api/registry/carriers", **bearer(raw))
    other = client.get(f"/api/registry/carriers/{world.carrier_b.pk}", **bearer(raw))

    assert own.status_code == 200
    assert [c["name"] for c in own.json()] == ["朱泾孵化器"]
    assert other.status_code == 404
    assert ApiToken.objects.get(user=world.operator_a).last_used is not None


def test_token_is_stored_only_as_its_hash(world):
    token, raw = issue_api_token(world.operator_a, name="园区系统")

    assert raw.startswith("kc_") and len(raw) > 40
    assert raw not in token.key_hash
    assert token.prefix == raw[:8]


def test_revoked_and_unknown_tokens_are_refused(client, world):
    token, raw = issue_api_token(world.operator_a, name="园区系统")
    revoke_api_token(token, acting_user=world.admin)

    revoked = client.get("/api/registry/carriers", **bearer(raw))
    unknown = client.get("/api/registry/carriers", **bearer("kc_not-a-token"))

    assert (revoked.status_code, unknown.status_code) == (401, 401)
    assert AuditEntry.objects.filter(action="revoke_token", user=world.admin).count() == 1


def test_park_system_files_a_new_tenant_and_its_graduation_by_token(world):
    _, raw = issue_api_token(world.operator_a, name="园区系统")
    api = Client(enforce_csrf_checks=True)  # a token caller has no CSRF cookie and needs none
    payload = {"enterprise_uscc": uscc(500), "enterprise_name": "新入驻公司", "entered_on": "2025-03-01"}

    created = api.post(
        f"/api/registry/carriers/{world.carrier_a.pk}/tenants",
        data=json.dumps(payload),
        content_type="application/json",
        **bearer(raw),
    )
    again = api.post(
        f"/api/registry/carriers/{world.carrier_a.pk}/tenants",
        data=json.dumps(payload),
        content_type="application/json",
        **bearer(raw),
    )
    left = api.patch(
        f"/api/registry/tenants/{created.json()['id']}",
        data=json.dumps({"left_on": "2026-03-01", "exit_reason": "graduated"}),
        content_type="application/json",
        **bearer(raw),
    )

    assert (created.status_code, again.status_code, left.status_code) == (201, 200, 200)
    assert created.json()["enterprise_name"] == "新入驻公司"
    assert left.json()["exit_reason"] == "graduated"
    tenancy = Tenancy.objects.get(pk=created.json()["id"])
    assert (tenancy.enterprise.area, tenancy.carrier) == (world.town_x, world.carrier_a)
    assert set(AuditEntry.objects.filter(user=world.operator_a).values_list("model", "action")) == {
        ("registry.enterprise", "create"),
        ("registry.tenancy", "create"),
        ("registry.tenancy", "update"),
    }


def test_session_writes_need_the_csrf_token(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.liaison_x)

    response = browser.patch(
        f"/api/registry/enterprises/{world.e_a.pk}",
        data=json.dumps({"name": "改名"}),
        content_type="application/json",
    )

    assert response.status_code == 403
    assert world.e_a.__class__.objects.get(pk=world.e_a.pk).name == "甲科技有限公司"


def test_invalid_uscc_is_refused_with_its_reason(client, world):
    client.force_login(world.liaison_x)
    bad = uscc(5)[:-1] + ("0" if uscc(5)[-1] != "0" else "1")

    response = client.post(
        "/api/registry/enterprises",
        data=json.dumps({"uscc": bad, "name": "坏代码公司", "area_id": world.town_x.pk}),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json() == {"detail": f"统一社会信用代码：校验位应为 {uscc(5)[-1]}，实际为 {bad[-1]}"}


def test_qualification_created_by_api_and_counted(client, world):
    client.force_login(world.liaison_x)

    created = client.post(
        f"/api/registry/enterprises/{world.e_a.pk}/qualifications",
        data=json.dumps({"type": "hnte", "certificate_no": "GR2024", "issued_on": "2024-11-01"}),
        content_type="application/json",
    )
    count = client.get(f"/api/registry/hnte-count?area_id={world.town_x.pk}&on=2025-01-01")

    assert created.status_code == 201
    assert created.json()["valid_until"] == "2027-10-31"
    assert count.json() == {"area_id": world.town_x.pk, "on": "2025-01-01", "count": 1}


def test_openapi_document_lists_registry_endpoints_with_bearer_auth(client, db):
    doc = client.get("/api/openapi.json").json()

    paths = set(doc["paths"])
    assert {
        "/api/registry/enterprises",
        "/api/registry/carriers/{pk}/tenants",
        "/api/registry/tenants/{pk}",
    } <= paths
    assert "TokenAuth" in doc["components"]["securitySchemes"]


def test_issue_token_command_prints_the_token_once(world):
    out, err = StringIO(), StringIO()

    call_command("issue_token", "operator_a", "园区系统", stdout=out, stderr=err)

    raw = out.getvalue().strip()
    token = ApiToken.objects.get(user=world.operator_a)
    assert raw.startswith("kc_")
    assert token.name == "园区系统"
    assert "不会再次显示" in err.getvalue()
    with pytest.raises(CommandError, match="用户“ghost”不存在"):
        call_command("issue_token", "ghost", "x", stdout=StringIO(), stderr=StringIO())
