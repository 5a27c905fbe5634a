"""Formats told by content: encodings of text, Word tables in body order, PDF tables as tables."""

from __future__ import annotations

import io

import docx
import pytest

from kechuang.reader import ReaderError, extract_bytes
from kechuang.reader.blocks import Paragraph, Table
from kechuang.reader.formats import detect_format, read_blocks

from .pdfgen import make_pdf

SAMPLE = (
    "某县科技创新行动方案（2023—2025年）\n\n某县科学技术局\n\n"
    "一、主要目标\n\n到2025年，科技型中小企业达到500家，技术合同成交额达到12亿元。\n"
)


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_text_encodings_read_alike(codec):
    result = extract_bytes(SAMPLE.encode(codec), "plan.bin")
    assert result["document"]["period"] == {"start": 2023, "end": 2025}
    assert result["document"]["region"] == "某县"
    assert {i["name"] for i in result["indicators"]} == {"科技型中小企业", "技术合同成交额"}


def test_name_does_not_decide_the_format():
    assert detect_format(SAMPLE.encode("gbk")) == "text"
    data = SAMPLE.encode("utf-8")
    assert extract_bytes(data, "plan.pdf") == extract_bytes(data, "plan.txt")


def _docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("某区创新载体三年行动计划（2024—2026年）")
    document.add_paragraph("一、总体目标")
    document.add_paragraph("到2026年，新增市级孵化器4家。")
    table = document.add_table(rows=4, cols=5)
    header = ["序号", "指标类别", "指标名称", "单位", "2026年目标"]
    body = [
        ["1", "载体", "孵化器数量", "家", "12"],
        ["2", "", "众创空间数量", "家", "20"],
        ["3", "企业", "在孵企业", "家", "400"],
    ]
    for r, row in enumerate([header, *body]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(1, 1).merge(table.cell(2, 1))  # vertical merge: 载体 spans two rows
    table.cell(1, 1).text = "载体"
    document.add_paragraph("二、重点任务")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_docx_keeps_body_order_and_reads_merged_cells_once():
    data = _docx_bytes()
    assert detect_format(data) == "docx"
    blocks = read_blocks(data)
    kinds = [type(b).__name__ for b in blocks]
    assert kinds.index("Table") == 3 and isinstance(blocks[-1], Paragraph)
    table = next(b for b in blocks if isinstance(b, Table))
    assert [r[1] for r in table.rows] == ["指标类别", "载体", "", "企业"]
    result = extract_bytes(data, "x.docx")
    names = {i["name"]: i for i in result["indicators"]}
    assert names["众创空间数量"]["category"] == "载体"
    assert names["孵化器数量"]["targets"][0] == {
        **names["孵化器数量"]["targets"][0],
        "year": 2026,
        "value": 12,
    }
    assert names["市级孵化器"]["targets"][0]["kind"] == "increment"
    assert result["document"]["period"] == {"start": 2024, "end": 2026}


def test_pdf_tables_are_read_as_tables_between_text():
    data = make_pdf(
        ["Plan 2021", "Goals of the plan."],
        [["No", "Item", "2025"], ["1", "Alpha", "10"], ["2", "Beta", "20.5"]],
        ["Closing text."],
    )
    assert detect_format(data) == "pdf"
    blocks = read_blocks(data)
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == 1
    assert tables[0].rows == [["No", "Item", "2025"], ["1", "Alpha", "10"], ["2", "Beta", "20.5"]]
    texts = [b.text for b in blocks if isinstance(b, Paragraph)]
    assert texts[0] == "Plan 2021" and texts[-1] == "Closing text."
    assert blocks.index(tables[0]) < len(blocks) - 1


def test_encrypted_pdf_is_refused():
    data = make_pdf(["Secret"], [["a", "b"], ["c", "d"]], [], encrypt=True)
    with pytest.raises(ReaderError, match="加密"):
        extract_bytes(data, "secret.pdf")
