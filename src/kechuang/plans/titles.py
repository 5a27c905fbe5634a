"""Plan titles compared the way a person reads them, so one plan uploaded twice is recognised.

The same document arrives with full-width or half-width brackets, an em dash or a hyphen
between the years, 〇 or ○ or 零 in a written year, spaces from a PDF line break, and
sometimes with the issuing office in front of the title. None of that makes it another
plan. Plain Python (no Django), so the model and a migration can both use it.
"""

from __future__ import annotations

import re
import unicodedata

# After NFKC, full-width （）【】［］－ are already their half-width forms or stay as listed here.
_IGNORED = re.compile(r"[\s()（）\[\]［］【】〔〕〖〗《》<>〈〉「」『』\"'“”‘’·・•\-－—–―‐‑‒﹣~～_]+")
_ZEROS = str.maketrans({"○": "〇", "零": "〇", "Ｏ": "〇", "◯": "〇"})


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").translate(_ZEROS)
    return _IGNORED.sub("", text).lower()


def title_key(title: str, issuer: str = "") -> str:
    """The title as compared for duplicates: width, spaces, brackets, dashes and zeros made
    uniform, and the issuing office left out wherever the title repeats it.

    >>> title_key("金山区科技创新行动方案（2024—2026年）") == title_key("金山区科技创新行动方案(2024-2026年)")
    True
    """
    key = _plain(title)
    office = _plain(issuer)
    if office and office != key and office in key:
        key = key.replace(office, "", 1)
    return key[:300]


def name_key(name: str) -> str:
    """An indicator name as compared between two versions of a plan (高新技术企业数量 = 高新技术企业数)."""
    key = _plain(name)
    for ending in ("数量", "总数", "个数", "数"):
        if key.endswith(ending) and len(key) > len(ending) + 1:
            return key[: -len(ending)]
    return key
