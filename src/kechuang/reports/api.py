"""Reports through the API: the same requests as the pages, answered with the file (and kept)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from ninja import Router
from ninja.errors import HttpError

from kechuang.reports import stored
from kechuang.reports.kinds import ReportRefused
from kechuang.tenancy.api_auth import api_auth

router = Router(tags=["报告"], auth=api_auth)


def _file(request: HttpRequest, kind: str, data: dict) -> HttpResponse:
    try:
        asked = stored.parse_request(kind, data, today=timezone.localdate())
        report = stored.generate(asked, user=request.auth)
    except ReportRefused as exc:
        raise HttpError(400, str(exc)) from exc
    response = stored.serve(report)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=report.file_name
    )
    return response


@router.post("/plan/{plan_id}", summary="生成规划实施评估报告（返回文件）")
def plan_report(request: HttpRequest, plan_id: int, at: str = "", format: str = "docx") -> HttpResponse:
    return _file(request, "plan", {"plan": str(plan_id), "at": at, "format": format})


@router.post("/bulletin", summary="生成孵化动态月报简报（返回文件）")
def bulletin(request: HttpRequest, area: str, month: str, format: str = "docx") -> HttpResponse:
    return _file(request, "bulletin", {"area": area, "month": month, "format": format})


@router.post("/annual", summary="生成年度科技创新发展报告（返回文件）")
def annual(request: HttpRequest, area: str, year: str, format: str = "docx") -> HttpResponse:
    return _file(request, "annual", {"area": area, "year": year, "format": format})
