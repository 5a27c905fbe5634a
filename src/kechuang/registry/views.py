"""Registry pages: thin — access check, form, domain call, render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kechuang.common.exports import export_format, table_response
from kechuang.common.params import ParamError, year_param
from kechuang.registry import access, exports, queries
from kechuang.registry.domain import (
    RegistryError,
    add_qualification,
    move_enterprise_stage,
    register_tenant,
    save_enterprise,
    update_tenancy,
)
from kechuang.registry.figures import refresh_years
from kechuang.registry.forms import (
    EnterpriseForm,
    QualificationForm,
    StageForm,
    TenantExitForm,
    TenantForm,
)
from kechuang.registry.models import CarrierKind, CarrierLevel, QualificationType, Stage, Tenancy
from kechuang.tenancy import access as area_access
from kechuang.tenancy.models import AuditEntry

PAGE_SIZE = 100


def _date_param(request: HttpRequest, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get(name, ""))
    except ValueError:
        return timezone.localdate()


def _int_param(request: HttpRequest, name: str) -> int | None:
    try:
        return int(request.GET.get(name, ""))
    except ValueError:
        return None


def _selected_area(request: HttpRequest) -> object | None:
    area_id = _int_param(request, "area")
    if area_id is None:
        return None
    return get_object_or_404(area_access.visible_areas(request.user), pk=area_id)


def _audit_for(user: object, obj: object) -> list[AuditEntry]:
    """Audit rows for a record, shown to district administrators only."""
    if not area_access.is_district_admin(user):
        return []
    return list(AuditEntry.objects.filter(model=obj._meta.label_lower, object_id=str(obj.pk))[:50])


# --- enterprises ------------------------------------------------------------


@login_required
def enterprise_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    area = _selected_area(request)
    on = _date_param(request, "on")
    qs = access.visible_enterprises(user).order_by("name", "pk")
    if area is not None:
        qs = qs.filter(area_id__in=area.descendant_ids())
    qtype = request.GET.get("qualification", "")
    if qtype:
        valid = queries.valid_qualifications(qtype, on=on).values("enterprise_id")
        qs = qs.filter(pk__in=valid)
    stage = request.GET.get("stage", "")
    if stage in Stage.values:
        qs = qs.filter(stage=stage)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(uscc=q.upper()))
    if fmt := export_format(request):
        filters = [
            ("地区", area.name if area is not None else ""),
            (
                "资质",
                QualificationType.objects.filter(code=qtype).values_list("name", flat=True).first() or qtype,
            ),
            ("资质有效日期", str(on) if qtype else ""),
            ("培育阶段", Stage(stage).label if stage in Stage.values else ""),
            ("搜索", q),
        ]
        columns, rows = exports.enterprises_table(qs.select_related("area"))
        return table_response(request, "企业登记库", columns, rows, fmt, filters=filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    hnte_qs = queries.valid_qualifications("hnte", on=on, area=area).filter(
        enterprise__in=access.visible_enterprises(user).values("pk")
    )
    context = {
        "page": page,
        "enterprises": page.object_list,
        "areas": area_access.visible_areas(user).order_by("code"),
        "area": area,
        "on": on,
        "hnte_count": hnte_qs.values("enterprise_id").distinct().count(),
        "types": QualificationType.objects.all(),
        "stages": Stage.choices,
        "filters": {"qualification": qtype, "stage": stage, "q": q},
        "can_write": bool(area_access.writable_area_ids(user) is None or area_access.writable_area_ids(user)),
    }
    return render(request, "registry/enterprise_list.html", context)


@login_required
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    enterprise = access.visible_enterprises(user).filter(pk=pk).first()
    if enterprise is None:
        # Not the user's area: a carrier sees its current tenant's name, code and industry only.
        tenant = access.get_tenant_view_for_user(user, pk)
        return render(request, "registry/tenant_detail.html", {"tenant": tenant})
    can_write = access.can_change_enterprise(user, enterprise)
    tenancies = access.visible_tenancies(user).filter(enterprise=enterprise)
    return render(
        request,
        "registry/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "qualifications": enterprise.qualifications.select_related("type"),
            "ladder": enterprise.ladder.all(),
            "tenancies": tenancies,
            "today": timezone.localdate(),
            "audit": _audit_for(user, enterprise),
            "can_write": can_write,
            "qualification_form": QualificationForm(),
            "stage_form": StageForm(initial={"since": timezone.localdate()}),
        },
    )


@login_required
def enterprise_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = request.user
    enterprise = access.get_enterprise_for_user(user, pk, write=True) if pk is not None else None
    writable = area_access.writable_area_ids(user)
    if writable is not None and not writable:
        raise PermissionDenied("您的账号不能登记企业：企业由所在地区的区级管理员或科技联络员登记")
    areas = area_access.visible_areas(user)
    if writable is not None:
        areas = areas.filter(pk__in=writable)
    initial = {}
    if enterprise is not None:
        initial = {f: getattr(enterprise, f) for f in ("uscc", "name", "area", "industry", "address")}
        initial.update(contact_name=enterprise.contact_name, contact_phone=enterprise.contact_phone)
    form = EnterpriseForm(request.POST or None, initial=initial, areas=areas)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                enterprise, changed = save_enterprise(
                    acting_user=user, enterprise=enterprise, **form.cleaned_data
                )
                if changed:
                    refresh_years(timezone.localdate(), acting_user=user)
        except RegistryError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已保存" if changed else "没有变化")
            return redirect("registry:enterprise_detail", enterprise.pk)
    return render(request, "registry/enterprise_form.html", {"form": form, "enterprise": enterprise})


@login_required
@require_POST
def qualification_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    enterprise = access.get_enterprise_for_user(user, pk, write=True)
    form = QualificationForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "资质信息有误：" + "；".join(e for errs in form.errors.values() for e in errs)
        )
        return redirect("registry:enterprise_detail", pk)
    data = form.cleaned_data
    try:
        with transaction.atomic():
            qual, changed = add_qualification(
                enterprise,
                qtype=data["qtype"],
                certificate_no=data["certificate_no"],
                issued_on=data["issued_on"],
                year=data["year"],
                acting_user=user,
            )
            if changed:
                refresh_years(qual.issued_on, qual.valid_until, acting_user=user)
    except RegistryError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已登记资质" if changed else "该资质已登记，没有变化")
    return redirect("registry:enterprise_detail", pk)


@login_required
@require_POST
def stage_move(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    enterprise = access.get_enterprise_for_user(user, pk, write=True)
    form = StageForm(request.POST)
    if form.is_valid():
        try:
            move_enterprise_stage(enterprise, acting_user=user, **form.cleaned_data)
        except RegistryError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已更新培育阶段")
    else:
        messages.error(request, "培育阶段信息有误")
    return redirect("registry:enterprise_detail", pk)


@login_required
def renewal_list(request: HttpRequest) -> HttpResponse:
    """High-tech certificates expiring within N months, for renewal follow-up."""
    user = request.user
    area = _selected_area(request)
    months = _int_param(request, "months") or 6
    months = max(1, min(months, 36))
    qs = queries.expiring_certificates(area, months).filter(
        enterprise__in=access.visible_enterprises(user).values("pk")
    )
    if fmt := export_format(request):
        columns, rows = exports.renewals_table(qs[:1000])
        filters = [("地区", area.name if area is not None else ""), ("到期时间", f"{months}个月内")]
        return table_response(request, "高新技术企业证书到期跟进", columns, rows, fmt, filters=filters)
    return render(
        request,
        "registry/renewal_list.html",
        {
            "certificates": qs[:1000],
            "months": months,
            "area": area,
            "areas": area_access.visible_areas(user).order_by("code"),
        },
    )


@login_required
def funnel(request: HttpRequest) -> HttpResponse:
    """The cultivation-ladder funnel for an area and a year."""
    user = request.user
    area = _selected_area(request)
    if area is None and area_access.visible_area_ids(user) is not None:
        area = area_access.visible_areas(user).order_by("code").first()
        if area is None:
            raise PermissionDenied("没有可查看的地区")
    this_year = timezone.localdate().year
    try:
        year, error = year_param(request.GET.get("year"), default=this_year), ""
    except ParamError as exc:
        year, error = this_year, f"{exc}，已显示 {this_year} 年。"
    return render(
        request,
        "registry/funnel.html",
        {
            "rows": queries.ladder_funnel(area, year),
            "area": area,
            "year": year,
            "error": error,
            "areas": area_access.visible_areas(user).order_by("code"),
        },
    )


# --- carriers ---------------------------------------------------------------


@login_required
def carrier_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    area = _selected_area(request)
    qs = access.visible_carriers(user).order_by("area__code", "name")
    if area is not None:
        qs = qs.filter(area_id__in=area.descendant_ids())
    kind = request.GET.get("kind", "")
    if kind in CarrierKind.values:
        qs = qs.filter(kind=kind)
    carriers = list(
        qs.prefetch_related(
            Prefetch("tenancies", queryset=Tenancy.objects.filter(left_on__isnull=True), to_attr="current")
        )
    )
    counts: dict[str, dict[str, int]] = {}
    for c in carriers:
        row = counts.setdefault(c.get_kind_display(), {lv: 0 for lv in CarrierLevel.labels})
        row[c.get_level_display()] += 1
    if fmt := export_format(request):
        columns, rows = exports.carriers_table(carriers)
        filters = [
            ("地区", area.name if area is not None else ""),
            ("类型", CarrierKind(kind).label if kind in CarrierKind.values else ""),
        ]
        return table_response(request, "科创载体", columns, rows, fmt, filters=filters)
    return render(
        request,
        "registry/carrier_list.html",
        {
            "carriers": carriers,
            "counts": counts,
            "levels": CarrierLevel.labels,
            "kinds": CarrierKind.choices,
            "kind": kind,
            "area": area,
            "areas": area_access.visible_areas(user).order_by("code"),
        },
    )


@login_required
def carrier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    carrier = access.get_carrier_for_user(user, pk)
    tenancies = access.tenant_rows(user, carrier)
    if fmt := export_format(request):
        columns, rows = exports.tenants_table(tenancies)
        return table_response(request, f"{carrier.name}_入驻企业", columns, rows, fmt)
    return render(
        request,
        "registry/carrier_detail.html",
        {
            "carrier": carrier,
            "tenancies": tenancies,
            "can_write": access.can_change_carrier(user, carrier),
            "tenant_form": TenantForm(initial={"entered_on": timezone.localdate()}),
            "exit_form": TenantExitForm(initial={"left_on": timezone.localdate()}),
            "audit": _audit_for(user, carrier),
        },
    )


@login_required
@require_POST
def tenant_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    carrier = access.get_carrier_for_user(user, pk, write=True)
    form = TenantForm(request.POST)
    if not form.is_valid():
        messages.error(request, "入驻信息有误")
        return redirect("registry:carrier_detail", pk)
    data = form.cleaned_data
    try:
        with transaction.atomic():
            tenancy, changed = register_tenant(
                carrier,
                uscc=data["enterprise_uscc"],
                name=data["enterprise_name"],
                entered_on=data["entered_on"],
                acting_user=user,
            )
            if changed:
                refresh_years(tenancy.entered_on, acting_user=user)
    except (RegistryError, PermissionDenied) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已登记入驻" if changed else "没有变化")
    return redirect("registry:carrier_detail", pk)


@login_required
@require_POST
def tenant_exit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    tenancy = access.get_tenancy_for_user(user, pk, write=True)
    form = TenantExitForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                tenancy, changed = update_tenancy(tenancy, acting_user=user, **form.cleaned_data)
                if changed:
                    refresh_years(tenancy.left_on, acting_user=user)
        except RegistryError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已登记毕业/退出")
    else:
        messages.error(request, "退出信息有误")
    return redirect("registry:carrier_detail", tenancy.carrier_id)
