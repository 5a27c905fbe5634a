"""Generating a report on request and keeping it: parse what was asked, build, render, store.

Why kept: an evaluation report is signed and sent; asked for again later it must be the same file,
whatever figures were corrected since, and the office must be able to say which figures it used
(``GeneratedReport.snapshot``). Pages, the API and the CLI all come through ``parse_request``
so a bad plan, area, date or month is refused with the same Chinese words everywhere.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

from kechuang.common.private_files import make_private
from kechuang.common.users import display_name
from kechuang.plans.access import get_plan_for_user, visible_plans
from kechuang.plans.models import Plan
from kechuang.reports.document import Document
from kechuang.reports.kinds import ReportRefused, load_kinds
from kechuang.reports.models import GeneratedReport, ReportFormat
from kechuang.reports.render import content_type, file_name, render
from kechuang.reports.word_templates import template_for
from kechuang.tenancy.access import visible_area_ids
from kechuang.tenancy.domain import AreaNotFound, find_area
from kechuang.tenancy.models import Area

FORMATS = {f.value for f in ReportFormat}
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class ReportRequest:
    """What was asked: the kind, its arguments in the builder's order, and the format."""

    kind: str
    args: tuple
    fmt: str
    area: Area
    plan: Plan | None = None

    @property
    def keywords(self) -> dict[str, object]:
        """The builder's keyword arguments (``ReportKind.params`` names)."""
        names = {
            "plan": ("plan_id", "at"),
            "bulletin": ("area", "month"),
            "annual": ("area", "year"),
            "evaluation_notice": ("run_id",),
        }[self.kind]
        return dict(zip(names, self.args, strict=True))

    @property
    def params(self) -> dict[str, object]:
        """The same, as JSON: what the stored report was asked with."""
        out = {}
        for name, value in self.keywords.items():
            out[name] = value.isoformat() if isinstance(value, dt.date) else getattr(value, "code", value)
        return out


def _text(data: Mapping[str, object], name: str, label: str) -> str:
    value = str(data.get(name) or "").strip()
    if not value:
        raise ReportRefused(f"请填写{label}")
    return value


def _area(data: Mapping[str, object]) -> Area:
    ref = _text(data, "area", "地区")
    try:
        return find_area(ref)
    except AreaNotFound as exc:
        raise ReportRefused(str(exc)) from exc


def parse_request(kind: str, data: Mapping[str, object], *, today: dt.date) -> ReportRequest:
    """A report request from form, query or command-line values, or ``ReportRefused`` saying what is wrong."""
    if kind not in load_kinds() or kind not in ("plan", "bulletin", "annual", "evaluation_notice"):
        raise ReportRefused(f"没有“{kind}”这种报告")
    fmt = str(data.get("format") or "docx").strip().lower()
    if fmt not in FORMATS:
        raise ReportRefused(f"格式“{fmt}”无效，应为 docx、pdf 或 xlsx")
    if kind == "plan":
        raw = _text(data, "plan", "规划编号")
        if not raw.isdigit():
            raise ReportRefused(f"规划编号“{raw}”无效，应为数字")
        plan = Plan.objects.select_related("area").filter(pk=int(raw)).first()
        if plan is None:
            raise ReportRefused(f"编号为 {raw} 的规划不存在")
        at_text = str(data.get("at") or "").strip()
        try:
            at = dt.date.fromisoformat(at_text) if at_text else today
        except ValueError as exc:
            raise ReportRefused(f"日期“{at_text}”无效，应为 YYYY-MM-DD 格式") from exc
        return ReportRequest(kind, (plan.pk, at), fmt, plan.area, plan)
    if kind == "evaluation_notice":
        from kechuang.reports.evaluation_notice import get_run

        run = get_run(_text(data, "run", "评价编号"))
        return ReportRequest(kind, (run.pk,), fmt, run.area)
    area = _area(data)
    if kind == "bulletin":
        month = _text(data, "month", "月份")
        if not _MONTH.match(month) or not 1 <= int(month[5:]) <= 12:
            raise ReportRefused(f"月份“{month}”无效，应为 YYYY-MM 格式")
        return ReportRequest(kind, (area, month), fmt, area)
    year_text = _text(data, "year", "年份")
    if not year_text.isdigit() or not 1990 <= int(year_text) <= today.year:
        raise ReportRefused(f"年份“{year_text}”无效，应为 1990 至 {today.year} 年之间的年份")
    return ReportRequest(kind, (area, int(year_text)), fmt, area)


def build(request: ReportRequest, *, user: object, public: bool = False) -> Document:
    """The report's content as the user may see it (builders raise 404/403 or ``ReportRefused``).

    A plan the user may not see is 404 here, as on its pages, before anything says why not.
    """
    if request.plan is not None and user is not None and not public:
        get_plan_for_user(user, request.plan.pk)
    return load_kinds()[request.kind].build(user=user, public=public, **request.keywords)


def render_bytes(document: Document, fmt: str) -> tuple[bytes, str, str]:
    """The file (in the kind's Word template, if an administrator uploaded one), its content type
    and its Chinese file name."""
    template = template_for(document.kind) if fmt != "xlsx" and document.kind else None
    return render(document, fmt, template), content_type(fmt), file_name(document, fmt)


def _jsonable(value: object) -> object:
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def snapshot(document: Document) -> dict:
    """The tables and chart series the report was made from, as plain JSON."""
    return _jsonable(
        {
            "as_of": document.as_of,
            "source": document.source,
            "tables": [dataclasses.asdict(t) for t in document.tables()],
            "charts": [dataclasses.asdict(c) for c in document.charts()],
        }
    )


def report_dir() -> Path:
    return Path(getattr(settings, "KECHUANG_REPORT_DIR", Path(settings.DATA_DIR) / "reports"))


def _path(stored_name: str) -> Path:
    if not re.fullmatch(r"[A-Za-z0-9_-]+\.(docx|pdf|xlsx)", stored_name):
        raise Http404("报告文件不存在")
    return report_dir() / stored_name


def generate(request: ReportRequest, *, user: object) -> GeneratedReport:
    """Build, render and keep one report. A failure at any step leaves neither a row nor a file."""
    document = build(request, user=user)
    data, _content_type, name = render_bytes(document, request.fmt)
    folder = report_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stored = f"{secrets.token_urlsafe(24)}.{request.fmt}"
    path = folder / stored
    partial = path.with_suffix(".part")
    partial.write_bytes(data)
    make_private(partial)
    try:
        with transaction.atomic():
            report = GeneratedReport.objects.create(
                kind=request.kind,
                kind_label=load_kinds()[request.kind].label,
                title=document.title[:300],
                params=request.params,
                fmt=request.fmt,
                as_of=document.as_of,
                area=request.area,
                plan=request.plan,
                requested_by=user if getattr(user, "is_authenticated", False) else None,
                requested_by_name=display_name(user),
                file_name=name[:200],
                stored_name=stored,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                simulated=document.simulated,
                snapshot=snapshot(document),
            )
            partial.rename(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        path.unlink(missing_ok=True)
        raise
    return report


def visible_reports(user: object) -> QuerySet[GeneratedReport]:
    """Reports of areas the user may see (a plan's only if they may see the plan), and their own."""
    qs = GeneratedReport.objects.select_related("area", "plan")
    if getattr(user, "is_superuser", False):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    areas = visible_area_ids(user) or set()
    seen = Q(area_id__in=areas) & (Q(plan__isnull=True) | Q(plan__in=visible_plans(user)))
    return qs.filter(seen | Q(requested_by=user))


def get_report_for_user(user: object, pk: int) -> GeneratedReport:
    report = visible_reports(user).filter(pk=pk).first()
    if report is None:
        raise Http404("报告不存在或无权查看")
    return report


def serve(report: GeneratedReport) -> HttpResponse:
    """The kept file as a download, byte for byte as it was generated (checked against its digest)."""
    path = _path(report.stored_name)
    if not path.is_file():
        raise Http404("报告文件已丢失，请重新生成")
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != report.sha256:
        raise Http404("报告文件已损坏，请重新生成")
    response = HttpResponse(data, content_type=content_type(report.fmt))
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=report.file_name
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
