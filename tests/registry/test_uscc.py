"""GB 32100-2015 unified social credit codes: the check character and the reasons for refusal."""

from __future__ import annotations

import pytest

from kechuang.registry.uscc import (
    CHARSET,
    USCCError,
    check_character,
    is_valid_uscc,
    make_uscc,
    validate_uscc,
)


def test_uscc_published_code_is_valid():
    # 中国石油化工集团有限公司, as printed on its business licence
    assert validate_uscc("91110000802100433B") == "91110000802100433B"


def test_uscc_is_normalised_to_upper_case_without_spaces():
    assert validate_uscc(" 91110000802100433b ") == "91110000802100433B"


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("", "不能为空"),
        ("9111000080210043", "应为 18 位，实际 16 位"),
        ("91110000802100433BX", "应为 18 位，实际 19 位"),
        ("9111000080210O433B", "第 14 位字符“O”不合法（不使用 I、O、Z、S、V）"),
        ("91110000802100433A", "校验位应为 B，实际为 A"),
    ],
)
def test_uscc_invalid_code_is_refused_with_reason(code, reason):
    with pytest.raises(USCCError) as exc:
        validate_uscc(code)

    assert str(exc.value) == reason


def test_uscc_check_value_31_becomes_zero():
    # find a body whose weighted sum is ≡ 0 (mod 31): its check character must be "0"
    body = next(b for n in range(5000) if (b := make_uscc(n)[:17]) and check_character(b) == "0")

    assert validate_uscc(body + "0") == body + "0"


@pytest.mark.parametrize("serial", [0, 1, 30, 31, 961, 123456, 31**9 - 1])
def test_uscc_generated_codes_validate_and_any_other_check_character_fails(serial):
    code = make_uscc(serial)
    others = [ch for ch in CHARSET if ch != code[-1]]

    assert is_valid_uscc(code) is True
    assert [is_valid_uscc(code[:-1] + ch) for ch in others] == [False] * 30
