"""公众监督: what a member of the public wrote about a published plan, and the staff's answer."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

MESSAGE_MAX = 1000
ANSWER_MAX = 2000


class Feedback(models.Model):
    """One message left on a plan's public page (no login), answered by the plan's district staff.

    ``answer_public``: the staff chose to show the answer (with the message) beside the plan.
    ``client_key``: a hash of the sender's address, only to count messages per address.
    """

    class State(models.TextChoices):
        NEW = "new", "待答复"
        ANSWERED = "answered", "已答复"

    plan = models.ForeignKey(
        "plans.Plan", verbose_name="规划", on_delete=models.CASCADE, related_name="feedback"
    )
    name = models.CharField("称呼", max_length=50, blank=True)
    contact = models.CharField("联系方式", max_length=100, blank=True)
    message = models.TextField("留言内容", max_length=MESSAGE_MAX)
    created = models.DateTimeField("留言时间", default=timezone.now, db_index=True)
    client_key = models.CharField("来源标识", max_length=64, blank=True, editable=False)
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.NEW)
    answer = models.TextField("答复", max_length=ANSWER_MAX, blank=True)
    answer_public = models.BooleanField("公开答复", default=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        verbose_name = "公众留言"
        verbose_name_plural = "公众留言"
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.plan.title}：{self.message[:20]}"
