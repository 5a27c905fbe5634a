"""Checking a report's values against the form the district defined: types, ranges, rules.

Forms live in the database, so nothing here knows the shipped fields; every message
names the field by its label, the way the person filling the form sees it.
"""

from __future__ import annotations

import operator as op
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from kechuang.collection.enums import FieldType, Operator, RuleKind
from kechuang.collection.models import ReportField, ReportForm, ReportRule

MAX_TEXT = 500

_COMPARE = {
    Operator.LE: (op.le, "不能大于"),
    Operator.LT: (op.lt, "应小于"),
    Operator.GE: (op.ge, "不能小于"),
    Operator.GT: (op.gt, "应大于"),
    Operator.EQ: (op.eq, "应等于"),
}
_TYPE_WORDS = {
    FieldType.INTEGER: "整数",
    FieldType.DECIMAL: "数字",
    FieldType.PERCENT: "百分比数字（0–100）",
}


def form_fields(form: ReportForm) -> list[ReportField]:
    """The form's fields in order, cached on the instance so a request reads them once."""
    cached = getattr(form, "_kechuang_fields", None)
    if cached is None:
        cached = list(form.fields.all().order_by("position", "pk"))
        form._kechuang_fields = cached
    return cached


def form_rules(form: ReportForm) -> list[ReportRule]:
    cached = getattr(form, "_kechuang_rules", None)
    if cached is None:
        cached = list(form.rules.all().order_by("position", "pk"))
        form._kechuang_rules = cached
    return cached


def format_number(value: object) -> str:
    """A figure as people write it: no trailing zeros, no exponent."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal | float):
        text = format(Decimal(str(value)).normalize(), "f")
        return text
    return str(value)


def _parse_number(field: ReportField, raw: object) -> tuple[int | float | None, str | None]:
    if isinstance(raw, bool):
        return None, f"“{field.label}”应为{_TYPE_WORDS[field.type]}"
    if isinstance(raw, int | float | Decimal):
        text = str(raw)
    else:
        text = str(raw).strip().replace(",", "").replace("，", "")
        if field.type == FieldType.PERCENT:
            text = text.removesuffix("%").strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None, f"“{field.label}”应为{_TYPE_WORDS[field.type]}，填写的是“{raw}”"
    if not number.is_finite():
        return None, f"“{field.label}”应为{_TYPE_WORDS[field.type]}，填写的是“{raw}”"
    if field.type == FieldType.INTEGER:
        if number != number.to_integral_value():
            return None, f"“{field.label}”应为整数，填写的是“{raw}”"
        return int(number), None
    return float(number), None


def _range_error(field: ReportField, number: float) -> str | None:
    unit = f"（{field.unit}）" if field.unit else ""
    if field.min_value is not None and Decimal(str(number)) < field.min_value:
        return f"“{field.label}”不能小于 {format_number(field.min_value)}{unit}"
    if field.max_value is not None and Decimal(str(number)) > field.max_value:
        return f"“{field.label}”不能大于 {format_number(field.max_value)}{unit}"
    return None


def parse_report_values(
    form: ReportForm, raw: Mapping[str, object], *, require: bool = False
) -> tuple[dict[str, object], dict[str, str]]:
    """Turn what was typed or uploaded into stored values, with an error per bad field.

    Drafts are parsed with ``require=False`` (blank fields are fine, nonsense is not);
    submissions with ``require=True``. Unknown keys are an error so a park's system
    learns at once that it sends a field the form does not have.
    """
    fields = form_fields(form)
    known = {f.code for f in fields}
    values: dict[str, object] = {}
    errors: dict[str, str] = {}
    for key in raw:
        if key not in known:
            errors[key] = f"表单中没有代码为“{key}”的字段"
    for field in fields:
        item = raw.get(field.code)
        blank = item is None or (isinstance(item, str) and not item.strip())
        if blank:
            if require and field.required:
                errors[field.code] = f"“{field.label}”为必填项"
            continue
        if field.type == FieldType.TEXT:
            text = str(item).strip()
            if len(text) > MAX_TEXT:
                errors[field.code] = f"“{field.label}”不能超过 {MAX_TEXT} 字"
            else:
                values[field.code] = text
            continue
        number, error = _parse_number(field, item)
        if error is None:
            error = _range_error(field, number)
        if error:
            errors[field.code] = error
        else:
            values[field.code] = number
    return values, errors


def _label(fields: dict[str, ReportField], code: str) -> str:
    field = fields.get(code)
    return field.label if field else code


def check_rules(
    form: ReportForm, values: Mapping[str, object], *, previous_values: Mapping[str, object] | None
) -> dict[str, str]:
    """Apply the form's compare and jump rules to parsed values; a rule with a blank side is skipped."""
    fields = {f.code: f for f in form_fields(form)}
    errors: dict[str, str] = {}
    for rule in form_rules(form):
        left = values.get(rule.left_field)
        if not isinstance(left, int | float) or rule.left_field in errors:
            continue
        if rule.kind == RuleKind.COMPARE:
            if rule.right_field:
                right = values.get(rule.right_field)
                right_text = f"“{_label(fields, rule.right_field)}”（{format_number(right)}）"
            else:
                right = float(rule.right_constant) if rule.right_constant is not None else None
                right_text = format_number(rule.right_constant)
            if not isinstance(right, int | float) or rule.operator not in _COMPARE:
                continue
            compare, words = _COMPARE[Operator(rule.operator)]
            if not compare(left, right):
                errors[rule.left_field] = rule.message or (
                    f"“{_label(fields, rule.left_field)}”（{format_number(left)}）{words}{right_text}"
                )
        elif rule.kind == RuleKind.JUMP and previous_values and rule.factor:
            before = previous_values.get(rule.left_field)
            if not isinstance(before, int | float) or isinstance(before, bool) or before <= 0:
                continue
            if left > rule.factor * before or left < before / rule.factor:
                errors[rule.left_field] = rule.message or (
                    f"“{_label(fields, rule.left_field)}”（{format_number(left)}）与上月已审核值"
                    f"（{format_number(before)}）相比变化超过 {format_number(rule.factor)} 倍，请核实"
                )
    return errors


def validate_report_values(
    form: ReportForm, values: Mapping[str, object], *, previous_values: Mapping[str, object] | None
) -> dict[str, str]:
    """Everything a submission must pass, as ``{field code: Chinese message}``; empty means valid.

    ``previous_values`` are last month's approved figures of the same carrier (or
    ``None``), against which the cross-month jump rules are judged.
    """
    parsed, errors = parse_report_values(form, values, require=True)
    for code, message in check_rules(form, parsed, previous_values=previous_values).items():
        errors.setdefault(code, message)
    return errors
