"""Scanned PDFs: pages that are pictures are found, read through OCR and give what the same text gives.

The scans are drawn here (tests/reader/scangen.py): Chinese prose, a ruled
indicator table with merged cells, a small tilt and speckles, saved as a PDF
with no text layer. The OCR tests run the real engine (the ``ocr`` extra, part
of ``dev``); the layout tests feed made-up OCR boxes to the layout step.
"""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kechuang.reader import ReaderError, extract_bytes
from kechuang.reader.blocks import Paragraph, Table
from kechuang.reader.deadline import Deadline
from kechuang.reader.formats import ocr, read_blocks
from kechuang.reader.formats.pdf import is_scanned
from kechuang.reader.pipeline import NOTHING_READ

from .pdfgen import make_pdf
from .scangen import merge_pdfs, scan_pdf

TITLE = "某区科技创新发展三年行动方案"
PLAN_PAGE = [
    ("title", TITLE),
    ("title", "（2024—2026年）"),
    ("heading", "一、总体目标"),
    (
        "para",
        "到2026年，全区科技创新能力显著增强，创新主体持续壮大，高新技术企业数量达到1200家，"
        "全社会研究与试验发展经费支出占地区生产总值比重达到4.5%，技术合同成交额突破80亿元。",
    ),
    ("heading", "二、主要指标"),
    (
        "table",
        [
            ["序号", "类别", "指标名称", "单位", "2023年基期值", "2026年目标值", "属性"],
            ["1", "创新主体", "高新技术企业数量", "家", "860", "1200", "预期性"],
            ["2", None, "科技型中小企业评价入库数量", "家", "1500", "2500", "预期性"],
            ["3", "创新投入", "研究与试验发展经费投入强度", "%", "3.8", "4.5", "预期性"],
            ["4", "创新产出", "每万人口高价值发明专利拥有量", "件", "18.5", "25", "预期性"],
            ["5", None, "技术合同成交额", "亿元", "52", "80", "预期性"],
        ],
    ),
    ("heading", "三、重点任务"),
    (
        "para",
        "（一）培育壮大创新主体。实施高新技术企业倍增计划，到2025年，新增国家级专精特新“小巨人”"
        "企业15家；到2026年，市级以上研发机构达到150家。",
    ),
]

needs_ocr = pytest.mark.skipif(
    not ocr.ocr_installed(), reason="the ocr extra (rapidocr, onnxruntime) is not installed"
)


def _as_text(items) -> str:
    """The same page as a text file: tables as tab-separated rows, merged cells empty."""
    lines = []
    for kind, value in items:
        if kind == "table":
            lines += ["\t".join(cell or "" for cell in row) for row in value]
        elif kind != "gap":
            lines.append(value)
    return "\n".join(lines)


def _goals(result: dict) -> set[tuple]:
    return {
        (
            i["name"],
            i["unit"],
            t["year"],
            t["value"],
            t["comparator"],
            t["kind"],
            (i["baseline"] or {}).get("value"),
        )
        for i in result["indicators"]
        for t in i["targets"]
    }


@pytest.fixture(scope="module")
def plan_scan() -> bytes:
    return scan_pdf([PLAN_PAGE], skew=0.8, noise=0.002)


@pytest.fixture(scope="module")
def scan_result(plan_scan) -> dict:
    if not ocr.ocr_installed():
        pytest.skip("the ocr extra is not installed")
    return extract_bytes(plan_scan, "扫描件.pdf", timeout_s=300)


# ---------------------------------------------------------------- detection


def test_a_page_that_is_a_picture_is_a_scan_and_a_text_page_is_not(plan_scan):
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(plan_scan)) as pdf:
        assert is_scanned(pdf.pages[0])
    text = make_pdf(["Plan 2024-2026", "Targets below"], [["No", "Name"], ["1", "Firms"]], [])
    with pdfplumber.open(io.BytesIO(text)) as pdf:
        assert not is_scanned(pdf.pages[0])


# ---------------------------------------------------------------- reading a scan


@needs_ocr
def test_a_scanned_plan_gives_the_goals_the_same_text_gives(scan_result):
    typed = extract_bytes(_as_text(PLAN_PAGE).encode(), "文字版.txt")
    assert scan_result["document"]["title"] == TITLE
    assert scan_result["document"]["period"] == {"start": 2024, "end": 2026}
    assert _goals(scan_result) == _goals(typed)
    by_name = {i["name"]: i for i in scan_result["indicators"]}
    # The targets that matter, from the table (merged 类别 cells, a wrapped name) and the prose.
    assert by_name["高新技术企业数量"]["targets"][0]["value"] == 1200
    assert by_name["高新技术企业数量"]["baseline"]["value"] == 860
    assert by_name["科技型中小企业评价入库数量"]["targets"][0]["value"] == 2500
    assert by_name["每万人口高价值发明专利拥有量"]["baseline"]["value"] == 18.5
    assert by_name["技术合同成交额"]["unit"] == "亿元"
    assert by_name["市级以上研发机构"]["targets"][0] == {
        **by_name["市级以上研发机构"]["targets"][0],
        "year": 2026,
        "value": 150,
    }
    assert "notices" not in scan_result


@needs_ocr
def test_a_scanned_table_keeps_its_grid_and_merged_cells(plan_scan):
    blocks = read_blocks(plan_scan, Deadline(300))
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == 1
    rows = tables[0].rows
    assert rows[0] == ["序号", "类别", "指标名称", "单位", "2023年基期值", "2026年目标值", "属性"]
    assert [r[1] for r in rows[1:]] == [
        "创新主体",
        "",
        "创新投入",
        "创新产出",
        "",
    ]  # text in a merge's first cell
    assert rows[2][2] == "科技型中小企业评价入库数量"  # two lines in one cell are one name
    paragraphs = [b.text for b in blocks if isinstance(b, Paragraph)]
    # The wrapped goal paragraph is one paragraph again, with the page's punctuation.
    assert any(p.startswith("到2026年，全区") and p.endswith("突破80亿元。") for p in paragraphs)
    assert paragraphs.index("二、主要指标") < paragraphs.index("三、重点任务")


@needs_ocr
def test_a_table_going_on_over_a_page_break_of_a_coarse_noisy_scan_is_one_table():
    # 150 dpi, -1°, five times the speckles; the header repeats on page 2 and page numbers stand between.
    header, *rows = PLAN_PAGE[5][1]
    first = [*PLAN_PAGE[:5], ("table", [header, *rows[:3]]), ("gap", 1200), ("heading", "- 1 -")]
    second = [("table", [header, *rows[3:]]), *PLAN_PAGE[6:], ("gap", 1400), ("heading", "- 2 -")]
    data = scan_pdf([first, second], skew=-1.0, noise=0.005, dpi=150)
    tables = [b for b in read_blocks(data, Deadline(300)) if isinstance(b, Table)]
    assert len(tables) == 1
    assert [r[0] for r in tables[0].rows] == ["序号", "1", "2", "3", "4", "5"]
    assert tables[0].rows[0][3] == "单位"  # boxed in tightly by its rules, read in a second look


@needs_ocr
def test_a_scanned_table_without_vertical_rules_is_read_by_its_columns():
    rows = [
        ["指标名称", "单位", "2023年", "2026年目标"],
        ["高新技术企业数量", "家", "860", "1200"],
        ["技术合同成交额", "亿元", "52", "80"],
        ["研发投入强度", "%", "3.8", "4.5"],
    ]
    page = [("heading", "表1 主要指标"), ("columns", rows), ("para", "到2025年，科技型中小企业达到500家。")]
    blocks = read_blocks(scan_pdf([page], skew=0.6, noise=0.002), Deadline(300))
    assert blocks[0].text.replace(" ", "") == "表1主要指标"  # OCR does not see a narrow space
    assert isinstance(blocks[1], Table) and blocks[1].rows == rows
    assert blocks[2] == Paragraph("到2025年，科技型中小企业达到500家。")


@needs_ocr
def test_a_mixed_pdf_reads_its_text_page_as_text_and_its_scanned_page_through_ocr():
    text_page = make_pdf(["Annex A: plan summary"], [["No", "Name"], ["1", "Firms"]], [])
    scanned = scan_pdf([[("heading", "一、主要目标"), ("para", "到2025年，科技型中小企业达到500家。")]])
    blocks = read_blocks(merge_pdfs(text_page, scanned), Deadline(300))
    texts = [b.text for b in blocks if isinstance(b, Paragraph)]
    assert texts[0] == "Annex A: plan summary"  # the text layer, not OCR
    assert any(isinstance(b, Table) and b.rows[0] == ["No", "Name"] for b in blocks)
    assert texts[-2:] == ["一、主要目标", "到2025年，科技型中小企业达到500家。"]


@needs_ocr
def test_a_page_scanned_on_its_side_is_turned_upright():
    from PIL import Image

    from .scangen import degrade, draw_page, to_pdf

    items = [("heading", "二、主要指标"), PLAN_PAGE[5], ("para", "到2025年，科技型中小企业达到500家。")]
    page = degrade(draw_page(items)).transpose(Image.Transpose.ROTATE_90)  # a landscape table, fed sideways
    blocks = read_blocks(to_pdf([page]), Deadline(300))
    tables = [b for b in blocks if isinstance(b, Table)]
    assert tables and tables[0].rows[1] == [
        "1",
        "创新主体",
        "高新技术企业数量",
        "家",
        "860",
        "1200",
        "预期性",
    ]
    assert blocks[0] == Paragraph("二、主要指标")
    assert blocks[-1] == Paragraph("到2025年，科技型中小企业达到500家。")


@needs_ocr
def test_a_scan_of_a_blank_page_gives_an_empty_result_with_a_notice():
    result = extract_bytes(scan_pdf([[]], noise=0.001), "空白.pdf", timeout_s=300)
    assert result["indicators"] == [] and result["tasks"] == []
    assert result["notices"] == [NOTHING_READ]


_UPLOAD_CHILD = """
import sys
import kechuang.reader
from kechuang.common.sandbox import LimitExceeded, run_limited
from kechuang.reader import ReaderError, extract_bytes

# The server imports the reader but never the OCR: onnxruntime's threads must not be forked.
assert "onnxruntime" not in sys.modules and "rapidocr" not in sys.modules

def read(data):
    return len(extract_bytes(data, "scan.pdf", timeout_s=120)["indicators"])

data = open(sys.argv[1], "rb").read()
try:
    print(run_limited(read, data, memory_bytes=int(sys.argv[2]), memory_ceiling_bytes=int(sys.argv[3]), seconds=120))
except (ReaderError, LimitExceeded) as exc:
    print(exc)
"""


@needs_ocr
def test_a_scan_is_read_inside_the_upload_memory_limit_lifted_for_ocr_only(plan_scan, tmp_path):
    # As an upload is read (common/untrusted.py), from a server process that has not loaded the OCR:
    # 1 GB for any parse, lifted to the OCR ceiling only by the OCR itself. Short of memory, the
    # OCR fails with a sentence, not a crash.
    path = tmp_path / "scan.pdf"
    path.write_bytes(plan_scan)

    def upload(memory: int, ceiling: int) -> str:
        done = subprocess.run(
            [sys.executable, "-c", _UPLOAD_CHILD, str(path), str(memory), str(ceiling)],
            capture_output=True,
            text=True,
            timeout=200,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")},
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert upload(2**30, 2560 * 2**20) == "8"
    _one_chinese_sentence(upload(300 * 2**20, 0))


# ---------------------------------------------------------------- without OCR, and bad files


def _one_chinese_sentence(message: str) -> None:
    assert "\n" not in message
    assert not re.search(r"[A-Za-z]", message), message  # no English on a user's screen
    assert message.count("。") <= 1


def test_without_the_ocr_extra_a_scan_is_refused_in_one_chinese_sentence(plan_scan, monkeypatch):
    monkeypatch.setitem(sys.modules, "rapidocr", None)  # as if the extra were not installed
    monkeypatch.setattr(ocr, "_engine", None)
    with pytest.raises(ReaderError) as info:
        extract_bytes(plan_scan, "扫描件.pdf")
    message = str(info.value)
    _one_chinese_sentence(message)
    assert "扫描件" in message and "文字识别" in message


def test_without_the_ocr_extra_a_mixed_pdf_names_its_scanned_pages(plan_scan, monkeypatch):
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    monkeypatch.setattr(ocr, "_engine", None)
    text_page = make_pdf(["Annex A"], [["No", "Name"], ["1", "Firms"]], [])
    with pytest.raises(ReaderError) as info:
        extract_bytes(merge_pdfs(text_page, plan_scan), "混合.pdf")
    message = str(info.value)
    _one_chinese_sentence(message)
    assert "第2页" in message and "文字识别" in message  # never a draft of the text page alone


def test_a_damaged_or_encrypted_scan_is_one_sentence_each(plan_scan):
    for data, word in ((plan_scan[: len(plan_scan) // 2], "损坏"), (plan_scan[:400] + bytes(2000), "损坏")):
        with pytest.raises(ReaderError, match=word) as info:
            extract_bytes(data, "扫描件.pdf")
        _one_chinese_sentence(str(info.value))
    with pytest.raises(ReaderError, match="加密") as info:
        extract_bytes(make_pdf(["x"], [["a", "b"], ["c", "d"]], [], encrypt=True), "加密.pdf")
    _one_chinese_sentence(str(info.value))


class _SlowEngine:
    """Stands in for the OCR engine: a given time per page (the last one for the rest), no text."""

    def __init__(self, *seconds: float) -> None:
        self.seconds, self.pages = seconds, 0

    def __call__(self, image, use_cls=True):
        time.sleep(self.seconds[min(self.pages, len(self.seconds) - 1)])
        self.pages += 1
        return


def test_ocr_stops_at_the_deadline_between_pages(monkeypatch):
    engine = _SlowEngine(0.05, 0.6)  # the first page quick, so the time left looks enough
    monkeypatch.setattr(ocr, "_get_engine", lambda: engine)
    monkeypatch.setattr(ocr, "ocr_installed", lambda: True)
    data = scan_pdf([[("para", "第一页")]] * 3, dpi=72)
    deadline = Deadline(0.5)
    with pytest.raises(ReaderError, match="超时"):
        ocr.read_scanned_pages(data, [0, 1, 2], 3, deadline)
    assert engine.pages == 2  # checked before each page: the third was never started


def test_a_scan_that_cannot_finish_in_time_is_refused_after_its_first_pages(monkeypatch):
    engine = _SlowEngine(0.6, 0.2)  # the first page also loads the models: not the pace to judge by
    monkeypatch.setattr(ocr, "_get_engine", lambda: engine)
    monkeypatch.setattr(ocr, "ocr_installed", lambda: True)
    data = scan_pdf([[("para", "第一页")]] * 30, dpi=72)
    with pytest.raises(ReaderError) as info:
        ocr.read_scanned_pages(data, list(range(30)), 30, Deadline(2.5))
    message = str(info.value)
    assert engine.pages == 2
    assert "扫描件共30页" in message and "每份不超过" in message
    _one_chinese_sentence(message)


# ---------------------------------------------------------------- layout, from made-up OCR boxes


def _quad(cx: float, cy: float, width: float, height: float, angle: float, centre: tuple[float, float]):
    """A text box at (cx, cy) on a straight page, turned by ``angle`` degrees about ``centre`` as a tilted scan is."""
    rad = math.radians(-angle)
    corners = [
        (-width / 2, -height / 2),
        (width / 2, -height / 2),
        (width / 2, height / 2),
        (-width / 2, height / 2),
    ]
    out = []
    for dx, dy in corners:
        x, y = cx + dx - centre[0], cy + dy - centre[1]
        out.append(
            [
                centre[0] + x * math.cos(rad) - y * math.sin(rad),
                centre[1] + x * math.sin(rad) + y * math.cos(rad),
            ]
        )
    return out


def _tilted(gray, angle: float):
    import cv2

    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), borderValue=255)


def _grid_page(angle: float, noise: float):
    """A 3×4 ruled grid (the first column's last two cells merged) and its boxes, tilted and speckled."""
    import numpy as np

    h, w = 1400, 1200
    gray = np.full((h, w), 255, np.uint8)
    xs, ys = [100, 300, 600, 800, 1100], [300, 380, 460, 540]
    for y in ys:
        gray[y - 1 : y + 1, xs[0] : xs[-1]] = 0
    gray[ys[2] - 1 : ys[2] + 1, xs[0] : xs[1]] = 255  # rows 2 and 3 of the first column are one cell
    for x in xs:
        gray[ys[0] : ys[-1], x - 1 : x + 1] = 0
    cells = [
        ["指标名称", "单位", "2025年", "备注"],
        ["高新技术企业", "家", "1200", "累计"],
        [None, "亿元", "80", ""],
    ]
    quads = []
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            if not text:
                continue
            cy = (ys[r] + ys[r + 1]) / 2 if text != "高新技术企业" else (ys[1] + ys[3]) / 2
            quads.append(
                (_quad((xs[c] + xs[c + 1]) / 2, cy, 30 * len(text), 40, angle, (w / 2, h / 2)), text, 0.99)
            )
    # Prose above the table, wrapped over two lines, and a heading.
    quads.append((_quad(350, 120, 500, 40, angle, (w / 2, h / 2)), "二、主要指标", 0.99))
    quads.append(
        (
            _quad(620, 180, 1000, 40, angle, (w / 2, h / 2)),
            "到2025年,全区高新技术企业达到1200家,技术合同",
            0.99,
        )
    )
    quads.append((_quad(300, 235, 400, 40, angle, (w / 2, h / 2)), "成交额达到80亿元。", 0.99))
    gray = _tilted(gray, angle)
    if noise:
        rng = np.random.default_rng(3)
        mask = rng.random(gray.shape) < noise
        gray[mask] = rng.choice([0, 255], size=int(mask.sum())).astype(np.uint8)
    return gray, quads


@pytest.mark.parametrize(("angle", "noise"), [(0.0, 0.0), (1.0, 0.0), (-1.0, 0.003), (0.6, 0.003)])
def test_a_ruled_table_survives_a_small_tilt_and_speckles(angle, noise):
    pytest.importorskip("cv2")
    gray, quads = _grid_page(angle, noise)
    items = ocr.page_items(gray, quads)
    kinds = [k for k, _ in items]
    assert kinds == ["line", "line", "table"]
    assert items[0][1] == "二、主要指标"
    assert items[1][1] == "到2025年，全区高新技术企业达到1200家，技术合同成交额达到80亿元。"
    assert items[2][1].rows == [
        ["指标名称", "单位", "2025年", "备注"],
        ["高新技术企业", "家", "1200", "累计"],
        ["", "亿元", "80", ""],
    ]


def test_text_in_aligned_columns_without_rules_is_a_table():
    pytest.importorskip("numpy")
    import numpy as np

    gray = np.full((800, 1200), 255, np.uint8)
    rows = [
        ("指标", "单位", "目标值"),
        ("孵化器数量", "家", "12"),
        ("众创空间数量", "家", "20"),
        ("在孵企业", "家", "400"),
    ]
    quads = []
    for r, row in enumerate(rows):
        for x, text in zip((100, 600, 900), row, strict=True):
            quads.append(
                (_quad(x + 15 * len(text), 100 + 60 * r, 30 * len(text), 40, 0, (600, 400)), text, 0.99)
            )
    items = ocr.page_items(gray, quads)
    assert [k for k, _ in items] == ["table"]
    assert items[0][1].rows == [list(r) for r in rows]


def test_a_line_is_the_boxes_beside_each_other_and_a_wide_gap_a_space():
    pytest.importorskip("numpy")
    import numpy as np

    gray = np.full((400, 1400), 255, np.uint8)
    quads = [
        (_quad(300, 100, 400, 40, 0, (700, 200)), "某区科学技术委员会", 0.99),
        (_quad(1100, 104, 300, 44, 0, (700, 200)), "2024年3月1日", 0.99),
        (_quad(200, 200, 200, 40, 0, (700, 200)), "培育企业", 0.99),
        (_quad(330, 198, 60, 40, 0, (700, 200)), "50", 0.99),
        (_quad(390, 201, 40, 40, 0, (700, 200)), "家", 0.99),
    ]
    assert ocr.page_items(gray, quads) == [
        ("line", "某区科学技术委员会 2024年3月1日"),
        ("line", "培育企业50家"),
    ]


@pytest.mark.parametrize(
    ("raw", "printed"),
    [
        ("到2025年,达到1,200家;其中:国家级(含省级)10家", "到2025年，达到1,200家；其中：国家级（含省级）10家"),
        ("(2024-2026年)", "（2024-2026年）"),
        ("增长3.5%,力争", "增长3.5%，力争"),
        ("GDP 3.5", "GDP 3.5"),
    ],
)
def test_ocr_punctuation_is_made_full_width_next_to_chinese(raw, printed):
    assert ocr.normalize(raw) == printed
