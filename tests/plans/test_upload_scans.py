"""A scanned plan uploaded through the page becomes the draft its text would; without OCR, one sentence.

Through the real HTTP stack and database: the upload view, the limited child that reads the file
(whose memory the OCR lifts to its own ceiling), the draft written with the stored original.
"""

from __future__ import annotations

import logging
import re
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kechuang.plans.models import Plan
from kechuang.reader import extract_bytes
from kechuang.reader.formats import ocr
from kechuang.tenancy.models import Membership, Role
from tests.reader.scangen import scan_pdf
from tests.reader.test_formats_scan import PLAN_PAGE, TITLE, _as_text

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
def plan_scan() -> bytes:
    return scan_pdf([PLAN_PAGE], skew=0.8, noise=0.002)


def _upload(client, data: bytes, name: str, area) -> object:
    return client.post("/plans/upload/", {"document": SimpleUploadedFile(name, data), "area": area.pk})


def _error_line(response) -> str:
    found = re.search(r'<p class="error upload-error" role="alert">([^<]*)</p>', response.content.decode())
    return found.group(1) if found else ""


@pytest.mark.skipif(not ocr.ocr_installed(), reason="the ocr extra (rapidocr, onnxruntime) is not installed")
def test_an_uploaded_scan_becomes_the_draft_its_text_would(
    liaison_client, shanghai, plan_scan, caplog, media_root
):
    caplog.set_level(logging.DEBUG, logger="kechuang.sandbox")

    response = _upload(liaison_client, plan_scan, "扫描件.pdf", shanghai["jinshan"])

    assert response.status_code == 302, _error_line(response)
    plan = Plan.objects.get()
    assert (plan.title, plan.status, plan.area) == (TITLE, "draft", shanghai["jinshan"])
    typed = extract_bytes(_as_text(PLAN_PAGE).encode(), "文字版.txt")
    expected = {i["name"]: sorted((t["year"], t["value"]) for t in i["targets"]) for i in typed["indicators"]}
    found = {
        ind.name: sorted((t.year, t.value) for t in ind.targets.all())
        for ind in plan.indicators.prefetch_related("targets")
    }
    assert found == expected
    assert (media_root / plan.source_file.name).read_bytes() == plan_scan
    runs = [r.child_run for r in caplog.records if hasattr(r, "child_run")]
    assert [run.outcome for run in runs] == ["ok"]  # read in the limited child


def test_without_the_ocr_extra_an_uploaded_scan_is_refused_in_one_sentence(
    liaison_client, shanghai, plan_scan, monkeypatch
):
    monkeypatch.setitem(sys.modules, "rapidocr", None)  # as if the extra were not installed
    monkeypatch.setattr(ocr, "_engine", None)

    response = _upload(liaison_client, plan_scan, "扫描件.pdf", shanghai["jinshan"])

    message = _error_line(response)
    assert "扫描件" in message and "文字识别" in message
    assert not re.search(r"[A-Za-z]", message)
    assert Plan.objects.count() == 0
