"""Appeals (申诉) against a confirmed run's result, and the adjustments the district grants.

Why separate rows: a confirmed run never changes (``EvaluationRun.save`` refuses); what the
district decides on appeal is kept beside it, so the original result, the objection, the
decision and the adjusted figure can all be read later. Rules: appeals.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kechuang.common.models import StoredFile, TimeStamped


class AppealStatus(models.TextChoices):
    PENDING = "pending", "待处理"
    REJECTED = "rejected", "已驳回"
    ACCEPTED = "accepted", "已采纳"


class Appeal(TimeStamped):
    """One unit's objection to its result in one confirmed run."""

    run = models.ForeignKey(
        "evaluation.EvaluationRun", verbose_name="评价运行", on_delete=models.PROTECT, related_name="appeals"
    )
    unit = models.CharField("参评单位编号", max_length=60)
    unit_name = models.CharField("参评单位", max_length=200)
    status = models.CharField(
        "状态", max_length=10, choices=AppealStatus.choices, default=AppealStatus.PENDING
    )
    reason = models.TextField("申诉理由")
    evidence_text = models.TextField("证据说明", blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申诉人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filed_by_name = models.CharField("申诉人姓名", max_length=150, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by_name = models.CharField("处理人姓名", max_length=150, blank=True)
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    decision_reason = models.TextField("处理意见", blank=True)

    class Meta:
        verbose_name = "评价申诉"
        verbose_name_plural = "评价申诉"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "unit"],
                condition=models.Q(status="pending"),
                name="appeal_one_pending_per_unit",
                violation_error_message="本单位已有一件待处理的申诉",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_name}对{self.run.year}年评价结果的申诉"

    @property
    def area(self) -> object:
        """The run's area: the audit trail files an appeal under the district that decides it."""
        return self.run.area


class AppealEvidence(StoredFile):
    """A supporting file of an appeal (PDF, image, Excel); served only to those who may read the appeal."""

    appeal = models.ForeignKey(Appeal, verbose_name="申诉", on_delete=models.CASCADE, related_name="files")

    class Meta:
        verbose_name = "申诉证据"
        verbose_name_plural = "申诉证据"
        ordering = ["appeal", "uploaded_at", "pk"]


class RunAdjustment(TimeStamped):
    """A unit's result as changed on appeal: the run stays as it was, this row says what now stands."""

    run = models.ForeignKey(
        "evaluation.EvaluationRun",
        verbose_name="评价运行",
        on_delete=models.PROTECT,
        related_name="adjustments",
    )
    appeal = models.OneToOneField(
        Appeal, verbose_name="申诉", on_delete=models.PROTECT, related_name="adjustment"
    )
    unit = models.CharField("参评单位编号", max_length=60)
    old_score = models.FloatField("原得分", null=True, blank=True)
    old_rating = models.CharField("原评级", max_length=40, blank=True)
    score = models.FloatField("调整后得分", null=True, blank=True)
    rating = models.CharField("调整后评级", max_length=40, blank=True)
    reason = models.TextField("调整理由")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="决定人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "申诉调整"
        verbose_name_plural = "申诉调整"
        ordering = ["run", "pk"]

    def __str__(self) -> str:
        return f"{self.appeal.unit_name}经申诉调整"

    @property
    def area(self) -> object:
        return self.run.area
