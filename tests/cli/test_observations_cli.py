"""`kechuang observations import|template` end to end: exact messages, exit codes, nothing written on error."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from kechuang.cli import main
from kechuang.observations.domain import record_observation
from kechuang.observations.models import Observation, ObservationRevision
from kechuang.plans.models import Indicator, Plan
from kechuang.tenancy.models import Membership, Role

pytestmark = pytest.mark.django_db

HEADER = "地区,指标,期间,数值,来源\n"


def snapshot() -> list:
    obs = list(Observation.objects.order_by("pk").values_list("pk", "value", "source", "status"))
    return [obs, ObservationRevision.objects.count()]


@pytest.fixture
def plan(shanghai):
    plan = Plan.objects.create(
        title="金山区科技创新规划", area=shanghai["jinshan"], period_start=2021, period_end=2025
    )
    Indicator.objects.create(plan=plan, name="高新技术企业数量", unit="家", position=1)
    Indicator.objects.create(plan=plan, name="研发经费支出占比", unit="%", position=2)
    return plan


def write(tmp_path, text: str, name: str = "figures.csv", encoding: str = "utf-8-sig"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_import_prints_counts_and_writes_as_the_system(plan, tmp_path, capsys):
    path = write(
        tmp_path,
        HEADER + "金山区,高新技术企业数量,2023,512,统计数据\n朱泾镇,研发经费支出占比,2023,2.5,手工\n",
    )

    code = main(["observations", "import", str(path), "--plan", str(plan.pk)])

    assert code == 0
    assert capsys.readouterr().out == "已导入 2 条（新增 2，更正 0，未变 0）\n"
    assert list(ObservationRevision.objects.values_list("changed_by_name", flat=True)) == ["系统", "系统"]


def test_reimport_reports_unchanged_and_a_correction(plan, tmp_path, capsys):
    record_observation(
        indicator=plan.indicators.get(name="高新技术企业数量"),
        area=plan.area,
        period="2023",
        value=500,
        source="manual",
    )
    path = write(
        tmp_path, HEADER + "金山区,高新技术企业数量,2023,512,统计数据\n金山区,研发经费支出占比,2023,3,统计\n"
    )
    main(["observations", "import", str(path), "--plan", str(plan.pk)])
    first = capsys.readouterr().out
    before = snapshot()

    code = main(["observations", "import", str(path), "--plan", str(plan.pk)])

    assert (code, first) == (0, "已导入 2 条（新增 1，更正 1，未变 0）\n")
    assert capsys.readouterr().out == "已导入 2 条（新增 0，更正 0，未变 2）\n"
    assert snapshot() == before


def test_row_errors_go_to_stderr_and_nothing_is_written(plan, tmp_path, capsys):
    path = write(
        tmp_path,
        HEADER
        + "金山区,高新技术企业数量,2023,512,统计数据\n"
        + "金山区,高新技术企业数量,2023-13,1,统计数据\n"
        + "闵行区,研发经费支出占比,2023,abc,统计数据\n",
    )
    before = snapshot()

    code = main(["observations", "import", str(path), "--plan", str(plan.pk)])

    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == ""
    assert captured.err == (
        "第 3 行 期间：期间“2023-13”的月份无效\n"
        "第 4 行 地区：地区“闵行区”不存在\n"
        "第 4 行 数值：数值“abc”不是数字\n"
        "未写入任何数据\n"
    )
    assert snapshot() == before


def test_unknown_plan(db, tmp_path, capsys):
    path = write(tmp_path, HEADER)

    code = main(["observations", "import", str(path), "--plan", "4242"])

    assert code == 1
    assert capsys.readouterr().err == "错误：规划编号 4242 不存在\n"
    assert snapshot() == [[], 0]


def test_unreadable_file(plan, tmp_path, capsys):
    missing = tmp_path / "none.xlsx"

    code = main(["observations", "import", str(missing), "--plan", str(plan.pk)])

    assert code == 1
    assert capsys.readouterr().err == f"错误：无法读取文件 {missing}：No such file or directory\n"


def test_a_png_renamed_xlsx_is_refused(plan, tmp_path, capsys):
    path = tmp_path / "figures.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64)

    code = main(["observations", "import", str(path), "--plan", str(plan.pk)])

    assert code == 1
    assert capsys.readouterr().err == "错误：文件不是 Excel（.xlsx）格式\n未写入任何数据\n"
    assert snapshot() == [[], 0]


def test_user_option_checks_the_users_scope(plan, shanghai, tmp_path, capsys, django_user_model):
    liaison = django_user_model.objects.create_user("town", password="pw-town-123")
    Membership.objects.create(user=liaison, role=Role.LIAISON, area=shanghai["town"])
    path = write(
        tmp_path, HEADER + "朱泾镇,高新技术企业数量,2023,50,月报\n金山区,高新技术企业数量,2023,512,统计数据\n"
    )

    code = main(["observations", "import", str(path), "--plan", str(plan.pk), "--user", "town"])

    assert code == 1
    assert capsys.readouterr().err == "第 3 行 地区：无权修改地区“金山区”的数据\n未写入任何数据\n"
    assert snapshot() == [[], 0]


def test_user_option_records_the_author(plan, tmp_path, capsys, admin_user):
    path = write(tmp_path, HEADER + "金山区,高新技术企业数量,2023,512,统计数据\n", encoding="gb18030")

    code = main(["observations", "import", str(path), "--plan", str(plan.pk), "--user", "chief"])

    assert code == 0
    assert ObservationRevision.objects.get().changed_by == admin_user


def test_unknown_user(plan, tmp_path, capsys):
    path = write(tmp_path, HEADER + "金山区,高新技术企业数量,2023,512,统计数据\n")

    code = main(["observations", "import", str(path), "--plan", str(plan.pk), "--user", "nobody"])

    assert code == 1
    assert capsys.readouterr().err == "错误：用户“nobody”不存在\n"
    assert snapshot() == [[], 0]


def test_template_is_written_and_reimports_once_filled(plan, tmp_path, capsys):
    out = tmp_path / "模板.xlsx"

    code = main(["observations", "template", "--plan", str(plan.pk), "--out", str(out)])

    assert code == 0
    assert capsys.readouterr().out == f"已生成导入模板：{out}\n"
    wb = load_workbook(out)
    assert [c.value for c in wb.worksheets[0][1]] == ["地区", "指标", "期间", "数值", "来源", "状态", "说明"]
    wb.worksheets[0].append(["金山区", "研发经费支出占比", "2024", 3.3, "统计数据"])
    wb.save(out)
    assert main(["observations", "import", str(out), "--plan", str(plan.pk)]) == 0
    assert capsys.readouterr().out == "已导入 1 条（新增 1，更正 0，未变 0）\n"


def test_template_for_unknown_plan(db, tmp_path, capsys):
    out = tmp_path / "t.xlsx"

    code = main(["observations", "template", "--plan", "4242", "--out", str(out)])

    assert code == 1
    assert capsys.readouterr().err == "错误：规划编号 4242 不存在\n"
    assert not out.exists()


def test_subcommands_have_help_and_are_documented():
    from pathlib import Path

    from kechuang.cli import build_parser

    parser = build_parser()
    obs = parser._subparsers._group_actions[0].choices["observations"]
    doc = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")
    for name, sub in obs._subparsers._group_actions[0].choices.items():
        assert sub.description, name
        assert f"kechuang observations {name}" in doc
