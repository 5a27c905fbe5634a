"""API routes of the registry app: areas, enterprises, qualifications, carriers, tenants.

Thin: every handler asks ``registry.access`` for the object (404 outside the
caller's scope, 403 for read-only roles writing) and changes it through the same
domain functions as the pages. Authentication: ``api_auth`` (bearer token or session).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from kechuang.common.params import check_range, fits_db_int
from kechuang.registry import access, queries
from kechuang.registry.api_plots import router as plots_router
from kechuang.registry.domain import (
    RegistryError,
    add_qualification,
    register_tenant,
    save_enterprise,
    update_tenancy,
)
from kechuang.registry.figures import refresh_years
from kechuang.registry.models import Enterprise, Qualification, QualificationType, Tenancy
from kechuang.tenancy import access as area_access
from kechuang.tenancy.api_auth import api_auth
from kechuang.tenancy.models import Area

router = Router(tags=["registry"], auth=api_auth)

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000


@contextmanager
def _refusals() -> Iterator[None]:
    """Domain refusals become 400 with their Chinese reason; permission refusals 403."""
    try:
        yield
    except RegistryError as exc:
        raise HttpError(400, str(exc)) from exc
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "无权操作") from exc


def _page(qs: QuerySet, limit: int, offset: int) -> QuerySet:
    """One page; an ``offset`` past any real list is refused (400) rather than sent to the database."""
    limit = max(1, min(limit, MAX_LIMIT))
    offset = check_range(offset, label="偏移量（offset）", minimum=0, maximum=MAX_OFFSET)
    return qs[offset : offset + limit]


# --- schemas ----------------------------------------------------------------


class ErrorOut(Schema):
    detail: str


class AreaOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None


class EnterpriseOut(Schema):
    id: int
    uscc: str = Field(description="统一社会信用代码")
    name: str
    area_id: int
    area_name: str = Field(alias="area.name")
    industry: str
    address: str
    contact_name: str
    contact_phone: str
    stage: str = Field(description="培育阶段：surveyed/cultivating/recognised/leading，空为未入梯度")


class EnterpriseIn(Schema):
    uscc: str
    name: str
    area_id: int
    industry: str = ""
    address: str = ""
    contact_name: str = ""
    contact_phone: str = ""


class EnterprisePatch(Schema):
    uscc: str | None = None
    name: str | None = None
    area_id: int | None = None
    industry: str | None = None
    address: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None


class QualificationOut(Schema):
    id: int
    enterprise_id: int
    type: str = Field(alias="type.code")
    type_name: str = Field(alias="type.name")
    certificate_no: str
    issued_on: dt.date | None
    valid_until: dt.date | None
    year: int | None


class QualificationIn(Schema):
    type: str = Field(description="资质类型代码，如 hnte、tech_sme")
    certificate_no: str = ""
    issued_on: dt.date | None = None
    year: int | None = Field(None, description="按年度登记的资质（科技型中小企业）的登记年度")


class CarrierOut(Schema):
    id: int
    name: str
    kind: str
    level: str
    area_id: int
    area_name: str = Field(alias="area.name")
    operator: str
    floor_area: Decimal | None
    focus_industries: str
    active: bool


class TenancyOut(Schema):
    """The tenant view: what a carrier's monthly report needs, never contacts, stage or qualifications."""

    id: int
    carrier_id: int
    enterprise_id: int
    enterprise_uscc: str = Field(alias="enterprise.uscc")
    enterprise_name: str = Field(alias="enterprise.name")
    enterprise_industry: str = Field(alias="enterprise.industry")
    entered_on: dt.date
    left_on: dt.date | None
    exit_reason: str


class TenancyIn(Schema):
    enterprise_uscc: str
    enterprise_name: str = Field("", description="企业尚未登记时必填：将以载体所在地区登记")
    entered_on: dt.date
    left_on: dt.date | None = None
    exit_reason: str = Field("", description="graduated/moved/closed/other")


class TenancyPatch(Schema):
    entered_on: dt.date | None = None
    left_on: dt.date | None = None
    exit_reason: str = ""


class CountOut(Schema):
    area_id: int | None
    on: dt.date
    count: int


# --- areas ------------------------------------------------------------------


@router.get("/areas", response=list[AreaOut], summary="可见地区")
def list_areas(request: HttpRequest) -> QuerySet[Area]:
    return area_access.visible_areas(request.auth).order_by("code")


# --- enterprises ------------------------------------------------------------


def _writable_area(user: object, area_id: int) -> Area:
    area = get_object_or_404(area_access.visible_areas(user), pk=area_id)
    if not area_access.can_change_area(user, area):
        raise HttpError(403, "无权在该地区登记企业")
    return area


@router.get("/enterprises", response=list[EnterpriseOut], summary="企业列表")
def list_enterprises(
    request: HttpRequest,
    area_id: int | None = None,
    uscc: str | None = None,
    q: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> QuerySet[Enterprise]:
    qs = access.visible_enterprises(request.auth).order_by("pk")
    if area_id is not None:
        area = get_object_or_404(Area, pk=area_id)
        qs = qs.filter(area_id__in=area.descendant_ids())
    if uscc:
        qs = qs.filter(uscc=uscc.strip().upper())
    if q:
        qs = qs.filter(name__contains=q)
    return _page(qs, limit, offset)


@router.get("/enterprises/{int:pk}", response={200: EnterpriseOut, 404: ErrorOut}, summary="企业详情")
def get_enterprise(request: HttpRequest, pk: int) -> Enterprise:
    """The full record, for the enterprise's own area; a carrier reads its tenants at ``/carriers/{id}/tenants``."""
    return access.get_enterprise_for_user(request.auth, pk)


@router.post("/enterprises", response={201: EnterpriseOut, 400: ErrorOut, 403: ErrorOut}, summary="登记企业")
def create_enterprise(request: HttpRequest, payload: EnterpriseIn) -> Status:
    user = request.auth
    data = payload.dict()
    area = _writable_area(user, data.pop("area_id"))
    with _refusals():
        enterprise, _ = save_enterprise(acting_user=user, area=area, **data)
    return Status(201, enterprise)


@router.patch(
    "/enterprises/{int:pk}", response={200: EnterpriseOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
)
def update_enterprise(request: HttpRequest, pk: int, payload: EnterprisePatch) -> Enterprise:
    """Change the given fields of an enterprise; fields left out stay as they are."""
    user = request.auth
    with _refusals():
        enterprise = access.get_enterprise_for_user(user, pk, write=True)
        data = payload.dict(exclude_unset=True, exclude_none=True)
        if "area_id" in data:
            data["area"] = _writable_area(user, data.pop("area_id"))
        enterprise, _ = save_enterprise(acting_user=user, enterprise=enterprise, **data)
    return enterprise


@router.put(
    "/enterprises/{int:pk}", response={200: EnterpriseOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
)
def replace_enterprise(request: HttpRequest, pk: int, payload: EnterpriseIn) -> Enterprise:
    user = request.auth
    with _refusals():
        enterprise = access.get_enterprise_for_user(user, pk, write=True)
        data = payload.dict()
        data["area"] = _writable_area(user, data.pop("area_id"))
        enterprise, _ = save_enterprise(acting_user=user, enterprise=enterprise, **data)
    return enterprise


# --- qualifications ---------------------------------------------------------


@router.get("/qualifications", response=list[QualificationOut], summary="资质列表")
def list_qualifications(
    request: HttpRequest,
    type: str | None = None,
    valid_on: dt.date | None = None,
    enterprise_id: int | None = None,
    limit: int = 100,
    offset: int = 0,
) -> QuerySet[Qualification]:
    qs = Qualification.objects.filter(enterprise__in=access.visible_enterprises(request.auth).values("pk"))
    if type:
        qs = qs.filter(type__code=type)
    if valid_on:
        qs = qs.filter(issued_on__lte=valid_on, valid_until__gte=valid_on)
    if enterprise_id is not None:  # an id no column can hold names no enterprise
        qs = qs.filter(enterprise_id=enterprise_id) if fits_db_int(enterprise_id) else qs.none()
    return _page(qs.select_related("type").order_by("pk"), limit, offset)


@router.get("/enterprises/{int:pk}/qualifications", response={200: list[QualificationOut], 404: ErrorOut})
def enterprise_qualifications(request: HttpRequest, pk: int) -> QuerySet[Qualification]:
    enterprise = access.get_enterprise_for_user(request.auth, pk)
    return enterprise.qualifications.select_related("type").order_by("pk")


@router.post(
    "/enterprises/{int:pk}/qualifications",
    response={201: QualificationOut, 200: QualificationOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="登记资质（重复提交不产生变化）",
)
def create_qualification(request: HttpRequest, pk: int, payload: QualificationIn) -> Status:
    user = request.auth
    with _refusals(), transaction.atomic():
        enterprise = access.get_enterprise_for_user(user, pk, write=True)
        qtype = QualificationType.objects.filter(code=payload.type).first()
        if qtype is None:
            raise RegistryError(f"资质类型“{payload.type}”不存在")
        qual, changed = add_qualification(
            enterprise,
            qtype=qtype,
            certificate_no=payload.certificate_no,
            issued_on=payload.issued_on,
            year=payload.year,
            acting_user=user,
        )
        if changed:
            refresh_years(qual.issued_on, qual.valid_until, acting_user=user)
    return Status(201 if changed else 200, qual)


@router.get("/hnte-count", response=CountOut, summary="有效高新技术企业数（按证书实时计算）")
def hnte_count(request: HttpRequest, area_id: int | None = None, on: dt.date | None = None) -> dict:
    user = request.auth
    on = on or timezone.localdate()
    if area_id is None:
        if area_access.visible_area_ids(user) is not None:
            raise HttpError(400, "请指定地区 area_id")
        return {"area_id": None, "on": on, "count": queries.valid_hnte_count(None, on)}
    area = get_object_or_404(area_access.visible_areas(user), pk=area_id)
    return {"area_id": area.pk, "on": on, "count": queries.valid_hnte_count(area, on)}


# --- carriers and tenants ---------------------------------------------------


@router.get("/carriers", response=list[CarrierOut], summary="载体列表")
def list_carriers(request: HttpRequest, kind: str | None = None, level: str | None = None) -> QuerySet:
    qs = access.visible_carriers(request.auth).order_by("pk")
    if kind:
        qs = qs.filter(kind=kind)
    if level:
        qs = qs.filter(level=level)
    return qs


@router.get("/carriers/{int:pk}", response={200: CarrierOut, 404: ErrorOut}, summary="载体详情")
def get_carrier(request: HttpRequest, pk: int) -> object:
    return access.get_carrier_for_user(request.auth, pk)


@router.get("/carriers/{int:pk}/tenants", response={200: list[TenancyOut], 404: ErrorOut}, summary="在孵企业")
def list_tenants(request: HttpRequest, pk: int, current: bool | None = None) -> QuerySet[Tenancy]:
    carrier = access.get_carrier_for_user(request.auth, pk)
    qs = carrier.tenancies.select_related("enterprise").order_by("pk")
    if current is not None:
        qs = qs.filter(left_on__isnull=current)
    return qs


@router.post(
    "/carriers/{int:pk}/tenants",
    response={201: TenancyOut, 200: TenancyOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="登记入驻企业（企业未登记时一并登记）",
)
def create_tenant(request: HttpRequest, pk: int, payload: TenancyIn) -> Status:
    user = request.auth
    with _refusals(), transaction.atomic():
        carrier = access.get_carrier_for_user(user, pk, write=True)
        tenancy, changed = register_tenant(
            carrier,
            uscc=payload.enterprise_uscc,
            name=payload.enterprise_name,
            entered_on=payload.entered_on,
            left_on=payload.left_on,
            exit_reason=payload.exit_reason,
            acting_user=user,
        )
        if changed:
            refresh_years(tenancy.entered_on, tenancy.left_on, acting_user=user)
    return Status(201 if changed else 200, tenancy)


@router.get("/tenants/{int:pk}", response={200: TenancyOut, 404: ErrorOut})
def get_tenant(request: HttpRequest, pk: int) -> Tenancy:
    return access.get_tenancy_for_user(request.auth, pk)


@router.patch("/tenants/{int:pk}", response={200: TenancyOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut})
def update_tenant(request: HttpRequest, pk: int, payload: TenancyPatch) -> Tenancy:
    """Record graduation or exit (left_on + exit_reason), or correct the entry date."""
    user = request.auth
    with _refusals(), transaction.atomic():
        tenancy = access.get_tenancy_for_user(user, pk, write=True)
        old_left = tenancy.left_on
        tenancy, changed = update_tenancy(
            tenancy,
            entered_on=payload.entered_on,
            left_on=payload.left_on,
            exit_reason=payload.exit_reason,
            acting_user=user,
        )
        if changed:
            refresh_years(tenancy.entered_on, tenancy.left_on, old_left, acting_user=user)
    return tenancy


router.add_router("", plots_router)
