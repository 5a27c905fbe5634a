"""Every table's download holds the rows its page shows under the same filters, and is refused exactly
like the page (issue 12). The pages run through the real HTTP stack in the access-matrix world."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from kechuang.observations.domain import record_observation
from kechuang.plans.models import Indicator, Target
from kechuang.registry.domain import add_qualification, save_carrier, save_enterprise
from kechuang.registry.uscc import make_uscc
from kechuang.tenancy.models import AuditEntry
from tests.access.world import ROLES, build_world
from tests.common.exporting import column, csv_rows, page_texts, xlsx_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(django_user_model):
    w = build_world(django_user_model)
    # A certificate that runs out within the year, so the renewals page lists something.
    issued = dt.date.today() - dt.timedelta(days=3 * 365 - 60)
    add_qualification(w.enterprise, qtype=w.hnte, certificate_no="GR-RENEW", issued_on=issued)
    return w


def _client(world, role: str) -> Client:
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def _with(url: str, fmt: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}format={fmt}"


# (label, role, URL, the page's cells to compare, the export's column holding them)
PAGES = [
    (
        "监测总览",
        "liaison_here",
        lambda w: "/monitor/",
        "//table[contains(@class,'monitor-plans')]/tbody/tr/td[1]",
        "规划",
    ),
    (
        "规划监测（按状态筛选）",
        "admin_here",
        lambda w: f"/monitor/plans/{w.published.plan.pk}/?status=awaiting_data&sort=indicator&dir=desc",
        "//table[contains(@class,'overview')]/tbody/tr/td[1]/a",
        "指标",
    ),
    (
        "指标详情",
        "viewer",
        lambda w: f"/monitor/indicators/{w.published.indicator.pk}/",
        "//table[contains(@class,'observations')]/tbody/tr/td[1]",
        "期间",
    ),
    (
        "任务看板",
        "liaison_here",
        lambda w: f"/monitor/plans/{w.district_plan.plan.pk}/tasks/",
        "//table[contains(@class,'task-board')]/tbody/tr/td[@class='goal']/text()",
        "任务/项目",
    ),
    (
        "预警（全部状态）",
        "admin_here",
        lambda w: "/monitor/alerts/?state=all",
        "//table[contains(@class,'alerts')]/tbody/tr/td[1]",
        "指标",
    ),
    (
        "预警（已关闭）",
        "admin_here",
        lambda w: "/monitor/alerts/?state=closed",
        "//table[contains(@class,'alerts')]/tbody/tr/td[1]",
        "指标",
    ),
    (
        "填报进度",
        "admin_here",
        lambda w: "/collection/completeness/?period=2025-05",
        "//li[contains(@class,'missing-carrier')]/text()[1] | //li[contains(@class,'filed-carrier')]/a",
        "载体",
    ),
    (
        "月报列表（已提交）",
        "admin_here",
        lambda w: "/collection/?status=submitted",
        "//table[@class='data']/tbody/tr/td[2]/a",
        "载体",
    ),
    (
        "企业（搜索）",
        "admin_here",
        lambda w: "/registry/enterprises/?q=%E6%9C%B1%E6%B3%BE",
        "//table[@class='data']/tbody/tr/td[1]/a",
        "企业名称",
    ),
    (
        "企业（全部）",
        "superuser",
        lambda w: "/registry/enterprises/",
        "//table[@class='data']/tbody/tr/td[1]/a",
        "企业名称",
    ),
    (
        "证书到期",
        "liaison_here",
        lambda w: "/registry/renewals/?months=12",
        "//table[@class='data']/tbody/tr/td[1]/a",
        "企业",
    ),
    (
        "载体（按类型）",
        "admin_here",
        lambda w: "/registry/carriers/?kind=incubator",
        "//table[@class='data'][thead/tr/th[.='名称']]/tbody/tr/td[1]/a",
        "名称",
    ),
    (
        "载体入驻企业",
        "op_here",
        lambda w: f"/registry/carriers/{w.carrier.pk}/",
        "//table[@class='data'][thead/tr/th[.='企业']]/tbody/tr/td[1]",
        "企业",
    ),
    (
        "变更记录（按对象类型）",
        "admin_here",
        lambda w: "/audit/?model=registry.carrier",
        "//table[contains(@class,'audit')]/tbody/tr/td[2]",
        "操作人",
    ),
]


def _texts(values: list[object]) -> list[str]:
    return ["" if v is None else str(v).strip() for v in values]


@pytest.mark.parametrize(("label", "role", "url", "cells", "header"), PAGES, ids=[p[0] for p in PAGES])
def test_each_export_holds_the_rows_its_page_shows(world, label, role, url, cells, header):
    client = _client(world, role)
    page = client.get(url(world))
    shown = [t for t in page_texts(page, cells) if t]
    if label == "填报进度":  # a missing carrier's line reads “名称（草稿）”
        shown = [t.split("（")[0] for t in shown]

    from_csv = csv_rows(client.get(_with(url(world), "csv")))
    from_xlsx = xlsx_rows(client.get(_with(url(world), "xlsx")))

    assert shown, f"{label}：页面上没有可比较的行"
    assert _texts(column(from_csv, header)) == shown
    assert _texts(column(from_xlsx, header)) == shown
    assert from_csv[0] == [str(h) for h in from_xlsx[0]]


def test_the_page_shows_export_links_carrying_its_filters(world):
    client = _client(world, "admin_here")

    links = page_texts(
        client.get("/registry/enterprises/?stage=&page=2"), "//p[@class='export-links']/a/@href"
    )

    assert links == [
        "/registry/enterprises/?stage=&format=xlsx",
        "/registry/enterprises/?stage=&format=csv",
    ]


@pytest.mark.parametrize(("label", "role", "url", "cells", "header"), PAGES, ids=[p[0] for p in PAGES])
def test_every_role_gets_from_the_export_what_it_gets_from_the_page(world, label, role, url, cells, header):
    """Same refusal for the anonymous, another town, another carrier; and never a row outside the scope."""
    far = [world.far_plan.plan.title, world.enterprise_far.name, world.far_carrier.name, world.far_town.name]
    here = [world.published.plan.title, world.enterprise.name, world.carrier.name]
    for who in ROLES:
        outside = here if who == "admin_other" else far
        client = _client(world, who)
        page = client.get(url(world))
        export = client.get(_with(url(world), "csv"))
        assert export.status_code == page.status_code, (who, export.status_code, page.status_code)
        if page.status_code == 302:
            assert export["Location"].split("?")[0] == page["Location"].split("?")[0]
        if export.status_code == 200 and who != "superuser":
            text = export.content.decode("utf-8")
            assert not [name for name in outside if name in text], who


def test_a_liaison_exports_only_their_own_towns_enterprises_and_an_operator_only_their_carrier(world):
    liaison = _client(world, "liaison_other")
    operator = _client(world, "op_other")

    enterprises = column(csv_rows(liaison.get("/registry/enterprises/?format=csv")), "企业名称")
    carriers = column(csv_rows(operator.get("/registry/carriers/?format=csv")), "名称")
    refused = operator.get(f"/registry/carriers/{world.carrier.pk}/?format=xlsx")

    assert enterprises == [world.enterprise_other.name]
    assert carriers == [world.other_carrier.name]
    assert refused.status_code == 404


def test_names_typed_as_formulas_are_neutralised_and_negative_figures_stay_numbers(world):
    admin = _client(world, "admin_here")
    for i, name in enumerate(["=1+1", "@SUM(A1)", "+1", "-1+1"]):
        save_carrier(acting_user=None, name=name, kind="incubator", level="district", area=world.town)
        save_enterprise(
            acting_user=None,
            uscc=make_uscc(40 + i, division="310116"),
            name=name,
            area=world.town,
            industry="新材料",
            address="",
            contact_name="",
            contact_phone="",
        )
    indicator = Indicator.objects.create(
        plan=world.published.plan, position=9, name="净流出企业数", unit="家"
    )
    Target.objects.create(indicator=indicator, year=2025, value=0, comparator="<=", kind="level")
    record_observation(indicator=indicator, area=world.town, period="2023", value=-3, source="statistics")

    carriers = column(csv_rows(admin.get("/registry/carriers/?format=csv")), "名称")
    sheet_rows = xlsx_rows(admin.get("/registry/enterprises/?format=xlsx"))
    figures = xlsx_rows(admin.get(f"/monitor/indicators/{indicator.pk}/?format=xlsx"))

    assert {"'=1+1", "'@SUM(A1)", "'+1", "'-1+1"} <= set(carriers)
    assert {"=1+1", "@SUM(A1)", "+1", "-1+1"} <= set(
        column(sheet_rows, "企业名称")
    )  # shown as typed, as text
    assert figures[0][:2] == ["期间", "数值（家）"]
    assert column(figures, "数值") == [-3]


def test_the_workbook_of_a_page_names_its_filters_and_source(world):
    admin = _client(world, "admin_here")

    response = admin.get("/audit/?model=registry.carrier&format=xlsx")

    from tests.common.exporting import xlsx_sheet

    notes = [
        c.value for c in xlsx_sheet(response)["A"] if c.value and str(c.value).startswith(("筛选", "数据"))
    ]
    assert notes == ["筛选条件：对象类型：科创载体", "数据来源：科创规划监测评估平台·变更记录"]
    assert AuditEntry.objects.filter(model="registry.carrier").exists()
