"""Access matrix over every collection page and API endpoint.

An operator of carrier A never reads or changes carrier B's report (403/404, B unchanged);
a liaison of town X sees nothing of town Y; viewers cannot write; anonymous users are
sent to the login page (pages) or get 401 (API).
"""

from __future__ import annotations

import json

import pytest

from kechuang.collection.models import CarrierReport, ReportRevision
from kechuang.tenancy.domain.tokens import issue_api_token
from tests.collection.conftest import PERIOD, VALID, login

pytestmark = pytest.mark.django_db

# (method, url template, body) — {report} is carrier B's report, {carrier} carrier B.
PAGES = [
    ("get", "/collection/reports/{report}/", None),
    ("post", "/collection/reports/{report}/", {"tenants": "1", "action": "save"}),
    ("post", "/collection/reports/{report}/", {**{k: str(v) for k, v in VALID.items()}, "action": "submit"}),
    ("post", "/collection/reports/{report}/review/", {"decision": "approve"}),
    ("post", "/collection/reports/{report}/review/", {"decision": "return", "comment": "x"}),
    ("post", "/collection/reports/{report}/correct/", {"tenants": "1", "reason": "x"}),
    ("get", "/collection/reports/{report}/template.xlsx", None),
    ("post", "/collection/reports/{report}/upload/", {}),
    ("post", "/collection/carriers/{carrier}/open/", {"period": "2025-06"}),
]
API = [
    ("get", "/api/collection/carriers/{carrier}/reports/" + PERIOD, None),
    ("get", "/api/collection/carriers/{carrier}/reports/" + PERIOD + "/status", None),
    ("put", "/api/collection/carriers/{carrier}/reports/" + PERIOD, {"values": {"tenants": 1}}),
    ("post", "/api/collection/carriers/{carrier}/reports/" + PERIOD + "/submit", {"values": VALID}),
    ("post", "/api/collection/carriers/{carrier}/reports/" + PERIOD + "/approve", {}),
    ("post", "/api/collection/carriers/{carrier}/reports/" + PERIOD + "/return", {"comment": "x"}),
    ("put", "/api/collection/carriers/{carrier}/reports/2025-06", {"values": {"tenants": 1}}),
]
LISTS = ["/collection/", "/collection/completeness/?period=" + PERIOD]
API_LISTS = ["/api/collection/reports", "/api/collection/forms"]


@pytest.fixture
def target(world, submitted):
    """Carrier B's submitted report and a snapshot to prove it unchanged."""
    return {
        "report": submitted,
        "carrier": world["carrier_b"],
        "before": _snapshot(submitted),
        "revisions": ReportRevision.objects.count(),
        "reports": CarrierReport.objects.count(),
    }


def _snapshot(report: CarrierReport) -> tuple:
    fresh = CarrierReport.objects.get(pk=report.pk)
    return (fresh.status, fresh.values, fresh.return_comment, fresh.reviewed_at)


def _url(template: str, target: dict) -> str:
    return template.format(report=target["report"].pk, carrier=target["carrier"].pk)


def _assert_unchanged(target: dict) -> None:
    assert _snapshot(target["report"]) == target["before"]
    assert ReportRevision.objects.count() == target["revisions"]
    assert CarrierReport.objects.count() == target["reports"]


def _call_api(client, method: str, url: str, body: object, headers: dict):
    if method == "get":
        return client.get(url, **headers)
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json", **headers)


def _bearer(user) -> dict:
    _, raw = issue_api_token(user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.mark.parametrize(("method", "url", "body"), PAGES)
@pytest.mark.parametrize("persona", ["operator_a", "liaison_x"])
def test_pages_of_another_carrier_are_out_of_reach(client, world, target, persona, method, url, body):
    login(client, world[persona])

    response = (
        getattr(client, method)(_url(url, target), body)
        if body is not None
        else client.get(_url(url, target))
    )

    assert response.status_code in (403, 404)
    assert "乙众创空间" not in response.content.decode()
    _assert_unchanged(target)


@pytest.mark.parametrize(("method", "url", "body"), API)
@pytest.mark.parametrize("persona", ["operator_a", "liaison_x"])
def test_api_of_another_carrier_is_out_of_reach(client, world, target, persona, method, url, body):
    response = _call_api(client, method, _url(url, target), body, _bearer(world[persona]))

    assert response.status_code in (403, 404)
    assert "乙众创空间" not in response.content.decode()
    _assert_unchanged(target)


@pytest.mark.parametrize(("method", "url", "body"), [p for p in PAGES if p[0] == "post"])
def test_viewer_cannot_write_pages(client, world, form, method, url, body):
    from kechuang.collection import domain

    report, _ = domain.open_report(carrier=world["carrier_a"], period=PERIOD, form=form)
    domain.submit_report(report, values=VALID, acting_user=world["operator_a"])
    target = {
        "report": report,
        "carrier": world["carrier_a"],
        "before": _snapshot(report),
        "revisions": ReportRevision.objects.count(),
        "reports": CarrierReport.objects.count(),
    }
    login(client, world["viewer_x"])

    response = client.post(_url(url, target), body)

    assert response.status_code == 403
    _assert_unchanged(target)


@pytest.mark.parametrize(("method", "url", "body"), [a for a in API if a[0] != "get"])
def test_viewer_cannot_write_through_api(client, world, form, method, url, body):
    from kechuang.collection import domain

    report, _ = domain.open_report(carrier=world["carrier_a"], period=PERIOD, form=form)
    domain.submit_report(report, values=VALID, acting_user=world["operator_a"])
    target = {
        "report": report,
        "carrier": world["carrier_a"],
        "before": _snapshot(report),
        "revisions": ReportRevision.objects.count(),
        "reports": CarrierReport.objects.count(),
    }

    response = _call_api(client, method, _url(url, target), body, _bearer(world["viewer_x"]))

    assert response.status_code == 403
    _assert_unchanged(target)


def test_viewer_can_read_their_town(client, world, form):
    from kechuang.collection import domain

    report, _ = domain.open_report(carrier=world["carrier_a"], period=PERIOD, form=form)
    login(client, world["viewer_x"])

    page = client.get(f"/collection/reports/{report.pk}/")

    assert page.status_code == 200
    assert "甲孵化器" in page.content.decode() and "保存草稿" not in page.content.decode()


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("persona", ["operator_a", "liaison_x", "viewer_x"])
def test_lists_show_nothing_of_the_other_town(client, world, target, persona, url):
    login(client, world[persona])

    response = client.get(url)

    assert response.status_code == 200
    assert "乙众创空间" not in response.content.decode()


@pytest.mark.parametrize("url", API_LISTS)
@pytest.mark.parametrize("persona", ["operator_a", "liaison_x", "viewer_x"])
def test_api_lists_show_nothing_of_the_other_town(client, world, target, persona, url):
    response = client.get(url, **_bearer(world[persona]))

    assert response.status_code == 200
    assert "乙众创空间" not in response.content.decode()


@pytest.mark.parametrize(("method", "url", "body"), PAGES)
def test_anonymous_pages_redirect_to_login(client, target, method, url, body):
    response = (
        getattr(client, method)(_url(url, target), body)
        if body is not None
        else client.get(_url(url, target))
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")
    _assert_unchanged(target)


@pytest.mark.parametrize(("method", "url", "body"), [*API, *[("get", u, None) for u in API_LISTS]])
def test_anonymous_api_gets_401(client, target, method, url, body):
    response = _call_api(client, method, _url(url, target), body, {})

    assert response.status_code == 401
    _assert_unchanged(target)


def test_operator_b_can_reach_their_own_report(client, world, target):
    login(client, world["operator_b"])

    page = client.get(_url("/collection/reports/{report}/", target))
    api = client.get(_url(API[0][1], target), **_bearer(world["operator_b"]))

    assert page.status_code == 200 and "乙众创空间" in page.content.decode()
    assert api.json()["values"] == VALID
