"""The form engine: types, ranges, required fields, compare rules and cross-month jumps, in Chinese."""

from __future__ import annotations

import pytest

from kechuang.collection.models import ReportRule
from kechuang.collection.validation import parse_report_values, validate_report_values
from tests.collection.conftest import VALID

pytestmark = pytest.mark.django_db


def test_shipped_form_has_the_action_plan_fields_in_order(form):
    codes = list(form.fields.values_list("code", flat=True))

    assert codes == [
        "tenants",
        "new_entries",
        "graduates",
        "tech_smes",
        "hnte_tenants",
        "occupancy",
        "financing",
        "events",
        "mentors",
        "ip_count",
        "staff",
    ]
    assert form.fields.get(code="financing").unit == "万元"
    assert form.fields.get(code="ip_count").unit == "件"
    assert form.deadline_day == 10


def test_valid_values_pass(form):
    assert validate_report_values(form, VALID, previous_values=None) == {}


def test_graduates_above_tenants_names_both_fields(form):
    errors = validate_report_values(form, {**VALID, "graduates": 41}, previous_values=None)

    assert errors == {"graduates": "“当月毕业企业”（41）不能大于“在孵企业数”（40）"}


@pytest.mark.parametrize("code", ["tech_smes", "hnte_tenants", "new_entries"])
def test_counts_among_tenants_cannot_exceed_tenants(form, code):
    errors = validate_report_values(form, {**VALID, code: 50}, previous_values=None)

    assert list(errors) == [code]
    assert "不能大于“在孵企业数”（40）" in errors[code]


@pytest.mark.parametrize(
    ("value", "message"), [(-1, "“入驻率”不能小于 0（%）"), (100.5, "“入驻率”不能大于 100（%）")]
)
def test_occupancy_must_lie_between_0_and_100(form, value, message):
    errors = validate_report_values(form, {**VALID, "occupancy": value}, previous_values=None)

    assert errors == {"occupancy": message}


def test_percent_sign_and_thousands_separators_are_understood(form):
    values, errors = parse_report_values(form, {"occupancy": "85.5%", "staff": "1,320"})

    assert errors == {}
    assert values == {"occupancy": 85.5, "staff": 1320}


def test_integer_field_refuses_fractions_and_words(form):
    _, errors = parse_report_values(form, {"tenants": "12.5", "events": "三场"})

    assert errors == {
        "tenants": "“在孵企业数”应为整数，填写的是“12.5”",
        "events": "“当月举办活动”应为整数，填写的是“三场”",
    }


def test_required_fields_are_required_on_submission_only(form):
    draft_values, draft_errors = parse_report_values(form, {"tenants": 10})
    errors = validate_report_values(form, {"tenants": 10}, previous_values=None)

    assert draft_errors == {}
    assert draft_values == {"tenants": 10}
    assert errors["staff"] == "“从业人员”为必填项"
    assert len(errors) == 10


def test_unknown_field_code_is_an_error(form):
    _, errors = parse_report_values(form, {"tenant": 3})

    assert errors == {"tenant": "表单中没有代码为“tenant”的字段"}


def test_tenfold_jump_from_last_month_is_flagged(form):
    errors = validate_report_values(form, {**VALID, "tenants": 401}, previous_values={"tenants": 40})

    assert errors == {"tenants": "“在孵企业数”（401）与上月已审核值（40）相比变化超过 10 倍，请核实"}


def test_tenfold_drop_is_flagged_too(form):
    errors = validate_report_values(
        form,
        {**VALID, "tenants": 3, "graduates": 0, "new_entries": 0, "tech_smes": 0, "hnte_tenants": 0},
        previous_values={"tenants": 40},
    )

    assert list(errors) == ["tenants"]


def test_jump_within_factor_passes_and_no_history_means_no_jump_check(form):
    assert validate_report_values(form, {**VALID, "tenants": 400}, previous_values={"tenants": 40}) == {}
    assert validate_report_values(form, {**VALID, "tenants": 400}, previous_values=None) == {}
    assert validate_report_values(form, {**VALID, "tenants": 400}, previous_values={"tenants": 0}) == {}


def test_rule_added_in_admin_applies_without_code(form):
    ReportRule.objects.create(
        form=form,
        kind="compare",
        left_field="mentors",
        operator="<=",
        right_constant=5,
        message="导师不超过5人",
    )

    errors = validate_report_values(form, VALID, previous_values=None)

    assert errors == {"mentors": "导师不超过5人"}


def test_constant_compare_rule_message_is_generated(form):
    ReportRule.objects.create(form=form, kind="compare", left_field="events", operator=">=", right_constant=5)

    errors = validate_report_values(form, VALID, previous_values=None)

    assert errors == {"events": "“当月举办活动”（4）不能小于5"}


def test_rule_clean_refuses_unknown_fields_and_missing_factor(form):
    from django.core.exceptions import ValidationError

    bad_compare = ReportRule(
        form=form, kind="compare", left_field="nope", operator="<=", right_field="tenants"
    )
    bad_jump = ReportRule(form=form, kind="jump", left_field="tenants", factor=1)

    with pytest.raises(ValidationError) as compare_error:
        bad_compare.clean()
    with pytest.raises(ValidationError) as jump_error:
        bad_jump.clean()

    assert compare_error.value.message_dict == {"left_field": ["表单中没有代码为“nope”的字段"]}
    assert jump_error.value.message_dict == {"factor": ["环比突变规则的倍数必须大于 1"]}
