"""Observations are corrected in the admin only through ``record_observation``, so history is kept."""

from django.contrib import admin
from django.shortcuts import redirect

from kechuang.observations.domain import record_observation
from kechuang.observations.models import Observation, ObservationRevision, ProgressSettings


class RevisionInline(admin.TabularInline):
    model = ObservationRevision
    extra = 0
    can_delete = False
    readonly_fields = (
        "action",
        "old_value",
        "new_value",
        "old_status",
        "new_status",
        "old_source",
        "new_source",
        "reason",
        "changed_by_name",
        "changed_at",
    )
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    list_display = ("indicator", "catalog", "area", "period", "value", "source", "status", "simulated")
    list_filter = ("source", "status", "simulated", "period_kind")
    search_fields = ("indicator__name", "catalog__name_zh", "area__name")
    readonly_fields = ("period_kind", "year", "period_end", "entered_by", "entered_at")
    autocomplete_fields = ("area", "catalog")
    raw_id_fields = ("indicator",)
    inlines = [RevisionInline]

    def save_model(self, request, obj, form, change):
        result = record_observation(
            indicator=obj.indicator,
            catalog=obj.catalog,
            area=obj.area,
            period=obj.period,
            value=obj.value,
            source=obj.source,
            status=obj.status,
            simulated=obj.simulated,
            note=obj.note,
            reason="管理后台修改",
            acting_user=request.user,
        )
        obj.pk = result.observation.pk

    def has_delete_permission(self, request, obj=None):
        # Figures are corrected, never deleted, so their history stays whole.
        return False


@admin.register(ProgressSettings)
class ProgressSettingsAdmin(admin.ModelAdmin):
    """The one settings row, edited in the Chinese thresholds form (/monitor/settings/), never as raw
    JSON here: every admin page of it leads there, where input is checked and changes are audited."""

    list_display = ("__str__", "updated_at")
    fields = ("thresholds", "updated_at")
    readonly_fields = ("thresholds", "updated_at")

    def changelist_view(self, request, extra_context=None):
        return redirect("monitor:settings")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return redirect("monitor:settings")

    def add_view(self, request, form_url="", extra_context=None):
        return redirect("monitor:settings")

    def has_add_permission(self, request):
        return not ProgressSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
