"""The reviewer sees last month's and last year's approved figures beside each value; large changes stand out."""

from __future__ import annotations

import re

import pytest

from kechuang.collection import domain
from kechuang.collection.compare import compare_value
from kechuang.collection.models import ReviewSettings
from tests.collection.conftest import VALID, login

pytestmark = pytest.mark.django_db


def _approved(world, form, period: str, **values) -> None:
    report, _ = domain.open_report(carrier=world["carrier_a"], period=period, form=form)
    domain.submit_report(report, values={**VALID, **values}, acting_user=None)
    domain.approve_report(report, acting_user=None)


@pytest.fixture
def may(world, form):
    """Carrier A: April 2025 approved (40 tenants), May 2024 approved (20), May 2025 submitted (60);
    March 2025 submitted but never approved (it must not count as "last month" for April)."""
    _approved(world, form, "2025-04", tenants=40, events=4)
    _approved(world, form, "2024-05", tenants=20, events=5)
    report, _ = domain.open_report(carrier=world["carrier_a"], period="2025-05", form=form)
    return domain.submit_report(report, values={**VALID, "tenants": 60, "events": 4}, acting_user=None)


def _row(page: str, label: str) -> tuple[str, list[str]]:
    """(the row's class, its cells' text) for the field ``label`` in the comparison table."""
    match = re.search(r'<tr class="([^"]*)">\s*<th scope="row">' + label + r"(.*?)</tr>", page, re.S)
    assert match, label
    cells = [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", match.group(2), re.S)
    ]
    return match.group(1), cells


def test_reviewer_sees_last_month_and_last_year_with_the_change(client, world, may):
    login(client, world["district_admin"])

    page = client.get(f"/collection/reports/{may.pk}/").content.decode()

    css, cells = _row(page, "在孵企业数")
    assert cells == ["60", "40", "+50.0%", "20", "+200.0%"]
    assert css == "large-change"
    css, cells = _row(page, _label("events"))
    assert cells[:4] == ["4", "4", "+0.0%", "5"]
    assert "变动超过 ±30% 的数值" in page
    assert "review-form" in page  # the comparison sits on the page the decision is made on


def _label(code: str) -> str:
    from kechuang.collection.models import ReportField

    return ReportField.objects.get(form__code=domain.DEFAULT_FORM_CODE, code=code).label


def test_the_districts_threshold_decides_what_is_large(client, world, may):
    ReviewSettings.objects.create(district=world["jinshan"], change_threshold=60)
    login(client, world["district_admin"])

    page = client.get(f"/collection/reports/{may.pk}/").content.decode()

    assert "变动超过 ±60% 的数值" in page
    assert re.search(r'<td class="num change">\+50.0%</td>', page)  # last month: +50 %, under 60 %
    assert re.search(r'<td class="num change large">\+200.0%</td>', page)  # last year: +200 %


def test_months_without_an_approved_report_show_a_dash(client, world, form):
    report, _ = domain.open_report(carrier=world["carrier_a"], period="2025-05", form=form)
    domain.submit_report(report, values=VALID, acting_user=None)
    login(client, world["district_admin"])

    page = client.get(f"/collection/reports/{report.pk}/").content.decode()

    css, cells = _row(page, "在孵企业数")
    assert cells == ["40", "—", "—", "—", "—"] and css == ""


def test_the_operators_form_shows_last_months_figure(client, world, form):
    _approved(world, form, "2025-04", tenants=40)
    report, _ = domain.open_report(carrier=world["carrier_a"], period="2025-05", form=form)
    login(client, world["operator_a"])

    page = client.get(f"/collection/reports/{report.pk}/").content.decode()

    assert "上月（2025年4月，已审核）" in page
    assert re.search(r'field-previous"><span class="previous-label">上月：</span>40<', page)


def test_a_change_from_zero_is_large_and_zero_to_zero_is_not():
    assert compare_value(5, 0, 30).large and compare_value(5, 0, 30).label == "由 0 增加"
    assert not compare_value(0, 0, 30).large and compare_value(0, 0, 30).label == "持平"
    assert compare_value(69, 100, 30).large and not compare_value(70, 100, 30).large
    assert not compare_value(None, 10, 30).large
