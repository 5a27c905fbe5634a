"""HTML input for appeals, decisions and subsidy rules; the domain modules check the values."""

from __future__ import annotations

from django import forms

from kechuang.common.attachments import ACCEPT as ATTACHMENT_ACCEPT
from kechuang.common.forms import ChineseForm


class AppealForm(ChineseForm):
    reason = forms.CharField(label="申诉理由", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    evidence_text = forms.CharField(
        label="证据说明",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="说明哪些数据有误、正确的数值及其出处",
    )
    file = forms.FileField(
        label="证据文件（可选）",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ATTACHMENT_ACCEPT}),
        help_text="PDF、PNG 或 JPEG 图片、Excel（.xlsx），不超过 10 MB",
    )


class DecisionForm(ChineseForm):
    decision = forms.ChoiceField(
        label="处理结果",
        choices=[("reject", "驳回申诉"), ("accept", "采纳申诉并调整结果")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="处理意见", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    score = forms.CharField(
        label="调整后得分",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8}),
        help_text="采纳时填写；不改得分请留空",
    )
    rating = forms.ChoiceField(label="调整后评级", required=False, choices=[])

    def __init__(self, *args: object, ratings: list[str] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = [("", "（不改评级）")] + [(r, r) for r in ratings or []]


class SubsidyRulesForm(ChineseForm):
    amounts = forms.CharField(
        label="补助标准（万元）",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="每行一条：评级 载体类型 级别 金额，如“优秀 孵化器 国家级 50”",
    )
    carrier_cap = forms.CharField(
        label="每个载体年度上限（万元）", required=False, max_length=20, help_text="不设上限请留空"
    )
    total_cap = forms.CharField(
        label="全区年度总额上限（万元）",
        required=False,
        max_length=20,
        help_text="合计超过上限时，各载体金额按同一比例缩减（按元向下取整）",
    )
    matching_ratio = forms.CharField(
        label="区级配套比例", required=False, max_length=20, help_text="1 表示 1:1，0.5 表示 1:0.5"
    )
    municipal = forms.CharField(
        label="市级资助金额（万元）",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一条：载体名称 金额；区级按配套比例配套",
    )
    national_award = forms.CharField(
        label="一次性奖励：当年认定为国家级（万元）", required=False, max_length=20
    )
    municipal_award = forms.CharField(
        label="一次性奖励：当年认定为市级（万元）", required=False, max_length=20
    )
