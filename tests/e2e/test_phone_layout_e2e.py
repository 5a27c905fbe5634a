"""At a phone's width (390 px) no page scrolls sideways, whoever is logged in: a wide table scrolls
inside its own box with its first column kept in view, and the monthly report form (operators fill
it on their phones) shows each field's name above a box as wide as the screen."""

from __future__ import annotations

import pytest

from tests.access.world import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PASSWORD = "pw-phone-123"


def _pages(w, role: str) -> list[str]:
    """A representative page of each kind the role can reach."""
    public = ["/", "/public/", f"/public/plans/{w.published.plan.pk}/", "/monitor/method/"]
    area = [
        "/plans/",
        f"/plans/{w.published.plan.pk}/",
        "/monitor/",
        f"/monitor/plans/{w.published.plan.pk}/",
        f"/monitor/plans/{w.published.plan.pk}/tasks/",
        f"/monitor/indicators/{w.published.indicator.pk}/",
        "/monitor/alerts/",
        "/monitor/compare/",
        f"/monitor/areas/{w.town.pk}/",
        "/registry/enterprises/",
        f"/registry/enterprises/{w.enterprise.pk}/",
        "/registry/carriers/",
        f"/registry/carriers/{w.carrier.pk}/",
        "/collection/",
        "/collection/completeness/",
        f"/collection/reports/{w.approved_report.pk}/",
    ]
    writers = [
        f"/plans/{w.draft.plan.pk}/review/",
        "/observations/",
        f"/observations/plans/{w.published.plan.pk}/",
        "/registry/enterprises/new/",
        "/registry/import/",
        f"/collection/reports/{w.submitted_report.pk}/",
    ]
    if role == "admin_here":
        return public + area + writers + ["/audit/", "/users/", "/users/import/", "/areas/", "/areas/import/"]
    if role == "liaison_here":
        return public + area + writers[1:]
    if role == "viewer":
        return public + area
    return public + [  # the carrier's operator
        "/collection/",
        f"/collection/reports/{w.draft_report.pk}/",
        f"/collection/reports/{w.approved_report.pk}/",
        f"/registry/carriers/{w.carrier.pk}/",
    ]


@pytest.fixture
def world(django_user_model):
    w = build_world(django_user_model)
    for user in w.users.values():
        if user is not None:
            user.set_password(PASSWORD)
            user.save()
    return w


def _log_in_on_a_phone(browser_page, username: str):
    page = browser_page.page
    page.set_viewport_size(PHONE)
    browser_page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def _first_cell_after_scrolling(page) -> dict | None:
    """Scroll the first table wider than its box to its far end; where is its first cell then?"""
    return page.evaluate(
        """() => {
          const box = [...document.querySelectorAll('.table-wrap')].find(b => b.scrollWidth > b.clientWidth + 20);
          if (!box) return null;
          box.scrollLeft = box.scrollWidth;
          const cell = box.querySelector('tbody tr td, tbody tr th');
          const r = cell.getBoundingClientRect(), frame = box.getBoundingClientRect();
          cell.scrollIntoView({block: 'center', inline: 'nearest'});
          const again = cell.getBoundingClientRect();
          const hit = document.elementFromPoint(again.left + again.width / 2, again.top + again.height / 2);
          return {scrolled: box.scrollLeft, left: r.left, frameLeft: frame.left,
                  onTop: hit !== null && cell.contains(hit), text: cell.innerText.trim()};
        }"""
    )


@pytest.mark.parametrize("role", ["admin_here", "liaison_here", "viewer", "op_here"])
def test_no_page_scrolls_sideways_on_a_phone(browser_page, world, role):
    page = _log_in_on_a_phone(browser_page, role)
    statuses, too_wide = {}, {}
    for path in _pages(world, role):
        response = browser_page.goto(path)
        page.wait_for_load_state("networkidle")
        statuses[path] = response.status
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[path] = width

    assert {p: s for p, s in statuses.items() if s != 200} == {}
    assert too_wide == {}
    assert browser_page.console_errors == []
    assert browser_page.offsite == []


def test_a_wide_table_scrolls_in_its_box_and_keeps_its_first_column_in_view(browser_page, world):
    page = _log_in_on_a_phone(browser_page, "admin_here")
    browser_page.goto(f"/monitor/plans/{world.published.plan.pk}/")
    page.wait_for_load_state("networkidle")
    cell = _first_cell_after_scrolling(page)

    assert cell is not None, "the targets table should be wider than a phone"
    assert cell["scrolled"] > 100
    assert cell["left"] >= cell["frameLeft"] - 1  # not scrolled out of its box
    assert cell["onTop"]  # nothing scrolled over it
    assert world.published.indicator.name in cell["text"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_figures_stay_right_aligned_in_a_table_on_a_phone(browser_page, world):
    page = _log_in_on_a_phone(browser_page, "viewer")
    browser_page.goto(f"/collection/reports/{world.approved_report.pk}/")
    page.wait_for_load_state("networkidle")
    aligned = page.evaluate(
        """() => [...document.querySelectorAll('table.values tbody tr')].map(
             tr => [tr.cells[1].innerText.trim(), getComputedStyle(tr.cells[1]).textAlign,
                    getComputedStyle(tr.cells[0]).textAlign])"""
    )

    assert len(aligned) == 11
    assert {(figure_side, name_side) for _, figure_side, name_side in aligned} == {("right", "left")}
    assert [figure for figure, _, _ in aligned][:2] == ["40", "3"]


def test_a_column_of_counts_is_right_aligned_though_its_template_did_not_say(browser_page, world):
    page = _log_in_on_a_phone(browser_page, "viewer")
    browser_page.goto("/registry/funnel/")
    page.wait_for_load_state("networkidle")
    sides = page.evaluate(
        """() => [...document.querySelectorAll('table.data tr')].map(
             tr => [...tr.cells].map(c => getComputedStyle(c).textAlign))"""
    )

    assert len(sides) >= 5  # the heading and one row a stage
    assert {row[0] for row in sides} == {"left"}  # the stage
    assert {side for row in sides for side in row[1:]} == {"right"}  # the counts, and their headings


def test_the_monthly_report_form_is_one_field_a_row_on_a_phone(browser_page, world):
    page = _log_in_on_a_phone(browser_page, "op_here")
    browser_page.goto(f"/collection/reports/{world.draft_report.pk}/")
    page.wait_for_load_state("networkidle")
    label = page.locator("form.report-form label", has_text="在孵企业数").first.bounding_box()
    box = page.locator("form.report-form input[name=tenants]").bounding_box()
    buttons = [b.bounding_box() for b in page.locator("form.report-form > button").all()]

    assert label["y"] + label["height"] <= box["y"] + 1  # the name above its box
    assert box["width"] >= 0.7 * PHONE["width"]  # a box as wide as the screen, less the unit beside it
    assert box["height"] >= 36
    assert len(buttons) == 2 and all(b["height"] >= 44 for b in buttons)
    assert abs(buttons[0]["y"] - buttons[1]["y"]) < 2  # 保存草稿 and 提交审核 side by side
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # Eleven fields, the upload and the attachments: a few screens, not a scroll marathon.
    assert page.evaluate("document.documentElement.scrollHeight") < 3200
