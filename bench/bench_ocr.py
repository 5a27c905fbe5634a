"""OCR of scanned plans: pages per second, characters read right, table cells read right, peak memory.

python bench/bench_ocr.py [--pages N] [--dpi 150,200,300]

The scans are drawn like the tests' (tests/reader/scangen.py): an indicator
table page and a prose page, tilted 0.8° and speckled, as an image-only PDF.
Each resolution is timed over the whole reader (render, OCR, layout, goals),
after one page to load the models. Character accuracy counts the drawn
characters found (a multiset, so reading order does not matter); table cells
count exact matches. Memory is measured in a limited child as uploads are read.
"""

from __future__ import annotations

import argparse
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

PROSE_PAGE = [
    ("heading", "四、保障措施"),
    (
        "para",
        "（一）加强组织领导。建立区科技创新工作联席会议制度，统筹协调全区科技创新重大事项，"
        "各街道、各部门要结合实际制定具体落实方案，明确责任分工和时间节点，确保各项任务落到实处。",
    ),
    (
        "para",
        "（二）加大资金投入。每年安排科技创新专项资金不少于3亿元，重点支持关键核心技术攻关、"
        "创新平台建设和科技人才引进，到2026年，财政科技支出占一般公共预算支出比重达到6%以上。",
    ),
    (
        "para",
        "（三）强化人才支撑。实施高层次人才集聚工程，到2026年，累计引进培育各类科技人才2万名，"
        "新增博士后科研工作站10家，每万名就业人员中研发人员达到160人年。",
    ),
    (
        "para",
        "（四）优化创新生态。完善科技金融服务体系，设立规模不低于20亿元的科技创新基金，"
        "技术合同登记额年均增长15%，知识产权质押融资额达到30亿元。",
    ),
]


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "")


def _truth(items) -> tuple[Counter, list[str]]:
    chars, cells = Counter(), []
    for kind, value in items:
        if kind == "table":
            for row in value:
                cells += [_norm(c) for c in row if c]
                chars.update(_norm("".join(c or "" for c in row)))
        elif kind in ("title", "heading", "para"):
            chars.update(_norm(value))
    return chars, cells


def _read(blocks) -> tuple[Counter, set[str]]:
    from kechuang.reader.blocks import Table

    chars, cells = Counter(), set()
    for block in blocks:
        if isinstance(block, Table):
            for row in block.rows:
                cells.update(_norm(c) for c in row if c)
                chars.update(_norm("".join(row)))
        else:
            chars.update(_norm(block.text))
    return chars, cells


def _peak_memory(data: bytes) -> tuple[int, int]:
    """(address space, resident) the reading child added at its peak, in MB, as an upload is read."""
    from kechuang.common.sandbox import DEFAULT_MEMORY_BYTES, DEFAULT_OCR_MEMORY_BYTES, run_limited
    from kechuang.reader import extract_bytes

    def status() -> dict[str, int]:
        with open("/proc/self/status", encoding="ascii") as f:
            pairs = (line.split(":", 1) for line in f)
            return {
                k: int(v.split()[0]) // 1024 for k, v in pairs if k in ("VmPeak", "VmSize", "VmHWM", "VmRSS")
            }

    def work(blob: bytes) -> tuple[dict, dict]:
        before = status()
        extract_bytes(blob, "scan.pdf", timeout_s=600)
        return before, status()

    before, after = run_limited(
        work,
        data,
        memory_bytes=DEFAULT_MEMORY_BYTES,
        memory_ceiling_bytes=DEFAULT_OCR_MEMORY_BYTES,
        seconds=600,
    )
    return after["VmPeak"] - before["VmSize"], after["VmHWM"] - before["VmRSS"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pages", type=int, default=4, help="pages in the timed scan (table and prose pages alternate)"
    )
    parser.add_argument(
        "--dpi", default="100,150,200", help="resolutions to render the scan at (capped at 2000 px)"
    )
    parser.add_argument("--pt", default="14,10.5", help="body text sizes in points (tables at 4/5 of it)")
    args = parser.parse_args()

    from kechuang.reader.deadline import Deadline
    from kechuang.reader.formats import ocr, read_blocks

    if not ocr.ocr_installed():
        print("OCR 组件未安装（pip install -e '.[ocr]'），跳过")
        return 0
    from tests.reader.scangen import scan_pdf
    from tests.reader.test_formats_scan import PLAN_PAGE

    # First, before this process loads the models (a server never does; a forked child of a process
    # running onnxruntime's threads could hang).
    vm, rss = _peak_memory(scan_pdf([PLAN_PAGE], skew=0.8, noise=0.002))
    pages = [PLAN_PAGE if i % 2 == 0 else PROSE_PAGE for i in range(args.pages)]
    truth_chars, truth_cells = Counter(), []
    for items in pages:
        chars, cells = _truth(items)
        truth_chars += chars
        truth_cells += cells
    started = time.perf_counter()
    read_blocks(scan_pdf([PROSE_PAGE]), Deadline(600))  # loads the models once
    print(f"models loaded and one page read in {time.perf_counter() - started:.1f} s")
    print(f"scans drawn at 200 dpi, tilted 0.8°, speckled, {len(pages)} pages; read at each resolution")
    print(
        f"{'body pt':>7} {'dpi':>5} {'seconds':>8} {'pages/s':>8} {'cpu s/page':>10} {'chars F1':>9} {'cells':>7}"
    )
    default = ocr.DPI
    for pt in [float(p) for p in args.pt.split(",")]:
        data = scan_pdf(pages, skew=0.8, noise=0.002, pt=pt)
        for dpi in [int(d) for d in args.dpi.split(",")]:
            ocr.DPI = dpi
            wall, cpu = time.perf_counter(), time.process_time()
            blocks = read_blocks(data, Deadline(600))
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            chars, cells = _read(blocks)
            found = sum((truth_chars & chars).values())
            recall, precision = found / sum(truth_chars.values()), found / max(1, sum(chars.values()))
            f1 = 2 * recall * precision / max(1e-9, recall + precision)
            cell_hits = sum(1 for c in truth_cells if c in cells) / len(truth_cells)
            print(
                f"{pt:>7g} {dpi:>5} {wall:>8.2f} {len(pages) / wall:>8.2f} {cpu / len(pages):>10.2f} "
                f"{f1:>9.2%} {cell_hits:>7.1%}"
            )
    ocr.DPI = default
    print(
        f"peak memory added by a reading child (one page, {default} dpi): {vm} MB address space, {rss} MB resident"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
