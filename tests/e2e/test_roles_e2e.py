"""Each role's day, in Chromium from the home page: what the issue calls done for everyday work."""

from __future__ import annotations

import pytest

from tests.access.world import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-roles-e2e-1"


@pytest.fixture
def world(django_user_model):
    w = build_world(django_user_model)
    for user in w.users.values():
        if user is not None:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
    return w


def _login(browser_page, username: str, *, phone: bool = False) -> object:
    page = browser_page.page
    if phone:
        page.set_viewport_size({"width": 390, "height": 844})
    browser_page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def test_liaison_sees_their_towns_tasks_and_carriers_from_the_home_page(browser_page, world):
    page = _login(browser_page, "liaison_here")
    home = page.locator("main").inner_text()
    assert world.town.name in home
    assert world.carrier.name in home and world.other_carrier.name not in home
    page.click(f"text={world.district_plan.plan.title}")  # the district plan's task naming the town
    page.wait_for_load_state("networkidle")
    board = page.locator("main").inner_text()
    assert world.district_plan.task.goal in board
    page.go_back()
    page.click(f"main >> text={world.carrier.name}")
    page.wait_for_load_state("networkidle")
    assert world.carrier.name in page.locator("h1").inner_text()
    assert browser_page.console_errors == [] and browser_page.offsite == []


def test_operator_files_on_a_phone_and_is_told_when_the_report_comes_back(
    browser_page, chromium, live_server, world
):
    from django.core import mail

    from kechuang.collection.models import CarrierReport
    from tests.access.world import REPORT_VALUES

    page = _login(browser_page, "op_here", phone=True)
    page.click("main button:has-text('开始填报')")
    page.wait_for_load_state("networkidle")
    for code, value in REPORT_VALUES.items():
        page.fill(f"input[name={code}]", str(value))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the form fits the phone
    page.click("button[value=submit]")
    page.wait_for_load_state("networkidle")
    report = CarrierReport.objects.filter(carrier=world.carrier).order_by("-period").first()
    assert report.status == "submitted" and report.values["tenants"] == REPORT_VALUES["tenants"]

    from kechuang.notifications.models import Notification

    unread_before = Notification.objects.filter(recipient__username="op_here", read_at__isnull=True).count()
    # The district administrator returns it from their own browser.
    admin = chromium.new_context(locale="zh-CN").new_page()
    admin.goto(f"{live_server.url}/login/")
    admin.fill("input[name=username]", "admin_here")
    admin.fill("input[name=password]", PASSWORD)
    admin.click("main button[type=submit]")
    admin.goto(f"{live_server.url}/collection/reports/{report.pk}/")
    admin.select_option("select[name=decision]", "return")
    admin.fill("textarea[name=comment]", "在孵企业数与上月差距过大，请核实")
    admin.click("form.review-form button[type=submit]")
    admin.wait_for_load_state("networkidle")
    admin.context.close()

    page.goto(f"{live_server.url}/")
    # One more unread notification, counted beside 菜单 on the phone.
    assert page.locator("label.menu-button .count").inner_text() == str(unread_before + 1)
    browser_page.goto("/notifications/")
    inbox = page.locator("main").inner_text()
    assert "退回" in inbox and "在孵企业数与上月差距过大" in inbox
    sent = [m for m in mail.outbox if "op_here@example.org" in m.to]
    assert len(sent) == 1 and "在孵企业数与上月差距过大" in sent[0].body
    assert browser_page.console_errors == [] and browser_page.offsite == []


def test_administrator_reminds_every_late_carrier_with_one_click(browser_page, world):
    from django.core import mail

    from kechuang.notifications.enums import Kind
    from kechuang.notifications.models import Notification

    page = _login(browser_page, "admin_here")
    page.click("main a:has-text('月报报送')")  # the home tile of this month's completeness
    page.wait_for_load_state("networkidle")
    page.click("button:has-text('一键催报')")
    page.wait_for_load_state("networkidle")
    assert "催报" in page.locator("main").inner_text()

    late_operators = {"op_here", "op_other"}  # both of the district's carriers have not filed this month
    reminders = Notification.objects.filter(kind=Kind.REPORT_OVERDUE)
    told = set(reminders.values_list("recipient__username", flat=True))
    assert late_operators <= told and "admin_other" not in told
    subjects = set(reminders.values_list("title", flat=True))
    mailed = {a.split("@")[0] for m in mail.outbox if m.subject.endswith(tuple(subjects)) for a in m.to}
    assert late_operators <= mailed
    assert browser_page.console_errors == [] and browser_page.offsite == []


def test_administrator_generates_a_plan_report_from_the_plan_page_and_downloads_it(browser_page, world):
    import io

    from openpyxl import load_workbook

    page = _login(browser_page, "admin_here")
    plan = world.district_plan.plan
    browser_page.goto(f"/monitor/plans/{plan.pk}/")
    page.select_option("form.generate-report select[name=format]", "xlsx")
    page.click("form.generate-report button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/reports/" in page.url
    row = page.locator("tr.highlight")
    assert plan.title in row.inner_text()
    with page.expect_download() as caught:
        row.locator("a", has_text="下载").click()
    from pathlib import Path

    data = Path(caught.value.path()).read_bytes()
    text = " ".join(
        str(c)
        for ws in load_workbook(io.BytesIO(data)).worksheets
        for r in ws.iter_rows(values_only=True)
        for c in r
        if c
    )
    assert world.district_plan.indicator.name in text
    assert browser_page.console_errors == [] and browser_page.offsite == []
