"""Chinese admin for the registry. Enterprise, carrier and tenancy edits go through the domain
functions so that the audit trail is written; the audit trail itself is read-only."""

from __future__ import annotations

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from kechuang.registry.domain import save_carrier, save_enterprise, save_plot
from kechuang.registry.domain.carriers import CARRIER_FIELDS
from kechuang.registry.domain.enterprises import ENTERPRISE_FIELDS
from kechuang.registry.domain.plots import PLOT_FIELDS
from kechuang.registry.models import (
    Carrier,
    Enterprise,
    LadderStage,
    LandPlot,
    PlotEvaluationSettings,
    Qualification,
    QualificationType,
    Tenancy,
)
from kechuang.tenancy.domain.audit import diff, record_audit, snapshot


@admin.register(QualificationType)
class QualificationTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "validity_years", "per_year", "ordering_key")


class QualificationInline(admin.TabularInline):
    model = Qualification
    extra = 0
    readonly_fields = ("valid_until",)


class LadderInline(admin.TabularInline):
    model = LadderStage
    extra = 0
    readonly_fields = ("recorded_at",)


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ("name", "uscc", "area", "industry", "stage")
    list_filter = ("stage",)
    search_fields = ("name", "uscc")
    autocomplete_fields = ("area",)
    readonly_fields = ("stage",)
    inlines = [QualificationInline, LadderInline]

    def save_model(self, request: HttpRequest, obj: Enterprise, form: object, change: bool) -> None:
        data = {f: getattr(obj, f) for f in ENTERPRISE_FIELDS}
        original = Enterprise.objects.get(pk=obj.pk) if change else None
        saved, _ = save_enterprise(acting_user=request.user, enterprise=original, **data)
        obj.pk = saved.pk


@admin.register(Carrier)
class CarrierAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "level", "area", "operator", "active")
    list_filter = ("kind", "level", "active")
    search_fields = ("name", "operator")
    autocomplete_fields = ("area",)

    def save_model(self, request: HttpRequest, obj: Carrier, form: object, change: bool) -> None:
        data = {f: getattr(obj, f) for f in CARRIER_FIELDS}
        original = Carrier.objects.get(pk=obj.pk) if change else None
        saved, _ = save_carrier(acting_user=request.user, carrier=original, **data)
        obj.pk = saved.pk


@admin.register(Tenancy)
class TenancyAdmin(admin.ModelAdmin):
    list_display = ("enterprise", "carrier", "entered_on", "left_on", "exit_reason")
    list_filter = ("exit_reason",)
    autocomplete_fields = ("carrier", "enterprise")


@admin.register(LandPlot)
class LandPlotAdmin(admin.ModelAdmin):
    """Plots are saved through ``save_plot`` (district-unique code, audit); figures on the plot pages."""

    list_display = ("code", "name", "area", "area_mu", "land_use", "status")
    list_filter = ("status", "land_use")
    search_fields = ("code", "name")
    autocomplete_fields = ("area",)

    def save_model(self, request: HttpRequest, obj: LandPlot, form: object, change: bool) -> None:
        data = {f: getattr(obj, f) for f in PLOT_FIELDS}
        original = LandPlot.objects.get(pk=obj.pk) if change else None
        saved, _ = save_plot(acting_user=request.user, plot=original, **data)
        obj.pk = saved.pk


@admin.register(PlotEvaluationSettings)
class PlotEvaluationSettingsAdmin(admin.ModelAdmin):
    """The district's thresholds for 低效 plots: data, not code; every change is in the audit trail."""

    list_display = ("district", "min_tax_per_mu", "bottom_share")
    autocomplete_fields = ("district",)

    def save_model(
        self, request: HttpRequest, obj: PlotEvaluationSettings, form: object, change: bool
    ) -> None:
        fields = ["district", "min_tax_per_mu", "bottom_share"]
        before = snapshot(PlotEvaluationSettings.objects.get(pk=obj.pk), fields) if change else {}
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            changes = diff(before, snapshot(obj, fields))
            if changes:
                record_audit(
                    acting_user=request.user,
                    action="update" if change else "create",
                    obj=obj,
                    changes=changes,
                    area=obj.district,
                )
