"""Evaluation schemes (versioned) and runs (frozen once confirmed).

The scheme's definition is stored in the JSON form `kechuang evaluate index` reads, so import and
export are the same file; a run keeps the values it used and the results it produced, so a later
correction of a figure never changes a confirmed run (a re-run is a new run). Rules: domain.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kechuang.common.models import TimeStamped
from kechuang.tenancy.models.areas import Area


class Subject(models.TextChoices):
    """Who a scheme evaluates (issue 15)."""

    INCUBATOR_COMPREHENSIVE = "incubator_comprehensive", "综合孵化器"
    INCUBATOR_SPECIALISED = "incubator_specialised", "专业孵化器"
    MAKER_SPACE = "maker_space", "众创空间"
    TOWN_PARK = "town_park", "街镇园区"
    SUB_PARK = "sub_park", "子园"
    LAND_PLOT = "land_plot", "地块"
    ENTERPRISE = "enterprise", "企业"
    OTHER = "other", "其他"


class EvaluationScheme(TimeStamped):
    """One version of a scheme; a change is a new version, so a run always names what it used."""

    area = models.ForeignKey(
        Area, verbose_name="所属地区", on_delete=models.PROTECT, related_name="evaluation_schemes"
    )
    name = models.CharField("方案名称", max_length=200)
    version = models.PositiveIntegerField("版本", default=1)
    subject = models.CharField("评价对象", max_length=30, choices=Subject.choices, default=Subject.OTHER)
    year = models.PositiveIntegerField("适用年度", null=True, blank=True)
    definition = models.JSONField("方案内容")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "评价方案"
        verbose_name_plural = "评价方案"
        ordering = ["area__code", "name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "name", "version"], name="evaluation_scheme_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（第 {self.version} 版）"


class RunStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    CONFIRMED = "confirmed", "已确认"


class EvaluationRun(TimeStamped):
    """A scheme version run over a year's values; frozen when confirmed."""

    scheme = models.ForeignKey(
        EvaluationScheme, verbose_name="评价方案", on_delete=models.PROTECT, related_name="runs"
    )
    area = models.ForeignKey(
        Area, verbose_name="所属地区", on_delete=models.PROTECT, related_name="evaluation_runs"
    )
    year = models.PositiveIntegerField("评价年度")
    status = models.CharField("状态", max_length=12, choices=RunStatus.choices, default=RunStatus.DRAFT)
    values = models.JSONField("指标数据", default=dict)  # unit → code → value, as used
    sources = models.JSONField("数据来源", default=dict, blank=True)  # unit → code → where it came from
    options = models.JSONField("计算参数", default=dict, blank=True)  # draws, share, seed
    results = models.JSONField("评价结果", default=list)  # one object per unit, as the CLI's --json
    # unit key (units.py: "carrier:12") → {"kind", "id", "name", "area_id"} as evaluated
    units = models.JSONField("参评单位", default=dict, blank=True)
    previous = models.ForeignKey(
        "self",
        verbose_name="上一次评价",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reruns",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评价人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        verbose_name = "评价运行"
        verbose_name_plural = "评价运行"
        ordering = ["-year", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.scheme.name} {self.year} 年评价（{self.get_status_display()}）"

    @property
    def frozen(self) -> bool:
        return self.status == RunStatus.CONFIRMED

    FROZEN_FIELDS = ("scheme_id", "area_id", "year", "values", "sources", "options", "results", "units")

    def save(self, *args, **kwargs) -> None:
        """A confirmed run keeps what it used and what it found, whoever saves it (domain.confirm_run)."""
        if self.pk:
            stored = (
                type(self)
                .objects.filter(pk=self.pk, status=RunStatus.CONFIRMED)
                .values(*self.FROZEN_FIELDS, "status")
                .first()
            )
            if stored and (
                self.status != RunStatus.CONFIRMED
                or any(getattr(self, name) != stored[name] for name in self.FROZEN_FIELDS)
            ):
                from kechuang.tenancy.domain.audit import RuleError

                raise RuleError("该次评价已确认冻结，结果不能修改；如需重新评价，请新建一次评价")
        super().save(*args, **kwargs)


# Values entered by the evaluator and their evidence live in their own module (collect.py reads them);
# appeals and money in theirs. Imported here so Django registers them.
from kechuang.evaluation.appeal_models import Appeal, AppealEvidence, AppealStatus, RunAdjustment  # noqa: E402
from kechuang.evaluation.models_entered import EnteredValue, EvidenceFile  # noqa: E402
from kechuang.evaluation.subsidy_models import (  # noqa: E402
    PaymentLine,
    PaymentList,
    PaymentStatus,
    SubsidyRules,
)

__all__ = [
    "Appeal",
    "AppealEvidence",
    "AppealStatus",
    "EnteredValue",
    "EvaluationRun",
    "EvaluationScheme",
    "EvidenceFile",
    "PaymentLine",
    "PaymentList",
    "PaymentStatus",
    "RunAdjustment",
    "RunStatus",
    "Subject",
    "SubsidyRules",
]
