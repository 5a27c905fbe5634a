"""`/healthz` for the office's monitoring: is the database reachable, fully migrated, and is there disk left.

No login and nothing secret in the answer (no paths, versions or error texts): 200 when all is well,
503 otherwise, so a monitor needs only the status code; the JSON says which check failed.
"""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def min_free_bytes() -> int:
    return int(getattr(settings, "KECHUANG_HEALTH_MIN_FREE_BYTES", 1024**3))


@functools.cache
def _code_migrations() -> frozenset[tuple[str, str]]:
    """The migrations this code has: read from disk once per process."""
    from django.db.migrations.loader import MigrationLoader

    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def database_checks() -> dict[str, bool]:
    from django.db.migrations.recorder import MigrationRecorder

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        applied = set(MigrationRecorder(connection).applied_migrations())
    except DatabaseError:
        return {"database": False, "migrations": False}
    return {"database": True, "migrations": _code_migrations() <= applied}


def disk_check() -> dict[str, object]:
    free = shutil.disk_usage(Path(settings.DATA_DIR)).free
    return {"disk": free >= min_free_bytes(), "disk_free_bytes": free}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {**database_checks(), **disk_check()}
    healthy = all(v for k, v in checks.items() if isinstance(v, bool))
    return JsonResponse({"status": "ok" if healthy else "fail", **checks}, status=200 if healthy else 503)
