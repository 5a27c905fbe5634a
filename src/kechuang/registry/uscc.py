"""The unified social credit code (统一社会信用代码) and its check character, per GB 32100-2015.

18 characters from the 31-character set 0-9 A-H J-N P Q R T U W X Y (no I, O, Z,
S, V). The 18th is a check character: with the character values ``c_i`` and the
weights ``3^(i-1) mod 31``, ``check = 31 - (Σ c_i·w_i mod 31)``, and 31 becomes 0.
"""

from __future__ import annotations

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {ch: i for i, ch in enumerate(CHARSET)}
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


class USCCError(ValueError):
    """A code that is not a valid unified social credit code; the message gives the reason."""


def check_character(body: str) -> str:
    """The check character for the first 17 characters of a code."""
    if len(body) != 17:
        raise USCCError(f"本体应为 17 位，实际 {len(body)} 位")
    total = 0
    for pos, (ch, weight) in enumerate(zip(body, WEIGHTS, strict=True), start=1):
        if ch not in VALUES:
            raise USCCError(f"第 {pos} 位字符“{ch}”不合法")
        total += VALUES[ch] * weight
    return CHARSET[(31 - total % 31) % 31]


def validate_uscc(code: str) -> str:
    """Return the normalised code (trimmed, upper case) or raise ``USCCError`` saying why.

    Reasons are given in the order a person would fix them: length, then an illegal
    character at a position, then the check character it should have.
    """
    normalised = (code or "").strip().upper()
    if not normalised:
        raise USCCError("不能为空")
    if len(normalised) != 18:
        raise USCCError(f"应为 18 位，实际 {len(normalised)} 位")
    for pos, ch in enumerate(normalised, start=1):
        if ch not in VALUES:
            raise USCCError(f"第 {pos} 位字符“{ch}”不合法（不使用 I、O、Z、S、V）")
    expected = check_character(normalised[:17])
    if normalised[17] != expected:
        raise USCCError(f"校验位应为 {expected}，实际为 {normalised[17]}")
    return normalised


def is_valid_uscc(code: str) -> bool:
    try:
        validate_uscc(code)
    except USCCError:
        return False
    return True


def make_uscc(serial: int, *, division: str = "310116", prefix: str = "91") -> str:
    """A well-formed code for demo and test data: ``91`` + division code + a 9-character body + check."""
    chars = []
    n = serial
    for _ in range(9):
        n, r = divmod(n, 31)
        chars.append(CHARSET[r])
    body = prefix + division + "".join(reversed(chars))
    return body + check_character(body)
