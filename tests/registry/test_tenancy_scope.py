"""Issue 8, finding 2: a tenancy is no door into another district's records.

An enterprise registered in another district is never attached as a tenant, by page or
API, whoever asks; nothing is written when that is refused. Inside the district a carrier's
operator or area officer may attach an enterprise of another town. A carrier sees of its
current tenants only what its monthly report needs — never contact person, phone, address,
cultivation stage or qualifications — and after the tenant leaves, only the tenancy row.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kechuang.observations.models import Observation, ObservationRevision
from kechuang.registry.access import OTHER_DISTRICT_REFUSAL
from kechuang.registry.domain import add_qualification, move_enterprise_stage, save_enterprise, update_tenancy
from kechuang.registry.figures import refresh_registry_observations
from kechuang.registry.models import Enterprise, LadderStage, Qualification, Tenancy
from kechuang.tenancy.models import AuditEntry
from tests.registry.conftest import uscc

pytestmark = pytest.mark.django_db

CONTACT = "王晓联系"
PHONE = "021-57771234"
ADDRESS = "朱泾镇隐秘路 88 号"
CERTIFICATE = "GR2099777"


@pytest.fixture
def songjiang_firm(world):
    """An enterprise of 松江区 — another district than both carriers' 金山区 — with figures of its own."""
    firm, _ = save_enterprise(
        acting_user=None,
        uscc=uscc(900, division="310117"),
        name="松江远方科技有限公司",
        area=world.songjiang,
        industry="集成电路",
        contact_name="李远方",
        contact_phone="021-67001234",
    )
    refresh_registry_observations(year=2024)
    refresh_registry_observations(year=2025)
    return firm


@pytest.fixture
def private_tenant(world, qtypes):
    """Carrier A's tenant 甲科技 with everything the district keeps and a carrier must not read."""
    save_enterprise(
        acting_user=None,
        enterprise=world.e_a,
        contact_name=CONTACT,
        contact_phone=PHONE,
        address=ADDRESS,
    )
    add_qualification(
        world.e_a, qtype=qtypes["hnte"], certificate_no=CERTIFICATE, issued_on=dt.date(2024, 3, 1)
    )
    move_enterprise_stage(world.e_a, stage="recognised", since=dt.date(2024, 3, 1))
    world.e_a.refresh_from_db()
    return world.e_a


def _state():
    """Everything attaching a tenant could touch, including every district's figures."""
    return (
        list(Tenancy.objects.values().order_by("pk")),
        list(Enterprise.objects.values().order_by("pk")),
        list(Observation.objects.values("pk", "area_id", "catalog_id", "period", "value").order_by("pk")),
        ObservationRevision.objects.count(),
        AuditEntry.objects.count(),
    )


def _post_page(client, carrier, code):
    return client.post(
        f"/registry/carriers/{carrier.pk}/tenants/",
        {"enterprise_uscc": code, "enterprise_name": "", "entered_on": "2025-03-01"},
        follow=True,
    )


def _post_api(client, carrier, code):
    return client.post(
        f"/api/registry/carriers/{carrier.pk}/tenants",
        data=json.dumps({"enterprise_uscc": code, "entered_on": "2025-03-01"}),
        content_type="application/json",
    )


# --- attaching --------------------------------------------------------------


@pytest.mark.parametrize("who", ["operator_a", "liaison_x", "admin"])
def test_another_districts_enterprise_is_not_attached_by_page(client, world, songjiang_firm, who):
    client.force_login(getattr(world, who))
    before = _state()

    response = _post_page(client, world.carrier_a, songjiang_firm.uscc)

    assert response.status_code == 200
    assert OTHER_DISTRICT_REFUSAL in response.content.decode()
    assert _state() == before


@pytest.mark.parametrize("who", ["operator_a", "liaison_x", "admin"])
def test_another_districts_enterprise_is_not_attached_by_api(client, world, songjiang_firm, who):
    client.force_login(getattr(world, who))
    before = _state()

    response = _post_api(client, world.carrier_a, songjiang_firm.uscc.lower())

    assert response.status_code == 403
    assert response.json() == {"detail": OTHER_DISTRICT_REFUSAL}
    assert _state() == before


def test_not_even_a_superuser_attaches_across_districts(client, world, songjiang_firm, admin_user):
    client.force_login(admin_user)
    before = _state()

    response = _post_api(client, world.carrier_a, songjiang_firm.uscc)

    assert response.status_code == 403
    assert _state() == before


def test_the_operator_learns_nothing_of_the_refused_enterprise(client, world, songjiang_firm):
    client.force_login(world.operator_a)

    body = _post_page(client, world.carrier_a, songjiang_firm.uscc).content.decode()

    assert "松江远方" not in body and "李远方" not in body
    assert client.get(f"/registry/enterprises/{songjiang_firm.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["operator_a", "liaison_x"])
def test_an_enterprise_of_another_town_in_the_district_may_move_in(client, world, who):
    """枫泾镇's 乙科技 moves into 朱泾's carrier: its operator or 朱泾's liaison files it, though
    neither may change 枫泾镇's records."""
    client.force_login(getattr(world, who))

    response = _post_api(client, world.carrier_a, world.e_b.uscc)

    assert response.status_code == 201
    assert Tenancy.objects.filter(carrier=world.carrier_a, enterprise=world.e_b, left_on=None).exists()
    world.e_b.refresh_from_db()
    assert world.e_b.area == world.town_y  # attaching moves nothing


def test_a_viewer_attaches_nothing(client, world):
    client.force_login(world.viewer)
    before = _state()

    response = _post_api(client, world.carrier_a, world.e_b.uscc)

    assert response.status_code == 403
    assert _state() == before


def test_a_new_credit_code_is_registered_in_the_carriers_area(client, world):
    client.force_login(world.operator_a)
    code = uscc(901)

    response = client.post(
        f"/registry/carriers/{world.carrier_a.pk}/tenants/",
        {"enterprise_uscc": code, "enterprise_name": "新入驻科技公司", "entered_on": "2025-03-01"},
    )

    assert response.status_code == 302
    assert Enterprise.objects.get(uscc=code).area == world.town_x
    assert Tenancy.objects.filter(carrier=world.carrier_a, enterprise__uscc=code).exists()


# --- what a carrier sees of its tenants -------------------------------------


def _assert_private_absent(body: str, *, labels: bool = True) -> None:
    """Contact, phone, address, certificate; with ``labels`` also the stage and qualification names
    (list pages carry those in their filters, so there the enterprise's name is checked instead)."""
    for secret in (CONTACT, PHONE, ADDRESS, CERTIFICATE) + (("认定", "高新技术企业") if labels else ()):
        assert secret not in body, secret


def test_operator_sees_its_current_tenant_as_the_monthly_report_needs_it(client, world, private_tenant):
    client.force_login(world.operator_a)

    carrier_page = client.get(f"/registry/carriers/{world.carrier_a.pk}/")
    tenants_api = client.get(f"/api/registry/carriers/{world.carrier_a.pk}/tenants")
    detail_page = client.get(f"/registry/enterprises/{private_tenant.pk}/")

    for response in (carrier_page, detail_page):
        assert response.status_code == 200
        body = response.content.decode()
        assert "甲科技有限公司" in body and private_tenant.uscc in body and "新材料" in body
        _assert_private_absent(body)
    assert tenants_api.status_code == 200
    rows = tenants_api.json()
    assert [(r["enterprise_name"], r["enterprise_uscc"], r["enterprise_industry"]) for r in rows] == [
        ("甲科技有限公司", private_tenant.uscc, "新材料")
    ]
    _assert_private_absent(tenants_api.content.decode("utf-8"))


@pytest.mark.parametrize(
    "url",
    [
        "/api/registry/enterprises/{pk}",
        "/api/registry/enterprises/{pk}/qualifications",
        "/api/registry/enterprises",
        "/api/registry/qualifications",
        "/registry/enterprises/",
        "/registry/renewals/?months=36",
    ],
)
def test_operator_gets_no_enterprise_record_anywhere(client, world, private_tenant, url):
    client.force_login(world.operator_a)

    response = client.get(url.format(pk=private_tenant.pk))

    assert response.status_code in (200, 404)
    body = response.content.decode("utf-8")
    _assert_private_absent(body, labels=url.startswith("/api/"))
    assert "甲科技" not in body
    if url.startswith("/api/") and response.status_code == 200:
        assert response.json() == []


def test_after_exit_the_operator_keeps_the_tenancy_row_only(client, world, private_tenant):
    update_tenancy(world.t_a, left_on=dt.date(2025, 6, 30), exit_reason="graduated")
    client.force_login(world.operator_a)

    carrier_page = client.get(f"/registry/carriers/{world.carrier_a.pk}/").content.decode()

    assert "甲科技有限公司" in carrier_page and "2023-01-01" in carrier_page and "2025-06-30" in carrier_page
    assert f"/registry/enterprises/{private_tenant.pk}/" not in carrier_page
    _assert_private_absent(carrier_page)
    assert client.get(f"/registry/enterprises/{private_tenant.pk}/").status_code == 404
    assert client.get(f"/api/registry/enterprises/{private_tenant.pk}").status_code == 404


def test_a_tenant_from_another_town_stays_out_of_the_liaisons_reach(client, world, qtypes):
    """朱泾's liaison files 枫泾's 乙科技 into 朱泾's carrier and sees its tenant view, not its certificate."""
    client.force_login(world.liaison_x)
    assert _post_api(client, world.carrier_a, world.e_b.uscc).status_code == 201

    detail = client.get(f"/registry/enterprises/{world.e_b.pk}/").content.decode()
    edit = client.patch(
        f"/api/registry/enterprises/{world.e_b.pk}",
        data=json.dumps({"contact_phone": "110"}),
        content_type="application/json",
    )

    assert "乙科技有限公司" in detail and "GR2023001" not in detail and "高新技术企业" not in detail
    assert edit.status_code == 404
    assert Enterprise.objects.get(pk=world.e_b.pk).contact_phone == ""


def test_the_enterprises_own_officers_still_see_the_full_record(client, world, private_tenant):
    client.force_login(world.liaison_x)

    body = client.get(f"/registry/enterprises/{private_tenant.pk}/").content.decode()

    for value in (CONTACT, PHONE, ADDRESS, CERTIFICATE, "认定"):
        assert value in body
    assert Qualification.objects.filter(enterprise=private_tenant).count() == 1
    assert LadderStage.objects.filter(enterprise=private_tenant).exists()
