"""HTML input for recording figures, importing files and reporting task progress."""

from __future__ import annotations

import datetime as dt
import math

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from kechuang.common.attachments import ACCEPT as ATTACHMENT_ACCEPT
from kechuang.common.forms import ChineseForm
from kechuang.common.periods import PeriodError, parse_period
from kechuang.common.uploads import size_label
from kechuang.observations.enums import ObservationStatus, Source
from kechuang.plans.models import Indicator, Plan, Task
from kechuang.tenancy.models import Area


def writable_plan_areas(plan: Plan, writable_ids: set[int] | None) -> QuerySet[Area]:
    """Areas inside the plan's area that the user may change."""
    qs = Area.objects.filter(pk__in=plan.area.descendant_ids())
    if writable_ids is not None:
        qs = qs.filter(pk__in=writable_ids)
    return qs.order_by("code")


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        return f"{obj.name}（{obj.unit}）" if obj.unit else obj.name


class ObservationForm(ChineseForm):
    """Add or correct one figure; a correction keeps the old value in the history."""

    indicator = IndicatorChoiceField(label="指标", queryset=Indicator.objects.none())
    area = forms.ModelChoiceField(label="地区", queryset=Area.objects.none())
    period = forms.CharField(label="期间", max_length=20, help_text="2023、2023Q2 或 2023-05")
    value = forms.FloatField(label="数值")
    source = forms.ChoiceField(label="来源", choices=Source.choices, initial=Source.MANUAL)
    status = forms.ChoiceField(
        label="状态", choices=ObservationStatus.choices, initial=ObservationStatus.FINAL
    )
    reason = forms.CharField(
        label="修改原因", max_length=300, required=False, help_text="更正已有数值时必填，记入修改记录"
    )
    # The version of the figure the person opened (0: none yet); blank when they did not open one.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args: object, plan: Plan, areas: QuerySet[Area], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = plan.indicators.order_by("role", "position", "pk")
        self.fields["area"].queryset = areas
        if areas.count() == 1:
            self.fields["area"].initial = areas.first()

    def clean_period(self) -> str:
        try:
            return parse_period(self.cleaned_data["period"]).label
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_value(self) -> float:
        value = self.cleaned_data["value"]
        if not math.isfinite(value):
            raise forms.ValidationError("数值不是有效数字")
        return value


class ImportForm(ChineseForm):
    """An Excel or CSV file of figures; size is checked here, content by the importer."""

    file = forms.FileField(label="文件（.xlsx 或 .csv）")

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        limit = settings.KECHUANG_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(f"文件超过 {size_label(limit)} 上限")
        return upload


class ImportConfirmForm(ChineseForm):
    """Confirming a previewed import: the file waits on the server behind ``token``."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    reason = forms.CharField(
        label="修改原因",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "如：统计局年报更正"}),
        help_text="文件会更正已有数值时必填，记入每条修改记录",
    )


class TaskProgressForm(ChineseForm):
    """A responsible unit's progress report on a task."""

    reported_on = forms.DateField(
        label="报告日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )  # a date input shows only an ISO date; any other format leaves it empty and blocks the form
    unit = forms.CharField(label="报告单位", max_length=100)
    text = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 4}))
    progress = forms.IntegerField(label="进度（%）", min_value=0, max_value=100)
    evidence = forms.CharField(label="佐证材料", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    attachment = forms.FileField(
        label="佐证附件（PDF、图片或 Excel，可选）",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ATTACHMENT_ACCEPT}),
    )

    def __init__(self, *args: object, task: Task, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        owners = task.owner_names
        if owners:
            # A report comes from one of the units the plan makes responsible.
            self.fields["unit"] = forms.ChoiceField(label="报告单位", choices=[(o, o) for o in owners])
        self.fields["reported_on"].initial = timezone.localdate()
        self.fields["progress"].initial = task.progress

    def clean_reported_on(self) -> dt.date:
        day = self.cleaned_data["reported_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("报告日期不能晚于今天")
        return day
