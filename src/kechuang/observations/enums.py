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


class AlertKind(models.TextChoices):
    """What an alert case is about; one case per target and kind (room for task alerts later)."""

    TARGET = "target", "指标目标预警"


class AlertState(models.TextChoices):
    """An alert case's life: 待处理 → 已确认 → 处理中（已指派） → 已关闭; 已解除 when the alert goes away."""

    OPEN = "open", "待处理"
    ACKNOWLEDGED = "acknowledged", "已确认"
    ASSIGNED = "assigned", "处理中"
    CLOSED = "closed", "已关闭"
    RESOLVED = "resolved", "已解除"


# States in which someone still has to act on the case.
OPEN_ALERT_STATES = frozenset({AlertState.OPEN, AlertState.ACKNOWLEDGED, AlertState.ASSIGNED})


class AlertLevel(models.TextChoices):
    WARN = "warn", "预警"
    RED = "red", "红色预警"


class AlertEvent(models.TextChoices):
    """One line of a case's history: a person's action or a change the monitoring found."""

    OPENED = "opened", "出现预警"
    ACKNOWLEDGED = "acknowledged", "确认"
    ASSIGNED = "assigned", "指派"
    COMMENTED = "commented", "备注"
    CLOSED = "closed", "关闭"
    REOPENED = "reopened", "重新打开"
    RESOLVED = "resolved", "预警解除"
    REAPPEARED = "reappeared", "预警再次出现"
    ESCALATED = "escalated", "预警升级"
    OVERDUE = "overdue", "逾期未办结"
