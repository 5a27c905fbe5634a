"""The thresholds form: percentages and counts as administrators think of them, checked in Chinese.

Shares are typed as percentages (95 for 95 %) and stored as fractions (0.95), as the engine's
`Thresholds` expects. Every rule the engine enforces is checked here first with a message that
names the field, so a bad value never reaches the database and the reason is plain.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from kechuang.common.forms import ChineseForm
from kechuang.observations.monitoring.settings import FIELD_LABELS
from kechuang.observations.progress import Thresholds

# Thresholds typed as percentages (shares, probabilities) and as plain numbers.
PERCENT_FIELDS = (
    "ahead",
    "on_track",
    "behind",
    "nearly_met",
    "likelihood_warn",
    "likelihood_red",
    "confidence",
    "approx_tolerance",
)
NUMBER_FIELDS = ("forecast_min_points", "forecast_max_points", "min_elapsed_years")

HELP = {
    "ahead": "进度比（完成率 ÷ 按时序应完成的比例）不低于此值为“超前”",
    "on_track": "进度比不低于此值为“正常”，低于为“滞后”",
    "behind": "进度比低于此值为“严重滞后”",
    "nearly_met": "目标年已过、未达到目标时，达到目标的此比例及以上为“基本完成”，以下为“未完成”",
    "likelihood_warn": "预测目标年达标概率低于此值列入预警",
    "likelihood_red": "预测目标年达标概率低于此值为红色预警",
    "confidence": "目标年预测区间的置信水平",
    "approx_tolerance": "“左右”目标在目标值上下此比例内即为达到",
    "forecast_min_points": "数据点少于此数不作预测",
    "forecast_max_points": "只用最近此数个数据点拟合趋势",
    "min_elapsed_years": "基期之后不足此年数的数据不评估进度",
}


def _plain(value: Decimal) -> Decimal:
    """95.00 → 95, 100 → 100 (not 1E+2), 95.50 → 95.5: as a person would type it."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _number_field(key: str, *, percent: bool) -> forms.DecimalField:
    label = FIELD_LABELS[key] + ("（%）" if percent else "")
    return forms.DecimalField(
        label=label,
        help_text=HELP[key],
        max_digits=9,
        decimal_places=4,
        error_messages={
            "required": f"请填写{FIELD_LABELS[key]}",
            "invalid": f"{FIELD_LABELS[key]}须为数字",
            "max_digits": f"{FIELD_LABELS[key]}数值过大",
            "max_decimal_places": f"{FIELD_LABELS[key]}最多保留四位小数",
            "max_whole_digits": f"{FIELD_LABELS[key]}数值过大",
        },
    )


class ThresholdsForm(ChineseForm):
    """Every threshold an administrator may change; `version` guards against a stale save."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key in PERCENT_FIELDS:
            self.fields[key] = _number_field(key, percent=True)
        for key in NUMBER_FIELDS:
            self.fields[key] = _number_field(key, percent=False)

    @staticmethod
    def initial_from(th: Thresholds, version: str) -> dict[str, Any]:
        """The form's starting values from stored thresholds (shares as percentages)."""
        data: dict[str, Any] = {"version": version}
        for key in PERCENT_FIELDS:
            data[key] = _plain(Decimal(str(getattr(th, key))) * 100)
        for key in NUMBER_FIELDS:
            data[key] = _plain(Decimal(str(getattr(th, key))))
        return data

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        p = {k: data[k] for k in PERCENT_FIELDS}
        n = {k: data[k] for k in NUMBER_FIELDS}
        problems: list[tuple[str, str]] = []
        if p["behind"] < 0:
            problems.append(("behind", "滞后线不得为负数"))
        if p["on_track"] < p["behind"]:
            problems.append(("on_track", "正常线须不低于滞后线（状态线须按 超前 ≥ 正常 ≥ 滞后 排列）"))
        if p["ahead"] < p["on_track"]:
            problems.append(("ahead", "超前线须不低于正常线（状态线须按 超前 ≥ 正常 ≥ 滞后 排列）"))
        if not (0 <= p["nearly_met"] <= 100):
            problems.append(("nearly_met", "基本完成线须在 0% 至 100% 之间"))
        for key in ("likelihood_warn", "likelihood_red"):
            if not (0 <= p[key] <= 100):
                problems.append((key, f"{FIELD_LABELS[key]}须在 0% 至 100% 之间"))
        if p["likelihood_red"] > p["likelihood_warn"]:
            problems.append(("likelihood_red", "红色预警线须不高于预警线"))
        if not (0 < p["confidence"] < 100):
            problems.append(("confidence", "预测区间置信水平须大于 0% 且小于 100%"))
        if not (0 <= p["approx_tolerance"] <= 100):
            problems.append(("approx_tolerance", "“左右”目标容差须在 0% 至 100% 之间"))
        low, high = n["forecast_min_points"], n["forecast_max_points"]
        if low != low.to_integral_value() or low < 3:
            problems.append(("forecast_min_points", "预测最少数据点须为不小于 3 的整数"))
        if high != high.to_integral_value() or high < low:
            problems.append(("forecast_max_points", "预测最多数据点须为不小于最少数据点的整数"))
        if not (0 <= n["min_elapsed_years"] <= 10):
            problems.append(("min_elapsed_years", "基期后开始评估的年数须在 0 至 10 之间"))
        for field, message in problems:
            self.add_error(field, message)
        return data

    def thresholds(self, current: Thresholds) -> Thresholds:
        """The valid form as engine thresholds; fields the form does not show keep their value."""
        values = current.to_dict()
        for key in PERCENT_FIELDS:
            values[key] = float(self.cleaned_data[key] / 100)
        for key in ("forecast_min_points", "forecast_max_points"):
            values[key] = int(self.cleaned_data[key])
        values["min_elapsed_years"] = float(self.cleaned_data["min_elapsed_years"])
        try:
            return Thresholds.from_dict(values)
        except ValueError as exc:  # every engine rule is checked above; this is a last guard
            raise forms.ValidationError("阈值组合无效，请检查各项数值") from exc
