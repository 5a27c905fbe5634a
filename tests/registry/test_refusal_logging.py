"""A refused request (403) is logged as one line without a traceback; a server error keeps its traceback."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _request_records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "django.request"]


def test_a_403_is_one_line_without_traceback(client, world, caplog):
    client.force_login(world.viewer)

    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/audit/")

    [record] = _request_records(caplog)
    assert response.status_code == 403
    assert record.getMessage() == "Forbidden (Permission denied): /audit/"
    assert record.exc_info is None
    assert "Traceback" not in caplog.text


def test_a_500_still_logs_its_traceback(world, caplog, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("漏斗计算出错")

    monkeypatch.setattr("kechuang.registry.queries.ladder_funnel", broken)
    client = Client(raise_request_exception=False)
    client.force_login(world.admin)

    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/registry/funnel/")

    [record] = _request_records(caplog)
    assert response.status_code == 500
    assert record.exc_info is not None
    assert "Traceback" in caplog.text and "漏斗计算出错" in caplog.text
