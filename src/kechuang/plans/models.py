"""Plans, their indicators, targets and tasks, and the canonical indicator catalogue."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from kechuang.common.models import StoredFile, TimeStamped
from kechuang.plans.enums import (
    Accumulation,
    Attribute,
    Comparator,
    Direction,
    IndicatorRole,
    PlanStatus,
    TargetKind,
    TaskStatus,
)
from kechuang.plans.titles import title_key


class CatalogIndicator(TimeStamped):
    """A canonical indicator, so that plans of different areas can be compared."""

    code = models.CharField("代码", max_length=64, unique=True)
    name_zh = models.CharField("中文名称", max_length=200)
    name_en = models.CharField("英文名称", max_length=200, blank=True)
    unit = models.CharField("单位", max_length=32, blank=True)
    definition = models.TextField("定义", blank=True)
    synonyms = models.JSONField("同义词", default=list, blank=True)
    direction = models.CharField("方向", max_length=8, choices=Direction.choices, default=Direction.HIGHER)
    cumulative = models.BooleanField("累计存量", default=True)

    class Meta:
        verbose_name = "标准指标"
        verbose_name_plural = "标准指标目录"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name_zh}（{self.code}）"


class Plan(TimeStamped):
    """A governing document — five-year plan, action plan, park programme — with a period and goals."""

    title = models.CharField("标题", max_length=300)
    issuer = models.CharField("发文单位", max_length=200, blank=True)
    area = models.ForeignKey(
        "tenancy.Area", verbose_name="地区", on_delete=models.PROTECT, related_name="plans"
    )
    region_text = models.CharField("文件所写地区", max_length=100, blank=True)
    period_start = models.PositiveSmallIntegerField("起始年")
    period_end = models.PositiveSmallIntegerField("终止年")
    doc_number = models.CharField("文号", max_length=100, blank=True)
    issued = models.DateField("印发日期", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    source_file = models.FileField("原始文件", upload_to="plans/", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True, on_delete=models.SET_NULL
    )
    # Who released the reviewed draft and when: publishing is the step that makes a plan count.
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Versions: a mid-term revision (中期调整) is a new plan row linked to the one it replaces;
    # the earlier one stays readable, marked 已调整 (kechuang.plans.lifecycle).
    version = models.PositiveSmallIntegerField("版本", default=1)
    previous = models.ForeignKey(
        "self",
        verbose_name="上一版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_versions",
    )
    in_force_since = models.DateField("施行日期", null=True, blank=True)
    # The title as compared for duplicates (kechuang.plans.titles.title_key), kept on save.
    title_key = models.CharField("标题比对键", max_length=300, blank=True, db_index=True, editable=False)
    # An upload that looks like a plan already here waits for its uploader's decision
    # (replace that draft, become its new version, or cancel) before it can go further.
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name="疑似重复的规划",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "规划"
        verbose_name_plural = "规划"
        ordering = ["-period_end", "title"]
        indexes = [
            # The monitoring overview's order: a screen of a nation's plans read without sorting them all.
            models.Index(fields=["-period_end", "title", "id", "status"], name="plan_overview_order"),
            # Plans in scope counted (and their first year) from the index alone.
            models.Index(fields=["status", "period_start"], name="plan_status_start"),
        ]
        constraints = [
            # A duplicate awaiting its uploader's decision may repeat a title until the choice is made.
            models.UniqueConstraint(
                fields=["area", "title", "period_start", "period_end", "version"],
                condition=models.Q(duplicate_of__isnull=True),
                name="plan_unique_version",
            ),
            # Never two published copies of one plan, however its title is written.
            models.UniqueConstraint(
                fields=["area", "title_key", "period_start", "period_end"],
                condition=models.Q(status="published"),
                name="plan_one_published_copy",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="plan_period_order"
            ),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="plan_version_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        self.title_key = title_key(self.title, self.issuer)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title", "issuer"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "title_key"}
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        """In force: published and neither withdrawn nor replaced by a newer version."""
        return self.status == PlanStatus.PUBLISHED

    @property
    def is_unreleased(self) -> bool:
        """A draft or a plan awaiting approval: its reviewers' only."""
        return self.status in (PlanStatus.DRAFT, PlanStatus.PENDING)

    @property
    def is_closed(self) -> bool:
        """Withdrawn or replaced by a newer version: read-only, out of monitoring and the public page."""
        return self.status in (PlanStatus.WITHDRAWN, PlanStatus.SUPERSEDED)

    @property
    def version_label(self) -> str:
        """``第2版，自2025年6月1日起施行`` for a revised plan; empty for a first version."""
        if self.version <= 1:
            return ""
        if self.in_force_since is None:
            return f"第{self.version}版"
        day = self.in_force_since
        return f"第{self.version}版，自{day.year}年{day.month}月{day.day}日起施行"


class PlanEvent(models.Model):
    """One step of a plan's life (submitted, published, withdrawn, revised…), with who, when and why.

    Shown on the plan's page so that officers see why a plan is withdrawn or which version is in
    force; the same step is also written to the audit trail.
    """

    class Action(models.TextChoices):
        SUBMIT = "submit", "提交审核"
        PUBLISH = "publish", "发布"
        WITHDRAW = "withdraw", "撤回"
        REVISE = "revise", "中期调整"
        SUPERSEDE = "supersede", "被新版本取代"
        REPLACE = "replace", "替换原草稿"
        VERSION = "version", "作为新版本上传"

    plan = models.ForeignKey(Plan, verbose_name="规划", on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=12, choices=Action.choices)
    from_status = models.CharField("原状态", max_length=16, choices=PlanStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=16, choices=PlanStatus.choices)
    reason = models.TextField("理由", blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user_name = models.CharField("操作人姓名", max_length=150, blank=True)
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "规划状态记录"
        verbose_name_plural = "规划状态记录"
        ordering = ["plan", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}：{self.plan}"


class Indicator(models.Model):
    """A measured quantity a plan sets a goal for (or tabulates as a statistic series)."""

    plan = models.ForeignKey(Plan, verbose_name="规划", on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveIntegerField("序号", default=0)
    role = models.CharField("角色", max_length=8, choices=IndicatorRole.choices, default=IndicatorRole.GOAL)
    name = models.CharField("指标名称", max_length=300)
    category = models.CharField("指标类别", max_length=100, blank=True)
    unit = models.CharField("单位", max_length=32, blank=True)
    attribute = models.CharField("属性", max_length=16, choices=Attribute.choices, blank=True)
    direction = models.CharField("方向", max_length=8, choices=Direction.choices, default=Direction.HIGHER)
    accumulation = models.CharField(
        "口径", max_length=8, choices=Accumulation.choices, default=Accumulation.STOCK
    )
    note = models.TextField("备注", blank=True)
    data_source = models.CharField("数据来源", max_length=200, blank=True)
    baseline_year = models.PositiveSmallIntegerField("基期年份", null=True, blank=True)
    baseline_value = models.FloatField("基期值", null=True, blank=True)
    catalog = models.ForeignKey(
        CatalogIndicator,
        verbose_name="标准指标",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    evidence = models.TextField("原文依据", blank=True)
    # Ticked by the reviewer once the entry matches the document; the review page counts what is left.
    reviewed = models.BooleanField("已核对", default=False)
    # The same indicator in the previous version of the plan: its figures move here when this
    # version comes into force (kechuang.plans.lifecycle).
    revised_from = models.ForeignKey(
        "self",
        verbose_name="上一版本中的指标",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "指标"
        verbose_name_plural = "指标"
        ordering = ["plan", "role", "position", "pk"]
        indexes = [models.Index(fields=["plan", "role", "position"])]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）" if self.unit else self.name


class Target(models.Model):
    """One goal for an indicator: a value to reach by a year, compared and counted in a stated way."""

    indicator = models.ForeignKey(
        Indicator, verbose_name="指标", on_delete=models.CASCADE, related_name="targets"
    )
    position = models.PositiveIntegerField("序号", default=0)
    year = models.PositiveSmallIntegerField("目标年")
    value = models.FloatField("目标值", null=True, blank=True)
    comparator = models.CharField(
        "比较方式", max_length=10, choices=Comparator.choices, default=Comparator.GE
    )
    kind = models.CharField("目标类型", max_length=10, choices=TargetKind.choices, default=TargetKind.LEVEL)
    # A range goal ("2.6-3") is judged on its lower end (`value`); the other end is kept as the
    # stretch goal 挑战值 and shown beside it (docs/progress.md, ranges).
    stretch_value = models.FloatField(
        "挑战值",
        null=True,
        blank=True,
        help_text="区间目标（如 2.6-3）的另一端：按下限评估，上限作为挑战值显示",
    )
    text = models.TextField("原文", blank=True)
    evidence = models.TextField("原文依据", blank=True)

    class Meta:
        verbose_name = "目标值"
        verbose_name_plural = "目标值"
        ordering = ["indicator", "year", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=1949, year__lte=2100), name="target_year_sane"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.get_comparator_display()} {self.value if self.value is not None else self.text}"


class IndicatorRemoval(models.Model):
    """An indicator a reviewer merged into another or dropped, kept whole so the step can be undone.

    ``data`` holds the removed indicator, its targets and figures as they were, and for a merge
    what the merge changed on the indicator it went into (``kechuang.plans.review``).
    """

    class Kind(models.TextChoices):
        MERGED = "merged", "合并"
        DROPPED = "dropped", "删除"

    plan = models.ForeignKey(Plan, verbose_name="规划", on_delete=models.CASCADE, related_name="removals")
    kind = models.CharField("操作", max_length=8, choices=Kind.choices)
    name = models.CharField("指标名称", max_length=300)
    into = models.ForeignKey(
        Indicator,
        verbose_name="合并到",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="absorbed",
    )
    into_name = models.CharField("合并到的指标", max_length=300, blank=True)
    data = models.JSONField("原有内容", default=dict, encoder=DjangoJSONEncoder)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    removed_at = models.DateTimeField("操作时间", auto_now_add=True)

    class Meta:
        verbose_name = "审核中移除的指标"
        verbose_name_plural = "审核中移除的指标"
        ordering = ["plan", "-removed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.name}"


class Task(TimeStamped):
    """A task or project of a plan with the units responsible for it."""

    plan = models.ForeignKey(Plan, verbose_name="规划", on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveIntegerField("序号", default=0)
    code = models.CharField("编号", max_length=32, blank=True)
    goal = models.TextField("目标/项目")
    title = models.CharField("所属目标", max_length=300, blank=True)
    deadline = models.PositiveSmallIntegerField("完成年限", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    # The same task in the previous version of the plan: its progress reports move here.
    revised_from = models.ForeignKey(
        "self",
        verbose_name="上一版本中的任务",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "任务"
        verbose_name_plural = "任务"
        ordering = ["plan", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.goal}".strip()

    @property
    def owner_names(self) -> list[str]:
        return [o.name for o in self.owners.all()]


class TaskOwner(models.Model):
    """A unit responsible for a task (责任单位 / 实施单位), in the order the plan lists them."""

    task = models.ForeignKey(Task, verbose_name="任务", on_delete=models.CASCADE, related_name="owners")
    position = models.PositiveIntegerField("序号", default=0)
    name = models.CharField("单位", max_length=100, db_index=True)

    class Meta:
        verbose_name = "责任单位"
        verbose_name_plural = "责任单位"
        ordering = ["task", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class TaskUpdate(models.Model):
    """A progress report on a task: what was done, how far along, with evidence."""

    task = models.ForeignKey(Task, verbose_name="任务", on_delete=models.CASCADE, related_name="updates")
    reported_on = models.DateField("报告日期")
    unit = models.CharField("报告单位", max_length=100, blank=True)
    text = models.TextField("进展情况")
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    evidence = models.TextField("佐证材料", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("填报时间", auto_now_add=True)

    class Meta:
        verbose_name = "任务进展"
        verbose_name_plural = "任务进展"
        ordering = ["task", "-reported_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.reported_on} {self.progress}%"


class TaskUpdateAttachment(StoredFile):
    """Evidence (PDF, photo, Excel) filed with a task progress report; served to those who may see the task."""

    update = models.ForeignKey(
        TaskUpdate, verbose_name="任务进展", on_delete=models.CASCADE, related_name="attachments"
    )

    class Meta:
        verbose_name = "任务进展附件"
        verbose_name_plural = "任务进展附件"
        ordering = ["update", "uploaded_at", "pk"]


class TaskSuggestion(models.Model):
    """A heading of the plan's task chapter that the reader offers as a task (“（一）做强一带”).

    Plans mostly state their tasks as chapters without owners; the reviewer accepts the
    headings that are tasks, naming owners and a deadline (``kechuang.plans.suggestions``).
    An accepted suggestion keeps the task it became, so it is never accepted twice.
    """

    plan = models.ForeignKey(
        Plan, verbose_name="规划", on_delete=models.CASCADE, related_name="task_suggestions"
    )
    position = models.PositiveIntegerField("序号", default=0)
    code = models.CharField("编号", max_length=32, blank=True)
    title = models.CharField("建议任务", max_length=300)
    chapter = models.CharField("所在章节", max_length=300, blank=True)
    group = models.CharField("所属小节", max_length=300, blank=True)
    text = models.TextField("原文首句", blank=True)
    owners = models.JSONField("文件所写责任单位", default=list, blank=True)
    task = models.OneToOneField(
        Task,
        verbose_name="采纳后的任务",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestion",
    )
    accepted_at = models.DateTimeField("采纳时间", null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="采纳人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "建议任务"
        verbose_name_plural = "建议任务"
        ordering = ["plan", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None
