"""Charts as print-resolution PNG images, drawn with matplotlib (Agg) in Noto Sans CJK SC.

Why matplotlib: it runs on the server with no browser and no network, and draws Chinese once it
is told a CJK face (without one every label is a box; scripts/ensure_fonts.sh installs Noto CJK).
Each chart is drawn through the object API (no pyplot state). Images are cached by what they
draw (``chart_key``): in memory, and on disk under the data folder, so a report rendered again in
another format, by another server process or after a restart, redraws only the charts whose
figures changed since. Drawing is the larger part of a report's time (about 50 ms a chart at
print resolution, mostly matplotlib laying out text), so the disk cache is what keeps a 50-chart
report within a second or two once its figures have been drawn before.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import multiprocessing
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from django.conf import settings

from kechuang.reports.document import Chart
from kechuang.reports.render import fonts

WIDTH_CM = 15.5
HEIGHT_CM = 7.0
DPI = 200  # print resolution: 15.5 cm ≈ 1220 px
_CACHE_SIZE = 512
# From this many charts to draw, worker processes pay for their start (≈1 s to load matplotlib).
PARALLEL_FROM = 24
# Part of every key: a change to how charts are drawn must not serve images drawn the old way.
STYLE = "2"
# Files kept in the disk cache (≈60 KB each); the least recently used beyond this are removed.
DISK_LIMIT = 5000
_PRUNE_EVERY = 200
_writes = 0
_cache: OrderedDict[str, bytes] = OrderedDict()
_lock = threading.Lock()
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_COLOURS = {"line": "#1d4ed8", "bar": "#2563eb", "dashed": "#6b7280", "dotted": "#d97706", "band": "#d97706"}
_TARGET_COLOUR = "#b91c1c"


def chart_key(chart: Chart) -> str:
    """The chart's cache key: its own ``key`` if the builder set one, else a hash of what it draws."""
    payload = json.dumps(
        [
            STYLE,
            DPI,
            WIDTH_CM,
            HEIGHT_CM,
            chart.key,
            chart.title,
            chart.unit,
            [(s.name, s.kind, s.points, s.points2) for s in chart.series],
        ],
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
    """The chart's PNG, from a cache when its figures were drawn before."""
    key = chart_key(chart)
    png = _cached(key)
    if png is None:
        png = draw(chart)
        _remember(key, png)
    return png


def _cached(key: str) -> bytes | None:
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    png = _read_disk(key)
    if png is not None:
        _remember(key, png, disk=False)
    return png


def _remember(key: str, png: bytes, *, disk: bool = True) -> None:
    with _lock:
        _cache[key] = png
        _cache.move_to_end(key)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    if disk:
        _write_disk(key, png)


def cache_dir() -> Path:
    return Path(settings.KECHUANG_CHART_CACHE_DIR)


def _path(key: str) -> Path:
    return cache_dir() / key[:2] / f"{key}.png"


def _read_disk(key: str) -> bytes | None:
    path = _path(key)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(PNG_SIGNATURE):
        path.unlink(missing_ok=True)  # a damaged file is drawn again, never served
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # the least recently used go first when pruning
    return data


def _write_disk(key: str, png: bytes) -> None:
    """Written under a temporary name and renamed, so another process never reads half an image.
    A cache that cannot be written (a full or read-only disk) only costs the redraw."""
    global _writes
    path = _path(key)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".part", delete=False) as tmp:
            tmp.write(png)
        os.replace(tmp.name, path)
    except OSError:
        return
    _writes += 1
    if _writes % _PRUNE_EVERY == 0:
        prune_disk()


def prune_disk(limit: int | None = None) -> int:
    """Remove the least recently used images beyond ``limit`` files; returns how many went."""
    limit = DISK_LIMIT if limit is None else limit
    files = []
    for path in cache_dir().glob("*/*.png"):
        try:
            files.append((path.stat().st_mtime, path))
        except OSError:
            continue
    files.sort()
    excess = files[: max(0, len(files) - limit)]
    for _, path in excess:
        path.unlink(missing_ok=True)
    return len(excess)


def images(charts: Sequence[Chart], *, workers: int | None = None) -> list[bytes]:
    """Every chart's PNG, in order. Charts in neither cache are drawn in worker processes when
    there are enough of them to repay a worker's start (drawing holds the GIL, so threads do not
    help); a few are drawn here."""
    keys = [chart_key(c) for c in charts]
    found = {k: png for k in dict.fromkeys(keys) if (png := _cached(k)) is not None}
    missing = {k: c for k, c in zip(keys, charts, strict=True) if k not in found}
    workers = workers if workers is not None else min(4, os.cpu_count() or 1)
    if len(missing) >= PARALLEL_FROM and workers > 1:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
            drawn = list(pool.map(draw, missing.values(), chunksize=4))
    else:
        drawn = [draw(c) for c in missing.values()]
    for key, png in zip(missing, drawn, strict=True):
        _remember(key, png)
        found[key] = png
    return [found[k] for k in keys]


def _context() -> multiprocessing.context.BaseContext:
    """Workers forked from a small server process that has matplotlib loaded (started once per
    process): never a fork of this process, which may hold database connections and threads."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["kechuang.reports.render.charts", "matplotlib.backends.backend_agg"])
        return context
    return multiprocessing.get_context("spawn")


def clear_cache(*, disk: bool = False) -> None:
    """Forget the images in memory (as a new process would); ``disk=True`` removes the files too."""
    with _lock:
        _cache.clear()
    if disk:
        prune_disk(0)
