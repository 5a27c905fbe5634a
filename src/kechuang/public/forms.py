"""The public feedback form and the staff's answer form."""

from __future__ import annotations

from django import forms

from kechuang.common.forms import ChineseForm
from kechuang.public.models import ANSWER_MAX, MESSAGE_MAX


class FeedbackForm(ChineseForm):
    """No login; ``website`` is a field people never see (hidden by CSS): a robot fills it in."""

    message = forms.CharField(
        label="留言内容", max_length=MESSAGE_MAX, min_length=5, widget=forms.Textarea(attrs={"rows": 4})
    )
    name = forms.CharField(label="称呼（选填）", max_length=50, required=False)
    contact = forms.CharField(label="联系方式（选填，不公开）", max_length=100, required=False)
    website = forms.CharField(
        label="请勿填写此项",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_message(self) -> str:
        return self.cleaned_data["message"].strip()

    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class AnswerForm(ChineseForm):
    answer = forms.CharField(label="答复", max_length=ANSWER_MAX, widget=forms.Textarea(attrs={"rows": 5}))
    public = forms.BooleanField(
        label="在公开页面规划旁公开留言和答复（不公开称呼和联系方式）", required=False
    )
