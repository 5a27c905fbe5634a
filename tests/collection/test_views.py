"""The monthly report pages through Django's test client: fill, submit, review, correct, completeness."""

from __future__ import annotations

import re

import pytest

from kechuang.collection import domain
from kechuang.collection.models import CarrierReport
from kechuang.observations.models import Observation
from tests.collection.conftest import PERIOD, VALID, login

pytestmark = pytest.mark.django_db


def _post_values(values: dict, action: str) -> dict:
    return {**{k: str(v) for k, v in values.items()}, "action": action}


def test_browser_workflow_from_draft_to_locked(client, world, form):
    operator, admin = world["operator_a"], world["district_admin"]
    login(client, operator)
    page = client.get("/collection/").content.decode()
    assert re.search(r"填报\d{4}年\d{1,2}月月报", page) and "甲孵化器" in page

    # operator starts the month, saves a draft, then submits
    response = client.post(f"/collection/carriers/{world['carrier_a'].pk}/open/", {"period": PERIOD})
    report = CarrierReport.objects.get(carrier=world["carrier_a"], period=PERIOD)
    assert response["Location"] == f"/collection/reports/{report.pk}/"
    client.post(response["Location"], _post_values({"tenants": 40}, "save"))
    report.refresh_from_db()
    assert (report.status, report.values) == ("draft", {"tenants": 40})
    bad = client.post(response["Location"], _post_values({**VALID, "graduates": 99}, "submit"))
    assert bad.status_code == 400
    assert "“当月毕业企业”（99）不能大于“在孵企业数”（40）" in bad.content.decode()
    client.post(response["Location"], _post_values(VALID, "submit"))
    report.refresh_from_db()
    assert report.status == "submitted"

    # the district returns it with a comment
    login(client, admin)
    client.post(
        f"/collection/reports/{report.pk}/review/", {"decision": "return", "comment": "在孵企业数偏低"}
    )
    report.refresh_from_db()
    assert (report.status, report.return_comment) == ("returned", "在孵企业数偏低")

    # the operator sees the comment, corrects and resubmits
    login(client, operator)
    page = client.get(f"/collection/reports/{report.pk}/").content.decode()
    assert "退回意见：在孵企业数偏低" in page
    client.post(f"/collection/reports/{report.pk}/", _post_values({**VALID, "tenants": 42}, "submit"))
    report.refresh_from_db()
    assert (report.status, report.values["tenants"]) == ("submitted", 42)

    # the district approves; the report is locked for the operator
    login(client, admin)
    client.post(f"/collection/reports/{report.pk}/review/", {"decision": "approve", "comment": ""})
    report.refresh_from_db()
    assert report.status == "approved"
    login(client, operator)
    page = client.get(f"/collection/reports/{report.pk}/").content.decode()
    assert "已锁定" in page and "保存草稿" not in page
    client.post(f"/collection/reports/{report.pk}/", _post_values({**VALID, "tenants": 1}, "save"))
    report.refresh_from_db()
    assert report.values["tenants"] == 42

    # a correction by the district is a revision and the area figure follows
    login(client, admin)
    client.post(
        f"/collection/reports/{report.pk}/correct/",
        {**{k: str(v) for k, v in {**VALID, "tenants": 44}.items()}, "reason": "核实后更正"},
    )
    report.refresh_from_db()
    obs = Observation.objects.get(catalog__code="INCUBATOR_TENANTS", area=world["jinshan"], period=PERIOD)
    history = client.get(f"/collection/reports/{report.pk}/").content.decode()
    assert report.values["tenants"] == 44
    assert obs.value == 44
    assert list(report.revisions.values_list("action", flat=True)) == [
        "edit",  # the first draft save is kept too
        "submit",
        "return",
        "submit",
        "approve",
        "correct",
    ]
    assert "核实后更正" in history and "在孵企业数：42 → 44" in history
    assert "在孵企业数：— → 40" in history  # the draft entry, by field name, never by code


def test_return_without_comment_shows_an_error(client, world, submitted):
    login(client, world["district_admin"])

    response = client.post(
        f"/collection/reports/{submitted.pk}/review/", {"decision": "return", "comment": ""}
    )

    assert response.status_code == 400
    assert "退回时必须填写退回意见" in response.content.decode()
    assert CarrierReport.objects.get(pk=submitted.pk).status == "submitted"


def test_liaison_sees_but_cannot_review(client, world, form):
    report, _ = domain.open_report(carrier=world["carrier_a"], period=PERIOD, form=form)
    domain.submit_report(report, values=VALID, acting_user=world["operator_a"])
    login(client, world["liaison_x"])

    page = client.get(f"/collection/reports/{report.pk}/")
    response = client.post(f"/collection/reports/{report.pk}/review/", {"decision": "approve"})

    assert page.status_code == 200 and "审核结果" not in page.content.decode()
    assert response.status_code == 403
    assert CarrierReport.objects.get(pk=report.pk).status == "submitted"


def test_completeness_page_lists_non_filers_per_area(client, world, submitted):
    from kechuang.registry.models import Carrier

    Carrier.objects.create(name="丙加速器", kind="accelerator", level="district", area=world["town_x"])
    login(client, world["district_admin"])

    page = client.get(f"/collection/completeness/?period={PERIOD}").content.decode()

    assert (
        '已报 <strong id="filed-count">1</strong> 家，未报 <strong id="missing-count">2</strong> 家' in page
    )
    assert "已逾期" in page  # 2025-06-10 has passed
    missing = page.split('data-area="310116001"')[1].split("</section>")[0]
    assert "甲孵化器" in missing and "丙加速器" in missing
    filed = page.split('data-area="310116002"')[1].split("</section>")[0]
    assert "乙众创空间" in filed and 'class="missing"' not in filed


def test_completeness_page_for_liaison_shows_only_their_town(client, world, submitted):
    login(client, world["liaison_x"])

    page = client.get(f"/collection/completeness/?period={PERIOD}").content.decode()

    assert "甲孵化器" in page
    assert "乙众创空间" not in page and "山阳镇" not in page


@pytest.mark.parametrize("count", [1, 3])
def test_report_list_query_count_does_not_grow(client, world, form, count, django_assert_num_queries):
    from kechuang.registry.models import Carrier

    for i in range(count):
        carrier = Carrier.objects.create(
            name=f"载体{i}", kind="incubator", level="district", area=world["town_x"]
        )
        domain.open_report(carrier=carrier, period=PERIOD, form=form)
    login(client, world["district_admin"])

    # +2 since the list links each administered district's review settings and asks whether the
    # district delegates review to liaisons, +1 for the header's unread-notification count; still
    # the same for 1 or 3 carriers.
    with django_assert_num_queries(12):
        page = client.get("/collection/").content.decode()

    assert page.count('class="report-row"') == count


@pytest.mark.parametrize("count", [1, 3])
def test_completeness_query_count_does_not_grow(client, world, form, count, django_assert_num_queries):
    from kechuang.registry.models import Carrier

    for i in range(count):
        Carrier.objects.create(name=f"载体{i}", kind="incubator", level="district", area=world["town_x"])
    login(client, world["district_admin"])

    with django_assert_num_queries(9):  # +1: the header's unread-notification count
        page = client.get(f"/collection/completeness/?period={PERIOD}").content.decode()

    assert page.count('class="missing-carrier"') == count + 2
