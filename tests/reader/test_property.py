"""Random and mutated documents: the reader returns a dict or raises ReaderError, nothing else."""

from __future__ import annotations

import io

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kechuang.reader import ReaderError, extract_bytes

from .conftest import SEEDS
from .pdfgen import make_pdf

SAMPLE = (
    "某区科技创新“十四五”规划\n\n某区科学技术委员会\n\n二、发展目标\n\n"
    "到2025年，研发投入强度达到4%以上，新增孵化器5家。\n\n"
    "序号\t指标\t2025年目标\t备注\n1\t高新技术企业数（家）\t900\t累计数\n"
)


def _corpus() -> list[bytes]:
    docs = [SAMPLE.encode("utf-8"), SAMPLE.encode("gbk"), SAMPLE.encode("utf-16")]
    docs += [p.read_bytes()[:6000] for p in sorted(SEEDS.glob("*.txt"))]
    document = docx.Document()
    document.add_paragraph("到2025年，众创空间达到20家。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "指标", "2025年目标"
    table.cell(1, 0).text, table.cell(1, 1).text = "孵化器（家）", "12"
    buf = io.BytesIO()
    document.save(buf)
    docs.append(buf.getvalue())
    docs.append(make_pdf(["Plan"], [["a", "1"], ["b", "2"]], ["end"]))
    return docs


CORPUS = _corpus()


def _mutate(data: bytes, op: str, pos: float, junk: bytes) -> bytes:
    i = int(pos * len(data))
    if op == "truncate":
        return data[:i]
    if op == "insert":
        return data[:i] + junk + data[i:]
    if op == "flip":
        if not data:
            return junk
        b = bytearray(data)
        for k, j in enumerate(junk[:8]):
            b[(i + k * 97) % len(b)] ^= j or 1
        return bytes(b)
    if op == "reencode":
        try:
            return data.decode("utf-8").encode("gb18030")
        except UnicodeDecodeError:
            return data.decode("latin-1").encode("utf-16")
    return junk + data


def _check(data: bytes) -> None:
    try:
        result = extract_bytes(data, "fuzz", timeout_s=10)
    except ReaderError as exc:
        assert str(exc)
        return
    assert isinstance(result, dict)
    assert set(result) >= {"document", "indicators", "series", "tasks"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_random_bytes(data):
    _check(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(range(len(CORPUS))),
    st.sampled_from(["truncate", "insert", "flip", "reencode", "prefix"]),
    st.floats(min_value=0, max_value=1),
    st.binary(min_size=1, max_size=64),
)
def test_mutated_documents(index, op, pos, junk):
    _check(_mutate(CORPUS[index], op, pos, junk))
