"""`kechuang progress` end to end: the stable JSON fields, --at, and exact error messages."""

from __future__ import annotations

import json

import pytest

from kechuang.cli import main
from kechuang.observations.models import Observation
from tests.monitor.builders import build_plan

pytestmark = pytest.mark.django_db

FIELDS = [
    "target_id",
    "indicator_id",
    "indicator",
    "category",
    "unit",
    "attribute",
    "target_year",
    "comparator",
    "kind",
    "target_value",
    "target_text",
    "path",
    "data_from",
    "latest_value",
    "latest_period",
    "baseline_value",
    "baseline_year",
    "completion",
    "expected_progress",
    "gap_to_expected",
    "required_growth",
    "achieved_growth",
    "forecast_value",
    "forecast_low",
    "forecast_high",
    "forecast_model",
    "likelihood",
    "status",
    "status_code",
    "note",
    "schedule_ratio",
    "planned_growth",
    "comparator_value",
    "year_over",
    "attainment",
    "trend",
    "stretch_value",
    "stretch_met",
    "previous_status",
    "previous_status_code",
    "slipped",
    "forecast_miss",
    "alert",
    "alert_label",
    "trend_label",
    "earlier_period",
]


def _run_json(capsys, *argv: str) -> list[dict]:
    code = main(["progress", *argv, "--json"])
    out = capsys.readouterr().out
    assert code == 0
    return json.loads(out)


def test_json_has_one_object_per_target_with_the_documented_fields(shanghai, capsys):
    plan = build_plan(shanghai["jinshan"])

    data = _run_json(capsys, str(plan.pk), "--at", "2024-06-30")

    assert [list(obj) for obj in data] == [FIELDS] * 4
    first = data[0]
    assert (first["indicator"], first["unit"], first["target_year"], first["comparator"], first["kind"]) == (
        "高新技术企业数",
        "家",
        2025,
        ">=",
        "level",
    )
    assert (first["target_value"], first["baseline_value"], first["baseline_year"]) == (200, 100, 2020)
    assert (first["latest_value"], first["latest_period"]) == (160, "2023")
    assert first["completion"] == pytest.approx(0.6)
    assert first["expected_progress"] == pytest.approx((2**0.6 - 1) / (2 - 1))
    assert (first["status"], first["status_code"]) == ("超前", "ahead")
    assert [obj["status"] for obj in data] == ["超前", "严重滞后", "无数据", "正常"]


def test_the_at_date_changes_the_result(shanghai, capsys):
    plan = build_plan(shanghai["jinshan"])

    mid_2024 = _run_json(capsys, str(plan.pk), "--at", "2024-06-30")
    early_2025 = _run_json(capsys, str(plan.pk), "--at", "2025-01-15")

    giants_2024, giants_2025 = mid_2024[3], early_2025[3]
    assert (giants_2024["latest_value"], giants_2024["latest_period"]) == (20, "2023")
    assert (giants_2025["latest_value"], giants_2025["latest_period"]) == (29, "2024")
    assert giants_2025["expected_progress"] > giants_2024["expected_progress"]


def test_unknown_plan_is_refused_with_exit_1(shanghai, capsys):
    code = main(["progress", "999999", "--json"])

    captured = capsys.readouterr()
    assert code == 1
    assert captured.err == "错误：规划编号 999999 不存在\n"
    assert captured.out == ""


def test_bad_date_is_refused_with_exit_2_and_nothing_written(shanghai, capsys):
    plan = build_plan(shanghai["jinshan"])
    before = Observation.objects.count()

    code = main(["progress", str(plan.pk), "--at", "2024-13-01"])

    assert code == 2
    assert capsys.readouterr().err == "错误：日期“2024-13-01”无效，应为 YYYY-MM-DD 格式，如 2024-06-30\n"
    assert Observation.objects.count() == before


def test_table_output_is_chinese(shanghai, capsys):
    plan = build_plan(shanghai["jinshan"])

    code = main(["progress", str(plan.pk), "--at", "2024-06-30"])

    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert lines[1].split("\t")[0] == "指标"
    assert lines[2].split("\t") == [
        "高新技术企业数（家）",
        "2025年不低于200",
        "160（2023）",
        "60.0%",
        "51.6%",
        "11.8%",  # (200/160)^(1/2) − 1
        "17.0%",  # (160/100)^(1/3) − 1
        lines[2].split("\t")[7],  # forecast: the engine's own tests pin it
        "100.0%",
        "超前",
    ]


def _finished_plan(area):
    """A 2021–2025 plan read from a document that also reports the previous period (2020 goals)."""
    from kechuang.observations.domain import record_observation
    from kechuang.plans.models import Indicator, Plan, Target

    plan = Plan.objects.create(title="某区“十四五”规划", area=area, period_start=2021, period_end=2025)
    now = Indicator.objects.create(plan=plan, position=1, name="高新技术企业总数", unit="家")
    Target.objects.create(indicator=now, year=2021, value=1000)
    Target.objects.create(indicator=now, year=2025, value=1500)
    missed = Indicator.objects.create(plan=plan, position=3, name="科技奖励", unit="项")
    Target.objects.create(indicator=missed, year=2025, value=80)
    record_observation(indicator=missed, area=area, period="2025", value=66.93, source="statistics")
    for year, value in ((2021, 969), (2024, 1351), (2025, 1520)):
        record_observation(indicator=now, area=area, period=str(year), value=value, source="statistics")
    earlier = Indicator.objects.create(
        plan=plan, position=2, name="高新技术企业数量", unit="家", baseline_year=2015, baseline_value=276
    )
    Target.objects.create(indicator=earlier, year=2020, value=400)
    record_observation(indicator=earlier, area=area, period="2020", value=936, source="plan_document")
    return plan


def test_json_gives_verdicts_once_the_year_is_over_and_leaves_the_earlier_period_out(shanghai, capsys):
    plan = _finished_plan(shanghai["jinshan"])

    data = _run_json(capsys, str(plan.pk), "--at", "2026-06-30")
    earlier = _run_json(capsys, str(plan.pk), "--at", "2026-06-30", "--earlier")

    # 969 of 1000 in 2021 = 96.9 % → 基本完成; 1520 ≥ 1500 in 2025 → 已完成. No 2020 goal among them.
    assert [(o["target_year"], o["status_code"], o["status"]) for o in data] == [
        (2021, "nearly_met", "基本完成"),
        (2025, "met", "已完成"),
        (2025, "missed", "未完成"),  # 66.93 of 80 = 83.7 %
    ]
    assert (data[2]["alert"], data[2]["alert_label"]) == ("red", "红色预警")
    assert all(o["year_over"] and not o["earlier_period"] for o in data)
    assert data[0]["attainment"] == pytest.approx(0.969)
    assert (data[0]["alert"], data[0]["alert_label"]) == (None, None)  # 基本完成: reported, not an alert
    assert [(o["target_year"], o["status"], o["latest_value"], o["earlier_period"]) for o in earlier] == [
        (2020, "已完成", 936, True)
    ]


def test_json_waits_for_the_target_years_figure(shanghai, capsys):
    plan = _finished_plan(shanghai["jinshan"])
    from kechuang.observations.models import Observation

    Observation.objects.filter(indicator__plan=plan, year=2025).delete()

    data = _run_json(capsys, str(plan.pk), "--at", "2026-06-30")

    assert (data[1]["status_code"], data[1]["status"], data[1]["latest_period"]) == (
        "awaiting_data",
        "待数据",
        "2024",
    )


def test_table_mentions_the_earlier_period_apart(shanghai, capsys):
    plan = _finished_plan(shanghai["jinshan"])

    main(["progress", str(plan.pk), "--at", "2026-06-30"])
    out = capsys.readouterr().out

    assert "基本完成" in out and "高新技术企业数量" not in out
    assert "另有上期完成情况 1 项" in out
