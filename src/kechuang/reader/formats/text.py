"""Plain text and Markdown → blocks.

Plans pasted or converted to text keep their tables in three shapes: tab-separated
rows, Markdown pipe rows, and "one cell per line" lists under a 序号 header (what a
PDF-to-text conversion of a bordered table gives). Paragraphs broken by page
breaks are rejoined; tables of contents and page numbers are dropped.
"""

from __future__ import annotations

import re

from kechuang.reader.blocks import Block, Paragraph, Table
from kechuang.reader.deadline import NO_DEADLINE, Deadline

_DOT_LEADER = re.compile(r"(\.{3,}|…{2,}|·{3,}|-{4,}|_{4,})\s*\d{0,4}\s*$")
_TOC_TITLE = re.compile(r"^目\s*录$")
_PAGE_NO = re.compile(
    r"^(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|\d{1,4}\s*/\s*\d{1,4})$"
)
_HEADING_START = re.compile(
    r"^(?:第[一二三四五六七八九十百]+[部分章节篇条]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+(?:\.\d+)*[、.．\s]|——|[-•·●○■□◆]\s)"
)
_MD_SEPARATOR = re.compile(r"^:?-{2,}:?$")
_END_PUNCT = tuple("。；;！!？?：:”」』")
_HEADER_WORDS = (
    "序号", "编号", "目标", "重点项目", "项目", "主要内容", "内容", "实施单位", "责任单位", "牵头单位",
    "配合单位", "责任部门", "牵头部门", "完成时限", "时间节点", "进度安排", "任务", "重点任务", "具体任务",
    "工作任务", "指标", "单位", "备注", "类别", "领域", "目标值", "预期目标", "建设内容", "具体内容",
    "属性", "年份", "名称", "项目名称", "完成时间", "主要任务", "工作内容", "责任主体", "承担单位",
)  # fmt: skip


def clean_line(line: str) -> str:
    """Strip Markdown decoration and odd spaces while keeping tabs (they separate cells)."""
    line = line.replace("\u3000", " ").replace("\xa0", " ").replace("\u200b", "")
    line = line.rstrip()
    stripped = line.strip(" ")
    if stripped.startswith("#"):
        stripped = stripped.lstrip("#").strip()
    elif stripped.startswith(">"):  # a Markdown blockquote (a cover notice) is plain text
        stripped = stripped.lstrip("> ").strip(" ")
    stripped = stripped.replace("**", "").replace("__", "")
    return stripped


def text_to_blocks(text: str, deadline: Deadline = NO_DEADLINE) -> list[Block]:
    """Split a whole text document into ordered paragraphs and tables."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [clean_line(part) for raw in raw_lines for part in unflatten(raw)]
    return lines_to_blocks(lines, deadline=deadline)


# A web page turned into text keeps its headings and list items inside long lines ("……。    二、主要
# 目标", "……；2.新增……"), or puts the whole page on one line. A numbering marker after the end of a
# sentence, or after a run of spaces, starts a new line wherever it stands.
_MARKER = (
    r"(?:第[一二三四五六七八九十百]+[章节部分篇]|[一二三四五六七八九十]{1,3}[、．]|[（(][一二三四五六七八九十]{1,3}[）)]|"
    r"\d{1,2}[.．、](?![\d%])|[（(]\d{1,2}[）)])"
)
_EMBEDDED = re.compile(rf"(?:(?<=[。；！？!?])|(?<=\S)[ \t\u3000]{{2,}})[ \t\u3000]*(?={_MARKER})")
_LEAD_HEADING = re.compile(
    rf"^({_MARKER}\s*[^。；，,：:\d\s（(]{{2,14}}?)(?:[。：:]\s*|[ \t\u3000]+|(?={_MARKER})|(?<=目标|任务|措施)(?=到(?:19|20)\d{{2}}年))(?=\S)"
)
_GAP = re.compile(r"[ \u3000]{4,}")


_SECTION_WORDS = re.compile(
    r"目标|指标|任务|措施|举措|现状|基础|形势|回顾|成效|保障|附件|名词解释|总体要求|指导思想"
)


def _is_section_lead(lead: str) -> bool:
    """一、/（一） leads are headings; a numbered item's lead only when it names a section ("3.具体目标")."""
    if re.match(r"^\d|^[（(]\d", lead):
        return bool(_SECTION_WORDS.search(lead))
    return True


def unflatten(line: str) -> list[str]:
    """One physical line → the lines it flattened: embedded headings and items start lines again."""
    if "\t" in line or len(line) < 40:
        return [line]
    parts = [p for p in _EMBEDDED.split(line) if p.strip()]
    if len(line) >= 80:  # a run of spaces in a long flattened line is where a paragraph ended
        parts = [q for p in parts for q in _GAP.split(p) if q.strip()]
    out: list[str] = []
    for part in parts:
        part = part.strip()
        for _ in range(4):  # "二、重点任务（一）实施……行动 1.壮大……": headings one after another
            m = _LEAD_HEADING.match(part)
            if not (m and len(part) > len(m.group(0)) + 8 and _is_section_lead(m.group(1))):
                break
            # "二、主要目标  到2028年……", "3.具体目标。到2026年……": a heading glued to its text
            out.append(m.group(1))
            part = part[m.end() :].strip()
        out.append(part)
    return out


def lines_to_blocks(lines: list[str], *, join: bool = True, deadline: Deadline = NO_DEADLINE) -> list[Block]:
    """Group cleaned lines into blocks; ``join`` rejoins paragraphs a page break cut in two."""
    lines = _drop_toc(lines)
    blocks: list[Block] = []
    i, n = 0, len(lines)
    while i < n:
        if i % 200 == 0:
            deadline.check()
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if _is_md_row(line):
            i = _read_md_table(lines, i, blocks)
            continue
        if _tab_cells(line) is not None:
            i = _read_tab_table(lines, i, blocks)
            continue
        if _starts_cell_table(lines, i):
            i = _read_cell_table(lines, i, blocks)
            continue
        if _PAGE_NO.match(line.strip()) or re.fullmatch(r"\d{1,3}", line.strip()):
            i += 1
            continue
        blocks.append(Paragraph(line.strip()))
        i += 1
    if join:
        blocks = _join_broken(blocks)
    _attach_captions(blocks)
    return blocks


# ---------------------------------------------------------------- contents pages


def _drop_toc(lines: list[str]) -> list[str]:
    """Remove dot-leader lines, 'heading<TAB>page' lines and the block after 目录."""
    out: list[str] = []
    in_toc = False
    for line in lines:
        s = line.strip()
        if _TOC_TITLE.match(s.replace(" ", "")):
            in_toc = True
            continue
        if _DOT_LEADER.search(s) and len(s) < 120:
            continue
        cells = [c.strip() for c in s.split("\t") if c.strip()]
        page_ref = (
            len(cells) == 2 and re.fullmatch(r"\d{1,3}", cells[1]) and not re.fullmatch(r"[\d.%]+", cells[0])
        )
        if page_ref and (in_toc or _HEADING_START.match(cells[0])):
            continue
        if in_toc:
            if not s:
                continue
            if re.search(r"\s\d{1,3}$", s) and len(s) < 80:
                continue
            in_toc = False
        out.append(line)
    return out


# ---------------------------------------------------------------- markdown tables


def _is_md_row(line: str) -> bool:
    s = line.strip()
    return s.startswith("|") and s.count("|") >= 2


def _md_cells(line: str) -> list[str]:
    s = line.strip()
    s = s[1:] if s.startswith("|") else s
    s = s[:-1] if s.endswith("|") else s
    return [c.strip() for c in s.split("|")]


def _read_md_table(lines: list[str], i: int, blocks: list[Block]) -> int:
    rows: list[list[str]] = []
    while i < len(lines) and _is_md_row(lines[i]):
        cells = _md_cells(lines[i])
        if not all(_MD_SEPARATOR.match(c.replace(" ", "")) for c in cells if c) or not any(cells):
            rows.append([c.replace("<br>", " ").replace("<br/>", " ") for c in cells])
        i += 1
    if rows:
        blocks.append(Table(rows))
    return i


# ---------------------------------------------------------------- tab tables


def _tab_cells(line: str) -> list[str] | None:
    if "\t" not in line:
        return None
    cells = [c.strip() for c in line.split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    if sum(1 for c in cells if c) < 2:
        return None
    return cells


def _is_year_header(cells: list[str]) -> bool:
    return sum(1 for c in cells if re.fullmatch(r"(19|20)\d{2}\s*年?", c)) >= 3


def _read_tab_table(lines: list[str], i: int, blocks: list[Block]) -> int:
    rows: list[list[str]] = []
    n = len(lines)
    while i < n:
        cells = _tab_cells(lines[i])
        if cells is None:
            # a blank gap (page break) inside a table: continue if a row follows
            j = i
            while j < n and not lines[j].strip():
                j += 1
            if j > i and j < n and j - i <= 3 and _tab_cells(lines[j]) is not None and rows:
                nxt = _tab_cells(lines[j]) or []
                if _is_year_header(nxt) or abs(len(nxt) - len(rows[-1])) > 2:
                    break
                i = j
                continue
            break
        if rows and _is_year_header(cells) and not _is_year_header(rows[0]):
            break
        rows.append(cells)
        i += 1
    width = max(len(r) for r in rows)
    blocks.append(Table([r + [""] * (width - len(r)) for r in rows]))
    return i


# ---------------------------------------------------------------- one cell per line


_YEAR_COLUMN = re.compile(
    r"(?:19|20)\d{2}\s*年(?:底|末)?\s*(?:基期值|基期|基数|基准值|目标值|目标|预期值|规划值)?"
)


def _is_header_word(line: str) -> bool:
    s = line.strip().replace(" ", "")
    if _YEAR_COLUMN.fullmatch(s):  # "2025年" / "2024年基期值" columns of a multi-year table
        return True
    if not s or len(s) > 10 or re.search(r"\d|[，。；,;]", s):
        return False
    return any(w in s for w in _HEADER_WORDS) or len(s) <= 6


def _next_nonblank(lines: list[str], i: int) -> int:
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i


def _starts_cell_table(lines: list[str], i: int) -> bool:
    if lines[i].strip().replace(" ", "") not in ("序号", "编号"):
        return False
    header, j = _cell_header(lines, i)
    return len(header) >= 3 and j < len(lines) and lines[j].strip() in ("1", "01", "一")


def _cell_header(lines: list[str], i: int) -> tuple[list[str], int]:
    header = [lines[i].strip().replace(" ", "")]
    j = _next_nonblank(lines, i + 1)
    while j < len(lines) and _is_header_word(lines[j]) and len(header) < 10:
        header.append(lines[j].strip().replace(" ", ""))
        j = _next_nonblank(lines, j + 1)
    return header, j


def _code_value(s: str, expected: int) -> bool:
    s = s.strip()
    if not re.fullmatch(r"\d{1,4}", s):
        return False
    return int(s) == expected or s == str(expected) * 2


def _read_cell_table(lines: list[str], i: int, blocks: list[Block]) -> int:
    header, j = _cell_header(lines, i)
    ncols = len(header)
    # blank lines between header cells mean the whole table is double-spaced: blanks are not cells
    spaced = any(not lines[x].strip() for x in range(i, j))
    rows: list[list[str]] = [header]
    expected = 1
    n = len(lines)
    while j < n and _code_value(lines[j], expected):
        code = str(expected)
        cells: list[str] = []
        raw: list[str] = []  # the row's lines with blank ones kept: a pasted empty cell is a blank line
        k = j + 1
        while k < n and not _next_code(lines, k, expected + 1, cells, max(len(cells), len(raw)) >= ncols - 1):
            s = lines[k].strip()
            if s:
                full = len(cells) >= ncols - 1 or len(raw) >= ncols - 1
                if full and _ends_table(lines, k, ncols):
                    break
                cells.append(s)
            if s or not spaced:
                raw.append(s)
            k += 1
        rows.append([code, *_fit_cells(_blank_cells(cells, raw, ncols - 1), header)])
        expected += 1
        j = _next_nonblank(lines, k)
    blocks.append(Table(rows, extra={"cell_per_line": True}))
    return j


_VALUE_CELL = re.compile(r"[≥≤><]?\s*\d[\d.,]*\s*%?")


def _next_code(lines: list[str], k: int, expected: int, cells: list[str], full: bool) -> bool:
    """The next row's number, unless a short row's value cell merely equals it (values around it)."""
    if not _code_value(lines[k], expected):
        return False
    if full:
        return True
    after = _next_nonblank(lines, k + 1)
    if cells and _VALUE_CELL.fullmatch(cells[-1]):
        return False
    return after >= len(lines) or not _VALUE_CELL.fullmatch(lines[after].strip())


def _blank_cells(cells: list[str], raw: list[str], want: int) -> list[str]:
    """A short row whose blank lines fill it exactly had empty cells pasted as blank lines."""
    if len(cells) >= want or len(raw) < want or any(raw[want:]):
        return cells
    if not raw[0]:
        return cells
    return raw[:want]


def _ends_table(lines: list[str], k: int, ncols: int) -> bool:
    """After a full last row, a heading or a long sentence belongs to the text again."""
    s = lines[k].strip()
    return bool(_HEADING_START.match(s)) or s.endswith("。") or len(s) > 80 or s.startswith("附件")


def _fit_cells(cells: list[str], header: list[str]) -> list[str]:
    """Map a row's lines onto columns: missing leading cells were merged above; extra lines wrap."""
    want = len(header) - 1
    if len(cells) == want:
        return cells
    if len(cells) < want:
        return [""] * (want - len(cells)) + cells
    content = next((ix for ix, h in enumerate(header[1:]) if "内容" in h), None)
    if content is None:
        content = max(0, want - 2)
    before, after = content, want - content - 1
    middle = cells[before : len(cells) - after] if after else cells[before:]
    tail = cells[len(cells) - after :] if after else []
    return cells[:before] + ["".join(middle)] + tail


# ---------------------------------------------------------------- paragraphs


def _join_broken(blocks: list[Block]) -> list[Block]:
    """Rejoin a paragraph that a page break split: the first half is long and lacks an ending."""
    out: list[Block] = []
    for block in blocks:
        if (
            isinstance(block, Paragraph)
            and out
            and isinstance(out[-1], Paragraph)
            and _looks_cut(out[-1].text)
            and not _HEADING_START.match(block.text)
            and not block.text.startswith(("表", "图", "附件", "注"))
        ):
            out[-1] = Paragraph(out[-1].text + block.text)
            continue
        out.append(block)
    return out


def _looks_cut(text: str) -> bool:
    """Body text that stops mid-sentence; headings and titles (no sentence marks) never are."""
    if len(text) < 30 or text.endswith(_END_PUNCT) or text.endswith((")", "）", "》", "”")):
        return False
    if _HEADING_START.match(text) and "。" not in text:
        return False
    return bool(re.search(r"[，,。；]", text))


def _attach_captions(blocks: list[Block]) -> None:
    """A short line just above a table (or a 表N line just below) names it."""
    for ix, block in enumerate(blocks):
        if not isinstance(block, Table):
            continue
        if ix > 0 and isinstance(blocks[ix - 1], Paragraph):
            prev = blocks[ix - 1].text
            if len(prev) <= 60 and not prev.endswith(("。", "；")):
                block.caption = prev
        if ix + 1 < len(blocks) and isinstance(blocks[ix + 1], Paragraph):
            nxt = blocks[ix + 1].text
            if re.match(r"^(表|附表)\s*[\d一二三四五六七八九十]", nxt) and len(nxt) <= 60:
                block.after = nxt
