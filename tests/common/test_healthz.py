"""`/healthz` for monitoring: 200 with every check true, 503 naming the failed check; no login, no
secrets; and one log line per request with who, path (never the query), status and time."""

from __future__ import annotations

import logging

import pytest
from django.db import DatabaseError

from kechuang.common import health

pytestmark = pytest.mark.django_db


def test_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] and body["migrations"] and body["disk"]
    assert body["disk_free_bytes"] > 0
    assert set(body) == {"status", "database", "migrations", "disk", "disk_free_bytes"}  # nothing else
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_unhealthy_is_503(client, settings, monkeypatch):
    settings.KECHUANG_HEALTH_MIN_FREE_BYTES = 10**18
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["disk"] is False

    settings.KECHUANG_HEALTH_MIN_FREE_BYTES = 0
    code = health._code_migrations() | {("observations", "9999_not_applied")}
    monkeypatch.setattr(health, "_code_migrations", lambda: code)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["migrations"] is False


def test_database_unreachable_is_503(client, monkeypatch):
    def down(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", down)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] is False and "refused" not in response.content.decode()


def test_one_line_per_request_without_the_query(client, admin_user, caplog):
    client.force_login(admin_user)
    with caplog.at_level(logging.INFO, logger="kechuang.requests"):
        client.get("/healthz?token=secret-value")
        client.logout()
        client.get("/no-such-page/")
    lines = [r.getMessage() for r in caplog.records if r.name == "kechuang.requests"]
    assert len(lines) == 2  # the health check, the missing page
    assert lines[0].startswith("chief GET /healthz 200 ") and lines[0].endswith("ms")
    assert lines[1].startswith("- GET /no-such-page/ 404 ")
    assert not any("secret-value" in line for line in lines)
