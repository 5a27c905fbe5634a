"""Who may see and change what. Every view, export, import and API endpoint asks here.

Superusers see everything. Otherwise a user's memberships decide: a district
administrator or liaison sees their area and everything below it and may change
it; a viewer sees the same scope read-only; a carrier operator sees only their
carrier, its reports and the tenant view of its current tenants (the carrier
and tenant functions below), never the area around it and never an enterprise's
full record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from kechuang.registry.models import Carrier, Enterprise, LandPlot, Tenancy
from kechuang.tenancy.access import can_change_area, operated_carrier_ids, visible_area_ids
from kechuang.tenancy.models import Area

# --- carriers ---------------------------------------------------------------


def _carrier_filter(user: object) -> Q | None:
    """The Q over Carrier a user may read; ``None`` = everything."""
    area_ids = visible_area_ids(user)
    if area_ids is None:
        return None
    return Q(area_id__in=area_ids) | Q(pk__in=operated_carrier_ids(user))


def visible_carriers(user: object) -> QuerySet[Carrier]:
    """Carriers a user may read: those in their areas, or the one(s) they operate."""
    qs = Carrier.objects.select_related("area")
    q = _carrier_filter(user)
    return qs if q is None else qs.filter(q)


def can_change_carrier(user: object, carrier: Carrier) -> bool:
    """Operators change their own carrier's tenants and reports; administrators and liaisons their area's."""
    return carrier.pk in operated_carrier_ids(user) or can_change_area(user, carrier.area)


def get_carrier_for_user(user: object, pk: int, *, write: bool = False) -> Carrier:
    """The carrier or 404 — a carrier outside the user's scope is not acknowledged to exist.

    With ``write=True`` a user who may see but not change it (a viewer) gets
    ``PermissionDenied`` (403).
    """
    carrier = visible_carriers(user).filter(pk=pk).first()
    if carrier is None:
        raise Http404("载体不存在或无权访问")
    if write and not can_change_carrier(user, carrier):
        raise PermissionDenied(
            "您的账号只能查看该载体，不能修改；修改由载体运营方或所在地区的管理员、联络员办理"
        )
    return carrier


# --- enterprises ------------------------------------------------------------


def visible_enterprises(user: object) -> QuerySet[Enterprise]:
    """Enterprises whose full record (contacts, address, stage, qualifications) a user may read.

    Only those registered in the user's areas. A tenancy grants no such read: a carrier
    sees its tenants through ``tenant_rows`` / ``get_tenant_view_for_user`` only.
    """
    qs = Enterprise.objects.select_related("area")
    area_ids = visible_area_ids(user)
    if area_ids is None:
        return qs
    return qs.filter(area_id__in=area_ids)


def can_change_enterprise(user: object, enterprise: Enterprise) -> bool:
    """Enterprise records (and their qualifications and ladder) belong to the area's officers."""
    return can_change_area(user, enterprise.area)


def get_enterprise_for_user(user: object, pk: int, *, write: bool = False) -> Enterprise:
    """The enterprise or 404; 403 when the user may read it but not change it."""
    enterprise = visible_enterprises(user).filter(pk=pk).first()
    if enterprise is None:
        raise Http404("企业不存在或无权访问")
    if write and not can_change_enterprise(user, enterprise):
        raise PermissionDenied("无权修改该企业的数据")
    return enterprise


# --- tenants ----------------------------------------------------------------


def visible_tenancies(user: object) -> QuerySet[Tenancy]:
    """Tenancies of the carriers a user may read."""
    qs = Tenancy.objects.select_related("carrier", "enterprise")
    q = _carrier_filter(user)
    if q is None:
        return qs
    return qs.filter(carrier__in=Carrier.objects.filter(q).values("pk"))


def get_tenancy_for_user(user: object, pk: int, *, write: bool = False) -> Tenancy:
    """The tenancy or 404 outside scope; 403 for read-only roles writing."""
    tenancy = visible_tenancies(user).select_related("carrier__area").filter(pk=pk).first()
    if tenancy is None:
        raise Http404("在孵企业记录不存在或无权访问")
    if write and not can_change_carrier(user, tenancy.carrier):
        raise PermissionDenied("无权修改该载体的在孵企业")
    return tenancy


def tenant_scope(carrier: Carrier) -> Area:
    """The area whose enterprises may become tenants of a carrier: its district.

    A carrier above district level (a city's own incubator) keeps to its own area.
    """
    return carrier.area.district() or carrier.area


OTHER_DISTRICT_REFUSAL = "该企业登记在其他区，不能直接添加为在孵企业；请联系企业所在区的科委"


def require_attachable(user: object | None, carrier: Carrier, enterprise: Enterprise) -> None:
    """Refuse (``PermissionDenied``, reason in Chinese) to attach an existing enterprise to a carrier.

    - An enterprise registered outside the carrier's district (``tenant_scope``) is never
      attached, whoever asks, superusers included: the tenancy would count in this district's
      figures and move the other district's, and nobody there agreed. The owning district
      moves the enterprise first; then it can be attached.
    - Inside the district the actor must be one who may change the carrier: its operator, or
      an administrator or liaison of the carrier's area. They need not be allowed to change the
      enterprise's own area (a firm of the next town moving into this incubator is ordinary),
      because a tenancy shows them the tenant view only, never the enterprise record, and gives
      no right to edit it. ``user=None`` (demo data, system jobs) checks the district only.
    """
    scope = tenant_scope(carrier)
    if enterprise.area_id not in scope.descendant_ids():
        raise PermissionDenied(OTHER_DISTRICT_REFUSAL)
    if user is not None and not can_change_carrier(user, carrier):
        raise PermissionDenied("无权为该载体登记在孵企业")


@dataclass(frozen=True)
class TenantRow:
    """One tenancy as a carrier page shows it: what the monthly report needs, no contact or rating.

    ``linkable`` says whether the enterprise page answers the user: the full record
    (their area) or the tenant view (a current tenant of a carrier they may read).
    """

    tenancy_id: int
    enterprise_id: int
    name: str
    uscc: str
    industry: str
    entered_on: dt.date
    left_on: dt.date | None
    exit_reason_label: str
    linkable: bool

    @property
    def is_current(self) -> bool:
        return self.left_on is None


def tenant_rows(user: object, carrier: Carrier) -> list[TenantRow]:
    """A carrier's tenancies as a user may see them, current first; no contact, stage or qualification."""
    tenancies = list(carrier.tenancies.select_related("enterprise").order_by("-left_on", "entered_on", "pk"))
    full = set(
        visible_enterprises(user)
        .filter(pk__in=[t.enterprise_id for t in tenancies])
        .values_list("pk", flat=True)
    )
    return [
        TenantRow(
            tenancy_id=t.pk,
            enterprise_id=t.enterprise_id,
            name=t.enterprise.name,
            uscc=t.enterprise.uscc,
            industry=t.enterprise.industry,
            entered_on=t.entered_on,
            left_on=t.left_on,
            exit_reason_label=t.get_exit_reason_display() if t.exit_reason else "",
            linkable=t.enterprise_id in full or t.left_on is None,
        )
        for t in tenancies
    ]


@dataclass(frozen=True)
class TenantView:
    """What a carrier may read of an enterprise it hosts now: name, credit code, industry, its stays."""

    enterprise_id: int
    name: str
    uscc: str
    industry: str
    tenancies: list[Tenancy]


def get_tenant_view_for_user(user: object, pk: int) -> TenantView:
    """The tenant view of a current tenant of a carrier the user may read, else 404.

    Why: a carrier's monthly report needs to know who its tenants are, not how to reach
    them or how the district rates them; once the tenant has left, the carrier keeps its
    tenancy row only (``tenant_rows``) and this answers 404.
    """
    tenancies = list(
        visible_tenancies(user)
        .select_related("carrier")
        .filter(enterprise_id=pk)
        .order_by("entered_on", "pk")
    )
    if not any(t.left_on is None for t in tenancies):
        raise Http404("企业不存在或无权访问")
    enterprise = tenancies[0].enterprise
    return TenantView(
        enterprise_id=enterprise.pk,
        name=enterprise.name,
        uscc=enterprise.uscc,
        industry=enterprise.industry,
        tenancies=tenancies,
    )


# --- land plots ---------------------------------------------------------------


def visible_plots(user: object) -> QuerySet[LandPlot]:
    """Land plots a user may read: those in their areas. Carrier operators hold no area, so none."""
    qs = LandPlot.objects.select_related("area", "district")
    area_ids = visible_area_ids(user)
    return qs if area_ids is None else qs.filter(area_id__in=area_ids)


def can_change_plot(user: object, plot: LandPlot) -> bool:
    """Plots, their enterprises and figures belong to the officers of the plot's area."""
    return can_change_area(user, plot.area)


def get_plot_for_user(user: object, pk: int, *, write: bool = False) -> LandPlot:
    """The plot or 404 outside scope; 403 when the user may read it but not change it."""
    plot = visible_plots(user).filter(pk=pk).first()
    if plot is None:
        raise Http404("地块不存在或无权访问")
    if write and not can_change_plot(user, plot):
        raise PermissionDenied("您的账号只能查看该地块，不能修改；修改由所在地区的管理员或联络员办理")
    return plot
