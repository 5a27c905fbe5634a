"""Choices for observations."""

from django.db import models


class Source(models.TextChoices):
    STATISTICS = "statistics", "统计数据"
    MONTHLY_REPORT = "monthly_report", "月度报表"
    REGISTRY = "registry", "登记库"
    MANUAL = "manual", "手工录入"
    PLAN_DOCUMENT = "plan_document", "规划文件"


class ObservationStatus(models.TextChoices):
    PROVISIONAL = "provisional", "初步数"
    FINAL = "final", "最终数"


class PeriodKind(models.TextChoices):
    YEAR = "year", "年"
    QUARTER = "quarter", "季"
    MONTH = "month", "月"
