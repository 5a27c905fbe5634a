"""HTML input for filling, reviewing, correcting and uploading monthly reports."""

from __future__ import annotations

from django import forms
from django.conf import settings

from kechuang.collection.models import ReportForm
from kechuang.collection.validation import form_fields, format_number
from kechuang.common.attachments import ACCEPT as ATTACHMENT_ACCEPT
from kechuang.common.forms import ChineseForm

VERSION_FIELD = "_version"


class ReportValuesForm(ChineseForm):
    """One text box per field of the district's form; the domain parses and checks the values.

    Inputs stay text here so that the messages a person sees are the same ones the
    API and the Excel upload give (``kechuang.collection.validation``).
    """

    def __init__(
        self,
        report_form: ReportForm,
        *args: object,
        values: dict | None = None,
        version: int | None = None,
        **kwargs: object,
    ):
        super().__init__(*args, **kwargs)
        self.report_form = report_form
        values = values or {}
        # The version of the report the person opened: saving over a newer one asks them first.
        # (A field code starts with a letter, so this name can never collide with one.)
        self.fields[VERSION_FIELD] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, min_value=0, initial=version
        )
        for f in form_fields(report_form):
            self.fields[f.code] = forms.CharField(
                label=f.label,
                required=False,
                max_length=500,
                help_text=f.help,
                initial=format_number(values.get(f.code)),
                widget=forms.Textarea(attrs={"rows": 2})
                if not f.numeric
                else forms.TextInput(attrs={"inputmode": "decimal", "size": 12}),
            )
            self.fields[f.code].unit = f.unit
            self.fields[f.code].required_in_form = f.required

    def raw_values(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(code, "") for code in self.fields if code != VERSION_FIELD}

    @property
    def expected_version(self) -> int | None:
        return self.cleaned_data.get(VERSION_FIELD)

    def add_domain_errors(self, errors: dict[str, str]) -> None:
        for code, message in errors.items():
            self.add_error(code if code in self.fields else None, message)


class ReviewForm(ChineseForm):
    decision = forms.ChoiceField(label="审核结果", choices=[("approve", "通过"), ("return", "退回")])
    comment = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CorrectionForm(ReportValuesForm):
    """An approved report's figures with the reason the correction is made."""

    def __init__(
        self,
        report_form: ReportForm,
        *args: object,
        values: dict | None = None,
        version: int | None = None,
        **kwargs: object,
    ):
        super().__init__(report_form, *args, values=values, version=version, **kwargs)
        self.fields["reason"] = forms.CharField(label="更正原因", max_length=300)

    def raw_values(self) -> dict[str, str]:
        return {code: value for code, value in super().raw_values().items() if code != "reason"}


class UploadForm(ChineseForm):
    file = forms.FileField(label="Excel 文件（.xlsx）")
    submit = forms.BooleanField(label="上传后直接提交", required=False)

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        limit = settings.KECHUANG_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(f"文件过大（{upload.size // 1024} KB），上限为 {limit // 1024} KB")
        return upload


class AttachmentForm(ChineseForm):
    file = forms.FileField(
        label="附件（PDF、PNG/JPEG 图片或 Excel）",
        widget=forms.ClearableFileInput(attrs={"accept": ATTACHMENT_ACCEPT}),
    )


class ReviewSettingsForm(ChineseForm):
    liaison_review = forms.BooleanField(
        label="联络员可审核本镇（园区）载体月报",
        required=False,
        help_text="开启后，街镇、园区的科技联络员可以审核通过或退回本镇（园区）载体的月报；更正已通过的月报仍由区级管理员办理。",
    )
    change_threshold = forms.IntegerField(
        label="大幅变动提示阈值（%）",
        min_value=1,
        max_value=1000,
        help_text="审核页上，与上月或去年同月相比变动超过该百分比的数值会突出显示。",
    )
