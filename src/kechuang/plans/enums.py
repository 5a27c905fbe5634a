"""Choices shared by plan models, forms, import/export and the API."""

from django.db import models


class PlanStatus(models.TextChoices):
    """A plan's life: 草稿 → 待审核 → 已发布 → 已撤回, or 已调整 once a newer version is in force."""

    DRAFT = "draft", "草稿"
    PENDING = "pending", "待审核"  # submitted by its uploader, awaiting the district's decision
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"
    SUPERSEDED = "superseded", "已调整"  # an earlier version: a newer one is in force


# Not yet released: visible to, and corrected by, its reviewers only (docs/access.md).
UNRELEASED_STATUSES = frozenset({PlanStatus.DRAFT, PlanStatus.PENDING})
# Released at some point: readable by everyone who may read the area.
RELEASED_STATUSES = frozenset({PlanStatus.PUBLISHED, PlanStatus.WITHDRAWN, PlanStatus.SUPERSEDED})
# Out of force: kept readable (marked), but no longer monitored, counted, changed or shown publicly.
CLOSED_STATUSES = frozenset({PlanStatus.WITHDRAWN, PlanStatus.SUPERSEDED})


class Attribute(models.TextChoices):
    EXPECTED = "expected", "预期性"
    BINDING = "binding", "约束性"


class Direction(models.TextChoices):
    HIGHER = "higher", "越高越好"
    LOWER = "lower", "越低越好"


class Accumulation(models.TextChoices):
    STOCK = "stock", "累计数（存量）"
    FLOW = "flow", "年度数（流量）"


class IndicatorRole(models.TextChoices):
    GOAL = "goal", "目标指标"
    SERIES = "series", "统计序列"


class Comparator(models.TextChoices):
    GE = ">=", "不低于"
    GT = ">", "高于"
    LE = "<=", "不超过"
    LT = "<", "低于"
    EQ = "=", "等于"
    APPROX = "~", "左右"
    RELATIVE = "relative", "相对目标"


class TargetKind(models.TextChoices):
    LEVEL = "level", "水平值"
    GROWTH = "growth", "年均增长"
    INCREMENT = "increment", "期内新增"
    ANNUAL = "annual", "每年"


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未启动"
    IN_PROGRESS = "in_progress", "进行中"
    DONE = "done", "已完成"
    DELAYED = "delayed", "逾期"  # deadline year over and not finished


ATTRIBUTE_FROM_TEXT = {"预期性": Attribute.EXPECTED, "约束性": Attribute.BINDING}
ATTRIBUTE_TO_TEXT = {Attribute.EXPECTED.value: "预期性", Attribute.BINDING.value: "约束性"}
