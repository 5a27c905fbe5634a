"""The confirmation forms of a plan's life: a reason for publishing, withdrawing and revising."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from kechuang.common.forms import ChineseForm
from kechuang.plans.lifecycle import REASON_MAX


class ReasonForm(ChineseForm):
    """A required reason, recorded on the plan and in the audit trail."""

    reason = forms.CharField(
        label="理由",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": REASON_MAX}),
    )

    def __init__(self, *args: object, what: str, hint: str = "", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.label = f"{what}理由"
        field.help_text = hint
        field.error_messages = {
            "required": f"请填写{what}理由：理由会记入规划的状态记录和变更记录",
            "max_length": f"{what}理由过长（不超过 {REASON_MAX} 字）",
        }


class PublishForm(ReasonForm):
    """Publishing: the reason, and the date from which the plan (or this version of it) applies."""

    in_force_since = forms.DateField(
        label="施行日期",
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text="默认为今天；中期调整的新版本自此日起施行，公开进展页会写明。",
        error_messages={"invalid": "施行日期格式应为 2025-06-01"},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, what="发布", **kwargs)
        self.fields["in_force_since"].initial = timezone.localdate()

    def clean_in_force_since(self) -> dt.date | None:
        day = self.cleaned_data.get("in_force_since")
        if day is not None and not 1949 <= day.year <= 2100:
            raise forms.ValidationError("施行日期不在合理范围内")
        return day
