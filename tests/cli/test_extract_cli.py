"""`kechuang extract` end to end through kechuang.cli.main: files written, exit codes, messages."""

from __future__ import annotations

import json

import pytest

from kechuang.cli import main

GOOD = "某区科技创新“十四五”规划\n\n某区科学技术委员会\n\n二、发展目标\n\n到2025年，孵化器达到12家。\n"


@pytest.fixture
def docs(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    gbk = tmp_path / "gbk.md"
    gbk.write_bytes(GOOD.encode("gbk"))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    return good, gbk, empty


def test_all_good_documents(docs, tmp_path, capsys):
    good, gbk, _ = docs
    out = tmp_path / "out"
    assert main(["extract", str(good), str(gbk), "--out", str(out), "--quiet"]) == 0
    result = json.loads((out / "good.json").read_text(encoding="utf-8"))
    assert result["indicators"][0]["name"] == "孵化器"
    assert "孵化器" in (out / "good.json").read_text(encoding="utf-8")  # ensure_ascii=False
    assert (out / "gbk.json").is_file()
    captured = capsys.readouterr()
    assert captured.out.strip() == f"已读取 2/2 个文件，输出目录：{out}"
    assert captured.err == ""


def test_one_bad_document_does_not_stop_the_others(docs, tmp_path, capsys):
    good, gbk, empty = docs
    out = tmp_path / "out"
    assert main(["extract", str(good), str(empty), str(gbk), "--out", str(out)]) == 1
    assert (out / "good.json").is_file() and (out / "gbk.json").is_file()
    assert not (out / "empty.json").exists()
    captured = capsys.readouterr()
    assert captured.out.strip() == f"已读取 2/3 个文件，输出目录：{out}"
    assert captured.err.splitlines() == ["失败 1 个：", f"  {empty}: 文件为空"]


def test_missing_file_and_size_limit(docs, tmp_path, capsys):
    good, _, _ = docs
    out = tmp_path / "out"
    missing = tmp_path / "missing.pdf"
    assert main(["extract", str(missing), str(good), "--out", str(out), "--max-mb", "0.00001"]) == 1
    err = capsys.readouterr().err
    assert f"  {missing}: 找不到文件：missing.pdf" in err
    assert f"  {good}: 文件过大" in err


def test_usage_errors(docs, tmp_path, capsys):
    good, _, _ = docs
    with pytest.raises(SystemExit) as info:
        main(["extract", str(good)])
    assert info.value.code == 2
    assert "--out" in capsys.readouterr().err
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    assert main(["extract", str(good), "--out", str(not_a_dir)]) == 2
    assert capsys.readouterr().err.strip() == f"错误：输出路径不是目录：{not_a_dir}"
    assert main(["extract", str(good), "--out", str(tmp_path / "o"), "--timeout", "0"]) == 2
