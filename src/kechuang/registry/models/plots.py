"""Land plots (地块), the enterprises on them and their yearly figures, for 亩均 (per-mu) evaluation.

Why a registry of its own: Zhejiang-style 亩均论英雄 judges land by what the enterprises on it
produce per mu (output, tax, R&D; energy per unit of output). The figures are entered per
enterprise per plot per year, so a plot holding several enterprises and an enterprise spread
over several plots both add up; the per-mu arithmetic lives in ``registry.domain.plots``.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models

from kechuang.common.models import TimeStamped
from kechuang.tenancy.models.areas import Area


class LandUse(models.TextChoices):
    INDUSTRIAL = "industrial", "工业"
    RESEARCH = "research", "研发"
    COMMERCIAL = "commercial", "商业"
    MIXED = "mixed", "综合"
    WAREHOUSE = "warehouse", "仓储物流"
    OTHER = "other", "其他"


class PlotStatus(models.TextChoices):
    PRODUCING = "producing", "在产"
    BUILDING = "building", "在建"
    IDLE = "idle", "闲置"
    OTHER = "other", "其他"


class LandPlot(TimeStamped):
    """A plot of land in a town or park, with its area in mu; its code is unique within the district."""

    area = models.ForeignKey(
        Area, verbose_name="所在街镇/园区", on_delete=models.PROTECT, related_name="land_plots"
    )
    district = models.ForeignKey(
        Area,
        verbose_name="所属区县",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        help_text="由所在街镇/园区推定，用于地块编号在本区内唯一",
    )
    code = models.CharField("地块编号", max_length=40)
    name = models.CharField("地块名称", max_length=200)
    location = models.CharField("坐落位置", max_length=300, blank=True)
    area_mu = models.DecimalField(
        "面积（亩）",
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    land_use = models.CharField("用地类型", max_length=12, choices=LandUse.choices)
    status = models.CharField("状态", max_length=12, choices=PlotStatus.choices, default=PlotStatus.PRODUCING)
    notes = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "地块"
        verbose_name_plural = "地块"
        ordering = ["area__code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["district", "code"], name="landplot_district_code_unique"),
            models.CheckConstraint(
                condition=models.Q(area_mu__gt=0),
                name="landplot_area_positive",
                violation_error_message="面积须大于 0",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class PlotOccupancy(TimeStamped):
    """An enterprise using a plot from a date (until a date): a plot may hold several, an enterprise use several."""

    plot = models.ForeignKey(
        LandPlot, verbose_name="地块", on_delete=models.CASCADE, related_name="occupancies"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", verbose_name="企业", on_delete=models.CASCADE, related_name="plot_occupancies"
    )
    started_on = models.DateField("起用日期")
    ended_on = models.DateField("退出日期", null=True, blank=True)
    area_mu = models.DecimalField(
        "使用面积（亩）",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="留空：地块面积扣除其他企业已填面积后，由未填面积的企业平分",
    )

    class Meta:
        verbose_name = "地块用地企业"
        verbose_name_plural = "地块用地企业"
        ordering = ["plot_id", "started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plot", "enterprise", "started_on"], name="plotoccupancy_unique_start"
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="plotoccupancy_end_after_start",
                violation_error_message="退出日期不能早于起用日期",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} @ {self.plot}"

    def covers_year(self, year: int) -> bool:
        """Whether the enterprise used the plot at any time in the year."""
        return self.started_on.year <= year and (self.ended_on is None or self.ended_on.year >= year)


class PlotFigure(TimeStamped):
    """One enterprise's figures on one plot for one year; an empty field means not reported."""

    plot = models.ForeignKey(LandPlot, verbose_name="地块", on_delete=models.CASCADE, related_name="figures")
    enterprise = models.ForeignKey(
        "registry.Enterprise", verbose_name="企业", on_delete=models.CASCADE, related_name="plot_figures"
    )
    year = models.PositiveSmallIntegerField("年度")
    output = models.DecimalField("产值（万元）", max_digits=14, decimal_places=2, null=True, blank=True)
    tax = models.DecimalField("税收（万元）", max_digits=14, decimal_places=2, null=True, blank=True)
    rd_spending = models.DecimalField(
        "研发投入（万元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    energy = models.DecimalField("能耗（吨标准煤）", max_digits=14, decimal_places=2, null=True, blank=True)
    employees = models.PositiveIntegerField("从业人员（人）", null=True, blank=True)

    class Meta:
        verbose_name = "地块年度数据"
        verbose_name_plural = "地块年度数据"
        ordering = ["plot_id", "-year", "enterprise_id"]
        constraints = [
            models.UniqueConstraint(fields=["plot", "enterprise", "year"], name="plotfigure_unique_year"),
        ]

    def __str__(self) -> str:
        return f"{self.plot.name} {self.enterprise.name} {self.year}年"


class PlotEvaluationSettings(TimeStamped):
    """A district's rules for flagging inefficient plots: thresholds are data, changed in the admin.

    A plot in production is flagged 低效 when its tax per mu is below ``min_tax_per_mu`` (if set),
    or when it ranks in the bottom ``bottom_share`` of the plots compared (by tax per mu).
    Districts without a row use the defaults below.
    """

    district = models.OneToOneField(
        Area, verbose_name="区县", on_delete=models.CASCADE, related_name="plot_settings"
    )
    min_tax_per_mu = models.DecimalField(
        "亩均税收下限（万元/亩）",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="低于此值的在产地块标为低效；留空表示不按绝对值判断",
    )
    bottom_share = models.DecimalField(
        "末位比例",
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.20"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="按亩均税收排在末位的这一比例的在产地块标为低效（0.20 即末 20%）；0 表示不按排名判断",
    )

    class Meta:
        verbose_name = "亩均评价设置"
        verbose_name_plural = "亩均评价设置"

    def __str__(self) -> str:
        return f"{self.district.name}亩均评价设置"
