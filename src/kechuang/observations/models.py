"""Observed values of indicators and the history of every change to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kechuang.observations.enums import (
    OPEN_ALERT_STATES,
    AlertEvent,
    AlertKind,
    AlertLevel,
    AlertState,
    ObservationStatus,
    PeriodKind,
    Source,
)


class Observation(models.Model):
    """A value for one indicator (or catalogue indicator), area and period, with its source."""

    indicator = models.ForeignKey(
        "plans.Indicator",
        verbose_name="指标",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="observations",
    )
    catalog = models.ForeignKey(
        "plans.CatalogIndicator",
        verbose_name="标准指标",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="observations",
    )
    area = models.ForeignKey("tenancy.Area", verbose_name="地区", on_delete=models.PROTECT, related_name="+")
    period = models.CharField("期间", max_length=10)
    period_kind = models.CharField("期间类型", max_length=8, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField("年份")
    period_end = models.DateField("期末日期")
    value = models.FloatField("数值")
    source = models.CharField("来源", max_length=16, choices=Source.choices)
    status = models.CharField(
        "状态", max_length=12, choices=ObservationStatus.choices, default=ObservationStatus.FINAL
    )
    simulated = models.BooleanField("模拟数据", default=False)
    note = models.CharField("说明", max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField("录入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    # Incremented by every change; a form or API call that saw an older one is refused (lost updates).
    version = models.PositiveIntegerField("版本", default=1, editable=False)

    class Meta:
        verbose_name = "观测值"
        verbose_name_plural = "观测值"
        ordering = ["period_end", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(indicator__isnull=False) | models.Q(catalog__isnull=False),
                name="observation_has_indicator_or_catalog",
            ),
            models.UniqueConstraint(
                fields=["indicator", "area", "period"],
                condition=models.Q(indicator__isnull=False),
                name="observation_unique_indicator_period",
            ),
            models.UniqueConstraint(
                fields=["catalog", "area", "period"],
                condition=models.Q(indicator__isnull=True),
                name="observation_unique_catalog_period",
            ),
        ]
        indexes = [
            models.Index(fields=["indicator", "area", "period_end"]),
            models.Index(fields=["catalog", "area", "period_end"]),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.value}"


class ObservationRevision(models.Model):
    """One change to an observation: who, when, what it was and what it became."""

    observation = models.ForeignKey(
        Observation, verbose_name="观测值", on_delete=models.CASCADE, related_name="revisions"
    )
    action = models.CharField("操作", max_length=10, default="update")
    old_value = models.FloatField("原数值", null=True, blank=True)
    new_value = models.FloatField("新数值", null=True, blank=True)
    old_status = models.CharField("原状态", max_length=12, blank=True)
    new_status = models.CharField("新状态", max_length=12, blank=True)
    old_source = models.CharField("原来源", max_length=16, blank=True)
    new_source = models.CharField("新来源", max_length=16, blank=True)
    reason = models.CharField("修改原因", max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_by_name = models.CharField("修改人姓名", max_length=150, blank=True)
    changed_at = models.DateTimeField("修改时间", auto_now_add=True)

    class Meta:
        verbose_name = "观测值修改记录"
        verbose_name_plural = "观测值修改记录"
        ordering = ["observation", "-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.old_value} → {self.new_value}"

    @property
    def old_status_text(self) -> str:
        """The earlier status by its Chinese label, for histories (never the stored code)."""
        return dict(ObservationStatus.choices).get(self.old_status, "")

    @property
    def new_status_text(self) -> str:
        """The new status by its Chinese label, for histories (never the stored code)."""
        return dict(ObservationStatus.choices).get(self.new_status, "")


def _default_thresholds() -> dict:
    from kechuang.observations.progress import Thresholds

    return Thresholds().to_dict()


class ProgressSettings(models.Model):
    """The status thresholds of the progress engine, one row for the whole site, set by an administrator."""

    thresholds = models.JSONField(
        "状态阈值",
        default=_default_thresholds,
        help_text="超前/正常/滞后的进度比阈值、预测概率预警线等；缺省项取系统默认值（见 docs/progress.md）。",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "进度评估设置"
        verbose_name_plural = "进度评估设置"

    def __str__(self) -> str:
        return "进度评估设置"

    def save(self, *args: object, **kwargs: object) -> None:
        self.pk = 1  # a singleton: every save writes the one row
        super().save(*args, **kwargs)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from kechuang.observations.progress import Thresholds

        try:
            Thresholds.from_dict(self.thresholds if isinstance(self.thresholds, dict) else None)
        except (TypeError, ValueError) as exc:
            raise ValidationError({"thresholds": str(exc)}) from exc
        if not isinstance(self.thresholds, dict):
            raise ValidationError({"thresholds": "阈值必须是 JSON 对象"})


class AlertCase(models.Model):
    """An alert as a work item: the monitoring raises it, people acknowledge, assign, comment and close it.

    One row per target and kind of alert (the alert's stable identity), so judging a plan again
    finds the same case instead of raising a new one; what the alert says is refreshed each time.
    """

    plan = models.ForeignKey("plans.Plan", verbose_name="规划", on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(
        "plans.Target", verbose_name="目标", on_delete=models.CASCADE, related_name="alert_cases"
    )
    kind = models.CharField("预警类别", max_length=16, choices=AlertKind.choices, default=AlertKind.TARGET)
    state = models.CharField("处理状态", max_length=16, choices=AlertState.choices, default=AlertState.OPEN)
    active = models.BooleanField("预警仍存在", default=True)
    escalated = models.BooleanField("已升级", default=False)
    level = models.CharField("预警级别", max_length=8, choices=AlertLevel.choices, default=AlertLevel.WARN)
    status_code = models.CharField("进度状态代码", max_length=24, blank=True, editable=False)
    status_text = models.CharField("进度状态", max_length=24, blank=True)
    reasons = models.CharField("预警原因", max_length=500, blank=True)
    first_seen = models.DateField("首次出现")
    last_seen = models.DateField("最近出现")
    resolved_on = models.DateField("解除日期", null=True, blank=True)
    assigned_area = models.ForeignKey(
        "tenancy.Area",
        verbose_name="责任单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField("办理期限", null=True, blank=True)
    overdue_told_on = models.DateField("逾期提醒日期", null=True, blank=True, editable=False)
    closed_reason = models.CharField("关闭原因", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    # Incremented by every change a person could see; a form that saw an older one is refused (409).
    version = models.PositiveIntegerField("版本", default=1, editable=False)

    class Meta:
        verbose_name = "预警事项"
        verbose_name_plural = "预警事项"
        ordering = ["plan", "target"]
        constraints = [
            models.UniqueConstraint(fields=["target", "kind"], name="alert_case_unique_target_kind")
        ]
        indexes = [models.Index(fields=["plan", "state"]), models.Index(fields=["assigned_area", "state"])]

    def __str__(self) -> str:
        return f"{self.target.indicator.name}（{self.get_state_display()}）"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_ALERT_STATES

    def overdue(self, today: object) -> bool:
        """Assigned, still open and past its due date."""
        return self.is_open and self.due_on is not None and self.due_on < today


class AlertCaseEvent(models.Model):
    """One entry of a case's history: who (or 系统), when, what, and what they wrote."""

    case = models.ForeignKey(
        AlertCase, verbose_name="预警事项", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("操作", max_length=16, choices=AlertEvent.choices)
    state = models.CharField("操作后状态", max_length=16, choices=AlertState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField("操作人姓名", max_length=150)
    summary = models.CharField("内容", max_length=300, blank=True)
    comment = models.TextField("说明", blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "预警事项记录"
        verbose_name_plural = "预警事项记录"
        ordering = ["case", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.actor_name} {self.get_action_display()}"


class Audience(models.TextChoices):
    """Whose judgement: staff pages use every released figure; the public site only final, real ones."""

    STAFF = "staff", "工作人员"
    PUBLIC = "public", "公众"


class TargetJudgement(models.Model):
    """A target's judgement for today, stored so that pages read it instead of recomputing it.

    Kept fresh by `observations.stored` (figures, targets, plans, thresholds and the date);
    a public row exists only where the public judgement differs from staff's (`also_public`);
    a judgement for another date is computed on demand. `progress` holds the rest of the
    engine's output (`TargetProgress.to_dict()` without the fields at their defaults and those
    in the columns beside it, which pages count and sort by; `store.progress_from` restores all).
    """

    # Neither key is checked by the database (`db_constraint=False`). The rows are derived and
    # rebuilt at will; Django deletes a target's or plan's judgements with it (CASCADE is its
    # own), and readers ask by the targets they hold, so the check guarded only raw SQL. It cost
    # every rebuild a locking lookup per row and key at commit: on PostgreSQL 47 ms of the
    # server's CPU per 6,000 targets, a tenth of a national rebuild. A target deleted while a
    # rebuild judged it failed the whole chunk's commit; its stray row now goes with its plan's
    # next refresh.
    # No index of its own: the unique (target, audience) constraint below serves lookups by target.
    target = models.ForeignKey(
        "plans.Target",
        verbose_name="目标值",
        on_delete=models.CASCADE,
        related_name="judgements",
        db_index=False,
        db_constraint=False,
    )
    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name="规划",
        on_delete=models.CASCADE,
        related_name="judgements",
        db_constraint=False,
    )
    audience = models.CharField("口径", max_length=8, choices=Audience.choices)
    as_of = models.DateField("评估日期")
    status_code = models.CharField("状态", max_length=20)
    alert = models.CharField("预警", max_length=8, blank=True)
    slipped = models.BooleanField("较上期下滑", default=False)
    forecast_miss = models.BooleanField("预计难以完成", default=False)
    simulated = models.BooleanField("含模拟数据", default=False)
    earlier = models.BooleanField("上期目标", default=False)
    completion = models.FloatField("完成率", null=True, blank=True)
    expected_progress = models.FloatField("时序进度", null=True, blank=True)
    likelihood = models.FloatField("达标概率", null=True, blank=True)
    # What a list of thousands shows without reading `progress`: the latest figure and the
    # completion shown beside the status (the verdict's share once the target year is over).
    latest_value = models.FloatField("最新值", null=True, blank=True)
    latest_period = models.CharField("最新值期间", max_length=16, blank=True)
    completion_shown = models.FloatField("显示的完成率", null=True, blank=True)
    points_source = models.CharField("数据来源", max_length=10, blank=True)
    previous_status_code = models.CharField("上期状态", max_length=20, blank=True)
    # A staff judgement that rests on no provisional or simulated figure is also the public one
    # (judged without the previous period, so its alert is `public_alert` and it never slipped):
    # one row instead of two, half the writes of a national rebuild.
    also_public = models.BooleanField("同为公众口径", default=False)
    public_alert = models.CharField("公众口径预警", max_length=8, blank=True)
    # JSON text (`store.progress_json`), not a JSON column: nothing queries inside it, and
    # PostgreSQL parsing each row into jsonb was a third of the server's work copying a rebuild in.
    progress = models.TextField("评估结果")
    refreshed_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "目标评估结果"
        verbose_name_plural = "目标评估结果"
        # No index by status: plans are counted from `PlanJudgementSummary`, and every index here
        # is maintained for each of a national rebuild's 120,000 rows.
        constraints = [
            models.UniqueConstraint(fields=["target", "audience"], name="one_judgement_per_target_audience")
        ]

    def __str__(self) -> str:
        return f"{self.target_id}（{self.get_audience_display()}，{self.as_of}）"


class PlanJudgementSummary(models.Model):
    """A plan's stored judgements counted (by status, alerts, simulated, without figures), so that
    an overview of thousands of plans reads one row per plan instead of grouping every target."""

    plan = models.ForeignKey(
        "plans.Plan", verbose_name="规划", on_delete=models.CASCADE, related_name="judgement_summaries"
    )
    audience = models.CharField("口径", max_length=8, choices=Audience.choices)
    as_of = models.DateField("评估日期")
    counts = models.JSONField("各状态目标数", default=dict)
    alerts = models.PositiveIntegerField("预警数", default=0)
    simulated = models.BooleanField("含模拟数据", default=False)
    without_figures = models.PositiveIntegerField("无数据目标数", default=0)

    class Meta:
        verbose_name = "规划评估汇总"
        verbose_name_plural = "规划评估汇总"
        constraints = [
            models.UniqueConstraint(fields=["plan", "audience"], name="one_summary_per_plan_audience")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}（{self.get_audience_display()}，{self.as_of}）"
