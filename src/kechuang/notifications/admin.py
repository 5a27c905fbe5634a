"""The administrator's view of notifications and, above all, of e-mail that could not be sent."""

from django.contrib import admin, messages

from kechuang.notifications.enums import Status
from kechuang.notifications.mail import resend
from kechuang.notifications.models import EmailPreference, Notification, OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ("created", "to_address", "subject", "status", "attempts", "next_try_at", "last_error")
    list_filter = ("status",)
    search_fields = ("to_address", "subject")
    readonly_fields = (
        "notification",
        "to_address",
        "subject",
        "body",
        "status",
        "attempts",
        "last_error",
        "created",
        "next_try_at",
        "sent_at",
    )
    actions = ["send_again"]

    def has_add_permission(self, request: object) -> bool:
        return False

    @admin.action(description="重新发送所选邮件（下次定时任务运行时发送）")
    def send_again(self, request: object, queryset: object) -> None:
        count = resend(queryset.exclude(status=Status.SENT))
        self.message_user(request, f"已将 {count} 封邮件重新排入发送队列", messages.SUCCESS)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created", "recipient", "kind", "title", "read_at")
    list_filter = ("kind",)
    search_fields = ("title", "recipient__username")
    readonly_fields = ("recipient", "kind", "title", "body", "link", "created", "read_at", "dedupe_key")

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(EmailPreference)
class EmailPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "enabled")
    list_filter = ("kind", "enabled")
