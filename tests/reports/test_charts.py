"""Charts draw Chinese glyphs, not the missing-glyph box, with only the fonts the project installs."""

from __future__ import annotations

import pytest

from kechuang.reports.document import Chart, Series
from kechuang.reports.render import charts


def _titled(text: str) -> Chart:
    return Chart(title=text, unit="", series=[])


def test_chinese_titles_render_as_distinct_glyphs():
    # With the missing-glyph box, two different titles of the same length draw the same pixels; with
    # Noto Sans CJK SC they differ. Any matplotlib "Glyph … missing" warning fails the test (warnings are errors).
    assert charts.draw(_titled("高新技术企业")) != charts.draw(_titled("研发经费投入"))


def test_the_test_would_see_boxes_with_a_font_lacking_chinese():
    with pytest.warns(UserWarning, match="missing from font"):
        a = charts.draw(_titled("高新技术企业"), family="DejaVu Sans")
        b = charts.draw(_titled("研发经费投入"), family="DejaVu Sans")
    assert a == b  # boxes only


def test_charts_are_cached_by_their_figures():
    charts.clear_cache()
    chart = Chart(title="高新技术企业数", unit="家", series=[Series("实际值", [(2021, 1.0), (2022, 2.0)])])
    first = charts.image(chart)
    same = Chart(title="高新技术企业数", unit="家", series=[Series("实际值", [(2021, 1.0), (2022, 2.0)])])
    changed = Chart(title="高新技术企业数", unit="家", series=[Series("实际值", [(2021, 1.0), (2022, 3.0)])])

    assert charts.chart_key(same) == charts.chart_key(chart)
    assert charts.chart_key(changed) != charts.chart_key(chart)
    assert charts.image(same) is first
    assert first.startswith(b"\x89PNG")
