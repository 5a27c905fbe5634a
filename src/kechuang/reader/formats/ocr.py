"""Scanned PDF pages → lines and tables through OCR, for the PDF reader (optional extra ``kechuang[ocr]``).

Why these parts:

- **rapidocr 3.x on onnxruntime.** Its wheel carries the default detection,
  direction and recognition models (checked for 3.0.0, 3.4.0 and 3.10.0), and
  3.10.0 reads a page in a process with no network at all (``unshare -n``), so
  nothing is fetched at first use; it only downloads when asked for a model
  it does not carry, which this module never does. The scan tests pass on the
  lowest version allowed (3.0.0, PP-OCRv4 models) and on 3.10.0 (PP-OCRv6). ``rapidocr_onnxruntime``
  1.4.4 also carries its models and works offline, but it is no longer
  released, stops at Python 3.12 and needs the desktop OpenCV (libGL on the
  server); on our test scans it also read 99.7 % of the characters where
  rapidocr 3.10 read 100 %.
- **pypdfium2** (pdfplumber's own renderer) draws the page at ``DPI``. On our
  test scans (body text 14, 10.5 and 9 pt, tables at four fifths of it) 150 dpi
  read as many characters right as 200 and 300 dpi (99.6–100 %) in 80 % and
  70 % of their time (bench/bench_ocr.py): rapidocr shrinks any page to 2,000
  pixels on its long side before it detects and reads, so drawing more only
  costs time. ``MAX_SIDE`` caps the drawing there, whatever size the file claims.
- **OpenCV** (which rapidocr brings) finds the ruled lines of tables.

What comes out are the same items the text-layer reader makes (``("line",
text)`` and ``("table", Table)`` in reading order), so the rest of the PDF
reader — paragraphs, tables continued across pages — does not care how a page
was read. A page is straightened first (a scanner's skew of a degree or so,
judged from the slope of the text lines), its ruled tables become cell grids
with merged cells kept (text in the first cell of a merge, as in a text PDF),
text lines are rebuilt from the OCR boxes, wrapped lines of one paragraph are
joined by their geometry, and text in aligned columns without rules becomes a
table too.

Speed and memory (2 cores, bench/bench_ocr.py): about 2.5 s a page (0.4 pages
a second) once the models are loaded (1–2 s); a reading child adds about
1.4 GB of address space and 0.8 GB resident at its peak, more than the 1 GB an
upload's parse may use, so the OCR lifts its child's limit to the ceiling
``KECHUANG_PARSE_OCR_MEMORY_BYTES`` (``kechuang.common.sandbox``) before it
loads the models. The server process itself never imports the OCR: a fork of a
process running onnxruntime's threads could hang.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import math
import os
import re
import statistics
import threading
import time
from dataclasses import dataclass, field

from kechuang.common.sandbox import allow_memory_ceiling
from kechuang.reader.blocks import Table
from kechuang.reader.deadline import NO_DEADLINE, Deadline
from kechuang.reader.errors import ReaderError
from kechuang.reader.formats.text import clean_line

DPI = 150
MAX_SIDE = 2000  # pixels: rapidocr's own limit (Global.max_side_len); an A4 page at 150 dpi is 1754 high
MISSING = (
    "该文件是扫描件（页面是图片），服务器没有安装文字识别组件，无法读取；"
    "请联系管理员安装文字识别组件，或上传带文字的电子版文件"
)
MISSING_SOME = (
    "该文件第{pages}页是扫描图片，服务器没有安装文字识别组件，无法完整读取；"
    "请联系管理员安装文字识别组件，或上传全部带文字的电子版文件"
)
PAGE_FAILED = "扫描件第{page}页无法识别（页面过大或内存不足），请检查文件后重新上传"
BROKEN = "文字识别组件无法启动，扫描件暂时无法读取；请联系管理员检查文字识别组件"
TOO_SLOW = (
    "扫描件共{pages}页，文字识别约需{need}秒，超过读取时限{limit}秒；"
    "请上传带文字的电子版文件，或把扫描件分成每份不超过{fit}页上传"
)

logger = logging.getLogger("kechuang.reader.ocr")

_engine_lock = threading.Lock()
_engine = None
# pdfium and the engine are not safe for two threads at once; a reader abandoned at its time limit
# may still be on a page when the next document starts in the same process (the CLI, a batch).
_work_lock = threading.RLock()


# ---------------------------------------------------------------- the engine


def ocr_installed() -> bool:
    """True when the optional OCR extra (rapidocr and onnxruntime) is importable."""
    return all(importlib.util.find_spec(m) is not None for m in ("rapidocr", "onnxruntime", "cv2", "numpy"))


def missing_message(scanned: list[int], total: int) -> str:
    """The one sentence for a scan that cannot be read here; ``scanned`` are 0-based page numbers."""
    if len(scanned) >= total:
        return MISSING
    shown = "、".join(str(p + 1) for p in scanned[:8]) + ("等" if len(scanned) > 8 else "")
    return MISSING_SOME.format(pages=shown)


def _get_engine():
    """The OCR engine, loaded once per process (about a second): models from the wheel, logs quiet."""
    global _engine
    with _engine_lock:
        if _engine is not None:
            return _engine
        if not ocr_installed():
            raise ReaderError(MISSING)
        try:
            from rapidocr import RapidOCR
        except ImportError as exc:  # installed (found above) but cannot load: damaged, or short of memory
            logger.warning("the OCR engine cannot be imported: %r", exc)
            raise ReaderError(BROKEN) from exc
        rapid_log = logging.getLogger("RapidOCR")
        rapid_log.setLevel(logging.ERROR)
        # At most four threads: two uploads may be read at once, and each thread costs memory.
        threads = {
            "EngineConfig.onnxruntime.intra_op_num_threads": max(1, min(4, os.cpu_count() or 1)),
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        }
        engine = None
        try:
            # Early 3.x releases (3.0.0) know no log_level and refuse unknown settings: fall back.
            for params in ({**threads, "Global.log_level": "error"}, threads, {}):
                with contextlib.suppress(ValueError):
                    engine = RapidOCR(params=params)
                    break
            if engine is None:
                raise ValueError("rapidocr refused every setting")
        except Exception as exc:
            logger.exception("the OCR engine failed to start")
            raise ReaderError(BROKEN) from exc
        rapid_log.setLevel(logging.ERROR)
        _engine = engine
        return engine


@dataclass
class Box:
    """One OCR text box, straightened: axis-aligned corners in page pixels."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    score: float = 1.0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


def _recognise(engine, image, *, use_cls: bool = True) -> list[tuple[list[list[float]], str, float]]:
    """(quad, text, score) for every text box rapidocr finds on a BGR image.

    ``use_cls`` (turn upside-down lines right) is passed on every call: rapidocr
    3.x keeps a passed value for later calls.
    """
    result = engine(image, use_cls=use_cls)
    txts = getattr(result, "txts", None)
    if not txts:
        return []
    return [
        ([[float(x), float(y)] for x, y in quad], str(text), float(score))
        for quad, text, score in zip(result.boxes, txts, result.scores, strict=False)
    ]


# ---------------------------------------------------------------- reading pages


def read_scanned_pages(
    data: bytes, pages: list[int], total: int, deadline: Deadline = NO_DEADLINE
) -> dict[int, list[tuple[str, object]]]:
    """OCR the given pages (0-based) of a PDF; each page's ``("line"|"table", …)`` items in reading order.

    Raises ReaderError: the extra is missing (one sentence naming the scan), the
    engine cannot start, the deadline passed, or the pages would clearly take
    longer than the deadline allows (judged after the first page, so the user
    hears it at once rather than after a wait that must fail).
    """
    if not pages:
        return {}
    if not ocr_installed():
        raise ReaderError(missing_message(pages, total))
    deadline.check()
    allow_memory_ceiling()  # in an upload's limited child: the models need more than a parse (see sandbox)
    try:
        import cv2
        import pypdfium2
    except ImportError as exc:
        logger.warning("the OCR libraries cannot be imported: %r", exc)
        raise ReaderError(BROKEN) from exc
    engine = _get_engine()
    try:
        with _work_lock:
            document = pypdfium2.PdfDocument(data)
    except Exception as exc:  # pdfplumber opened it, so this is damage pdfium sees and pdfminer did not
        raise ReaderError("文件已损坏，无法读取") from exc
    out: dict[int, list[tuple[str, object]]] = {}
    fastest = math.inf  # seconds for the quickest page so far (the first also loads the models)
    try:
        for done, index in enumerate(pages):
            deadline.check()
            started = time.monotonic()
            try:
                with _work_lock:
                    gray = _render(document, index)
                    quads = _recognise(engine, cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR))
                    if _sideways(quads):
                        gray, quads = _upright(engine, gray)
                    out[index] = page_items(gray, quads, lambda image: _recognise(engine, image))
            except (ReaderError, MemoryError):
                raise
            except Exception as exc:  # onnxruntime reports running out of memory as its own error
                logger.warning("OCR of page %d failed: %r", index + 1, exc)
                raise ReaderError(PAGE_FAILED.format(page=index + 1)) from exc
            fastest = min(fastest, time.monotonic() - started)
            if done >= 1:
                _refuse_if_too_slow(fastest, done + 1, len(pages), deadline)
    finally:
        with _work_lock, contextlib.suppress(Exception):
            document.close()
    return out


def _render(document, index: int):
    """The page in grey at ``DPI``, never larger than ``MAX_SIDE`` pixels on its long side."""
    page = document[index]
    try:
        width, height = page.get_size()
        scale = min(DPI / 72, MAX_SIDE / max(width, height, 1.0))
        bitmap = page.render(scale=scale, grayscale=True)
        array = bitmap.to_numpy()
        if array.ndim == 3:
            array = array[:, :, 0]
        return array.copy()
    finally:
        with contextlib.suppress(Exception):
            page.close()


def _sideways(quads) -> bool:
    """Most text lines stand upright: a landscape table scanned on its side."""
    tall = wide = 0
    for quad, text, _score in quads:
        if len(text.strip()) < 2:
            continue
        width = math.hypot(quad[1][0] - quad[0][0], quad[1][1] - quad[0][1])
        height = math.hypot(quad[3][0] - quad[0][0], quad[3][1] - quad[0][1])
        if height >= 1.5 * width:
            tall += 1
        elif width >= 1.5 * height:
            wide += 1
    return tall >= 3 and tall > wide


def _upright(engine, gray):
    """The page turned a quarter either way, whichever reads better with lines taken as they stand
    (an upside-down line reads poorly without the direction step); (image, boxes)."""
    import cv2

    best = None
    for turn in (cv2.ROTATE_90_CLOCKWISE, cv2.ROTATE_90_COUNTERCLOCKWISE):
        turned = cv2.rotate(gray, turn)
        quads = _recognise(engine, cv2.cvtColor(turned, cv2.COLOR_GRAY2BGR), use_cls=False)
        quality = sum(score * len(text) for _quad, text, score in quads)
        if best is None or quality > best[0]:
            best = (quality, turned, quads)
    return best[1], best[2]


def _refuse_if_too_slow(page_s: float, done: int, pages: int, deadline: Deadline) -> None:
    """Refuse at once, naming the size that would fit, when the pages left clearly need more time
    than is left (a fifth more, at the quickest page's pace): better than a wait that must fail."""
    deadline.check()  # time already up: say so, not how much more it would take
    left = deadline.end - time.monotonic()
    need = page_s * (pages - done)
    if need > left * 1.2 and deadline.seconds < 1e8:
        fit = max(1, int(deadline.seconds / max(page_s, 0.1) * 0.8))
        total = math.ceil(page_s * pages)
        raise ReaderError(TOO_SLOW.format(pages=pages, need=total, limit=f"{deadline.seconds:g}", fit=fit))


# ---------------------------------------------------------------- one page's layout


def page_items(
    gray, quads: list[tuple[list[list[float]], str, float]], recognise=None
) -> list[tuple[str, object]]:
    """A page image and its OCR boxes → ``("line", text)`` and ``("table", Table)`` items, top to bottom.

    ``recognise`` (an image → OCR boxes, optional) takes a second look at table
    cells that hold ink but no text: the detector misses short words boxed in
    tightly by rules ("单位", a row number), which it finds alone in their cell.
    """
    import numpy as np

    quads = [q for q in quads if q[1].strip()]
    if not quads:
        return []
    angle = _skew_degrees(quads)
    h, w = gray.shape[:2]
    rotation = None
    if abs(angle) >= 0.05:
        import cv2

        rotation = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        gray = cv2.warpAffine(gray, rotation, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    boxes = []
    for quad, text, score in quads:
        pts = np.array(quad, dtype=float)
        if rotation is not None:
            pts = pts @ rotation[:, :2].T + rotation[:, 2]
        boxes.append(Box(pts[:, 0].min(), pts[:, 1].min(), pts[:, 0].max(), pts[:, 1].max(), text, score))
    text_height = statistics.median(b.height for b in boxes)
    boxes = [b for b in boxes if b.height >= 0.35 * text_height or len(b.text.strip()) > 1]
    placed: list[tuple[float, int, tuple[str, object]]] = []
    rest = boxes
    reread = _cell_reader(gray, recognise, text_height) if recognise is not None else None
    for grid in find_grids(gray, text_height):
        inside = [b for b in rest if grid.contains(b.cx, b.cy)]
        if not inside:
            continue  # a frame or a box around nothing we read: leave its text (none) alone
        rest = [b for b in rest if not grid.contains(b.cx, b.cy)]
        placed.append((grid.top, 1, ("table", grid.table(inside, reread))))
    for top, item in _text_items(rest, text_height):
        placed.append((top, 0, item))
    placed.sort(key=lambda p: (p[0], p[1]))
    return [p[2] for p in placed]


MAX_REREADS = 60  # cells a page may look at twice (each costs some 30 ms)


def _cell_reader(gray, recognise, text_height: float):
    """A function (x0, y0, x1, y1) → the text inside that cell, read on its own with its rules cut off."""
    import cv2

    inset = max(4, int(text_height / 8))
    left = [MAX_REREADS]

    def reread(x0: float, y0: float, x1: float, y1: float) -> str:
        crop = gray[int(y0) + inset : int(y1) - inset, int(x0) + inset : int(x1) - inset]
        if crop.size == 0 or left[0] <= 0 or float((crop < 128).mean()) < 0.004:
            return ""  # an empty cell (a speck or two at most)
        left[0] -= 1
        pad = max(8, int(text_height / 2))
        framed = cv2.copyMakeBorder(crop, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
        found = [
            Box(min(p[0] for p in q), min(p[1] for p in q), max(p[0] for p in q), max(p[1] for p in q), t, s)
            for q, t, s in recognise(cv2.cvtColor(framed, cv2.COLOR_GRAY2BGR))
            if t.strip()
        ]
        return "".join(_join_texts([b.text for b in ln.boxes]) for ln in group_lines(found))

    return reread


def _skew_degrees(quads) -> float:
    """The page's tilt from the top edges of its wider boxes (median); 0 when it cannot tell."""
    angles = []
    for quad, _text, _score in quads:
        (x0, y0), (x1, y1) = quad[0], quad[1]
        length = math.hypot(x1 - x0, y1 - y0)
        side = math.hypot(quad[3][0] - x0, quad[3][1] - y0)
        if length > 3 * side and x1 > x0:
            angles.append(math.degrees(math.atan2(y1 - y0, x1 - x0)))
    if len(angles) < 3:
        return 0.0
    angle = statistics.median(angles)
    return angle if abs(angle) <= 5 else 0.0


# ---------------------------------------------------------------- lines and paragraphs


@dataclass
class _Line:
    boxes: list[Box] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return min(b.x0 for b in self.boxes)

    @property
    def x1(self) -> float:
        return max(b.x1 for b in self.boxes)

    @property
    def y0(self) -> float:
        return min(b.y0 for b in self.boxes)

    @property
    def y1(self) -> float:
        return max(b.y1 for b in self.boxes)

    @property
    def height(self) -> float:
        return statistics.median(b.height for b in self.boxes)


def group_lines(boxes: list[Box]) -> list[_Line]:
    """Boxes that overlap vertically by half the smaller height are one line; lines top to bottom, boxes left to right."""
    lines: list[_Line] = []
    for box in sorted(boxes, key=lambda b: (b.cy, b.x0)):
        best, best_overlap = None, 0.0
        for line in lines[-4:]:  # only lines near the bottom can still take a box
            overlap = min(line.y1, box.y1) - max(line.y0, box.y0)
            need = 0.5 * min(line.height, box.height)
            if overlap >= need and overlap > best_overlap:
                best, best_overlap = line, overlap
        if best is None:
            lines.append(_Line([box]))
        else:
            best.boxes.append(box)
    for line in lines:
        line.boxes.sort(key=lambda b: b.x0)
    lines.sort(key=lambda ln: ln.y0)
    return lines


def _segments(line: _Line, text_height: float) -> list[list[Box]]:
    """A line's boxes split where the gap between them is wider than two characters."""
    parts: list[list[Box]] = [[line.boxes[0]]]
    for prev, box in zip(line.boxes, line.boxes[1:], strict=False):
        if box.x0 - prev.x1 > 2.0 * max(text_height, line.height):
            parts.append([box])
        else:
            parts[-1].append(box)
    return parts


def _join_texts(texts: list[str]) -> str:
    """Pieces of Chinese text meet without a space; two Latin words or numbers keep one."""
    out = ""
    for text in texts:
        text = text.strip()
        if (
            out
            and text
            and out[-1].isascii()
            and out[-1].isalnum()
            and text[0].isascii()
            and text[0].isalnum()
        ):
            out += " "
        out += text
    return out


def _text_items(boxes: list[Box], text_height: float) -> list[tuple[float, tuple[str, object]]]:
    """Lines outside tables: aligned columns become a table, wrapped lines of a paragraph one line."""
    lines = group_lines(boxes)
    placed: list[tuple[float, _Line | None, tuple[str, object]]] = []
    segmented = [_segments(line, text_height) for line in lines]
    i = 0
    while i < len(lines):
        table, used = _column_table(lines[i:], segmented[i:], text_height)
        if table is not None:
            placed.append((lines[i].y0, None, ("table", table)))
            i += used
            continue
        placed.append((lines[i].y0, lines[i], ("line", _line_text(segmented[i]))))
        i += 1
    return _join_paragraphs(placed, lines, text_height)


def _line_text(parts: list[list[Box]]) -> str:
    return clean_line(" ".join(normalize(_join_texts([b.text for b in part])) for part in parts))


def _join_paragraphs(
    placed, lines: list[_Line], text_height: float
) -> list[tuple[float, tuple[str, object]]]:
    """A line that runs to the right margin, followed at normal spacing by one that starts at the
    left margin (not indented), is the same paragraph. A text PDF's lines are rejoined by
    punctuation only (at page breaks); a scan's geometry says more, so it is used."""
    body = [ln for ln in lines if ln.x1 - ln.x0 > 8 * text_height]
    right = max((ln.x1 for ln in body), default=0.0)
    left = min((ln.x0 for ln in body), default=0.0)
    out: list[tuple[float, tuple[str, object]]] = []
    prev: _Line | None = None
    for top, line, item in placed:
        joins = (
            len(body) >= 2
            and line is not None
            and prev is not None
            and prev.x1 >= right - 1.5 * text_height
            and line.x0 <= left + 0.8 * text_height
            and line.y0 - prev.y1 <= 1.2 * max(line.height, prev.height)
            and abs(line.height - prev.height) <= 0.3 * max(line.height, prev.height)
        )
        if joins:
            out[-1] = (out[-1][0], ("line", str(out[-1][1][1]) + str(item[1])))
        else:
            out.append((top, item))
        prev = line
    return out


def _column_table(lines: list[_Line], segmented: list[list[list[Box]]], text_height: float):
    """Three or more lines in a row, each split by wide gaps into pieces that stand in the same
    columns, are a table without rules; returns (table, lines used) or (None, 0)."""
    run = 0
    while run < len(lines) and len(segmented[run]) >= 2:
        if run and lines[run].y0 - lines[run - 1].y1 > 2.5 * text_height:
            break
        run += 1
    if run < 3:
        return None, 0
    starts = sorted(part[0].x0 for parts in segmented[:run] for part in parts)
    columns: list[list[float]] = []
    for x in starts:
        if columns and x - columns[-1][-1] <= 1.5 * text_height:
            columns[-1].append(x)
        else:
            columns.append([x])
    anchors = [statistics.median(c) for c in columns if len(c) >= max(2, run // 2)]
    if len(anchors) < 2:
        return None, 0
    rows: list[list[str]] = []
    for parts in segmented[:run]:
        row = [""] * len(anchors)
        for part in parts:
            col = min(range(len(anchors)), key=lambda k: abs(anchors[k] - part[0].x0))
            if abs(anchors[col] - part[0].x0) > 3 * text_height:
                return None, 0  # a piece standing in no column: not a table
            text = normalize(_join_texts([b.text for b in part]))
            row[col] = clean_line(row[col] + text)
        rows.append(row)
    return Table(rows), run


# ---------------------------------------------------------------- ruled tables


@dataclass
class _Segment:
    pos: float  # y of a horizontal rule, x of a vertical one
    start: float
    end: float


@dataclass
class Grid:
    """A ruled table: row and column rule positions, and the page's ink to tell merged cells."""

    rows: list[float]
    cols: list[float]
    ink: object  # the binarised page (numpy array), rules mended
    tol: float

    @property
    def top(self) -> float:
        return self.rows[0]

    def contains(self, x: float, y: float) -> bool:
        return self.cols[0] <= x <= self.cols[-1] and self.rows[0] <= y <= self.rows[-1]

    def ruled(self, *, horizontal: bool, pos: float, start: float, end: float) -> bool:
        """Whether a rule runs between two cells: one pixel row (column) near ``pos`` inked along
        at least 80 % of the cell side. A line of text crossing there never is: its strokes
        leave gaps between the characters and inside them."""
        ink = self.ink
        margin = min(self.tol, (end - start) / 4)
        a, b = int(start + margin), int(end - margin)
        lo, hi = int(pos - self.tol), int(pos + self.tol) + 1
        if b <= a:
            return True
        band = ink[max(0, lo) : hi, a:b] if horizontal else ink[a:b, max(0, lo) : hi].T  # type: ignore[index]
        if band.size == 0:
            return True
        return float((band > 0).mean(axis=1).max()) >= 0.8

    def table(self, boxes: list[Box], reread=None) -> Table:
        """Cells from the grid; a merged cell's text in its first (top-left) cell, the others empty.

        ``reread(x0, y0, x1, y1)`` reads a cell that no box fell in, once more on its own.
        """
        nrows, ncols = len(self.rows) - 1, len(self.cols) - 1
        parent = list(range(nrows * ncols))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def union(a: int, b: int) -> None:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)  # the top-left cell stays the representative

        for r in range(nrows):
            for c in range(ncols):
                if c + 1 < ncols and not self.ruled(
                    horizontal=False, pos=self.cols[c + 1], start=self.rows[r], end=self.rows[r + 1]
                ):
                    union(r * ncols + c, r * ncols + c + 1)
                if r + 1 < nrows and not self.ruled(
                    horizontal=True, pos=self.rows[r + 1], start=self.cols[c], end=self.cols[c + 1]
                ):
                    union(r * ncols + c, (r + 1) * ncols + c)
        cells: dict[int, list[Box]] = {}
        for box in boxes:
            r = _slot(self.rows, box.cy)
            c = _slot(self.cols, box.cx)
            cells.setdefault(find(r * ncols + c), []).append(box)
        last: dict[int, tuple[int, int]] = {}  # a merge's bottom-right cell, for its extent
        for k in range(nrows * ncols):
            root = find(k)
            r1, c1 = last.get(root, divmod(root, ncols))
            last[root] = (max(r1, k // ncols), max(c1, k % ncols))
        rows = []
        for r in range(nrows):
            row = []
            for c in range(ncols):
                k = r * ncols + c
                text = ""
                if find(k) == k:
                    here = cells.get(k, [])
                    if here:
                        text = "".join(_join_texts([b.text for b in ln.boxes]) for ln in group_lines(here))
                    elif reread is not None:
                        r1, c1 = last[k]
                        text = reread(self.cols[c], self.rows[r], self.cols[c1 + 1], self.rows[r1 + 1])
                row.append(clean_line(normalize(text)))
            rows.append(row)
        rows = [r for r in rows if any(r)]
        return Table(rows)


def _slot(edges: list[float], v: float) -> int:
    for i in range(len(edges) - 1):
        if v < edges[i + 1]:
            return i
    return len(edges) - 2


def find_grids(gray, text_height: float) -> list[Grid]:
    """Ruled tables on a straightened page: long thin lines found by morphology, joined into grids.

    A horizontal rule is at least four text heights long, far longer than any
    stroke or dash (the characters of a line are not joined first, so a line of
    text never becomes a rule); a vertical rule must run from one horizontal
    rule to another. Speckles, underlines and single strokes are thus not tables.
    """
    import cv2

    h, w = gray.shape[:2]
    th = max(8, int(text_height))
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    # A 3-pixel closing mends the breaks a scan leaves in a rule without joining characters.
    line = cv2.getStructuringElement
    mended_h = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, line(cv2.MORPH_RECT, (3, 1)))
    horiz = cv2.morphologyEx(mended_h, cv2.MORPH_OPEN, line(cv2.MORPH_RECT, (4 * th, 1)))
    mended = cv2.morphologyEx(mended_h, cv2.MORPH_CLOSE, line(cv2.MORPH_RECT, (1, 3)))
    vert = cv2.morphologyEx(mended, cv2.MORPH_OPEN, line(cv2.MORPH_RECT, (1, max(10, int(0.6 * th)))))
    thickness = max(6, th // 4)
    horizontals = _segments_of(horiz, axis=0, max_thickness=thickness)
    tol = max(4.0, th / 4)

    def meets(y: float, x: float) -> bool:
        return any(abs(hz.pos - y) <= tol and hz.start - tol <= x <= hz.end + tol for hz in horizontals)

    verticals = [
        v
        for v in _segments_of(vert, axis=1, max_thickness=thickness)
        if meets(v.start, v.pos) and meets(v.end, v.pos)
    ]
    if len(horizontals) < 2 or len(verticals) < 2:
        return []
    # Rules that touch belong to one table: union-find over the crossings.
    n = len(horizontals)
    parent = list(range(n + len(verticals)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for j, v in enumerate(verticals):
        for i, hz in enumerate(horizontals):
            if hz.start - tol <= v.pos <= hz.end + tol and v.start - tol <= hz.pos <= v.end + tol:
                parent[find(n + j)] = find(i)
    groups: dict[int, tuple[list[_Segment], list[_Segment]]] = {}
    for i, hz in enumerate(horizontals):
        groups.setdefault(find(i), ([], []))[0].append(hz)
    for j, v in enumerate(verticals):
        groups.setdefault(find(n + j), ([], []))[1].append(v)
    grids = []
    for hs, vs in groups.values():
        if len(vs) < 2:
            continue
        rows = _cluster([s.pos for s in hs], tol)
        cols = _cluster([s.pos for s in vs], tol)
        if len(rows) < 2 or len(cols) < 2:
            continue
        if (rows[-1] - rows[0]) > 0.95 * h and (cols[-1] - cols[0]) > 0.95 * w:
            continue  # the page's own border or the scanner's edge
        grids.append(Grid(rows, cols, mended, tol))
    return sorted(grids, key=lambda g: g.top)


def _segments_of(mask, *, axis: int, max_thickness: int) -> list[_Segment]:
    """Connected runs in a rule mask: horizontal (axis 0) as (y, x0, x1), vertical as (x, y0, y1)."""
    import cv2

    count, _labels, stats, centroids = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for k in range(1, count):
        x, y, bw, bh, _area = stats[k]
        if axis == 0:
            if bh > max_thickness * 3:  # a blob, not a rule (a filled box or a stamp)
                continue
            out.append(_Segment(float(centroids[k][1]), float(x), float(x + bw)))
        else:
            if bw > max_thickness * 3:
                continue
            out.append(_Segment(float(centroids[k][0]), float(y), float(y + bh)))
    return out


def _cluster(values: list[float], tol: float) -> list[float]:
    """Positions within ``tol`` of each other are one rule; their mean."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


# ---------------------------------------------------------------- characters


_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_WIDE = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}


def normalize(text: str) -> str:
    """OCR reads Chinese punctuation as ASCII at times: next to a Chinese character it is made full-width
    again, as the printed page had it; "1,200" and "3.5" are left alone."""
    text = re.sub(
        rf"(?<=[{_CJK}）%])\s*([,;:!?])|([,;:!?])\s*(?=[{_CJK}（])",
        lambda m: _WIDE[m.group(1) or m.group(2)],
        text,
    )
    text = re.sub(rf"\(([^()]*[{_CJK}][^()]*)\)", r"（\1）", text)
    text = re.sub(rf"(?<=[{_CJK}])\(|\((?=[{_CJK}])", "（", text)
    text = re.sub(rf"(?<=[{_CJK}])\)|\)(?=[{_CJK}])", "）", text)
    return text.strip()
