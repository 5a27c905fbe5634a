"""`kechuang report plan …`: writes the file, or refuses in Chinese leaving no file behind."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest

from kechuang.cli import main
from tests.monitor.builders import AS_OF

pytestmark = pytest.mark.django_db


def test_writes_a_word_file(plan, tmp_path, capsys):
    out = tmp_path / "评估报告.docx"

    code = main(
        ["report", "plan", str(plan.pk), "--at", AS_OF.isoformat(), "--format", "docx", "--out", str(out)]
    )

    assert code == 0
    doc = docx.Document(io.BytesIO(out.read_bytes()))
    assert any(p.text == "一、总体情况" for p in doc.paragraphs)
    assert "已生成" in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir()] == ["评估报告.docx"]  # no temporary file left


def test_format_from_the_file_name(plan, tmp_path):
    out = tmp_path / "报告.xlsx"
    assert main(["report", "plan", str(plan.pk), "--at", AS_OF.isoformat(), "--out", str(out)]) == 0
    assert "目标完成情况" in openpyxl.load_workbook(out).sheetnames


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["999999", "--at", "2024-06-30"], "规划（编号 999999）不存在"),
        (["{plan}", "--at", "2019-06-30"], "早于规划期"),
        (["{plan}", "--at", "2024-02-30"], "--at 的值“2024-02-30”无效"),
    ],
)
def test_refuses_in_chinese_and_leaves_no_file(plan, tmp_path, capsys, args, message):
    out = tmp_path / "报告.docx"
    args = [a.format(plan=plan.pk) for a in args]

    code = main(["report", "plan", *args, "--format", "docx", "--out", str(out)])

    assert code == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_unknown_kind_lists_the_kinds(capsys):
    assert main(["report", "weekly", "--out", "x.docx"]) == 2
    assert "plan（规划实施评估报告）" in capsys.readouterr().err


def test_an_existing_file_is_kept_when_the_report_is_refused(plan, tmp_path):
    out = tmp_path / "报告.docx"
    out.write_bytes(b"old")
    assert main(["report", "plan", "999999", "--format", "docx", "--out", str(out)]) == 2
    assert out.read_bytes() == b"old"
