"""The administrator's view of notifications and, above all, of e-mail that could not be sent."""

from django.contrib import admin, messages

from kechuang.notifications.enums import Status
from kechuang.notifications.mail import SUBJECT_PREFIX, resend
from kechuang.notifications.models import EmailPreference, Notification, OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ("created", "status", "to_address", "subject_shown", "attempts", "error_shown")
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

    @admin.display(description="主题")
    def subject_shown(self, obj: OutgoingEmail) -> str:
        subject = obj.subject.removeprefix(SUBJECT_PREFIX)
        return subject if len(subject) <= 40 else subject[:40] + "…"

    @admin.display(description="最近错误")
    def error_shown(self, obj: OutgoingEmail) -> str:
        """The first line of the error, short enough for the list; the whole text is on the record."""
        first = obj.last_error.splitlines()[0] if obj.last_error else ""
        return first if len(first) <= 120 else first[:120] + "…"

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
