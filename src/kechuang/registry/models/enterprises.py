"""Enterprises, their qualifications (高企, 科技型中小企业, 小巨人 …) and cultivation ladder."""

from __future__ import annotations

import datetime as dt

from django.db import models

from kechuang.common.models import TimeStamped
from kechuang.tenancy.models.areas import Area


class Stage(models.TextChoices):
    """The cultivation ladder, lowest rung first."""

    SURVEYED = "surveyed", "摸底"
    CULTIVATING = "cultivating", "入库培育"
    RECOGNISED = "recognised", "认定"
    LEADING = "leading", "领军"


STAGE_ORDER = {value: i for i, value in enumerate(Stage.values)}


class Enterprise(TimeStamped):
    """An enterprise known to the district, identified by its unified social credit code."""

    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    name = models.CharField("企业名称", max_length=200)
    area = models.ForeignKey(
        Area, verbose_name="所在地区", on_delete=models.PROTECT, related_name="enterprises"
    )
    industry = models.CharField("所属行业", max_length=100, blank=True)
    address = models.CharField("地址", max_length=300, blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    stage = models.CharField("培育阶段", max_length=12, choices=Stage.choices, blank=True)

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业"
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class QualificationType(TimeStamped):
    """A kind of qualification (高新技术企业, 科技型中小企业 …); administrators may add more."""

    code = models.SlugField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=100)
    validity_years = models.PositiveSmallIntegerField(
        "有效期（年）", null=True, blank=True, help_text="留空表示按年度登记（当年有效）"
    )
    per_year = models.BooleanField("按年度登记", default=False)
    ordering_key = models.PositiveSmallIntegerField("排序", default=100)

    class Meta:
        verbose_name = "资质类型"
        verbose_name_plural = "资质类型"
        ordering = ["ordering_key", "code"]

    def __str__(self) -> str:
        return self.name


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later (29 Feb → 28 Feb)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class Qualification(TimeStamped):
    """One qualification an enterprise holds, with its certificate and dates."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name="企业", on_delete=models.CASCADE, related_name="qualifications"
    )
    type = models.ForeignKey(
        QualificationType, verbose_name="资质类型", on_delete=models.PROTECT, related_name="qualifications"
    )
    certificate_no = models.CharField("证书/登记编号", max_length=64, blank=True)
    issued_on = models.DateField("发证/认定日期", null=True, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True, db_index=True)
    year = models.PositiveSmallIntegerField("登记年度", null=True, blank=True)

    class Meta:
        verbose_name = "企业资质"
        verbose_name_plural = "企业资质"
        ordering = ["enterprise_id", "type__ordering_key", "-issued_on", "-year"]
        constraints = [
            # per-year registrations are keyed by year, certificates by issue date
            models.UniqueConstraint(
                fields=["enterprise", "type", "year"],
                condition=models.Q(year__isnull=False),
                name="qualification_unique_year",
            ),
            models.UniqueConstraint(
                fields=["enterprise", "type", "issued_on"],
                condition=models.Q(year__isnull=True),
                name="qualification_unique_issue",
            ),
        ]
        indexes = [models.Index(fields=["type", "issued_on", "valid_until"], name="qual_type_dates")]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.type}"

    def compute_validity(self) -> None:
        """Fill ``valid_until`` from the type's rule: N years from issue, or the end of the registered year.

        A certificate "valid three years from issue" stops being valid on the day
        before the same date three years on (issued 2021-03-01 → valid through 2024-02-29).
        """
        qtype = self.type
        if qtype.validity_years and self.issued_on:
            self.valid_until = add_years(self.issued_on, qtype.validity_years) - dt.timedelta(days=1)
        elif qtype.per_year and self.year:
            self.valid_until = dt.date(self.year, 12, 31)
            if self.issued_on is None:
                self.issued_on = dt.date(self.year, 1, 1)

    def save(self, *args: object, **kwargs: object) -> None:
        self.compute_validity()
        super().save(*args, **kwargs)


class LadderStage(models.Model):
    """One step of an enterprise's cultivation-ladder history: the stage it reached and since when."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name="企业", on_delete=models.CASCADE, related_name="ladder"
    )
    stage = models.CharField("阶段", max_length=12, choices=Stage.choices)
    since = models.DateField("起始日期")
    note = models.CharField("说明", max_length=300, blank=True)
    dropped = models.BooleanField("退出培育", default=False, help_text="该日起退出梯度培育")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "梯度培育记录"
        verbose_name_plural = "梯度培育记录"
        ordering = ["enterprise_id", "since", "pk"]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.get_stage_display()} · {self.since}"
