"""Charts as print-resolution PNG images, drawn with matplotlib (Agg) in Noto Sans CJK SC.

Why matplotlib: it runs on the server with no browser and no network, and draws Chinese once it
is told a CJK face (without one every label is a box; scripts/ensure_fonts.sh installs Noto CJK).
Each chart is drawn through the object API (no pyplot state), so charts render in threads; images
are cached by ``Chart.key`` — the figures they draw — so a report rendered again in another
format, or a chart whose figures did not change, is not drawn twice.
"""

from __future__ import annotations

import hashlib
import io
import json
import multiprocessing
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from kechuang.reports.document import Chart
from kechuang.reports.render import fonts

WIDTH_CM = 15.5
HEIGHT_CM = 7.0
DPI = 200  # print resolution: 15.5 cm ≈ 1220 px
_CACHE_SIZE = 512
# From this many charts to draw, worker processes pay for their start (≈1 s to load matplotlib).
PARALLEL_FROM = 24
_cache: OrderedDict[str, bytes] = OrderedDict()
_lock = threading.Lock()
_COLOURS = {"line": "#1d4ed8", "bar": "#2563eb", "dashed": "#6b7280", "dotted": "#d97706", "band": "#d97706"}
_TARGET_COLOUR = "#b91c1c"


def chart_key(chart: Chart) -> str:
    """The chart's cache key: its own ``key`` if the builder set one, else a hash of what it draws."""
    payload = json.dumps(
        [chart.key, chart.title, chart.unit, [(s.name, s.kind, s.points, s.points2) for s in chart.series]],
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _configure() -> None:
    import matplotlib

    matplotlib.use("Agg", force=False)
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [*fonts.CHART_FALLBACK, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False  # a minus sign the CJK face has


def draw(chart: Chart, *, family: str | None = None) -> bytes:
    """One chart as PNG bytes (uncached). ``family`` overrides the face (the glyph test uses it)."""
    _configure()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_CM / 2.54, HEIGHT_CM / 2.54), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    font = {"family": family} if family else {}
    labels = _axis(chart)
    pos = {label: i for i, label in enumerate(labels)}
    for s in chart.series:
        xs = [pos[str(x)] for x, y in s.points if y is not None]
        ys = [y for _, y in s.points if y is not None]
        colour = _COLOURS.get(s.kind, "#1d4ed8")
        if s.kind == "bar":
            ax.bar(xs, ys, color=colour, label=s.name, width=0.6)
        elif s.kind == "dashed":
            ax.plot(xs, ys, linestyle="--", color=colour, label=s.name, linewidth=1.2)
        elif s.kind == "dotted":
            ax.plot(xs, ys, linestyle=":", marker="o", markersize=3, color=colour, label=s.name)
        elif s.kind == "band":
            highs = dict(s.points2)
            both = [(pos[str(x)], y, highs.get(x)) for x, y in s.points if y is not None]
            both = [b for b in both if b[2] is not None]
            if both:
                ax.fill_between(
                    [b[0] for b in both],
                    [b[1] for b in both],
                    [b[2] for b in both],
                    color=colour,
                    alpha=0.18,
                    label=s.name,
                    linewidth=0,
                )
        elif s.kind == "marker":
            ax.scatter(xs, ys, marker="D", s=36, color=_TARGET_COLOUR, label=s.name, zorder=5)
        else:
            ax.plot(xs, ys, marker="o", markersize=4, color=colour, label=s.name, linewidth=1.8)
    ax.set_xticks(range(len(labels)), labels, **font)
    ax.set_title(chart.title, fontsize=11, **font)
    if chart.unit:
        ax.set_ylabel(chart.unit, fontsize=9, **font)
    ax.grid(axis="y", color="#e5e7eb", linewidth=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    if chart.series:
        ax.legend(
            loc="best", fontsize=8, frameon=False, prop={"family": family, "size": 8} if family else None
        )
    # Fixed margins: tight_layout would draw the figure twice (a third of a chart's time).
    fig.subplots_adjust(left=0.1, right=0.98, top=0.88, bottom=0.12)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


def _axis(chart: Chart) -> list[str]:
    """The x categories: every year between the first and last point (years), else the points' order."""
    seen: list[str] = []
    years: list[int] = []
    for s in chart.series:
        for x, _ in [*s.points, *s.points2]:
            if isinstance(x, int) or (isinstance(x, str) and x.isdigit() and len(x) == 4):
                years.append(int(x))
            if str(x) not in seen:
                seen.append(str(x))
    if years and len(years) == sum(len(s.points) + len(s.points2) for s in chart.series):
        return [str(y) for y in range(min(years), max(years) + 1)]
    return seen


def image(chart: Chart) -> bytes:
    """The chart's PNG, from the cache when its figures were drawn before."""
    key = chart_key(chart)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    png = draw(chart)
    with _lock:
        _cache[key] = png
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return png


def images(charts: Sequence[Chart], *, workers: int | None = None) -> list[bytes]:
    """Every chart's PNG, in order. Charts not in the cache are drawn in worker processes when
    there are enough of them to repay a worker's start (drawing holds the GIL, so threads do not
    help); a few are drawn here."""
    keys = [chart_key(c) for c in charts]
    with _lock:
        missing = {k: c for k, c in zip(keys, charts, strict=True) if k not in _cache}
    workers = workers if workers is not None else min(4, os.cpu_count() or 1)
    if len(missing) >= PARALLEL_FROM and workers > 1:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
            drawn = list(pool.map(draw, missing.values(), chunksize=4))
        with _lock:
            for key, png in zip(missing, drawn, strict=True):
                _cache[key] = png
    out = [image(c) for c in charts]
    with _lock:
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return out


def _context() -> multiprocessing.context.BaseContext:
    """Workers forked from a small server process that has matplotlib loaded (started once per
    process): never a fork of this process, which may hold database connections and threads."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["kechuang.reports.render.charts", "matplotlib.backends.backend_agg"])
        return context
    return multiprocessing.get_context("spawn")


def clear_cache() -> None:
    with _lock:
        _cache.clear()
