"""Chinese admin for the registry. Enterprise, carrier and tenancy edits go through the domain
functions so that the audit trail is written; the audit trail itself is read-only."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from kechuang.registry.domain import save_carrier, save_enterprise
from kechuang.registry.domain.carriers import CARRIER_FIELDS
from kechuang.registry.domain.enterprises import ENTERPRISE_FIELDS
from kechuang.registry.domain.tokens import revoke_api_token
from kechuang.registry.models import (
    ApiToken,
    Area,
    AuditEntry,
    Carrier,
    Enterprise,
    LadderStage,
    Membership,
    Qualification,
    QualificationType,
    Tenancy,
)


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("code", "name")
    autocomplete_fields = ("parent",)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "area", "carrier")
    list_filter = ("role",)
    autocomplete_fields = ("user", "area", "carrier")


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
