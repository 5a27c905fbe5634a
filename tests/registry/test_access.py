"""Who may see and change what, over every registry page and API endpoint.

The matrix names each URL that reaches one carrier's or one town's data. An
operator of carrier A gets 403/404 for carrier B's URLs and B's data is
unchanged afterwards; a liaison of town X sees nothing of town Y; a viewer
cannot write; anonymous visitors are sent to log in (pages) or get 401 (API).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import URLPattern

from kechuang.registry import urls as registry_urls
from kechuang.registry.api import router
from kechuang.registry.models import Carrier, Enterprise, LadderStage, Qualification, Tenancy
from kechuang.tenancy.models import AuditEntry, Membership, Role
from tests.registry.conftest import uscc

pytestmark = pytest.mark.django_db

# (method, url template, body) — {carrier}, {tenancy}, {enterprise}, {area} are filled per target.
PAGE_TARGETS = [
    ("get", "/registry/carriers/{carrier}/", None),
    (
        "post",
        "/registry/carriers/{carrier}/tenants/",
        {"enterprise_uscc": "NEW", "enterprise_name": "新", "entered_on": "2024-01-01"},
    ),
    ("post", "/registry/tenants/{tenancy}/exit/", {"left_on": "2024-06-30", "exit_reason": "graduated"}),
    ("get", "/registry/enterprises/{enterprise}/", None),
    ("get", "/registry/enterprises/{enterprise}/edit/", None),
    ("post", "/registry/enterprises/{enterprise}/edit/", {"uscc": "SAME", "name": "改名", "area": "{area}"}),
    (
        "post",
        "/registry/enterprises/{enterprise}/qualifications/",
        {"qtype": "QTYPE", "issued_on": "2024-01-01"},
    ),
    ("post", "/registry/enterprises/{enterprise}/stage/", {"stage": "leading", "since": "2025-01-01"}),
    ("get", "/registry/funnel/?area={area}", None),
    ("get", "/registry/renewals/?area={area}", None),
    ("get", "/registry/enterprises/?area={area}", None),
    ("get", "/registry/carriers/?area={area}", None),
]
API_TARGETS = [
    ("get", "/api/registry/carriers/{carrier}", None),
    ("get", "/api/registry/carriers/{carrier}/tenants", None),
    (
        "post",
        "/api/registry/carriers/{carrier}/tenants",
        {"enterprise_uscc": "NEW", "enterprise_name": "新", "entered_on": "2024-01-01"},
    ),
    ("get", "/api/registry/tenants/{tenancy}", None),
    ("patch", "/api/registry/tenants/{tenancy}", {"left_on": "2024-06-30", "exit_reason": "graduated"}),
    ("get", "/api/registry/enterprises/{enterprise}", None),
    ("patch", "/api/registry/enterprises/{enterprise}", {"name": "改名"}),
    ("put", "/api/registry/enterprises/{enterprise}", {"uscc": "SAME", "name": "改名", "area_id": "{area}"}),
    ("get", "/api/registry/enterprises/{enterprise}/qualifications", None),
    (
        "post",
        "/api/registry/enterprises/{enterprise}/qualifications",
        {"type": "hnte", "issued_on": "2024-01-01"},
    ),
    ("get", "/api/registry/hnte-count?area_id={area}", None),
]
# List endpoints: checked for what they include rather than for a refusal.
LIST_PAGES = ["/registry/enterprises/", "/registry/carriers/", "/registry/renewals/?months=36"]
LIST_APIS = [
    "/api/registry/enterprises",
    "/api/registry/carriers",
    "/api/registry/qualifications",
    "/api/registry/areas",
]
# Pages not about one carrier or town: covered by their own tests (import: test_views; audit: admin only).
OTHER_PAGES = {"import", "import_confirm", "import_template", "enterprise_new"}
# Land plots: every role on every page and operation in tests/access/matrix.py, pages in test_plots_pages.
PLOT_PAGES = {
    "plot_list",
    "plot_ranking",
    "plot_new",
    "plot_detail",
    "plot_edit",
    "plot_occupancy_add",
    "plot_figures_save",
    "plot_import",
    "plot_import_template",
}
PLOT_APIS = {("get", "/plots"), ("get", "/plots/{int:pk}")}


def _fill(world, template, target):
    values = {
        "carrier": target["carrier"].pk,
        "tenancy": target["tenancy"].pk,
        "enterprise": target["enterprise"].pk,
        "area": target["area"].pk,
    }
    return template.format(**values)


def _body(body, target, qtypes):
    if body is None:
        return None
    out = {}
    for k, v in body.items():
        if v == "NEW":
            v = uscc(777)
        elif v == "SAME":
            v = target["enterprise"].uscc
        elif v == "QTYPE":
            v = qtypes["hnte"].pk
        elif v == "{area}":
            v = target["area"].pk
        out[k] = v
    return out


def _request(client, method, url, body):
    if url.startswith("/api/"):
        if body is None:
            return getattr(client, method)(url)
        return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")
    return getattr(client, method)(url, data=body) if body is not None else client.get(url)


def _state(world):
    """Everything a write could have touched, for 'unchanged' assertions."""
    return (
        list(Carrier.objects.values().order_by("pk")),
        list(Tenancy.objects.values().order_by("pk")),
        list(Enterprise.objects.values().order_by("pk")),
        list(Qualification.objects.values().order_by("pk")),
        LadderStage.objects.count(),
        AuditEntry.objects.count(),
    )


def _b(world):
    return {"carrier": world.carrier_b, "tenancy": world.t_b, "enterprise": world.e_b, "area": world.town_y}


def _a(world):
    return {"carrier": world.carrier_a, "tenancy": world.t_a, "enterprise": world.e_a, "area": world.town_x}


def test_matrix_covers_every_registry_page_and_api_endpoint():
    page_names = {p.name for p in registry_urls.urlpatterns if isinstance(p, URLPattern)}
    covered_pages = {
        "carrier_detail",
        "tenant_add",
        "tenant_exit",
        "enterprise_detail",
        "enterprise_edit",
        "qualification_add",
        "stage_move",
        "funnel",
        "renewals",
        "enterprise_list",
        "carrier_list",
    }
    api_paths = {
        (m.lower(), p)
        for p, ops in router.path_operations.items()
        for op in ops.operations
        for m in op.methods
    }
    covered_api = {
        (
            m,
            t.split("?")[0]
            .removeprefix("/api/registry")
            .replace("{carrier}", "{int:pk}")
            .replace("{tenancy}", "{int:pk}")
            .replace("{enterprise}", "{int:pk}"),
        )
        for m, t, _ in API_TARGETS
    }
    covered_api |= {("get", u.removeprefix("/api/registry")) for u in LIST_APIS}
    covered_api |= {("post", "/enterprises")}  # test_create_enterprise_is_scoped_to_writable_areas

    assert page_names == covered_pages | OTHER_PAGES | PLOT_PAGES
    assert api_paths - PLOT_APIS == covered_api


@pytest.mark.parametrize(("method", "template", "body"), PAGE_TARGETS + API_TARGETS)
def test_operator_of_carrier_a_cannot_reach_carrier_b(client, world, qtypes, method, template, body):
    client.force_login(world.operator_a)
    target = _b(world)
    before = _state(world)

    response = _request(client, method, _fill(world, template, target), _body(body, target, qtypes))

    assert response.status_code in (403, 404)
    assert _state(world) == before


@pytest.mark.parametrize(("method", "template", "body"), PAGE_TARGETS + API_TARGETS)
def test_liaison_of_town_x_cannot_reach_town_y(client, world, qtypes, method, template, body):
    client.force_login(world.liaison_x)
    target = _b(world)
    before = _state(world)

    response = _request(client, method, _fill(world, template, target), _body(body, target, qtypes))

    assert response.status_code == 404
    assert _state(world) == before


@pytest.mark.parametrize(
    ("method", "template", "body"),
    [t for t in PAGE_TARGETS + API_TARGETS if t[0] != "get" or "/edit/" in t[1]],
)
def test_viewer_cannot_write(client, world, qtypes, method, template, body):
    client.force_login(world.viewer)
    target = _a(world)
    before = _state(world)

    response = _request(client, method, _fill(world, template, target), _body(body, target, qtypes))

    assert response.status_code == 403
    assert _state(world) == before


@pytest.mark.parametrize(
    ("method", "template", "body"),
    [t for t in PAGE_TARGETS + API_TARGETS if t[0] == "get" and "/edit/" not in t[1]],
)
def test_viewer_can_read_their_area(client, world, method, template, body):
    client.force_login(world.viewer)

    response = _request(client, method, _fill(world, template, _a(world)), None)

    assert response.status_code == 200


@pytest.mark.parametrize(("method", "template", "body"), PAGE_TARGETS + API_TARGETS)
def test_writers_in_scope_succeed(client, world, qtypes, method, template, body):
    """The same URLs work for the liaison of town X on town X's data (the refusals above are not blanket)."""
    client.force_login(world.liaison_x)
    target = _a(world)

    response = _request(client, method, _fill(world, template, target), _body(body, target, qtypes))

    assert response.status_code in (200, 201, 302)


@pytest.mark.parametrize(
    ("method", "template", "body"),
    [t for t in PAGE_TARGETS + API_TARGETS if "{carrier}" in t[1] or "{tenancy}" in t[1]],
)
def test_operator_of_carrier_a_works_on_carrier_a(client, world, qtypes, method, template, body):
    client.force_login(world.operator_a)
    target = _a(world)

    response = _request(client, method, _fill(world, template, target), _body(body, target, qtypes))

    assert response.status_code in (200, 201, 302)


def test_operator_cannot_change_enterprise_records_even_of_own_tenants(client, world):
    client.force_login(world.operator_a)
    before = _state(world)

    response = client.patch(
        f"/api/registry/enterprises/{world.e_a.pk}",
        data=json.dumps({"name": "改名"}),
        content_type="application/json",
    )

    # The full record is not the operator's to read, so it is not acknowledged at all.
    assert response.status_code == 404
    assert _state(world) == before


@pytest.mark.parametrize("url", LIST_PAGES + LIST_APIS)
@pytest.mark.parametrize("who", ["operator_a", "liaison_x"])
def test_lists_exclude_data_outside_scope(client, world, qtypes, url, who):
    from kechuang.registry.domain import add_qualification

    add_qualification(world.e_a, qtype=qtypes["hnte"], issued_on=dt.date(2023, 5, 1))
    client.force_login(getattr(world, who))

    response = client.get(url)
    # JSON escapes non-ASCII; compare on the decoded text
    body = (
        json.dumps(response.json(), ensure_ascii=False)
        if url.startswith("/api/")
        else response.content.decode()
    )

    assert "乙科技" not in body and "枫泾" not in body
    assert f'"enterprise_id": {world.e_b.pk},' not in body
    # An operator reads no enterprise record, not even its own tenant's (it sees tenant rows only).
    full_records = "enterprises" in url or "qualifications" in url
    if "areas" not in url and "renewals" not in url and not (who == "operator_a" and full_records):
        assert "甲科技" in body or "朱泾" in body or f'"enterprise_id": {world.e_a.pk},' in body


def test_operator_sees_no_areas_and_only_own_carrier(client, world):
    client.force_login(world.operator_a)

    areas = client.get("/api/registry/areas").json()
    carriers = client.get("/api/registry/carriers").json()
    enterprises = client.get("/api/registry/enterprises").json()

    assert areas == []
    assert [c["name"] for c in carriers] == ["朱泾孵化器"]
    assert enterprises == []  # its tenant is listed under /carriers/{id}/tenants, not as a record


def test_user_without_role_sees_nothing(client, world):
    client.force_login(world.nobody)

    assert client.get("/api/registry/enterprises").json() == []
    assert client.get("/api/registry/carriers").json() == []
    assert client.get(f"/registry/enterprises/{world.e_a.pk}/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/registry/enterprises/",
        "/registry/carriers/",
        "/registry/import/",
        "/audit/",
        "/registry/funnel/",
        "/registry/renewals/",
        "/registry/enterprises/1/",
    ],
)
def test_anonymous_pages_redirect_to_login(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize(
    "url",
    [
        "/api/registry/enterprises",
        "/api/registry/carriers",
        "/api/registry/areas",
        "/api/registry/qualifications",
        "/api/registry/carriers/1/tenants",
    ],
)
def test_anonymous_api_gets_401(client, db, url):
    response = client.get(url)

    assert response.status_code == 401
    assert response.json() == {"detail": "未登录或 API 令牌无效"}


def test_create_enterprise_is_scoped_to_writable_areas(client, world):
    client.force_login(world.liaison_x)
    payload = {"uscc": uscc(300), "name": "新企业", "area_id": world.town_y.pk}

    outside = client.post(
        "/api/registry/enterprises", data=json.dumps(payload), content_type="application/json"
    )
    payload["area_id"] = world.town_x.pk
    inside = client.post(
        "/api/registry/enterprises", data=json.dumps(payload), content_type="application/json"
    )

    assert outside.status_code == 404
    assert inside.status_code == 201
    assert inside.json()["area_name"] == "朱泾镇"
    assert Enterprise.objects.filter(uscc=uscc(300)).count() == 1


def test_audit_page_is_for_district_administrators_only(client, world):
    client.force_login(world.liaison_x)
    refused = client.get("/audit/")
    client.force_login(world.admin)
    shown = client.get(f"/audit/?model=registry.enterprise&id={world.e_a.pk}")

    assert refused.status_code == 403
    assert shown.status_code == 200
    assert "甲科技有限公司" in shown.content.decode()


def test_district_administrator_sees_only_their_own_districts_audit_trail(client, world, django_user_model):
    from kechuang.registry.domain import save_enterprise

    save_enterprise(acting_user=None, uscc=uscc(77), name="丙松江科技有限公司", area=world.songjiang)
    songjiang_admin = django_user_model.objects.create_user("sj_admin", "sj@example.org", "pw-sj-admin-123")
    Membership.objects.create(user=songjiang_admin, role=Role.DISTRICT_ADMIN, area=world.songjiang)

    client.force_login(world.admin)
    jinshan_view = client.get("/audit/").content.decode()
    client.force_login(songjiang_admin)
    songjiang_view = client.get("/audit/").content.decode()

    assert "甲科技有限公司" in jinshan_view and "丙松江科技有限公司" not in jinshan_view
    assert "丙松江科技有限公司" in songjiang_view and "甲科技有限公司" not in songjiang_view
