"""Subsidy rules (补助规则) per district and year, and the payment lists (支付清单) computed from them.

Why data: each district publishes its own amounts, caps and matching ratio every year; the
office changes them on a page, not in code. A payment list keeps every line with the rule
behind it, so an approved list says for ever what was paid and why; it never changes once
approved (a recomputation, e.g. after an appeal, is a new version). Rules: subsidies.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kechuang.common.models import TimeStamped
from kechuang.tenancy.models.areas import Area

MONEY = {"max_digits": 14, "decimal_places": 4}  # 万元, to the yuan


class SubsidyRules(TimeStamped):
    """A district's subsidy rules for one year (amounts in 万元)."""

    area = models.ForeignKey(Area, verbose_name="区", on_delete=models.PROTECT, related_name="subsidy_rules")
    year = models.PositiveIntegerField("年度")
    # [{"rating": "优秀", "kind": "incubator", "level": "national", "amount": "50"}]
    amounts = models.JSONField("补助标准", default=list, blank=True)
    carrier_cap = models.DecimalField("每个载体年度上限（万元）", null=True, blank=True, **MONEY)
    total_cap = models.DecimalField("全区年度总额上限（万元）", null=True, blank=True, **MONEY)
    matching_ratio = models.DecimalField(
        "区级配套比例", max_digits=6, decimal_places=3, null=True, blank=True
    )
    # [{"carrier_id": 12, "name": "…", "amount": "30"}]: what the city granted, which the district matches
    municipal = models.JSONField("市级资助金额", default=list, blank=True)
    national_award = models.DecimalField("一次性奖励：认定为国家级（万元）", null=True, blank=True, **MONEY)
    municipal_award = models.DecimalField("一次性奖励：认定为市级（万元）", null=True, blank=True, **MONEY)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "补助规则"
        verbose_name_plural = "补助规则"
        ordering = ["area__code", "-year"]
        constraints = [models.UniqueConstraint(fields=["area", "year"], name="subsidy_rules_area_year")]

    def __str__(self) -> str:
        return f"{self.area.name}{self.year}年补助规则"


class PaymentStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    APPROVED = "approved", "已审批"


class PaymentList(TimeStamped):
    """One version of a run's payment list; final once approved."""

    run = models.ForeignKey(
        "evaluation.EvaluationRun",
        verbose_name="评价运行",
        on_delete=models.PROTECT,
        related_name="payment_lists",
    )
    area = models.ForeignKey(Area, verbose_name="区", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField("年度")
    version = models.PositiveIntegerField("版本", default=1)
    status = models.CharField(
        "状态", max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.DRAFT
    )
    rules = models.JSONField("所用规则", default=dict)
    total = models.DecimalField("合计（万元）", default=0, **MONEY)
    total_before_cap = models.DecimalField("缩减前合计（万元）", default=0, **MONEY)
    scale = models.DecimalField("总额缩减比例", max_digits=12, decimal_places=10, null=True, blank=True)
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="计算人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)

    class Meta:
        verbose_name = "支付清单"
        verbose_name_plural = "支付清单"
        ordering = ["run", "-version"]
        constraints = [models.UniqueConstraint(fields=["run", "version"], name="payment_list_run_version")]

    def __str__(self) -> str:
        return f"{self.area.name}{self.year}年补助支付清单（第 {self.version} 版）"

    @property
    def approved(self) -> bool:
        return self.status == PaymentStatus.APPROVED

    FROZEN_FIELDS = ("run_id", "area_id", "year", "version", "rules", "total", "total_before_cap", "scale")

    def save(self, *args, **kwargs) -> None:
        """An approved list stands as approved, whoever saves it."""
        if self.pk:
            stored = (
                type(self)
                .objects.filter(pk=self.pk, status=PaymentStatus.APPROVED)
                .values(*self.FROZEN_FIELDS, "status")
                .first()
            )
            if stored and (
                self.status != PaymentStatus.APPROVED
                or any(getattr(self, name) != stored[name] for name in self.FROZEN_FIELDS)
            ):
                from kechuang.tenancy.domain.audit import RuleError

                raise RuleError("该支付清单已审批，不能修改；如需重新计算，请生成新版本")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # noqa: ANN201 - Django's signature
        if self.approved:
            from kechuang.tenancy.domain.audit import RuleError

            raise RuleError("该支付清单已审批，不能删除")
        return super().delete(*args, **kwargs)


class PaymentLine(models.Model):
    """One carrier's amounts in a payment list, with the rule behind each."""

    payment_list = models.ForeignKey(
        PaymentList, verbose_name="支付清单", on_delete=models.CASCADE, related_name="lines"
    )
    position = models.PositiveIntegerField("序号")
    unit = models.CharField("参评单位编号", max_length=60)
    carrier = models.ForeignKey(
        "registry.Carrier",
        verbose_name="载体",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField("载体", max_length=200)
    kind_label = models.CharField("类型", max_length=40, blank=True)
    level_label = models.CharField("级别", max_length=40, blank=True)
    rating = models.CharField("评级", max_length=40, blank=True)
    adjusted = models.BooleanField("经申诉调整", default=False)
    rating_amount = models.DecimalField("评级补助（万元）", default=0, **MONEY)
    matching_amount = models.DecimalField("区级配套（万元）", default=0, **MONEY)
    award_amount = models.DecimalField("一次性奖励（万元）", default=0, **MONEY)
    cap_cut = models.DecimalField("上限核减（万元）", default=0, **MONEY)
    scale_cut = models.DecimalField("总额缩减（万元）", default=0, **MONEY)
    amount = models.DecimalField("应拨付（万元）", default=0, **MONEY)
    basis = models.JSONField("依据", default=list)  # one sentence per amount

    class Meta:
        verbose_name = "支付清单明细"
        verbose_name_plural = "支付清单明细"
        ordering = ["payment_list", "position"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if PaymentList.objects.filter(pk=self.payment_list_id, status=PaymentStatus.APPROVED).exists():
            from kechuang.tenancy.domain.audit import RuleError

            raise RuleError("该支付清单已审批，不能修改；如需重新计算，请生成新版本")
        super().save(*args, **kwargs)
