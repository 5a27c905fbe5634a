"""The district edits report forms, fields and rules here (no code changes); reports are read-only.

Reports change only through the workflow functions (pages and API), so that every
change after submission leaves a revision; the admin shows them and their history.
"""

from django.contrib import admin

from kechuang.collection.models import CarrierReport, ReportField, ReportForm, ReportRevision, ReportRule


class FieldInline(admin.TabularInline):
    model = ReportField
    extra = 0
    fields = (
        "position",
        "code",
        "label",
        "type",
        "unit",
        "required",
        "min_value",
        "max_value",
        "catalog_code",
        "aggregation",
        "help",
    )


class RuleInline(admin.TabularInline):
    model = ReportRule
    extra = 0
    fields = (
        "position",
        "kind",
        "left_field",
        "operator",
        "right_field",
        "right_constant",
        "factor",
        "message",
    )


@admin.register(ReportForm)
class ReportFormAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "version", "active", "deadline_day")
    list_filter = ("active",)
    search_fields = ("code", "name")
    inlines = [FieldInline, RuleInline]


class RevisionInline(admin.TabularInline):
    model = ReportRevision
    extra = 0
    can_delete = False
    readonly_fields = (
        "at",
        "action",
        "user_name",
        "old_status",
        "new_status",
        "comment",
        "old_values",
        "new_values",
    )
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CarrierReport)
class CarrierReportAdmin(admin.ModelAdmin):
    list_display = ("carrier", "period", "form", "status", "submitted_at", "reviewed_at")
    list_filter = ("status", "period", "form")
    search_fields = ("carrier__name",)
    readonly_fields = (
        "carrier",
        "form",
        "period",
        "status",
        "values",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "return_comment",
    )
    inlines = [RevisionInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Viewing only: figures change through the workflow, which keeps the history.
        return False

    def has_delete_permission(self, request, obj=None):
        return False
