"""An alert handled in a phone-sized browser: the district assigns it, the town's liaison reports back."""

from __future__ import annotations

import datetime as dt

import pytest

from kechuang.observations.alert_cases import sync_alert_cases
from kechuang.observations.models import AlertCase
from kechuang.observations.monitoring import judge_plan
from kechuang.plans.catalog import seed_catalog
from kechuang.tenancy.models import Membership, Role
from tests.monitor.builders import AS_OF, build_plan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _log_in(browser_page, username: str) -> None:
    page = browser_page.page
    browser_page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-123456")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_assign_on_a_phone_then_the_liaison_comments(browser_page, shanghai, django_user_model):
    seed_catalog()
    plan = build_plan(shanghai["jinshan"])
    sync_alert_cases(plan, judge_plan(plan, as_of=AS_OF), AS_OF)
    case = AlertCase.objects.get(target__indicator__name="研发经费投入强度")
    for name, role, area in (("quadmin", Role.DISTRICT_ADMIN, "jinshan"), ("zhujing", Role.LIAISON, "town")):
        user = django_user_model.objects.create_user(name, password="pw-123456")
        Membership.objects.create(user=user, role=role, area=shanghai[area])
    page = browser_page.page
    page.set_viewport_size({"width": 390, "height": 844})
    due = (dt.date.today() + dt.timedelta(days=20)).isoformat()

    _log_in(browser_page, "quadmin")
    browser_page.goto(f"/monitor/alerts/{case.pk}/")
    page.select_option("form.case-form:has(input[value=assign]) select[name=area]", label="朱泾镇")
    page.fill("input[name=due_on]", due)
    page.click("form.case-form:has(input[value=assign]) button")
    page.wait_for_load_state("networkidle")
    admin_width = page.evaluate("document.documentElement.scrollWidth")
    page.context.clear_cookies()

    _log_in(browser_page, "zhujing")
    browser_page.goto("/monitor/alerts/")
    page.click(f"a[href='/monitor/alerts/{case.pk}/']")
    page.fill("form.case-form:has(input[value=comment]) textarea", "已督促企业补报研发数据")
    page.click("form.case-form:has(input[value=comment]) button")
    page.wait_for_load_state("networkidle")
    history = page.inner_text("ol.case-history")

    case.refresh_from_db()
    assert case.state == "assigned" and case.assigned_area == shanghai["town"]
    assert "已督促企业补报研发数据" in history and "指派给朱泾镇" in history
    assert page.query_selector("input[value=close]") is None  # closing is the district's
    assert admin_width <= 390 and page.evaluate("document.documentElement.scrollWidth") <= 390
    assert browser_page.console_errors == []
    assert browser_page.offsite == []
