"""The data folder is this account's alone: 0700, the SQLite database and its journals 0600, the
secret key and uploaded plan documents 0600 — even when the umask would let others read them."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kechuang.plans.models import Plan
from kechuang.tenancy.models import Membership, Role

REPO = Path(__file__).resolve().parents[2]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _run(data: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KECHUANG_", "DJANGO_", "DATABASE_URL"))}
    env.update(KECHUANG_DATA_DIR=str(data), PYTHONPATH=str(REPO / "src"))
    return subprocess.run(
        [sys.executable, "-m", "kechuang", "manage", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        umask=0o022,  # the usual umask: new files 0644, folders 0755
    )


def test_a_new_data_folder_and_database_are_private(tmp_path):
    data = tmp_path / "data"

    proc = _run(data, "migrate", "--verbosity", "0")

    assert proc.returncode == 0, proc.stderr
    assert _mode(data) == 0o700
    assert _mode(data / "kechuang.sqlite3") == 0o600
    assert _mode(data / "secret_key") == 0o600
    journals = [
        data / f"kechuang.sqlite3{s}" for s in ("-wal", "-shm") if (data / f"kechuang.sqlite3{s}").exists()
    ]
    assert {p.name: _mode(p) for p in journals} == {p.name: 0o600 for p in journals}


def test_an_existing_open_data_folder_is_tightened(tmp_path):
    data = tmp_path / "data"
    assert _run(data, "migrate", "--verbosity", "0").returncode == 0
    data.chmod(0o755)
    (data / "kechuang.sqlite3").chmod(0o644)

    proc = _run(data, "check")

    assert proc.returncode == 0, proc.stderr
    assert (_mode(data), _mode(data / "kechuang.sqlite3")) == (0o700, 0o600)


@pytest.mark.django_db
def test_an_uploaded_plan_document_is_stored_private(client, settings, tmp_path, shanghai, django_user_model):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = django_user_model.objects.create_user("js-liaison", password="pw-js-liaison-12345")
    Membership.objects.create(user=user, role=Role.LIAISON, area=shanghai["jinshan"])
    client.force_login(user)
    text = "金山区科技创新行动方案（2024—2026年）\n\n一、主要目标\n\n到2026年，高新技术企业数量达到1200家。\n"
    old_umask = os.umask(0o022)
    try:
        response = client.post(
            "/plans/upload/",
            {"document": SimpleUploadedFile("规划.txt", text.encode()), "area": shanghai["jinshan"].pk},
        )
    finally:
        os.umask(old_umask)

    stored = Path(Plan.objects.get().source_file.path)
    assert response.status_code == 302
    assert (_mode(stored), _mode(stored.parent)) == (0o600, 0o700)
