"""Web pages and old Word files uploaded through the page become drafts like the .docx they repeat.

Through the real HTTP stack and database: the upload view, the limited child that reads the file,
the draft written with the stored original. A .doc is converted by LibreOffice inside that child,
so it is held to the child's limits; a refused file writes nothing.
"""

from __future__ import annotations

import logging
import re
import tempfile
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kechuang.common.sandbox import LIMIT_MESSAGE
from kechuang.plans.models import Plan
from kechuang.reader import extract_bytes
from kechuang.reader.formats import legacy
from kechuang.reader.formats.html import LOGIN_PAGE
from kechuang.tenancy.models import Membership, Role
from tests.reader import webgen
from tests.reader.officegen import convert, ole_file, require_soffice

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings.MEDIA_ROOT


@pytest.fixture
def liaison_client(client, shanghai, django_user_model):
    user = django_user_model.objects.create_user("js-liaison", password="pw-js-liaison-12345")
    Membership.objects.create(user=user, role=Role.LIAISON, area=shanghai["jinshan"])
    client.force_login(user)
    return client


@pytest.fixture(scope="module")
def plan_doc() -> bytes:
    return convert(webgen.plan_docx(), "docx", "doc:MS Word 97")


def _upload(client, data: bytes, name: str, area) -> object:
    return client.post("/plans/upload/", {"document": SimpleUploadedFile(name, data), "area": area.pk})


def _error_line(response) -> str:
    found = re.search(r'<p class="error upload-error" role="alert">([^<]*)</p>', response.content.decode())
    return found.group(1) if found else ""


def _targets(plan: Plan) -> dict[str, list[tuple[int, float]]]:
    return {
        ind.name: sorted((t.year, t.value) for t in ind.targets.all())
        for ind in plan.indicators.prefetch_related("targets")
    }


def _expected_targets() -> dict[str, list[tuple[int, float]]]:
    result = extract_bytes(webgen.plan_docx(), "plan.docx")
    return {i["name"]: sorted((t["year"], t["value"]) for t in i["targets"]) for i in result["indicators"]}


def test_an_uploaded_web_page_becomes_a_draft_of_its_article(liaison_client, shanghai, media_root):
    data = webgen.district_page(charset="gb2312").encode("gb18030")

    response = _upload(liaison_client, data, "某区行动方案.htm", shanghai["jinshan"])

    assert response.status_code == 302, _error_line(response)
    plan = Plan.objects.get()
    assert response["Location"] == f"/plans/{plan.pk}/review/"
    assert (plan.title, plan.status, plan.area) == (webgen.PLAN_TITLE, "draft", shanghai["jinshan"])
    assert _targets(plan) == _expected_targets()
    assert plan.tasks.count() == 2
    assert plan.source_file.name.endswith(".html")  # the suffix its content earned
    assert (media_root / plan.source_file.name).read_bytes() == data
    review = liaison_client.get(response["Location"]).content.decode()
    assert "网站标识码" not in review and "当前位置" not in review


@pytest.mark.parametrize("name", ["某区行动方案.doc", "某区行动方案.wps"])
def test_an_uploaded_old_word_file_becomes_the_draft_its_docx_would(liaison_client, shanghai, plan_doc, name):
    response = _upload(liaison_client, plan_doc, name, shanghai["jinshan"])

    assert response.status_code == 302, _error_line(response)
    plan = Plan.objects.get()
    assert plan.title == webgen.PLAN_TITLE
    assert _targets(plan) == _expected_targets()
    assert plan.tasks.count() == 2
    assert plan.source_file.name.endswith(name.rsplit(".", 1)[1])


def test_the_conversion_runs_inside_the_limited_child(liaison_client, shanghai, plan_doc, caplog):
    caplog.set_level(logging.DEBUG, logger="kechuang.sandbox")

    _upload(liaison_client, plan_doc, "规划.doc", shanghai["jinshan"])

    runs = [r.child_run for r in caplog.records if hasattr(r, "child_run")]
    assert [(run.name.rsplit(".", 1)[-1], run.outcome) for run in runs] == [("read_document", "ok")]
    assert Plan.objects.count() == 1


def _converter_processes(marker: str) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\x00", b" ").decode(errors="ignore")
            state = (entry / "stat").read_text().rsplit(")", 1)[-1].split()[0]
        except OSError:
            continue
        if marker in cmdline and state != "Z":
            found.append(cmdline)
    return found


def test_a_conversion_the_child_cannot_finish_in_time_is_stopped_with_the_child(
    liaison_client, shanghai, plan_doc, settings, tmp_path, monkeypatch
):
    require_soffice()
    settings.KECHUANG_PARSE_SECONDS = 0.6
    workdir = tmp_path / "convert"
    workdir.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(workdir))  # the child forks with it: its converter is ours

    response = _upload(liaison_client, plan_doc, "规划.doc", shanghai["jinshan"])

    assert LIMIT_MESSAGE in _error_line(response)
    assert Plan.objects.count() == 0
    # The conversion had begun (its folder is there, left for a later conversion to sweep away).
    assert [p.name.startswith("kechuang-convert-") for p in workdir.iterdir()] == [True]
    for _ in range(50):  # the converter hears of its parent's death and stops within seconds
        if not _converter_processes(str(workdir)):
            break
        time.sleep(0.1)
    assert _converter_processes(str(workdir)) == []


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (webgen.LOGIN_PAGE.encode(), "规划.html", LOGIN_PAGE),
        (legacy.OLE_MAGIC + bytes(range(256)) * 64, "规划.doc", legacy.DAMAGED),
        (ole_file({"Workbook": b"\x09\x08" * 100}), "规划.doc", legacy.EXCEL),
    ],
    ids=["login-page", "garbage-doc", "xls-named-doc"],
)
def test_a_file_that_holds_no_plan_is_refused_in_one_sentence_and_writes_nothing(
    liaison_client, shanghai, media_root, data, name, message
):
    response = _upload(liaison_client, data, name, shanghai["jinshan"])

    assert response.status_code == 400
    assert _error_line(response) == message
    assert Plan.objects.count() == 0
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


def test_without_libreoffice_a_doc_upload_says_what_to_do(liaison_client, shanghai, plan_doc, monkeypatch):
    monkeypatch.setenv("KECHUANG_SOFFICE", "/nonexistent/soffice")

    response = _upload(liaison_client, plan_doc, "规划.doc", shanghai["jinshan"])

    assert _error_line(response) == legacy.NO_CONVERTER
    assert Plan.objects.count() == 0


def test_the_upload_page_names_the_new_kinds(liaison_client):
    page = liaison_client.get("/plans/upload/").content.decode()

    assert "Word（.docx、.doc、.wps）" in page and "网页（.html、.htm）" in page


def test_a_page_with_no_goals_becomes_an_empty_draft_with_a_message(liaison_client, shanghai):
    page = "<html><head><title>工作动态</title></head><body><p>近日，区科技部门召开专题会议，部署下阶段工作。</p></body></html>"
    response = _upload(liaison_client, page.encode("utf-8"), "动态.html", shanghai["jinshan"])

    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/plans/{plan.pk}/review/")
    page = liaison_client.get(response["Location"]).content.decode()
    assert "没有找到量化目标或任务，已建立空白草稿" in page
