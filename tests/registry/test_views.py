"""Registry pages through the real HTTP stack: content, fixed query counts, import, template, demo."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from kechuang.registry.demo import load_registry_demo
from kechuang.registry.domain import add_qualification, add_tenant, save_carrier, save_enterprise
from kechuang.registry.imports import build_template
from kechuang.registry.models import Enterprise
from kechuang.tenancy.models import AuditEntry
from tests.registry.conftest import uscc
from tests.registry.test_imports import good_file, workbook

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _add_enterprises(world, qtypes, n, issued_on=dt.date(2023, 1, 1)):
    for i in range(n):
        e, _ = save_enterprise(acting_user=None, uscc=uscc(100 + i), name=f"列表企业{i}", area=world.town_x)
        add_qualification(e, qtype=qtypes["hnte"], issued_on=issued_on)
        add_tenant(world.carrier_a, enterprise=e, entered_on=dt.date(2023, 1, 1))


def _add_carriers(world, n):
    for i in range(n):
        save_carrier(
            acting_user=None, name=f"列表载体{i}", kind="incubator", level="district", area=world.town_x
        )


# One query count for 1 and for 3 items: no query per row.
@pytest.mark.parametrize("item_count", [1, 3])
def test_enterprise_list_query_count_is_independent_of_rows(
    client, world, qtypes, django_assert_num_queries, item_count
):
    _add_enterprises(world, qtypes, item_count)
    client.force_login(world.liaison_x)

    with django_assert_num_queries(11):  # +1: the header's unread-notification count
        body = client.get("/registry/enterprises/?qualification=hnte&on=2024-01-01").content.decode()

    assert body.count("列表企业") == item_count
    assert f"有效高新技术企业：<strong>{item_count}</strong> 家" in body


@pytest.mark.parametrize("item_count", [1, 3])
def test_carrier_list_query_count_is_independent_of_rows(
    client, world, django_assert_num_queries, item_count
):
    _add_carriers(world, item_count)
    client.force_login(world.liaison_x)

    with django_assert_num_queries(8):  # +1: the header's unread-notification count
        body = client.get("/registry/carriers/").content.decode()

    assert body.count("列表载体") == item_count
    assert "朱泾孵化器" in body


@pytest.mark.parametrize("item_count", [1, 3])
def test_renewal_list_query_count_is_independent_of_rows(
    client, world, qtypes, django_assert_num_queries, item_count
):
    # valid for three years from issue: due within the next 36 months whatever today is
    _add_enterprises(world, qtypes, item_count, issued_on=timezone.localdate() - dt.timedelta(days=400))
    client.force_login(world.liaison_x)

    with django_assert_num_queries(7):  # +1: the header's unread-notification count
        body = client.get("/registry/renewals/?months=36").content.decode()

    assert body.count("列表企业") == item_count


@pytest.mark.parametrize("item_count", [1, 3])
def test_api_enterprise_list_query_count_is_independent_of_rows(
    client, world, qtypes, django_assert_num_queries, item_count
):
    _add_enterprises(world, qtypes, item_count)
    client.force_login(world.liaison_x)

    with django_assert_num_queries(5):
        rows = client.get("/api/registry/enterprises").json()

    assert len(rows) == item_count + 1  # plus 甲科技 of the fixture


def test_enterprise_detail_shows_qualifications_ladder_tenancy_and_audit_to_admin(client, world):
    client.force_login(world.admin)

    body = client.get(f"/registry/enterprises/{world.e_b.pk}/").content.decode()

    assert "GR2023001" in body and "2026-04-30" in body
    assert "枫泾众创空间" in body
    assert "变更记录" in body


def test_enterprise_detail_hides_audit_from_liaison(client, world):
    client.force_login(world.liaison_x)

    body = client.get(f"/registry/enterprises/{world.e_a.pk}/").content.decode()

    assert "甲科技有限公司" in body
    assert "变更记录" not in body


def test_funnel_page_defaults_to_the_users_area(client, world):
    client.force_login(world.liaison_x)

    body = client.get("/registry/funnel/?year=2024").content.decode()

    assert "梯度培育漏斗：朱泾镇 2024 年" in body


def test_import_page_imports_and_reports_counts(client, world):
    client.force_login(world.admin)
    data = workbook(
        [
            (uscc(600), "导入一", "朱泾镇"),
            (uscc(601), "导入二", "枫泾镇"),
            (world.e_a.uscc, "甲科技改名", "朱泾镇"),
        ]
    )
    upload = SimpleUploadedFile("企业.xlsx", data, content_type=XLSX)

    preview = client.post("/registry/import/", {"file": upload})
    assert "企业：新增 2 家，变更 1 家，未变 0 家" in preview.content.decode()
    assert "企业名称：<del>甲科技有限公司</del> → <ins>甲科技改名</ins>" in preview.content.decode()
    assert not AuditEntry.objects.filter(action="import").exists()
    body = client.post(
        "/registry/import/confirm/", {"token": preview.context["token"], "action": "confirm"}
    ).content.decode()

    assert "新增企业 2 家，更新 1 家" in body
    assert Enterprise.objects.get(uscc=uscc(601)).area == world.town_y
    assert AuditEntry.objects.get(action="import").user == world.admin


def test_import_page_lists_row_errors_and_writes_nothing(client, world):
    client.force_login(world.liaison_x)
    upload = SimpleUploadedFile("企业.xlsx", good_file(), content_type=XLSX)
    before = Enterprise.objects.count()

    body = client.post("/registry/import/", {"file": upload}).content.decode()

    assert "文件未导入" in body
    assert "第 3 行 所在地区：无权在“金山区”登记企业" in body  # 310116 is 金山区, above 朱泾镇
    assert Enterprise.objects.count() == before


def test_import_is_refused_to_viewers_and_operators(client, world):
    for user in (world.viewer, world.operator_a):
        client.force_login(user)
        assert client.get("/registry/import/").status_code == 403


def test_template_download_is_an_xlsx(client, world):
    client.force_login(world.liaison_x)

    response = client.get("/registry/import/template.xlsx")

    assert response["Content-Type"] == XLSX
    assert response.content[:2] == b"PK"
    # Same sheets and headers as the template the import reads (bytes differ by the zip's timestamps).
    downloaded = load_workbook(io.BytesIO(response.content))
    expected = load_workbook(io.BytesIO(build_template()))
    assert downloaded.sheetnames == expected.sheetnames
    for name in expected.sheetnames:
        assert [c.value for c in downloaded[name][1]] == [c.value for c in expected[name][1]]


def test_demo_is_deterministic_and_idempotent(db):
    from kechuang.demo.loader import load_area_tree

    load_area_tree()
    first = load_registry_demo()
    snapshot = (
        list(Enterprise.objects.values("uscc", "name", "stage").order_by("uscc")),
        AuditEntry.objects.count(),
    )

    second = load_registry_demo()

    assert first[0].startswith("登记库：载体 6 个，企业 61 家（新增 61 家）")
    assert second[0].startswith("登记库：载体 6 个，企业 61 家（新增 0 家）")
    assert (
        list(Enterprise.objects.values("uscc", "name", "stage").order_by("uscc")),
        AuditEntry.objects.count(),
    ) == snapshot


def test_audit_trail_reads_as_chinese(client, world):
    """The trail names actions, record kinds and fields in Chinese, never codes or internal ids."""
    save_enterprise(acting_user=world.admin, enterprise=world.e_a, industry="集成电路")
    client.force_login(world.admin)

    page = client.get("/audit/").content.decode()

    assert "修改" in page and "企业：甲科技有限公司" in page and "所属行业：新材料 → 集成电路" in page
    # a linked record by its name, not its id; a new record shows its values
    assert "载体：朱泾孵化器" in page
    visible = re.sub(r"<[^>]+>", " ", page.split("<main>")[1].split("</main>")[0])
    for code in ("update", "registry.enterprise", "industry", "#"):
        assert code not in visible, code
