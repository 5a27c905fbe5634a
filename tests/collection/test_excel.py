"""The Excel template: download, fill, upload; bad files are refused with the row and field named."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from kechuang.collection import domain, excel
from kechuang.collection.models import CarrierReport
from tests.collection.conftest import PERIOD, VALID, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(world, form):
    return domain.open_report(carrier=world["carrier_a"], period=PERIOD, form=form)[0]


def _filled(report, values: dict, *, period: str | None = None, carrier_id: object = None) -> bytes:
    wb = load_workbook(io.BytesIO(excel.build_template(report)))
    ws = wb[excel.SHEET]
    if period is not None:
        ws["B3"] = period
    if carrier_id is not None:
        ws["D2"] = carrier_id
    for row in ws.iter_rows(min_row=excel.FIRST_ROW):
        if row[0].value in values:
            row[3].value = values[row[0].value]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _upload(client, report, data: bytes, *, submit: bool = False, name: str = "月报.xlsx"):
    payload = {"file": SimpleUploadedFile(name, data, content_type=excel.XLSX_CONTENT_TYPE)}
    if submit:
        payload["submit"] = "on"
    preview = client.post(f"/collection/reports/{report.pk}/upload/", payload)
    if preview.status_code != 200:
        return preview  # refused at once: nothing to confirm
    assert "尚未保存" in preview.content.decode()
    return client.post(
        f"/collection/reports/{report.pk}/upload/confirm/",
        {"token": preview.context["token"], "submit": "1" if submit else "0", "action": "confirm"},
    )


def test_template_lists_fields_with_units_for_the_carrier_and_month(client, world, report):
    login(client, world["operator_a"])

    response = client.get(f"/collection/reports/{report.pk}/template.xlsx")

    ws = load_workbook(io.BytesIO(response.content))[excel.SHEET]
    rows = list(ws.iter_rows(min_row=excel.FIRST_ROW, values_only=True))
    assert response["Content-Type"] == excel.XLSX_CONTENT_TYPE
    assert (ws["B2"].value, ws["D2"].value, ws["B3"].value) == ("甲孵化器", world["carrier_a"].pk, PERIOD)
    assert rows[0][:3] == ("tenants", "在孵企业数（必填）", "家")
    assert rows[6][:3] == ("financing", "当月融资额（必填）", "万元")
    assert len(rows) == 11


def test_round_trip_upload_and_submit(client, world, report):
    login(client, world["operator_a"])

    response = _upload(client, report, _filled(report, VALID), submit=True)

    report.refresh_from_db()
    assert response.status_code == 302
    assert report.status == "submitted"
    assert report.values == VALID


def test_upload_saves_a_draft_that_downloads_prefilled(client, world, report):
    login(client, world["operator_a"])

    _upload(client, report, _filled(report, {"tenants": 12, "occupancy": "66%"}))
    again = load_workbook(io.BytesIO(client.get(f"/collection/reports/{report.pk}/template.xlsx").content))

    report.refresh_from_db()
    assert report.status == "draft"
    assert report.values == {"tenants": 12, "occupancy": 66.0}
    assert again[excel.SHEET]["D6"].value == 12


def test_bad_values_name_row_and_field_and_save_nothing(client, world, report):
    login(client, world["operator_a"])

    response = _upload(client, report, _filled(report, {"tenants": "四十", "occupancy": 120}))

    page = response.content.decode()
    report.refresh_from_db()
    assert response.status_code == 400
    assert "第 6 行：“在孵企业数”应为整数，填写的是“四十”" in page
    assert "第 11 行：“入驻率”不能大于 100（%）" in page
    assert report.values == {}


def test_rule_violation_on_submit_is_reported(client, world, report):
    login(client, world["operator_a"])

    response = _upload(client, report, _filled(report, {**VALID, "graduates": 50}), submit=True)

    assert "“当月毕业企业”（50）不能大于“在孵企业数”（40）" in response.content.decode()
    assert CarrierReport.objects.get(pk=report.pk).status == "draft"


def test_template_of_another_month_or_carrier_is_refused(client, world, report):
    login(client, world["operator_a"])

    wrong_month = _upload(client, report, _filled(report, VALID, period="2025-04"))
    wrong_carrier = _upload(client, report, _filled(report, VALID, carrier_id=world["carrier_b"].pk))

    assert "第 3 行：期间“2025-04”与本月报的期间 2025-05 不符" in wrong_month.content.decode()
    assert f"第 2 行：载体编号“{world['carrier_b'].pk}”与本月报的载体" in wrong_carrier.content.decode()
    assert CarrierReport.objects.get(pk=report.pk).values == {}


@pytest.mark.parametrize(
    "data",
    [b"tenants,40\n", b"PK\x03\x04 not really a zip", b"%PDF-1.4 fake"],
    ids=["csv", "broken-zip", "pdf"],
)
def test_files_that_are_not_xlsx_are_refused(client, world, report, data):
    login(client, world["operator_a"])

    response = _upload(client, report, data)

    assert "文件不是 Excel（.xlsx）格式" in response.content.decode()
    assert CarrierReport.objects.get(pk=report.pk).values == {}


def test_oversized_upload_is_refused(client, world, report, settings):
    settings.KECHUANG_MAX_UPLOAD_BYTES = 100
    login(client, world["operator_a"])

    response = _upload(client, report, _filled(report, VALID))

    assert "上限为 0 KB" in response.content.decode()
    assert CarrierReport.objects.get(pk=report.pk).values == {}


def test_zip_without_workbook_is_refused(world, report):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")

    result = excel.read_upload(report, buffer.getvalue())

    assert result.errors == ["文件不是 Excel（.xlsx）格式，请下载模板填写后上传"]


def test_excel_date_in_period_cell_is_read_as_the_month(world, report):
    import datetime as dt

    result = excel.read_upload(report, _filled(report, VALID, period=dt.datetime(2025, 5, 1)))

    assert result.errors == []
    assert result.values == VALID


def _preview(client, report, data: bytes):
    payload = {"file": SimpleUploadedFile("月报.xlsx", data, content_type=excel.XLSX_CONTENT_TYPE)}
    return client.post(f"/collection/reports/{report.pk}/upload/", payload)


def test_upload_shows_each_field_old_and_new_and_saves_only_on_confirmation(client, world, report):
    login(client, world["operator_a"])
    domain.save_draft(report, values={"tenants": 12, "occupancy": 66}, acting_user=world["operator_a"])

    preview = _preview(client, report, _filled(report, {"tenants": 14, "occupancy": 66, "graduates": 1}))

    page = preview.content.decode()
    lines = preview.context["preview"].lines
    assert [(line.code, line.old, line.new) for line in lines["change"]] == [("tenants", "12", "14")]
    assert [line.code for line in lines["add"]] == ["graduates"]
    assert [line.code for line in lines["same"] if line.old != "—"] == ["occupancy"]
    assert "<del>12</del> → <ins>14</ins>" in page
    assert CarrierReport.objects.get(pk=report.pk).values == {"tenants": 12, "occupancy": 66}

    client.post(
        f"/collection/reports/{report.pk}/upload/confirm/",
        {"token": preview.context["token"], "submit": "0", "action": "confirm"},
    )

    assert CarrierReport.objects.get(pk=report.pk).values == {"tenants": 14, "occupancy": 66, "graduates": 1}


def test_upload_confirm_by_another_user_or_after_a_change_is_refused(client, world, report):
    login(client, world["operator_a"])
    token = _preview(client, report, _filled(report, {"tenants": 14})).context["token"]
    confirm = {"token": token, "submit": "0", "action": "confirm"}

    login(client, world["liaison_x"])
    other = client.post(f"/collection/reports/{report.pk}/upload/confirm/", confirm)
    assert other.status_code == 403
    assert CarrierReport.objects.get(pk=report.pk).values == {}

    domain.save_draft(report, values={"tenants": 20}, acting_user=world["operator_a"])
    login(client, world["operator_a"])
    stale = client.post(f"/collection/reports/{report.pk}/upload/confirm/", confirm)

    assert stale.status_code == 409
    assert "预览之后月报已被修改" in stale.content.decode()
    assert "<del>20</del> → <ins>14</ins>" in stale.content.decode()
    assert CarrierReport.objects.get(pk=report.pk).values == {"tenants": 20}
