"""No simulated, provisional, draft or internal-note content on any public page or file, served
or exported: every page and file reachable from /public/ is read, and the export folder too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from kechuang.public.export import export_site
from tests.public.conftest import AT, DRAFT_FIGURE, NOTE, PROVISIONAL, SIMULATED
from tests.responses import finish

pytestmark = pytest.mark.django_db

LINK = re.compile(r'(?:href|src)="(/public/[^"#?]*)')


def _forbidden(plan) -> list[str]:
    words = [
        NOTE,
        "内部说明",
        plan.draft.title,
        plan.secret.name,
        'class="badge simulated"',
        "badge provisional",
    ]
    for value in (PROVISIONAL, SIMULATED, DRAFT_FIGURE):
        words += [repr(value), f"{value:,}", f"{value:,.2f}", str(value).replace(".", "")]
    return words


def _crawl(client: Client, reports: set[str] | None = None) -> dict[str, bytes]:
    """Every page and file the public site links to, starting from its index. The plan reports
    it links to are collected in ``reports`` (read by their own test, per format)."""
    seen: dict[str, bytes] = {}
    todo = ["/public/"]
    while todo:
        path = todo.pop()
        if path.endswith("/report/") and reports is not None:
            reports.add(path)
            continue
        if path in seen or path.startswith("/public/feedback/"):
            continue
        response = client.get(path + AT)
        assert response.status_code == 200, path
        seen[path] = finish(response)
        if response["Content-Type"].startswith("text/html"):
            todo += LINK.findall(seen[path].decode())
    return seen


def _leaks(name: str, body: bytes, words: list[str]) -> list[str]:
    text = body.decode("utf-8", "replace")
    return [f"{name}：{w}" for w in words if w in text]


def test_no_public_page_or_file_shows_internal_figures(public_plan):
    reports: set[str] = set()
    bodies = _crawl(Client(), reports)
    indicator = f"/public/indicators/{public_plan.hnte.pk}/"
    assert (
        indicator in bodies and indicator + "figures.csv" in bodies and indicator + "figures.json" in bodies
    )
    assert f"/public/plans/{public_plan.pk}/report/" in reports  # offered for download on the plan page
    assert b"1,234" in bodies[indicator]  # the real figures are there
    words = _forbidden(public_plan)
    problems = [
        p for name, body in bodies.items() if not name.endswith(".xlsx") for p in _leaks(name, body, words)
    ]
    assert not problems, "\n".join(problems)


def test_xlsx_has_no_internal_figures(public_plan):
    from io import BytesIO

    from openpyxl import load_workbook

    body = finish(Client().get(f"/public/indicators/{public_plan.hnte.pk}/figures.xlsx"))
    cells = [c.value for row in load_workbook(BytesIO(body)).active.iter_rows() for c in row]
    assert 1234 in cells
    assert not {PROVISIONAL, SIMULATED, DRAFT_FIGURE, NOTE} & set(cells)


def test_exported_site_shows_no_internal_figures(public_plan, tmp_path: Path):
    export_site(tmp_path)
    words = _forbidden(public_plan)
    problems = []
    for file in tmp_path.rglob("*"):
        if file.is_file() and "static" not in file.parts and file.suffix != ".xlsx":
            problems += _leaks(str(file.relative_to(tmp_path)), file.read_bytes(), words)
    assert not problems, "\n".join(problems)


def test_the_public_plan_report_has_no_internal_figures(public_plan):
    from io import BytesIO

    from openpyxl import load_workbook

    body = finish(Client().get(f"/public/plans/{public_plan.pk}/report/?format=xlsx"))
    book = load_workbook(BytesIO(body))
    cells = [c.value for sheet in book for row in sheet.iter_rows() for c in row]
    text = " ".join(str(c) for c in cells if c is not None)
    assert 1234 in cells or "1,234" in text  # the real figure is there
    assert not {PROVISIONAL, SIMULATED, DRAFT_FIGURE} & set(cells)
    assert not [w for w in _forbidden(public_plan) if w in text]
