"""Which months an operator may file, and where the 填报 button leads (issue 11, item 3).

Mid-June 2025 the month being filed is May. An earlier month not yet approved opens for
filling; a month that has not begun, or one already approved, never opens for editing.
The button leads to the month that needs work: a returned month first, then May.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kechuang.collection import domain
from kechuang.collection.models import CarrierReport
from tests.collection.conftest import VALID, login

pytestmark = pytest.mark.django_db

MID_JUNE = dt.datetime(2025, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _june():
    with time_machine.travel(MID_JUNE, tick=False):
        yield


def _report(world, form, period: str, status: str) -> CarrierReport:
    report, _ = domain.open_report(carrier=world["carrier_a"], period=period, form=form)
    if status == "draft":
        return domain.save_draft(report, values={"tenants": 30}, acting_user=None)
    domain.submit_report(report, values=VALID, acting_user=None)
    if status == "approved":
        domain.approve_report(report, acting_user=None)
    elif status == "returned":
        domain.return_report(report, comment="融资额请附凭证", acting_user=None)
    return report


def _open(client, world, period: str):
    return client.post(f"/collection/carriers/{world['carrier_a'].pk}/open/", {"period": period}, follow=True)


def test_operator_opens_an_earlier_open_month_and_fills_it(client, world, form):
    login(client, world["operator_a"])

    page = _open(client, world, "2025-02")

    report = CarrierReport.objects.get(carrier=world["carrier_a"], period="2025-02")
    assert page.redirect_chain[-1][0] == f"/collection/reports/{report.pk}/"
    text = page.content.decode()
    assert "保存草稿" in text and "提交审核" in text
    saved = client.post(f"/collection/reports/{report.pk}/", {"tenants": "33", "action": "save"})
    assert saved.status_code == 302
    report.refresh_from_db()
    assert report.values == {"tenants": 33}


def test_a_month_that_has_not_begun_is_refused(client, world, form):
    login(client, world["operator_a"])

    page = _open(client, world, "2025-07")

    assert "2025年7月尚未到来，不能填报该月的月报" in page.content.decode()
    assert not CarrierReport.objects.filter(period="2025-07").exists()
    months = client.get(f"/collection/carriers/{world['carrier_a'].pk}/months/").content.decode()
    assert "2025年7月" not in months
    assert 'max="2025-06"' in months  # the picker offers no later month


def test_an_approved_month_opens_read_only_and_cannot_be_changed(client, world, form):
    approved = _report(world, form, "2025-04", "approved")
    login(client, world["operator_a"])

    page = _open(client, world, "2025-04")

    text = page.content.decode()
    assert page.redirect_chain[-1][0] == f"/collection/reports/{approved.pk}/"
    assert "该月月报已通过，不能再修改" in text
    assert "保存草稿" not in text and "提交审核" not in text
    client.post(f"/collection/reports/{approved.pk}/", {"tenants": "1", "action": "save"})
    approved.refresh_from_db()
    assert approved.status == "approved" and approved.values["tenants"] == VALID["tenants"]


def test_the_button_leads_to_the_reporting_month_when_it_is_not_filed(client, world, form):
    login(client, world["operator_a"])

    page = client.get("/collection/").content.decode()

    assert "填报2025年5月月报" in page
    assert re.search(r'name="period" value="2025-05"', page)


def test_the_button_never_leads_to_a_submitted_month_and_a_returned_one_comes_first(client, world, form):
    _report(world, form, "2025-05", "submitted")
    returned = _report(world, form, "2025-03", "returned")
    login(client, world["operator_a"])

    page = client.get("/collection/").content.decode()

    assert f'href="/collection/reports/{returned.pk}/">修改后重新提交2025年3月月报' in page
    assert "退回意见：融资额请附凭证" in page
    assert "填报2025年5月月报" not in page and "继续填报2025年5月月报" not in page


def test_when_every_month_is_filed_nothing_is_offered_for_filling(client, world, form):
    _report(world, form, "2025-05", "submitted")
    login(client, world["operator_a"])

    page = client.get("/collection/").content.decode()

    assert "暂无需要填报的月份" in page
    assert 'class="button needing"' not in page and 'class="needing"' not in page


def test_the_months_page_lists_earlier_months_with_their_status(client, world, form):
    _report(world, form, "2025-05", "submitted")
    draft = _report(world, form, "2025-01", "draft")
    approved = _report(world, form, "2025-04", "approved")
    old = _report(world, form, "2023-11", "approved")  # outside the twelve months: still listed
    login(client, world["operator_a"])

    page = client.get(f"/collection/carriers/{world['carrier_a'].pk}/months/").content.decode()

    periods = re.findall(r"<td>(\d{4}年\d{1,2}月)", page)
    assert periods[0] == "2025年5月" and periods[11] == "2024年6月" and periods[-1] == "2023年11月"
    assert "已提交，等待审核" in page
    assert f'href="/collection/reports/{draft.pk}/">继续填报' in page
    assert f'href="/collection/reports/{approved.pk}/">查看' in page
    assert f'href="/collection/reports/{old.pk}/">查看' in page
    assert "需要处理：2025年1月" in page  # the draft is the month that needs work
    assert "补报" in page  # a month never started can still be filed


def test_another_carriers_operator_cannot_see_the_months(client, world, form):
    login(client, world["operator_b"])

    assert client.get(f"/collection/carriers/{world['carrier_a'].pk}/months/").status_code == 404
    assert _open(client, world, "2025-03").status_code == 404


def test_a_carrier_new_to_the_platform_is_not_shown_a_year_of_empty_months(client, world, form):
    login(client, world["operator_a"])

    page = client.get(f"/collection/carriers/{world['carrier_a'].pk}/months/").content.decode()

    assert re.findall(r"<td>(\d{4}年\d{1,2}月)", page) == ["2025年5月"]
    assert "需要处理：2025年5月" in page and "填报其他月份" in page
