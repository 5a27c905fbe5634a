"""The audit trail page: who changed what, for district administrators."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kechuang.common.exports import export_format, table_response
from kechuang.tenancy import access, exports
from kechuang.tenancy.models import AuditEntry

PAGE_SIZE = 100


def _optional_date(request: HttpRequest, name: str) -> dt.date | None:
    """A date filter from the URL, or None when absent or not a date (the filter is then off)."""
    try:
        return dt.date.fromisoformat(request.GET.get(name, "").strip())
    except ValueError:
        return None


@login_required
def audit(request: HttpRequest) -> HttpResponse:
    """The audit trail of any record, for district administrators: paged, filtered by
    kind of record, person and date range; the filters live in the URL so a page can be shared."""
    if not access.is_district_admin(request.user):
        raise PermissionDenied("仅区级管理员可查看变更记录")
    visible = AuditEntry.objects.all()
    areas = access.visible_area_ids(request.user)
    if areas is not None:
        visible = visible.filter(area_id__in=areas)  # entries with no area are for superusers only
    model = request.GET.get("model", "").strip()
    object_id = request.GET.get("id", "").strip()
    person = request.GET.get("user", "").strip()
    start, end = _optional_date(request, "from"), _optional_date(request, "to")
    qs = visible
    if model:
        qs = qs.filter(model=model)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if person:
        qs = qs.filter(user_name=person)
    if start is not None:
        qs = qs.filter(at__date__gte=start)
    if end is not None:
        qs = qs.filter(at__date__lte=end)
    if fmt := export_format(request):
        filters = [
            ("对象类型", AuditEntry(model=model).model_label if model else ""),
            ("对象编号", object_id),
            ("操作人", person),
            ("起始日期", str(start or "")),
            ("截止日期", str(end or "")),
        ]
        columns, rows = exports.audit_table(qs.iterator(chunk_size=2000))
        return table_response(request, "变更记录", columns, rows, fmt, filters=filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    kinds = sorted(
        {
            (m, AuditEntry(model=m).model_label)
            for m in visible.order_by().values_list("model", flat=True).distinct()
        },
        key=lambda kind: kind[1],
    )
    people = sorted(set(visible.order_by().values_list("user_name", flat=True).distinct()))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "tenancy/audit.html",
        {
            "page": page,
            "model": model,
            "object_id": object_id,
            "kinds": kinds,
            "people": people,
            "person": person,
            "start": start,
            "end": end,
            "query": query.urlencode(),
        },
    )
