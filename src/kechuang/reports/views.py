"""Report pages: the list of generated reports with the forms that make them, downloads, and the
public report of a published plan. Thin: parse, ask ``stored``, render."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from kechuang.common.exports import export_format, table_response
from kechuang.common.rate_limits import RateLimit, client_key
from kechuang.plans.access import monitored_plans
from kechuang.plans.enums import PlanStatus
from kechuang.reports import exports, stored
from kechuang.reports.kinds import ReportRefused
from kechuang.reports.models import ReportFormat
from kechuang.tenancy.access import visible_areas
from kechuang.tenancy.models import AreaKind

PAGE_SIZE = 50
# Each public report is drawn and converted on request (seconds of server time): a visitor may ask
# for this many an hour.
PUBLIC_REPORTS = RateLimit("public-report", 20)


def _previous_month(today: dt.date) -> str:
    first = today.replace(day=1) - dt.timedelta(days=1)
    return f"{first.year}-{first.month:02d}"


def _recent_months(today: dt.date, count: int = 36) -> list[tuple[str, str]]:
    """The months a bulletin can be asked for, newest first, labelled as the office writes them.
    A list rather than a month input: browsers draw that input in their own language."""
    year, month = today.year, today.month
    out = []
    for _ in range(count):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        out.append((f"{year}-{month:02d}", f"{year}年{month}月"))
    return out


def _list(
    request: HttpRequest, *, error: str = "", asked: dict | None = None, status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    page = Paginator(stored.visible_reports(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    areas = list(visible_areas(request.user).order_by("code"))
    context = {
        "page": page,
        "plans": list(
            monitored_plans(request.user)
            .exclude(status=PlanStatus.WITHDRAWN)
            .order_by("-period_end", "title")
        ),
        "districts": [a for a in areas if a.kind in (AreaKind.DISTRICT, AreaKind.TOWN, AreaKind.PARK)],
        "areas": areas,
        "formats": ReportFormat.choices,
        "today": today,
        "month": (asked or {}).get("month") or _previous_month(today),
        "months": _recent_months(today),
        "year": today.year - 1 if today.month < 4 else today.year,
        "error": error,
        "asked": asked or {},
        "highlight": request.GET.get("new", ""),
    }
    return render(request, "reports/report_list.html", context, status=status)


@login_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    """The forms and the kept reports; ``?format=xlsx|csv`` downloads the whole list of reports."""
    if fmt := export_format(request):
        columns, rows = exports.reports_table(stored.visible_reports(request.user).iterator(chunk_size=2000))
        return table_response(request, "已生成的报告", columns, rows, fmt)
    return _list(request)


@login_required
@require_POST
def generate(request: HttpRequest, kind: str) -> HttpResponse:
    """Make one report now (a few seconds; the button says so while it runs) and keep it."""
    try:
        asked = stored.parse_request(kind, request.POST, today=timezone.localdate())
        report = stored.generate(asked, user=request.user)
    except ReportRefused as exc:
        return _list(request, error=str(exc), asked={"kind": kind, **request.POST.dict()}, status=400)
    return redirect(f"/reports/?new={report.pk}#report-{report.pk}")


@login_required
@require_GET
def download(request: HttpRequest, pk: int) -> HttpResponse:
    return stored.serve(stored.get_report_for_user(request.user, pk))


@require_GET
def public_plan_report(request: HttpRequest, pk: int) -> HttpResponse:
    """A published plan's report for anyone: made on request from final, non-simulated figures only."""
    data = {"plan": str(pk), "format": request.GET.get("format", "pdf")}
    key = client_key(request)
    if PUBLIC_REPORTS.over(key):
        return render(
            request,
            "common/too_many.html",
            {
                "message": f"每个地址每小时最多下载 {PUBLIC_REPORTS.per_window} 份公开报告，请一小时后再下载。",
                "back": f"/public/plans/{pk}/",
            },
            status=429,
        )
    PUBLIC_REPORTS.count(key)
    try:
        asked = stored.parse_request("plan", data, today=timezone.localdate())
        if asked.plan.status != PlanStatus.PUBLISHED:
            raise Http404("规划不存在或尚未发布")
        document = stored.build(asked, user=None, public=True)
    except (ReportRefused, PermissionDenied) as exc:
        raise Http404("规划不存在或尚未发布") from exc
    body, content_type, name = stored.render_bytes(document, asked.fmt)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response
