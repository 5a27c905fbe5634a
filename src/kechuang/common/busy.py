"""A write that could not get the database lock in time is a "try again", never a server error.

SQLite serialises writers: each waits for the lock (``transaction_mode`` IMMEDIATE with a busy
timeout, settings.py), and one that still does not get it — behind a long import, say — raises
``OperationalError("database is locked")``. PostgreSQL reports the same situation as a deadlock,
a serialisation failure or a lock timeout. The person (or the park's system) should retry in a
moment: pages answer a Chinese 503 page, the API a 503 JSON body, both with ``Retry-After``.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults

BUSY_MESSAGE = "系统正忙，请稍后重试"
RETRY_AFTER_SECONDS = 5
# PostgreSQL: deadlock detected, serialization failure, lock not available.
_BUSY_SQLSTATES = {"40P01", "40001", "55P03"}
_BUSY_TEXTS = ("database is locked", "database table is locked")

logger = logging.getLogger(__name__)


def is_busy_error(exc: BaseException | None) -> bool:
    """Whether ``exc`` means "another writer holds the lock", as opposed to a real fault."""
    if not isinstance(exc, OperationalError):
        return False
    if any(text in str(exc) for text in _BUSY_TEXTS):
        return True
    cause = exc.__cause__
    code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    return code in _BUSY_SQLSTATES


def busy_response(request: HttpRequest) -> HttpResponse:
    """503 with a Chinese retry message: JSON for the API, a page for people."""
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": f"{BUSY_MESSAGE}（其他用户正在写入数据，本次请求未保存任何内容）"},
            status=503,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        try:
            context = {"retry_after": RETRY_AFTER_SECONDS, "message": BUSY_MESSAGE, "back": _back(request)}
            html = render_to_string("common/busy.html", context, request)
        except Exception:  # the page itself may need the database; the message must still get out
            logger.exception("繁忙提示页渲染失败")
            html = f"<!DOCTYPE html><meta charset=utf-8><title>{BUSY_MESSAGE}</title><h1>{BUSY_MESSAGE}</h1>"
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _back(request: HttpRequest) -> str:
    """The page the person came from, when it is on this site (never an outside address)."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        return referer
    return ""


class BusyDatabaseMiddleware:
    """Turns a lock failure raised by a view (pages and API alike) into the retry answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_busy_error(exception):
            return None
        logger.warning("数据库繁忙，已请用户重试：%s %s（%s）", request.method, request.path, exception)
        return busy_response(request)


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """The 500 handler: a lock failure outside any view (a session saved on the way out) is still a retry."""
    if is_busy_error(sys.exc_info()[1]):
        return busy_response(request)
    return defaults.server_error(request, template_name=template_name)
