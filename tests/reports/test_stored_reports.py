"""Generated reports through the HTTP stack: made from a page or the API, kept byte for byte, shown
only to those who may see their area, refused in Chinese when asked wrongly, never half-written."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from openpyxl import load_workbook

from kechuang.observations.domain import record_observation
from kechuang.plans.models import Indicator
from kechuang.reports import stored, views
from kechuang.reports.models import GeneratedReport
from kechuang.tenancy.models import Membership, Role
from tests.monitor.builders import AS_OF, build_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(shanghai, django_user_model):
    def member(name: str, role: str, area) -> Client:
        user = django_user_model.objects.create_user(name, last_name=name)
        Membership.objects.create(user=user, role=role, area=area)
        client = Client()
        client.force_login(user)
        return client

    return {
        "admin": member("金山管理员", Role.DISTRICT_ADMIN, shanghai["jinshan"]),
        "other": member("松江管理员", Role.DISTRICT_ADMIN, shanghai["songjiang"]),
        "viewer": member("金山只读", Role.VIEWER, shanghai["jinshan"]),
    }


def _generate(client: Client, plan, fmt: str = "xlsx", at: str = AS_OF.isoformat()):
    return client.post("/reports/generate/plan/", {"plan": plan.pk, "at": at, "format": fmt})


def _sheet_text(data: bytes) -> str:
    book = load_workbook(io.BytesIO(data))
    return " ".join(
        str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c
    )


def test_a_report_made_from_the_page_is_kept_and_downloads_unchanged_after_a_correction(shanghai, people):
    plan = build_plan(shanghai["jinshan"])
    response = _generate(people["admin"], plan)
    report = GeneratedReport.objects.get()
    assert response.status_code == 302 and response["Location"].startswith("/reports/?new=")
    assert report.requested_by_name == "金山管理员" and report.plan == plan and report.as_of == AS_OF
    first = people["admin"].get(f"/reports/{report.pk}/download/")
    assert first.status_code == 200 and "attachment" in first["Content-Disposition"]
    assert "高新技术企业数" in _sheet_text(first.content) and "160" in _sheet_text(first.content)
    assert any("高新技术企业数" in str(t["rows"]) for t in report.snapshot["tables"])  # the figures it used

    hnte = Indicator.objects.get(plan=plan, name="高新技术企业数")
    record_observation(
        indicator=hnte, area=plan.area, period="2023", value=175, source="statistics", reason="统计局更正"
    )
    again = people["admin"].get(f"/reports/{report.pk}/download/")
    assert again.content == first.content  # signed and sent: the kept file never changes

    listing = people["viewer"].get("/reports/").content.decode()
    assert plan.title in listing and "金山管理员" in listing  # the area's viewer sees it too


def test_another_district_neither_sees_nor_makes_the_plans_report(shanghai, people):
    plan = build_plan(shanghai["jinshan"])
    _generate(people["admin"], plan)
    report = GeneratedReport.objects.get()
    assert people["other"].get(f"/reports/{report.pk}/download/").status_code == 404
    assert plan.title not in people["other"].get("/reports/").content.decode()
    assert _generate(people["other"], plan).status_code == 404
    assert GeneratedReport.objects.count() == 1


def _listed(client: Client) -> set[int]:
    """The reports the page lists, page after page."""
    seen: set[int] = set()
    for number in range(1, 10):
        page = client.get(f"/reports/?page={number}").content.decode()
        ids = {int(pk) for pk in re.findall(r'id="report-(\d+)"', page)}
        if ids <= seen:
            return seen
        seen |= ids
    return seen


def _exported(client: Client) -> list[tuple[str, dt.date]]:
    """The (title, as-of date) of every row of the page's Excel export, up to the notes under it."""
    response = client.get("/reports/?format=xlsx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "报告" and rows[0][4] == "数据截至"
    return sorted((r[0], r[4].date()) for r in rows[1:] if r[1])


def test_the_export_lists_exactly_the_reports_the_page_lists(shanghai, people, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 1)  # the page shows one report a page; the export all of them
    plan = build_plan(shanghai["jinshan"])
    other_plan = build_plan(shanghai["songjiang"], title="松江区科技创新“十四五”规划")
    _generate(people["admin"], plan)
    _generate(people["admin"], plan, at=(AS_OF - dt.timedelta(days=30)).isoformat())
    _generate(people["other"], other_plan)

    listed = _listed(people["admin"])
    ours = GeneratedReport.objects.filter(area=shanghai["jinshan"])
    assert listed == set(ours.values_list("pk", flat=True)) and len(listed) == 2
    assert _exported(people["admin"]) == sorted((r.title, r.as_of) for r in ours)

    theirs = _exported(people["other"])  # another district's admin: its own report, none of Jinshan's
    assert theirs == [(GeneratedReport.objects.get(area=shanghai["songjiang"]).title, AS_OF)]
    assert not any(plan.title in title for title, _ in theirs)


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        ("plan", {"plan": "999999", "format": "docx"}, "编号为 999999 的规划不存在"),
        ("plan", {"plan": "abc", "format": "docx"}, "规划编号“abc”无效"),
        ("plan", {"plan": "{plan}", "at": "2024-13-40", "format": "docx"}, "日期“2024-13-40”无效"),
        ("plan", {"plan": "{plan}", "format": "odt"}, "格式“odt”无效"),
        ("bulletin", {"area": "310116", "month": "2025-13", "format": "docx"}, "月份“2025-13”无效"),
        ("annual", {"area": "999999", "year": "2024", "format": "docx"}, "地区“999999”不存在"),
    ],
)
def test_a_bad_request_is_refused_in_chinese_and_writes_nothing(shanghai, people, kind, data, message):
    plan = build_plan(shanghai["jinshan"])
    data = {k: v.replace("{plan}", str(plan.pk)) for k, v in data.items()}
    response = people["admin"].post(f"/reports/generate/{kind}/", data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not GeneratedReport.objects.exists()


def test_a_failure_while_rendering_leaves_neither_a_row_nor_a_file(shanghai, people, monkeypatch):
    plan = build_plan(shanghai["jinshan"])

    def broken(*args, **kwargs):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(GeneratedReport.objects, "create", broken)
    with pytest.raises(RuntimeError):
        _generate(people["admin"], plan)
    assert not GeneratedReport.objects.exists()
    assert not list(Path(settings.KECHUANG_REPORT_DIR).glob("*"))


def test_the_api_returns_the_file_and_keeps_it(shanghai, people):
    plan = build_plan(shanghai["jinshan"])
    response = people["admin"].post(f"/api/reports/plan/{plan.pk}?at={AS_OF.isoformat()}&format=xlsx")
    assert response.status_code == 200 and "高新技术企业数" in _sheet_text(response.content)
    assert GeneratedReport.objects.get().sha256 == stored.hashlib.sha256(response.content).hexdigest()
    refused = people["admin"].post(f"/api/reports/plan/{plan.pk}?at=2019-01-01&format=xlsx")
    assert refused.status_code == 400 and "detail" in refused.json()


def test_the_public_gets_a_published_plans_report_only(shanghai):
    published = build_plan(shanghai["jinshan"])
    draft = build_plan(shanghai["jinshan"], title="草稿规划", status="draft")
    anonymous = Client()
    ok = anonymous.get(f"/public/plans/{published.pk}/report/?format=xlsx")
    assert ok.status_code == 200 and "高新技术企业数" in _sheet_text(ok.content)
    assert anonymous.get(f"/public/plans/{draft.pk}/report/?format=xlsx").status_code == 404
    assert not GeneratedReport.objects.exists()  # the public copy is made on request, not kept


def test_a_visitor_may_download_a_limited_number_of_public_reports_an_hour(shanghai):
    from kechuang.reports.views import PUBLIC_REPORTS

    published = build_plan(shanghai["jinshan"])
    visitor = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(PUBLIC_REPORTS.per_window):
        assert visitor.get(f"/public/plans/{published.pk}/report/?format=xlsx").status_code == 200
    refused = visitor.get(f"/public/plans/{published.pk}/report/?format=xlsx")
    assert refused.status_code == 429 and "每个地址每小时最多下载" in refused.content.decode()
    assert (
        Client(REMOTE_ADDR="203.0.113.8").get(f"/public/plans/{published.pk}/report/?format=xlsx").status_code
        == 200
    )
