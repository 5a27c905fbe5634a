"""Choices shared by the collection models, forms and API."""

from django.db import models


class FieldType(models.TextChoices):
    INTEGER = "integer", "整数"
    DECIMAL = "decimal", "小数"
    PERCENT = "percent", "百分比"
    TEXT = "text", "文本"


class Aggregation(models.TextChoices):
    """How one field's values of many carriers combine into an area's figure."""

    SUM = "sum", "求和"
    MEAN = "mean", "平均"


class RuleKind(models.TextChoices):
    COMPARE = "compare", "字段比较"
    JUMP = "jump", "环比突变"


class Operator(models.TextChoices):
    LE = "<=", "不大于"
    LT = "<", "小于"
    GE = ">=", "不小于"
    GT = ">", "大于"
    EQ = "==", "等于"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已通过"


class RevisionAction(models.TextChoices):
    EDIT = "edit", "修改"
    SUBMIT = "submit", "提交"
    RETURN = "return", "退回"
    APPROVE = "approve", "审核通过"
    CORRECT = "correct", "通过后更正"
