"""A monthly report for a month that has not begun is refused, on the page and in the API; the
current month and earlier ones can still be filed."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kechuang.collection.models import CarrierReport
from kechuang.tenancy.domain.tokens import issue_api_token
from tests.collection.conftest import login

pytestmark = pytest.mark.django_db

MID_JUNE = dt.datetime(2025, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_page_refuses_next_month_with_a_chinese_message(client, world, form):
    login(client, world["operator_a"])
    url = f"/collection/carriers/{world['carrier_a'].pk}/open/"

    with time_machine.travel(MID_JUNE, tick=False):
        refused = client.post(url, {"period": "2025-07"}, follow=True)
        current = client.post(url, {"period": "2025-06"})

    assert "2025年7月尚未到来，不能填报该月的月报" in refused.content.decode()
    assert list(CarrierReport.objects.values_list("period", flat=True)) == ["2025-06"]
    assert current.status_code == 302


def test_the_api_refuses_a_future_month_with_400(client, world, form):
    _, raw = issue_api_token(world["operator_a"], name="园区系统")
    base = f"/api/collection/carriers/{world['carrier_a'].pk}/reports"
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}", "content_type": "application/json"}
    body = json.dumps({"values": {"tenants": 40}})

    with time_machine.travel(MID_JUNE, tick=False):
        next_year = client.put(f"{base}/2026-01", data=body, **headers)
        submit = client.post(f"{base}/2025-07/submit", data=body, **headers)
        may = client.put(f"{base}/2025-05", data=body, **headers)

    assert (next_year.status_code, next_year.json()["detail"]) == (
        400,
        "2026年1月尚未到来，不能填报该月的月报",
    )
    assert (submit.status_code, submit.json()["detail"]) == (400, "2025年7月尚未到来，不能填报该月的月报")
    assert may.status_code == 200
    assert list(CarrierReport.objects.values_list("period", flat=True)) == ["2025-05"]
