from django.contrib import admin

from kechuang.plans.models import (
    CatalogIndicator,
    Indicator,
    Plan,
    PlanEvent,
    Target,
    Task,
    TaskOwner,
    TaskUpdate,
)


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ("year", "value", "comparator", "kind", "text")


class TaskOwnerInline(admin.TabularInline):
    model = TaskOwner
    extra = 0


class TaskUpdateInline(admin.TabularInline):
    model = TaskUpdate
    extra = 0


class PlanEventInline(admin.TabularInline):
    model = PlanEvent
    extra = 0
    fields = ("at", "action", "from_status", "to_status", "user_name", "reason")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("title", "area", "period_start", "period_end", "version", "doc_number", "status")
    list_filter = ("status", "area")
    search_fields = ("title", "doc_number", "issuer")
    # The life cycle (submit, publish, withdraw, revise) runs through the plan pages, which ask for
    # a reason and keep the audit trail; here it is shown, not changed.
    readonly_fields = (
        "status",
        "version",
        "previous",
        "in_force_since",
        "duplicate_of",
        "published_at",
        "published_by",
    )
    inlines = [PlanEventInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("name", "plan", "role", "category", "unit", "attribute", "catalog")
    list_filter = ("role", "attribute", "plan")
    search_fields = ("name",)
    autocomplete_fields = ("catalog",)
    inlines = [TargetInline]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("code", "goal", "plan", "deadline", "status", "progress")
    list_filter = ("status", "plan")
    search_fields = ("goal", "title", "owners__name")
    inlines = [TaskOwnerInline, TaskUpdateInline]


@admin.register(CatalogIndicator)
class CatalogIndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "unit", "direction", "cumulative")
    search_fields = ("code", "name_zh", "name_en")
