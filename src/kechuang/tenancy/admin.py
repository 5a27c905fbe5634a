"""Chinese admin for areas, roles, API tokens and the audit trail; the audit trail is read-only."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from kechuang.tenancy.domain.tokens import revoke_api_token
from kechuang.tenancy.models import ApiToken, Area, AreaChange, AuditEntry, Membership


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent", "ended_on")
    list_filter = ("kind",)
    search_fields = ("code", "name")
    autocomplete_fields = ("parent",)


@admin.register(AreaChange)
class AreaChangeAdmin(admin.ModelAdmin):
    """Read-only: changes are recorded through ``domain.area_changes`` (checked, audited, applied)."""

    list_display = ("area", "kind", "effective_on", "old_name", "new_name", "recorded_by_name", "applied_at")
    list_filter = ("kind",)
    search_fields = ("area__code", "old_name", "new_name")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "area", "carrier")
    list_filter = ("role",)
    autocomplete_fields = ("user", "area", "carrier")


class _AuditActionFilter(admin.SimpleListFilter):
    title = "操作"
    parameter_name = "action"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        actions = AuditEntry.objects.order_by().values_list("action", flat=True).distinct()
        return sorted((a, AuditEntry(action=a).action_label) for a in actions)

    def queryset(self, request: HttpRequest, queryset: object) -> object:
        return queryset.filter(action=self.value()) if self.value() else queryset


class _AuditKindFilter(admin.SimpleListFilter):
    title = "对象类型"
    parameter_name = "model"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        kinds = AuditEntry.objects.order_by().values_list("model", flat=True).distinct()
        return sorted(((m, AuditEntry(model=m).model_label) for m in kinds), key=lambda kind: kind[1])

    def queryset(self, request: HttpRequest, queryset: object) -> object:
        return queryset.filter(model=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    # Kinds, actions and changes by their Chinese names, as on the audit page; never app.model or ids.
    list_display = ("at", "user_name", "action_shown", "kind_shown", "object_shown", "changes_text")
    list_filter = (_AuditActionFilter, _AuditKindFilter)
    search_fields = ("object_repr", "user_name")
    exclude = ("model", "object_id", "action", "changes")
    readonly_fields = ("action_shown", "kind_shown", "object_shown", "changes_text")

    @admin.display(description="操作")
    def action_shown(self, obj: AuditEntry) -> str:
        return obj.action_label

    @admin.display(description="对象类型")
    def kind_shown(self, obj: AuditEntry) -> str:
        return obj.model_label

    @admin.display(description="对象")
    def object_shown(self, obj: AuditEntry) -> str:
        return obj.object_label

    @admin.display(description="变更内容")
    def changes_text(self, obj: AuditEntry) -> str:
        return "；".join(f"{label}：{text}" for label, text in obj.changes_shown) or "—"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created", "expires", "last_used", "revoked")
    list_filter = ("revoked",)
    fields = ("name", "user", "prefix", "created", "expires", "last_used", "revoked")
    readonly_fields = ("name", "user", "prefix", "created", "expires", "last_used", "revoked")
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tokens are issued with `kechuang manage issue_token`, which shows them once

    @admin.action(description="吊销所选令牌")
    def revoke(self, request: HttpRequest, queryset: object) -> None:
        for token in queryset:
            revoke_api_token(token, acting_user=request.user)
