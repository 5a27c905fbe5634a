"""HTML input for uploading and reviewing draft plans; each form's clean data feeds one domain call."""

from __future__ import annotations

from django import forms

from kechuang.common.forms import ChineseForm
from kechuang.common.periods import MAX_YEAR, MIN_YEAR
from kechuang.plans.enums import Attribute, Comparator, TargetKind
from kechuang.plans.models import CatalogIndicator
from kechuang.tenancy.models import Area

AUTO_AREA = ""


class UploadForm(ChineseForm):
    """A plan document and the area it belongs to (or the area the document names)."""

    document = forms.FileField(
        label="规划文件",
        help_text="支持 Word（.docx、.doc、.wps）、PDF、网页（.html、.htm）和文本（.txt）；按文件内容识别类型。",
        error_messages={"required": "请选择要上传的规划文件", "empty": "文件为空"},
    )
    area = forms.ChoiceField(label="所属地区", required=False)

    def __init__(self, *args: object, areas: list[Area], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.areas = {str(a.pk): a for a in areas}
        self.fields["area"].choices = [(AUTO_AREA, "按文件所写地区识别")] + [
            (str(a.pk), a.name) for a in areas
        ]
        if len(areas) == 1:
            self.fields["area"].initial = str(areas[0].pk)

    def clean_area(self) -> Area | None:
        value = self.cleaned_data.get("area") or AUTO_AREA
        return self.areas.get(value)


class IndicatorForm(ChineseForm):
    """Corrections to an indicator's name, unit, category, attribute and catalogue mapping, and the
    reviewer's tick that it matches the document."""

    name = forms.CharField(label="指标名称", max_length=300)
    unit = forms.CharField(label="单位", max_length=32, required=False)
    category = forms.CharField(label="类别", max_length=100, required=False)
    attribute = forms.ChoiceField(label="属性", required=False, choices=[("", "—"), *Attribute.choices])
    catalog = forms.ChoiceField(label="标准指标", required=False)
    reviewed = forms.BooleanField(label="已核对", required=False)

    def __init__(self, *args: object, catalog: dict[str, CatalogIndicator], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # The catalogue is read once per page and shared by every indicator's form; it is keyed
        # by number and shown by its Chinese name only (codes mean nothing to a reviewer).
        self.catalog = catalog
        self.fields["catalog"].choices = [("", "未对应")] + [
            (key, entry.name_zh) for key, entry in catalog.items()
        ]

    def clean_catalog(self) -> CatalogIndicator | None:
        return self.catalog.get(self.cleaned_data.get("catalog") or "")


def catalog_choices() -> dict[str, CatalogIndicator]:
    """The catalogue for ``IndicatorForm``, keyed by number, in the order of its Chinese names."""
    return {str(c.pk): c for c in CatalogIndicator.objects.order_by("name_zh", "pk")}


class TargetForm(ChineseForm):
    """Corrections to one target: year, value, comparator and kind."""

    year = forms.IntegerField(label="目标年", min_value=MIN_YEAR, max_value=MAX_YEAR)
    value = forms.FloatField(label="目标值", required=False)
    comparator = forms.ChoiceField(label="比较方式", choices=Comparator.choices)
    kind = forms.ChoiceField(label="目标类型", choices=TargetKind.choices)


class MergeForm(ChineseForm):
    """The indicator another one is merged into."""

    into = forms.TypedChoiceField(label="合并到", coerce=int)

    def __init__(self, *args: object, choices: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].choices = choices


def first_error(form: forms.Form) -> str:
    """One line naming the first faulty field, for a message at the top of the page."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = " ".join(str(e) for e in errors)
        return f"{label}：{text}" if label else text
    return "输入有误"
