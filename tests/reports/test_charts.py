"""Charts draw Chinese glyphs, not the missing-glyph box, with only the fonts the project installs."""

from __future__ import annotations

import pytest

from kechuang.reports.document import Chart, Series
from kechuang.reports.render import charts


@pytest.fixture(autouse=True)
def _empty_memory_cache():
    """Each test starts as a new process would: nothing in memory (the disk cache is a fresh folder)."""
    charts.clear_cache()


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


def _series_chart(last: float) -> Chart:
    return Chart(title="高新技术企业数", unit="家", series=[Series("实际值", [(2021, 1.0), (2022, last)])])


def test_a_new_server_process_reuses_the_images_drawn_before(monkeypatch):
    first = charts.image(_series_chart(2.0))
    charts.clear_cache()  # what another process, or this one after a restart, starts with

    def must_not_draw(chart, **kwargs):
        raise AssertionError("redrawn although its figures were drawn before")

    monkeypatch.setattr(charts, "draw", must_not_draw)
    assert charts.images([_series_chart(2.0)]) == [first]
    with pytest.raises(AssertionError, match="redrawn"):
        charts.images([_series_chart(2.0), _series_chart(3.0)])  # a changed figure is drawn


def test_only_the_chart_whose_figure_changed_is_drawn_again(monkeypatch):
    charts.images([_series_chart(v) for v in (2.0, 3.0, 4.0)])
    charts.clear_cache()
    drawn = []
    real_draw = charts.draw
    monkeypatch.setattr(charts, "draw", lambda chart, **kw: drawn.append(chart) or real_draw(chart, **kw))

    out = charts.images([_series_chart(v) for v in (2.0, 3.5, 4.0)])

    assert [c.series[0].points[-1][1] for c in drawn] == [3.5]
    assert all(png.startswith(charts.PNG_SIGNATURE) for png in out)


def test_a_damaged_cache_file_is_drawn_again_not_served():
    chart = _series_chart(5.0)
    good = charts.image(chart)
    charts.clear_cache()
    (path,) = charts.cache_dir().glob(f"*/{charts.chart_key(chart)}.png")
    path.write_bytes(b"not an image")

    assert charts.image(chart) == good
    assert path.read_bytes() == good


def test_the_disk_cache_keeps_the_most_recently_used_images():
    for v in range(6):
        charts.image(_series_chart(float(v)))
    assert charts.prune_disk(limit=4) == 2
    assert len(list(charts.cache_dir().glob("*/*.png"))) == 4
