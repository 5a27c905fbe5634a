"""The enterprise import and the figures derived from it are saved together or not at all.

A failure while the registry's figures are recomputed leaves neither rows nor figures behind and
tells the person in Chinese; a re-import that changes no row still repairs stale figures.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kechuang.observations.models import Observation
from kechuang.registry import queries
from kechuang.registry.models import Enterprise, Qualification
from kechuang.tenancy.models import AuditEntry
from tests.registry.conftest import uscc
from tests.registry.test_imports import workbook

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def hnte_file() -> bytes:
    return workbook(
        [
            (uscc(1), "甲科技", "朱泾镇", "新材料", "", "", "", "", None),
            (uscc(2), "乙科技", "朱泾镇", "", "", "", "", "", None),
        ],
        [
            (uscc(1), "hnte", "GR2023001", dt.date(2023, 6, 1), None),
            (uscc(2), "hnte", "GR2023002", dt.date(2023, 7, 1), None),
        ],
    )


def post(client, data: bytes):
    """Upload the workbook, then confirm its preview (the import writes only on confirmation)."""
    preview = client.post(
        "/registry/import/", {"file": SimpleUploadedFile("企业.xlsx", data, content_type=XLSX)}
    )
    assert "尚未写入任何数据" in preview.content.decode()
    return client.post("/registry/import/confirm/", {"token": preview.context["token"], "action": "confirm"})


def hnte(area, year: int = 2023) -> float | None:
    obs = Observation.objects.filter(
        catalog__code="HNTE_COUNT", area=area, period=str(year), source="registry"
    ).first()
    return obs.value if obs else None


@pytest.fixture
def failing_refresh(monkeypatch):
    """The figures break after the first area was already recomputed (a crash in the middle)."""
    real = queries.registry_figures
    calls = []

    def breaks_on_second_area(area, year):
        calls.append(area)
        if len(calls) > 1:
            raise RuntimeError("汇总中断")
        return real(area, year)

    monkeypatch.setattr(queries, "registry_figures", breaks_on_second_area)
    return calls


def test_import_whose_figures_fail_saves_nothing_and_says_so_in_chinese(
    admin_client, shanghai, failing_refresh
):
    response = post(admin_client, hnte_file())

    page = response.content.decode()
    assert response.status_code == 200
    assert "文件未导入" in page
    assert "本次导入没有写入任何数据" in page
    assert "导入完成" not in page
    assert len(failing_refresh) > 1  # the refresh really ran and broke midway
    assert Enterprise.objects.count() == 0
    assert Qualification.objects.count() == 0
    assert not AuditEntry.objects.filter(action="import").exists()
    assert not Observation.objects.filter(source="registry").exists()  # the area done before the crash too


def test_import_saves_rows_and_figures_and_says_which(admin_client, shanghai):
    response = post(admin_client, hnte_file())

    page = response.content.decode()
    assert "导入完成" in page
    assert "新增企业 2 家" in page
    assert "由登记库汇总的监测数据（2023、" in page
    assert "更新 " in page
    assert (hnte(shanghai["town"]), hnte(shanghai["jinshan"])) == (2.0, 2.0)


def test_reimport_without_changes_repairs_stale_figures(admin_client, shanghai):
    post(admin_client, hnte_file())
    Observation.objects.filter(catalog__code="HNTE_COUNT", period="2023", area=shanghai["jinshan"]).update(
        value=999
    )  # stale, as after a crash between the rows and the figures

    response = post(admin_client, hnte_file())

    page = response.content.decode()
    assert "与已有数据一致，没有变化" in page
    assert "更新 1 项" in page
    assert hnte(shanghai["jinshan"]) == 2.0
    assert AuditEntry.objects.filter(action="import").count() == 1  # no rows changed, so no second entry
