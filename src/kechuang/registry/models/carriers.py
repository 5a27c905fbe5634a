"""S&T carriers (科创载体) and the enterprises they host."""

from __future__ import annotations

from django.db import models

from kechuang.common.models import TimeStamped
from kechuang.tenancy.models.areas import Area


class CarrierKind(models.TextChoices):
    INCUBATOR = "incubator", "孵化器"
    MAKER_SPACE = "maker_space", "众创空间"
    UNIVERSITY_PARK = "university_park", "大学科技园"
    ACCELERATOR = "accelerator", "加速器"
    OTHER = "other", "其他"


class CarrierLevel(models.TextChoices):
    NATIONAL = "national", "国家级"
    MUNICIPAL = "municipal", "市级"
    DISTRICT = "district", "区级"


class ExitReason(models.TextChoices):
    GRADUATED = "graduated", "毕业"
    MOVED = "moved", "迁出"
    CLOSED = "closed", "注销/关闭"
    OTHER = "other", "其他"


class Carrier(TimeStamped):
    """An incubator, maker space, university science park or accelerator in an area."""

    name = models.CharField("名称", max_length=200)
    kind = models.CharField("类型", max_length=20, choices=CarrierKind.choices)
    level = models.CharField("级别", max_length=12, choices=CarrierLevel.choices)
    area = models.ForeignKey(Area, verbose_name="所在地区", on_delete=models.PROTECT, related_name="carriers")
    operator = models.CharField("运营主体", max_length=200, blank=True)
    floor_area = models.DecimalField(
        "场地面积（平方米）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    focus_industries = models.CharField("重点产业方向", max_length=300, blank=True)
    active = models.BooleanField("在运营", default=True)

    class Meta:
        verbose_name = "科创载体"
        verbose_name_plural = "科创载体"
        ordering = ["area__code", "name"]
        constraints = [models.UniqueConstraint(fields=["area", "name"], name="carrier_area_name_unique")]

    def __str__(self) -> str:
        return self.name


class Tenancy(TimeStamped):
    """An enterprise's stay in a carrier: entry, and graduation or exit with its reason."""

    carrier = models.ForeignKey(
        Carrier, verbose_name="载体", on_delete=models.CASCADE, related_name="tenancies"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", verbose_name="企业", on_delete=models.CASCADE, related_name="tenancies"
    )
    entered_on = models.DateField("入驻日期")
    left_on = models.DateField("毕业/退出日期", null=True, blank=True)
    exit_reason = models.CharField("退出原因", max_length=12, choices=ExitReason.choices, blank=True)

    class Meta:
        verbose_name = "在孵企业"
        verbose_name_plural = "在孵企业"
        ordering = ["carrier_id", "entered_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["carrier", "enterprise", "entered_on"], name="tenancy_unique_entry"
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("entered_on")),
                name="tenancy_left_after_entered",
                violation_error_message="退出日期不能早于入驻日期",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} @ {self.carrier}"

    @property
    def is_current(self) -> bool:
        return self.left_on is None
