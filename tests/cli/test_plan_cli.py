"""`kechuang plan import|export|list` end to end: exit codes, exact messages, nothing written on error."""

from __future__ import annotations

import json

import pytest

from kechuang.cli import main
from kechuang.plans.models import Plan
from tests.conftest import gold_files, load_gold

pytestmark = pytest.mark.django_db

GOLDS = gold_files()
needs_gold = pytest.mark.skipif(not GOLDS, reason="../shared/gold is not beside the repository")


@needs_gold
def test_import_prints_the_new_plan_id_and_export_writes_it_back(shanghai, tmp_path, capsys):
    source = GOLDS[2]

    code = main(["plan", "import", str(source)])
    plan_id = int(capsys.readouterr().out.strip())
    out_file = tmp_path / "out.json"
    export_code = main(["plan", "export", str(plan_id), "--out", str(out_file)])

    assert (code, export_code) == (0, 0)
    exported = json.loads(out_file.read_text(encoding="utf-8"))
    for ind in exported["indicators"]:
        ind.pop("catalog")
    assert exported == load_gold(source)


@needs_gold
def test_import_into_an_explicit_area(shanghai, capsys):
    code = main(["plan", "import", str(GOLDS[2]), "--area", "310116001"])

    assert code == 0
    assert Plan.objects.get().area == shanghai["town"]


def test_malformed_json_is_refused_with_its_position(shanghai, tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"document": {"title": "x",}', encoding="utf-8")

    code = main(["plan", "import", str(bad)])

    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith(f"错误：{bad} 不是有效的 JSON：第 1 行第 28 列")
    assert Plan.objects.count() == 0


def test_unknown_area_code_is_refused(shanghai, tmp_path, capsys):
    good = tmp_path / "plan.json"
    good.write_text(
        json.dumps({"document": {"title": "t", "period": {"start": 2021, "end": 2025}}}), encoding="utf-8"
    )

    code = main(["plan", "import", str(good), "--area", "999999"])

    assert code == 1
    assert capsys.readouterr().err.strip() == "错误：地区代码“999999”不存在"
    assert Plan.objects.count() == 0


def test_missing_region_without_area_is_refused(shanghai, tmp_path, capsys):
    good = tmp_path / "plan.json"
    good.write_text(
        json.dumps({"document": {"title": "t", "period": {"start": 2021, "end": 2025}}}), encoding="utf-8"
    )

    code = main(["plan", "import", str(good)])

    assert code == 1
    assert "document.region：文件未写明地区，请用 --area 指定地区代码" in capsys.readouterr().err


def test_bad_comparator_names_field_and_exits_non_zero(shanghai, tmp_path, capsys):
    data = {
        "document": {"title": "t", "region": "金山区", "period": {"start": 2021, "end": 2025}},
        "indicators": [
            {"name": "x", "targets": [{"year": 2025, "value": 1, "comparator": "about", "kind": "level"}]}
        ],
    }
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    code = main(["plan", "import", str(path)])

    assert code == 1
    assert "indicators[0].targets[0].comparator：比较方式“about”无效" in capsys.readouterr().err
    assert Plan.objects.count() == 0


def test_export_of_unknown_plan(db, capsys):
    assert main(["plan", "export", "4242"]) == 1
    assert capsys.readouterr().err.strip() == "错误：规划编号 4242 不存在"


@needs_gold
def test_list_json_gives_ids(shanghai, capsys):
    main(["plan", "import", str(GOLDS[0])])
    plan_id = int(capsys.readouterr().out)

    assert main(["plan", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["area"]) for r in rows] == [(plan_id, "金山区")]


def test_every_command_has_help_and_is_documented(capsys):
    from pathlib import Path

    from kechuang.cli import build_parser

    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    doc = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")
    for name, sub in commands.items():
        assert sub.description, name
        assert f"kechuang {name}" in doc, f"docs/cli.md does not describe `kechuang {name}`"
