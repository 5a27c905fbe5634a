"""`kechuang public export DIR`: a folder that works from any path, with no broken link."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from kechuang.cli import main
from kechuang.public.export import export_site

pytestmark = pytest.mark.django_db

LINK = re.compile(r'\b(?:href|src|action)="([^"]*)"')


def _broken(folder: Path) -> list[str]:
    problems = []
    for page in folder.rglob("*.html"):
        for url in LINK.findall(page.read_text("utf-8")):
            if url.startswith(("#", "data:")):
                continue
            if url.startswith(("/", "http:", "https:")):
                problems.append(f"{page.relative_to(folder)}：绝对链接 {url}")
                continue
            target = (page.parent / unquote(url.partition("#")[0].partition("?")[0])).resolve()
            if not target.is_file() or folder.resolve() not in target.parents:
                problems.append(f"{page.relative_to(folder)}：{url}")
    return problems


def test_export_writes_every_page_and_no_link_is_broken(public_plan, tmp_path):
    result = export_site(tmp_path / "site")
    folder = tmp_path / "site"
    assert result.unresolved == []
    assert (folder / "index.html").is_file() and (folder / "method" / "index.html").is_file()
    assert (folder / "plans" / str(public_plan.pk) / "index.html").is_file()
    ind = folder / "indicators" / str(public_plan.hnte.pk)
    for name in ("index.html", "figures.csv", "figures.xlsx", "figures.json"):
        assert (ind / name).is_file()
    assert not (folder / "plans" / str(public_plan.draft.pk)).exists()
    assert (folder / "static" / "vendor" / "echarts" / "echarts.min.js").is_file()
    assert _broken(folder) == []
    plan_html = (folder / "plans" / str(public_plan.pk) / "index.html").read_text("utf-8")
    assert 'href="../../indicators/' in plan_html and "<form" not in plan_html
    assert "工作人员登录" not in plan_html


def test_export_pages_are_the_pages_the_server_shows(client, public_plan, tmp_path):
    export_site(tmp_path)
    served = client.get(f"/public/indicators/{public_plan.hnte.pk}/").content.decode()
    exported = (tmp_path / "indicators" / str(public_plan.hnte.pk) / "index.html").read_text("utf-8")
    strip = re.compile(r'(?:href|src)="[^"]*"')
    served = served.replace('<a href="/login/">工作人员登录</a>', "")  # the one link to the live server
    assert strip.sub("", served) == strip.sub("", exported)


def test_cli_exports_with_a_progress_bar(public_plan, tmp_path, capsys):
    assert main(["public", "export", str(tmp_path / "out")]) == 0
    captured = capsys.readouterr()
    assert "已导出" in captured.out and "导出公开页面" in captured.err
    assert (tmp_path / "out" / "index.html").is_file()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_national_export_split_across_processes_writes_the_same_site(public_plan, tmp_path, monkeypatch):
    from django.db import connection

    from kechuang.public import export

    if connection.vendor == "sqlite":
        pytest.skip("forked workers reach the test database only on PostgreSQL (SQLite's is in memory)")
    alone = export_site(tmp_path / "alone")
    monkeypatch.setattr(export, "PARALLEL_PAGES", 0)
    monkeypatch.setattr(export, "_SHARE", 1)
    split = export_site(tmp_path / "split")

    assert (split.pages, split.data_files, split.unresolved) == (alone.pages, alone.data_files, [])
    files = sorted(p.relative_to(tmp_path / "alone") for p in (tmp_path / "alone").rglob("*") if p.is_file())
    assert files == sorted(
        p.relative_to(tmp_path / "split") for p in (tmp_path / "split").rglob("*") if p.is_file()
    )
    assert _broken(tmp_path / "split") == []
