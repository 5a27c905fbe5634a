"""HTML input for registry pages; every form hands its cleaned data to a domain function."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from kechuang.common.forms import ChineseForm
from kechuang.registry.models import ExitReason, LandUse, PlotStatus, QualificationType, Stage
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


class PlotForm(ChineseForm):
    area = forms.ModelChoiceField(label="所在街镇/园区", queryset=Area.objects.none())
    code = forms.CharField(label="地块编号", max_length=40)
    name = forms.CharField(label="地块名称", max_length=200)
    area_mu = forms.DecimalField(
        label="面积（亩）", min_value=Decimal("0.01"), max_digits=12, decimal_places=2
    )
    land_use = forms.ChoiceField(label="用地类型", choices=LandUse.choices)
    status = forms.ChoiceField(label="状态", choices=PlotStatus.choices)
    location = forms.CharField(label="坐落位置", max_length=300, required=False)
    notes = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: object, areas: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


class PlotOccupancyForm(ChineseForm):
    enterprise_uscc = forms.CharField(label="企业统一社会信用代码", max_length=18)
    started_on = forms.DateField(label="起用日期")
    ended_on = forms.DateField(label="退出日期", required=False)
    area_mu = forms.DecimalField(
        label="使用面积（亩，可空）",
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        required=False,
    )


class PlotFigureForm(ChineseForm):
    enterprise_uscc = forms.CharField(label="企业统一社会信用代码", max_length=18)
    year = forms.IntegerField(label="年度", min_value=1990, max_value=2100)
    output = forms.DecimalField(
        label="产值（万元）", min_value=0, max_digits=14, decimal_places=2, required=False
    )
    tax = forms.DecimalField(
        label="税收（万元）", min_value=0, max_digits=14, decimal_places=2, required=False
    )
    rd_spending = forms.DecimalField(
        label="研发投入（万元）", min_value=0, max_digits=14, decimal_places=2, required=False
    )
    energy = forms.DecimalField(
        label="能耗（吨标准煤）", min_value=0, max_digits=14, decimal_places=2, required=False
    )
    employees = forms.IntegerField(label="从业人员（人）", min_value=0, max_value=10_000_000, required=False)


class PlotImportForm(ChineseForm):
    file = forms.FileField(label="Excel（.xlsx）或 CSV 文件")
