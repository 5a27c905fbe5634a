"""Monthly operating reports of carriers (孵化动态) and the district-defined forms they are filed on."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from kechuang.collection.enums import Aggregation, FieldType, Operator, ReportStatus, RevisionAction, RuleKind
from kechuang.common.models import StoredFile

_CODE = RegexValidator(r"^[a-z][a-z0-9_]*$", "代码只能包含小写字母、数字和下划线，且以字母开头")
_PERIOD = RegexValidator(r"^\d{4}-(0[1-9]|1[0-2])$", "期间应为 YYYY-MM，例如 2024-05")


class ReportForm(models.Model):
    """A report form the district defines (fields, units, rules); carriers file one per month."""

    code = models.CharField("代码", max_length=64, unique=True)
    name = models.CharField("名称", max_length=200)
    version = models.PositiveIntegerField("版本", default=1)
    active = models.BooleanField("启用", default=True)
    deadline_day = models.PositiveSmallIntegerField(
        "截止日",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text="次月几号之前填报上月数据",
    )
    description = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "月报表单"
        verbose_name_plural = "月报表单"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（第{self.version}版）"


class ReportField(models.Model):
    """One figure a form asks for: type, unit, whether required and its allowed range."""

    form = models.ForeignKey(ReportForm, verbose_name="表单", on_delete=models.CASCADE, related_name="fields")
    code = models.CharField("代码", max_length=64, validators=[_CODE])
    label = models.CharField("名称", max_length=100)
    type = models.CharField("类型", max_length=8, choices=FieldType.choices, default=FieldType.INTEGER)
    unit = models.CharField("单位", max_length=16, blank=True)
    required = models.BooleanField("必填", default=True)
    min_value = models.DecimalField("最小值", max_digits=18, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField("最大值", max_digits=18, decimal_places=4, null=True, blank=True)
    position = models.PositiveIntegerField("序号", default=0)
    help = models.CharField("填报说明", max_length=300, blank=True)
    catalog_code = models.CharField(
        "汇入标准指标",
        max_length=64,
        blank=True,
        help_text="审核通过后按地区汇总写入该标准指标（代码，如 INCUBATOR_TENANTS）；留空则不汇总",
    )
    aggregation = models.CharField(
        "汇总方式", max_length=8, choices=Aggregation.choices, default=Aggregation.SUM
    )

    class Meta:
        verbose_name = "表单字段"
        verbose_name_plural = "表单字段"
        ordering = ["form", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["form", "code"], name="report_field_unique_code"),
            models.CheckConstraint(
                condition=models.Q(min_value__isnull=True)
                | models.Q(max_value__isnull=True)
                | models.Q(min_value__lte=models.F("max_value")),
                name="report_field_range_order",
                violation_error_message="最小值不能大于最大值",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}（{self.unit}）" if self.unit else self.label

    @property
    def numeric(self) -> bool:
        return self.type != FieldType.TEXT


class ReportRule(models.Model):
    """A check across fields (毕业企业 ≤ 在孵企业) or across months (a tenfold jump) a report must pass."""

    form = models.ForeignKey(ReportForm, verbose_name="表单", on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField("类型", max_length=8, choices=RuleKind.choices, default=RuleKind.COMPARE)
    left_field = models.CharField("字段", max_length=64, help_text="字段代码")
    operator = models.CharField(
        "比较", max_length=2, choices=Operator.choices, default=Operator.LE, blank=True
    )
    right_field = models.CharField("比较字段", max_length=64, blank=True, help_text="字段代码；与常数二选一")
    right_constant = models.DecimalField("比较常数", max_digits=18, decimal_places=4, null=True, blank=True)
    factor = models.FloatField(
        "突变倍数",
        null=True,
        blank=True,
        help_text="环比突变：本月值超过上月已审核值的该倍数，或低于其倒数倍",
    )
    message = models.CharField("提示", max_length=300, blank=True, help_text="留空则自动生成")
    position = models.PositiveIntegerField("序号", default=0)

    class Meta:
        verbose_name = "校验规则"
        verbose_name_plural = "校验规则"
        ordering = ["form", "position", "pk"]

    def __str__(self) -> str:
        if self.kind == RuleKind.JUMP:
            return f"{self.left_field} 环比不超过 {self.factor} 倍"
        right = self.right_field or self.right_constant
        return f"{self.left_field} {self.operator} {right}"

    def clean(self) -> None:
        codes = set(self.form.fields.values_list("code", flat=True)) if self.form_id else set()
        errors: dict[str, str] = {}
        if codes and self.left_field not in codes:
            errors["left_field"] = f"表单中没有代码为“{self.left_field}”的字段"
        if self.kind == RuleKind.COMPARE:
            if not self.operator:
                errors["operator"] = "字段比较规则必须指定比较方式"
            if bool(self.right_field) == (self.right_constant is not None):
                errors["right_field"] = "比较字段与比较常数须填且只填一项"
            elif self.right_field and codes and self.right_field not in codes:
                errors["right_field"] = f"表单中没有代码为“{self.right_field}”的字段"
        elif not self.factor or self.factor <= 1:
            errors["factor"] = "环比突变规则的倍数必须大于 1"
        if errors:
            raise ValidationError(errors)


class CarrierReport(models.Model):
    """One carrier's operating figures for one month (孵化动态月报), from draft to approved."""

    carrier = models.ForeignKey(
        "registry.Carrier", verbose_name="载体", on_delete=models.PROTECT, related_name="reports"
    )
    form = models.ForeignKey(
        ReportForm, verbose_name="表单", on_delete=models.PROTECT, related_name="reports"
    )
    period = models.CharField("期间", max_length=7, validators=[_PERIOD])
    status = models.CharField("状态", max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    values = models.JSONField("填报数据", default=dict, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    return_comment = models.TextField("退回意见", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    # Incremented by every change; a page or API call that saw an older one is refused (lost updates).
    version = models.PositiveIntegerField("版本", default=1, editable=False)

    class Meta:
        verbose_name = "孵化动态月报"
        verbose_name_plural = "孵化动态月报"
        ordering = ["-period", "carrier"]
        constraints = [
            models.UniqueConstraint(
                fields=["carrier", "form", "period"],
                name="carrier_report_unique_period",
                violation_error_message="该载体本月的月报已存在",
            ),
        ]
        indexes = [models.Index(fields=["form", "period", "status"])]

    def __str__(self) -> str:
        return f"{self.carrier} {self.period}"

    @property
    def locked(self) -> bool:
        return self.status == ReportStatus.APPROVED

    @property
    def editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)


class ReportRevision(models.Model):
    """A change to a report's figures (drafts included) or a status transition: who, when, old, new."""

    report = models.ForeignKey(
        CarrierReport, verbose_name="月报", on_delete=models.CASCADE, related_name="revisions"
    )
    action = models.CharField("操作", max_length=10, choices=RevisionAction.choices)
    old_status = models.CharField("原状态", max_length=10, blank=True)
    new_status = models.CharField("新状态", max_length=10, blank=True)
    old_values = models.JSONField("原数据", null=True, blank=True)
    new_values = models.JSONField("新数据", null=True, blank=True)
    comment = models.TextField("说明", blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user_name = models.CharField("操作人姓名", max_length=150, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "月报修改记录"
        verbose_name_plural = "月报修改记录"
        ordering = ["report", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


class ReportAttachment(StoredFile):
    """A supporting file (PDF, image, Excel) on a monthly report; served only to those who may read the report."""

    report = models.ForeignKey(
        CarrierReport, verbose_name="月报", on_delete=models.CASCADE, related_name="attachments"
    )

    class Meta:
        verbose_name = "月报附件"
        verbose_name_plural = "月报附件"
        ordering = ["report", "uploaded_at", "pk"]


DEFAULT_CHANGE_THRESHOLD = 30


class ReviewSettings(models.Model):
    """How a district reviews its carriers' monthly reports: who may review, what counts as a large change.

    Why per district: some districts delegate first review to the town or park liaisons
    who know the carriers; others keep it with the commission.
    """

    district = models.OneToOneField(
        "tenancy.Area", verbose_name="区", on_delete=models.CASCADE, related_name="report_review_settings"
    )
    liaison_review = models.BooleanField(
        "联络员可审核本镇（园区）载体月报",
        default=False,
        help_text="开启后，街镇、园区的科技联络员可以审核通过或退回本镇（园区）载体的月报；更正已通过的月报仍由区级管理员办理",
    )
    change_threshold = models.PositiveSmallIntegerField(
        "大幅变动提示阈值（%）",
        default=DEFAULT_CHANGE_THRESHOLD,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text="审核页上，与上月或去年同月相比变动超过该百分比的数值会突出显示",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "月报审核设置"
        verbose_name_plural = "月报审核设置"

    def __str__(self) -> str:
        return f"{self.district}月报审核设置"
