"""`kechuang progress` end to end: the stable JSON fields, --at, and exact error messages."""

from __future__ import annotations

import json

import pytest

from kechuang.cli import main
from kechuang.observations.models import Observation
from tests.reports.builders import build_plan

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
    "previous_status",
    "previous_status_code",
    "slipped",
    "forecast_miss",
    "alert",
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
