"""A plan with known figures (tests.monitor.builders), plus one simulated indicator and one whose name
Excel would read as a formula."""

from __future__ import annotations

import pytest

from tests.monitor.builders import add_indicator, build_plan


@pytest.fixture
def plan(shanghai):
    plan = build_plan(shanghai["jinshan"])
    add_indicator(
        plan,
        "众创空间数量",
        unit="个",
        category="创新载体",
        source="区科委",
        target=40,
        baseline=20,
        figures={2021: 24, 2022: 28, 2023: 31},
        simulated=True,
    )
    add_indicator(
        plan, '=HYPERLINK("http://x")', unit="项", category="其他", source="区科委", target=5, baseline=1
    )
    return plan
