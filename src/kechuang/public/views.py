"""The public progress site: no login, published plans only, final figures only.

Every page reaches plans, indicators and figures through ``public.site``, which applies the
public rules; the static export renders these same views.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from kechuang.common.rate_limits import client_key
from kechuang.observations.monitor_explain_views import method_context
from kechuang.observations.monitoring import dashboard, explain, load_thresholds
from kechuang.public import downloads, feedback, site
from kechuang.public.forms import FeedbackForm


def _as_of(request: HttpRequest):
    return dashboard.parse_as_of(request.GET.get("at"), today=timezone.localdate())


def _static(request: HttpRequest) -> bool:
    """Rendered for the static export: no form, no link to the live server's pages."""
    return bool(getattr(request, "kechuang_static_export", False))


# A province's or the nation's index holds thousands of areas: one screen shows this many.
INDEX_AREAS_PER_PAGE = 30


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Published plans by area and their progress, for public supervision."""
    as_of = _as_of(request)
    page = None

    def one_page(area_ids: list[int]) -> list[int]:
        nonlocal page
        if _static(request) or len(area_ids) <= INDEX_AREAS_PER_PAGE:  # the static copy keeps one page
            return area_ids
        page = Paginator(area_ids, INDEX_AREAS_PER_PAGE).get_page(request.GET.get("page"))
        return list(page.object_list)

    groups = site.index_groups(as_of, choose=one_page)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "as_of": as_of,
        "groups": groups,
        "page": page,
        "query": query.urlencode(),
        "static_site": _static(request),
    }
    return render(request, "public/index.html", context)


@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    """One published plan: status summary, targets, tasks, published answers and the feedback form."""
    found = site.get_published_plan(pk)
    form = FeedbackForm()
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        key = client_key(request)
        if feedback.over_limit(key):
            form.add_error(None, "您留言过于频繁，请一小时后再试。")
        elif form.is_valid():
            if not form.is_robot():
                d = form.cleaned_data
                feedback.submit(found, message=d["message"], name=d["name"], contact=d["contact"], key=key)
            messages.success(request, "留言已收到，工作人员答复后可能在本页公开。")
            return redirect(f"/public/plans/{found.pk}/#feedback")
    context = site.plan_page(found, _as_of(request))
    context.update(
        form=form,
        answers=feedback.published_answers(found),
        static_site=_static(request),
        method_note=_method_note(),
    )
    return render(request, "public/plan.html", context, status=400 if form.errors else 200)


def _method_note() -> dict:
    th = load_thresholds()
    return {
        "ahead": explain.share(th.ahead),
        "on_track": explain.share(th.on_track),
        "behind": explain.share(th.behind),
    }


@require_GET
def method(request: HttpRequest) -> HttpResponse:
    """How every status is reached, with the thresholds in force; the internal page's text."""
    context = method_context(load_thresholds(), public=True)
    context.update(base_template="public/base.html", static_site=_static(request))
    return render(request, "monitor/method.html", context)


@require_GET
def indicator(request: HttpRequest, pk: int) -> HttpResponse:
    """One indicator: chart, table of figures with source and date, definition, downloads."""
    found = site.get_public_indicator(pk)
    return render_indicator(request, site.indicator_page(found, _as_of(request)))


def render_indicator(request: HttpRequest, page: dict) -> HttpResponse:
    """The indicator page from its data (the export renders it once and writes its files from it)."""
    return render(request, "public/indicator.html", {**page, "static_site": _static(request)})


@require_GET
def indicator_data(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The indicator's figures table as CSV, XLSX or JSON."""
    if fmt not in downloads.FORMATS:
        raise Http404("不支持的格式")
    found = site.get_public_indicator(pk)
    return downloads.response(found, site.indicator_page(found, _as_of(request)), fmt)
