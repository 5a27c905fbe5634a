"""Shared fixtures: personas, the area tree and paths to ../shared."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
GOLD_DIR = SHARED / "gold"
SEEDS_DIR = SHARED / "seeds"


def gold_files() -> list[Path]:
    return sorted(GOLD_DIR.glob("*.json"))


def load_gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def shanghai(db):
    """Shanghai with the districts the seed plans name, and a town under one of them."""
    from kechuang.tenancy.models import Area

    city = Area.objects.create(code="310000", name="上海市", kind="city")
    jinshan = Area.objects.create(code="310116", name="金山区", kind="district", parent=city)
    songjiang = Area.objects.create(code="310117", name="松江区", kind="district", parent=city)
    town = Area.objects.create(code="310116001", name="朱泾镇", kind="town", parent=jinshan)
    return {"city": city, "jinshan": jinshan, "songjiang": songjiang, "town": town}


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser("chief", "chief@example.org", "pw-chief-123")


@pytest.fixture
def staff_user(db, django_user_model):
    return django_user_model.objects.create_user("staff", "staff@example.org", "pw-staff-123", is_staff=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture(autouse=True)
def _attachment_dir(settings, tmp_path_factory):
    """Files written by a test go to temporary folders, never the data folder."""
    settings.DATA_DIR = tmp_path_factory.mktemp("data")
    settings.KECHUANG_ATTACHMENT_DIR = tmp_path_factory.mktemp("attachments")
    settings.KECHUANG_REPORT_DIR = tmp_path_factory.mktemp("reports")
    settings.KECHUANG_CHART_CACHE_DIR = tmp_path_factory.mktemp("charts")
    # `run-scheduled` makes no daily backup unless a test asks for one (tests/common/backup).
    settings.KECHUANG_BACKUP_DIR = tmp_path_factory.mktemp("backups")
    settings.KECHUANG_BACKUP_KEEP = 0


@pytest.fixture(scope="session", autouse=True)
def _quick_password_hashing():
    """Tests create and log in thousands of accounts; the production hasher takes a third of a second
    for each. Tests of hashing itself set their own hashers (the `settings` fixture)."""
    from django.conf import settings
    from django.contrib.auth import hashers

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    hashers.get_hashers.cache_clear()
    hashers.get_hashers_by_algorithm.cache_clear()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Counters kept in the cache (login throttling, public rate limits) start at zero in each test."""
    from django.core.cache import cache

    cache.clear()


_SEEDS = [  # data the migrations ship, which a transactional test's flush removes
    ("kechuang.registry.migrations.0004_seed_qualification_types", "seed"),
    ("kechuang.collection.migrations.0002_ship_incubator_monthly_form", "ship_form"),
]


def _transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _shipped_data(request) -> None:
    """Put back what the migrations seeded (qualification types, the monthly form, the catalogue)
    before each transactional test: the flush after an earlier one on the same worker removed it."""
    if not _transactional(request):
        return
    request.getfixturevalue("transactional_db")
    import importlib

    from django.apps import apps

    from kechuang.plans.catalog import seed_catalog

    seed_catalog()
    for module, function in _SEEDS:
        getattr(importlib.import_module(module), function)(apps, None)


_DB_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "django_db_setup",
    "live_server",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`KECHUANG_DATABASE_TESTS_ONLY=1` (CI's second pass, on PostgreSQL): keep the tests that reach
    the database. The others (the plan reader, file formats, command-line children started on
    their own SQLite folder) give the same result on either database and ran in the first pass."""
    if os.environ.get("KECHUANG_DATABASE_TESTS_ONLY") != "1":
        return
    kept, left = [], []
    for item in items:
        uses_db = item.get_closest_marker("django_db") is not None or bool(
            _DB_FIXTURES & set(getattr(item, "fixturenames", ()))
        )
        (kept if uses_db else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept
