"""An honest demo (issue 9, part 9): simulated figures look like their unit, every page showing one
says so, the registry and the monthly reports agree, and a second run leaves other people's plans alone.

The demo database is built once for the module (about twenty seconds: four documents read by the
plan reader) inside a transaction that is rolled back at the end; each test runs in a savepoint.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from kechuang.collection.models import CarrierReport
from kechuang.common.demo import demo_ids
from kechuang.demo.loader import load_demo
from kechuang.observations.models import Observation
from kechuang.plans import review
from kechuang.plans.enums import TargetKind
from kechuang.plans.models import Indicator, Plan
from kechuang.plans.units import is_count_unit, is_percent_unit
from kechuang.registry.models import Carrier
from kechuang.tenancy.models import Area

pytestmark = pytest.mark.django_db

BADGE = '<span class="badge simulated">模拟数据</span>'
NOTICE = "本页含模拟数据"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    data = tmp_path_factory.mktemp("demo")
    with (
        override_settings(
            DATA_DIR=data,
            MEDIA_ROOT=data / "uploads",
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield load_demo()
        transaction.set_rollback(True)


def _simulated() -> list[Observation]:
    return list(
        Observation.objects.filter(simulated=True, indicator__isnull=False).select_related("indicator")
    )


def _as(client, username: str):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _row_html(html: str, indicator_id: int) -> str:
    """The table row (or list item) that links to the indicator's page."""
    link = f"/monitor/indicators/{indicator_id}/"
    pieces = [p for p in re.split(r"<tr|<li", html) if link in p]
    assert pieces, f"no row for indicator {indicator_id}"
    return "".join(pieces)


def test_simulated_counts_are_whole_and_shares_stay_within_0_to_100_near_the_plans_figures(demo):
    figures = _simulated()
    counts = [o for o in figures if is_count_unit(o.indicator.unit, o.indicator.name)]
    shares = [o for o in figures if is_percent_unit(o.indicator.unit)]
    assert len(counts) > 50 and len(shares) > 15  # the demo has plenty of both

    fractional = [(o.indicator.name, o.period, o.value) for o in counts if not float(o.value).is_integer()]
    assert fractional == []
    outside = [(o.indicator.name, o.value) for o in shares if not 0 <= o.value <= 100]
    assert outside == []
    # Level and yearly goals stay near the plan's own figures (baseline and targets).
    far = []
    for o in figures:
        targets = [
            t for t in o.indicator.targets.all() if t.value is not None and t.kind != TargetKind.GROWTH
        ]
        if any(t.kind == TargetKind.INCREMENT for t in targets) or not targets:
            continue
        own = [t.value for t in targets] + [v for v in [o.indicator.baseline_value] if v is not None]
        low, high = min(own), max(own)
        if not (low * 0.6 - 1 <= o.value <= high * 1.4 + 1):
            far.append((o.indicator.name, o.period, o.value, low, high))
    assert far == []
    # The unit-less 亭林镇科创载体 (≥ 1) is a count too: no 0.95 载体.
    unitless = [o.value for o in figures if not o.indicator.unit and "载体" in o.indicator.name]
    assert unitless and all(float(v).is_integer() for v in unitless)


@pytest.mark.parametrize("username", ["admin", "viewer"])
def test_every_monitoring_page_that_shows_a_simulated_figure_says_so(demo, client, username):
    client = _as(client, username)
    index = client.get(reverse("monitor:monitor"))
    assert index.status_code == 200
    assert NOTICE in index.content.decode() and BADGE in index.content.decode()

    visible = [p for p in index.context["summaries"]]
    simulated_plans = 0
    for summary in visible:
        plan = summary["plan"]
        sim_indicators = set(
            Observation.objects.filter(simulated=True, indicator__plan=plan).values_list(
                "indicator_id", flat=True
            )
        )
        if not sim_indicators:
            continue
        simulated_plans += 1
        html = client.get(reverse("monitor:plan", args=[plan.pk])).content.decode()
        assert NOTICE in html, plan.title
        for indicator_id in sim_indicators:
            if Indicator.objects.get(pk=indicator_id).targets.exists():
                assert BADGE in _row_html(html, indicator_id), (plan.title, indicator_id)
            page = client.get(reverse("monitor:indicator", args=[indicator_id])).content.decode()
            assert NOTICE in page and BADGE in page, indicator_id
    assert simulated_plans >= (4 if username == "admin" else 2)

    alerts = client.get(reverse("monitor:alerts"))
    # Each line is an alert judged now and its case; a case whose alert is gone has no row.
    alert_rows = [e.row for g in alerts.context["groups"] for e in g["entries"] if e.row is not None]
    assert any(r.simulated for r in alert_rows)
    html = alerts.content.decode()
    assert NOTICE in html
    for row in alert_rows:
        if row.simulated:
            assert BADGE in _row_html(html, row.spec.indicator_id)

    compared = 0
    for code in ("HNTE_COUNT", "RD_INTENSITY", "SEI_SHARE"):
        response = client.get(reverse("monitor:compare"), {"catalog": code})
        entries = response.context["entries"]
        html = response.content.decode()
        for e in entries:
            if e.simulated:
                compared += 1
                assert NOTICE in html
                assert BADGE in _row_html(html, e.indicator_id)
    assert compared >= 2


def test_public_pages_never_show_a_simulated_figure(demo, client):
    simulated = {(o.indicator_id, o.year, o.value) for o in _simulated()}
    index = client.get(reverse("public:index"))
    assert index.status_code == 200 and BADGE not in index.content.decode()
    for plan in Plan.objects.filter(pk__in=demo_ids(Plan)):
        response = client.get(reverse("public:plan", args=[plan.pk]))
        assert response.status_code == 200
        assert BADGE not in response.content.decode()
        for row in response.context["rows"]:
            if row.points_source == "indicator":
                used = {(row.spec.indicator_id, p.year, p.value) for p in row.points}
                assert not used & simulated, row.indicator.name
            elif row.points_source == "catalog":
                # Every catalogue point the public page used is a real (not simulated) figure of that year.
                for p in row.points:
                    real = Observation.objects.filter(
                        catalog_id=row.spec.catalog_id,
                        area_id=row.spec.area_id,
                        year=p.year,
                        value=p.value,
                        simulated=False,
                    )
                    assert real.exists(), row.indicator.name


def test_registry_tenant_counts_equal_each_carriers_latest_monthly_report(demo, client):
    carriers = Carrier.objects.filter(pk__in=demo_ids(Carrier))
    assert carriers.count() == 6
    response = _as(client, "admin").get(reverse("registry:carrier_list"))
    on_page = {c.pk: len(c.current) for c in response.context["carriers"]}
    for carrier in carriers:
        latest = CarrierReport.objects.filter(carrier=carrier).order_by("-period").first()
        assert latest is not None
        assert on_page[carrier.pk] > 0
        assert latest.values["tenants"] == on_page[carrier.pk], carrier.name
        assert latest.values["graduates"] <= latest.values["tenants"]
        assert latest.values["hnte_tenants"] <= latest.values["tenants"]


USER_PLAN = """金山区朱泾镇科技创新三年行动计划（2025—2027年）

上海市金山区朱泾镇人民政府

一、主要目标

到2027年，全镇高新技术企业达到90家，研发投入强度达到3%。

表1  朱泾镇科技创新主要指标（2025—2027年）

序号	指标名称	单位	2024年基数	2027年目标	属性
1	高新技术企业数量	家	60	90	预期性
2	研发投入强度	%	2.1	3	预期性
"""


def _snapshot(plan: Plan) -> tuple:
    indicators = list(plan.indicators.order_by("pk").values())
    targets = list(
        plan.indicators.values_list("targets__id", "targets__year", "targets__value").order_by("pk")
    )
    figures = list(Observation.objects.filter(indicator__plan=plan).order_by("pk").values())
    return Plan.objects.filter(pk=plan.pk).values().get(), indicators, targets, figures


def test_a_plan_a_user_uploaded_gets_no_simulated_figures_when_the_demo_runs_again(demo, client):
    client = _as(client, "admin")
    town = Area.objects.get(name="朱泾镇")
    upload = SimpleUploadedFile("zhujing.txt", USER_PLAN.encode("utf-8"), content_type="text/plain")
    response = client.post(reverse("plans:upload"), {"document": upload, "area": str(town.pk)})
    assert response.status_code == 302, response.content.decode()[:500]
    plan = Plan.objects.exclude(pk__in=demo_ids(Plan)).get()
    assert plan.indicators.filter(targets__isnull=False).exists()
    review.publish_plan(plan, acting_user=get_user_model().objects.get(username="admin"))
    before = _snapshot(plan)
    total = Observation.objects.count()

    again = load_demo()

    assert not Observation.objects.filter(indicator__plan=plan, simulated=True).exists()
    assert _snapshot(plan) == before
    assert Observation.objects.count() == total  # nothing new anywhere on a second run
    assert sum(line.startswith("已存在：") for line in again.lines) == 4
    html = client.get(reverse("monitor:plan", args=[plan.pk])).content.decode()
    assert BADGE not in html and NOTICE not in html
