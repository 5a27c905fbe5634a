"""Request checks and response headers that hold for every page and every API call."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

from kechuang.common.params import fits_db_int

NOT_FOUND = "对象不存在或无权访问"


class OutOfRangeIdMiddleware:
    """An id in the URL (``<int:pk>``) too large for any database column names nothing: 404.

    Why: Django passes such a number on, and a lookup through a foreign key sends it to SQLite,
    which refuses it with an error (a 500). No row can have it, so the answer is "not found",
    given here once for every present and future view.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args: tuple, view_kwargs: dict
    ) -> HttpResponse | None:
        values = [*view_args, *view_kwargs.values()]
        if all(fits_db_int(v) for v in values if isinstance(v, int) and not isinstance(v, bool)):
            return None
        match = request.resolver_match
        if match is not None and "api" in match.namespaces:
            return JsonResponse({"detail": NOT_FOUND}, status=404, json_dumps_params={"ensure_ascii": False})
        raise Http404(NOT_FOUND)


class ContentSecurityPolicyMiddleware:
    """Adds ``settings.KECHUANG_CSP`` as the Content-Security-Policy of every response.

    Why: the browser then runs only the site's own script files; an injected ``<script>`` or
    ``onclick=`` would not run even if some page failed to escape it. Templates therefore keep
    no inline scripts (tests/common/test_security_headers.py checks). Django's SecurityMiddleware
    and XFrameOptionsMiddleware add the other headers (nosniff, Referrer-Policy, X-Frame-Options).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = settings.KECHUANG_CSP

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
