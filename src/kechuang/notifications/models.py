"""A person's inbox, their choice of what comes by e-mail, and the e-mail waiting to be sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from kechuang.notifications.enums import Kind, Status


class Notification(models.Model):
    """One message in one person's inbox: what happened, and where to look at it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField("类型", max_length=32, choices=Kind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField(
        "链接", max_length=300, blank=True, help_text="站内路径，如 /collection/reports/1/"
    )
    created = models.DateTimeField("时间", default=timezone.now, db_index=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    # A scheduled reminder's key ("report-due:12:2025-05:3d"): the same reminder reaches a person once.
    dedupe_key = models.CharField("去重键", max_length=200, blank=True, default="")

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="notification_once_per_key",
            )
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title

    @property
    def unread(self) -> bool:
        return self.read_at is None


class EmailPreference(models.Model):
    """Whether one kind of notification also comes by e-mail to one person; no row = the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="email_preferences",
    )
    kind = models.CharField("通知类型", max_length=32, choices=Kind.choices)
    enabled = models.BooleanField("发送邮件", default=True)

    class Meta:
        verbose_name = "邮件通知设置"
        verbose_name_plural = "邮件通知设置"
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="email_preference_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()}"


class OutgoingEmail(models.Model):
    """An e-mail queued with the action that caused it; sent, retried with backoff, or marked failed."""

    notification = models.ForeignKey(
        Notification,
        verbose_name="通知",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="emails",
    )
    to_address = models.EmailField("收件地址")
    subject = models.CharField("主题", max_length=300)
    body = models.TextField("正文")
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.TextField("最近错误", blank=True)
    created = models.DateTimeField("创建时间", default=timezone.now)
    # Not before this time; a sender also pushes it ahead while it holds the row, so two never send one mail.
    next_try_at = models.DateTimeField("下次尝试", default=timezone.now, db_index=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "待发邮件"
        verbose_name_plural = "待发邮件"
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["status", "next_try_at"], name="outgoing_email_due")]

    def __str__(self) -> str:
        return f"{self.to_address} · {self.subject}"
