"""HTML input for registry pages; every form hands its cleaned data to a domain function."""

from __future__ import annotations

from django import forms

from kechuang.common.forms import ChineseForm
from kechuang.registry.models import ExitReason, QualificationType, Stage
from kechuang.tenancy.models import Area


class EnterpriseForm(ChineseForm):
    uscc = forms.CharField(label="统一社会信用代码", max_length=18)
    name = forms.CharField(label="企业名称", max_length=200)
    area = forms.ModelChoiceField(label="所在地区", queryset=Area.objects.none())
    industry = forms.CharField(label="所属行业", max_length=100, required=False)
    address = forms.CharField(label="地址", max_length=300, required=False)
    contact_name = forms.CharField(label="联系人", max_length=50, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=30, required=False)

    def __init__(self, *args: object, areas: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


class QualificationForm(ChineseForm):
    qtype = forms.ModelChoiceField(label="资质类型", queryset=QualificationType.objects.all())
    certificate_no = forms.CharField(label="证书/登记编号", max_length=64, required=False)
    issued_on = forms.DateField(label="发证/认定日期", required=False)
    year = forms.IntegerField(label="登记年度", required=False, min_value=1990, max_value=2100)


class StageForm(ChineseForm):
    stage = forms.ChoiceField(label="培育阶段", choices=Stage.choices)
    since = forms.DateField(label="起始日期")
    note = forms.CharField(label="说明", max_length=300, required=False)
    dropped = forms.BooleanField(label="退出培育", required=False)


class TenantForm(ChineseForm):
    enterprise_uscc = forms.CharField(label="统一社会信用代码", max_length=18)
    enterprise_name = forms.CharField(label="企业名称（未登记企业必填）", max_length=200, required=False)
    entered_on = forms.DateField(label="入驻日期")


class TenantExitForm(ChineseForm):
    left_on = forms.DateField(label="毕业/退出日期")
    exit_reason = forms.ChoiceField(label="原因", choices=ExitReason.choices)


class ImportForm(ChineseForm):
    file = forms.FileField(label="Excel 文件（.xlsx）")
