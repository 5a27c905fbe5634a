"""Indicator tables: plan targets by year, and completion tables of an earlier period.

Columns are recognised by their header words (指标/目标/备注/属性/…) and years,
not by position, so tables with or without category, unit or remark columns
read alike. A completion table (2015 value, 十三五 target, 2020 result) gives
the baseline, the target at the earlier period's end and the actuals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kechuang.reader.blocks import Table
from kechuang.reader.extract.numbers import (
    NUM,
    clean_value,
    norm_unit,
    split_name_unit,
    squeeze,
    to_number,
)
from kechuang.reader.extract.periods import FIVE_YEAR, find_period, five_year_period

YEAR_IN = re.compile(r"((?:19|20)\d{2})")
_AGENCY = re.compile(
    r"(统计局|监管局|科委|科技局|发改委|经委|商务委|财政局|人社局|教育局|知识产权局|市场监管|税务局|[^\s，,、]{1,8}(局|委|办|中心|部门)$)"
)
_ACTUAL_REMARK = re.compile(r"((?:19|20)\d{2})\s*年(?:底|末)?\s*(?:为|达到|达|是|完成|实际)\s*(" + NUM + r")")
_REL = re.compile(
    r"(不低于|高于|不少于|超过|快于|优于|略高于|好于|领先)\s*(全国|全省|全市|全区|本市|市|同期|国家)[^\d]*"
)
_CELL_NUM = re.compile(
    r"(?P<pre>[≥≤><＞＜]=?|不低于|不少于|不超过|不高于|超过|高于|达到|约|控制在)?\s*"
    r"(?P<lo>" + NUM + r")(?:\s*[-－—–~～至到]\s*(?P<hi>" + NUM + r"))?\s*"
    r"(?P<unit>个百分点|百分点|%|％|亿元|万元|家|个|件|项|名|人年|人)?\s*(?P<post>左右|以上|以下|以内|及以上)?"
)
_GROWTH_NAME = re.compile(r"(增长率|增速|增幅)$|年均增长")
_NONE_CELL = {"", "/", "-", "—", "——", "－", "无", "暂无", "n/a", "N/A", "/ ", "—/—"}


@dataclass
class TableIndicator:
    """An indicator row read from a table (plain dicts for targets, baseline and actuals)."""

    name: str
    unit: str | None
    category: str | None = None
    attribute: str | None = None
    source: str | None = None
    note: str | None = None
    baseline: dict | None = None
    targets: list[dict] = field(default_factory=list)
    actuals: list[dict] = field(default_factory=list)
    evidence: str = ""


def column_role(header: str, plan: tuple[int, int] | None, table_period: tuple[int, int] | None) -> str:
    h = header.replace(" ", "").replace("\n", "")
    if not h:
        return "empty"
    if h in ("序号", "编号", "序") or h.startswith("序号"):
        return "code"
    if "属性" in h or h in ("性质", "指标性质"):
        return "attribute"
    if "备注" in h or h in ("说明",):
        return "remark"
    if h in ("单位", "计量单位", "指标单位"):
        return "unit"
    if re.search(r"责任单位|牵头单位|责任部门|牵头部门|数据来源|来源|统计部门", h):
        return "source"
    if re.search(r"类别|一级指标|领域|分类|维度|方面|板块", h):
        return "category"
    if re.search(r"完成|实际|实现值|现值$", h) and not re.search(r"目标", h):
        return "actual"
    if re.search(r"基期|基数|现状|基准|基础值|基年", h):
        return "baseline"
    year = YEAR_IN.search(h)
    if re.search(r"目标|预期|规划|计划", h) or year:
        if year and not re.search(r"目标|预期|规划|计划", h):
            y = int(year.group(1))
            ref = table_period or plan
            if ref and y < ref[0]:
                return "baseline"
        return "target"
    if re.search(r"指标|名称|项目|内容", h):
        return "name"
    return "other"


def column_year(header: str, role: str, table_period: tuple[int, int] | None) -> int | None:
    m = YEAR_IN.search(header)
    if m:
        return int(m.group(1))
    fy = FIVE_YEAR.search(header)
    if fy:
        p = five_year_period(fy.group(1) or fy.group(2))
        if p:
            return p[1]
    return table_period[1] if table_period else None


def header_index(table: Table) -> int:
    """The first row that reads as a header (skipping a one-cell title row)."""
    for ix, row in enumerate(table.rows[:3]):
        filled = [c for c in row if c.strip()]
        if len(filled) >= 2:
            return ix
    return 0


def merged_header(table: Table) -> tuple[list[str], int]:
    """Header cells, combining a second header row (e.g. 目标值 over 2021年 | 2025年)."""
    ix = header_index(table)
    head = list(table.rows[ix])
    if ix + 1 < len(table.rows):
        nxt = table.rows[ix + 1]
        no_numbers = not any(re.fullmatch(r"[\d.,%\-/ ]+", c.strip()) for c in nxt if c.strip())
        label_like = sum(1 for c in nxt if c.strip()) and all(len(c) <= 14 for c in nxt)
        if no_numbers and label_like and "" in [c.strip() for c in head]:
            carried, last = [], ""
            for cell in head:
                last = cell if cell.strip() else last
                carried.append(cell if cell.strip() else last)
            combined = [f"{a}{b}" if b.strip() and a != b else a for a, b in zip(carried, nxt, strict=False)]
            return combined, ix + 2
    return head, ix + 1


def table_period_of(table: Table, header: list[str], plan: tuple[int, int] | None) -> tuple[int, int] | None:
    """A completion table speaks of an earlier period; other tables of the plan's own."""
    context = " ".join([table.caption or "", table.after or "", *header])
    if "完成" in context or "实际" in context:
        period = find_period(" ".join([table.caption or "", *header]))
        if period and (plan is None or period != plan):
            return period
        if plan:
            return plan[0] - 5, plan[0] - 1
    return plan


def is_completion(header: list[str], table: Table) -> bool:
    context = " ".join([table.caption or "", *header])
    return "完成" in context or "实际" in context


def parse_target_cell(cell: str, unit: str | None) -> list[dict]:
    """'3.1 左右 高于全市 平均增幅' → two targets; '2.6-3' → 2.6 with >=; '每年提高1个百分点' → annual."""
    text = re.sub(r"\s+", " ", cell).strip()
    if text in _NONE_CELL:
        return []
    out: list[dict] = []
    rest = text
    for m in _REL.finditer(text):
        seg = m.group(0).strip()
        near = text[max(0, m.start() - 4) : m.end()]  # "增幅高于全市平均": the growth word leads
        kind = "growth" if re.search(r"增幅|增速|增长", near) else "level"
        out.append({"value": None, "comparator": "relative", "kind": kind, "text": seg, "unit": None})
        rest = rest.replace(m.group(0), " ")
    annual = bool(re.search(r"每年|年均(?!增长)", rest))
    for m in _CELL_NUM.finditer(rest):
        value = to_number(m.group("lo"))
        if value is None:
            continue
        if re.match(r"\s*年", rest[m.end("lo") : m.end("lo") + 2]) and not m.group("unit"):
            continue
        pre, post = m.group("pre") or "", m.group("post") or ""
        if post == "左右" or pre == "约":
            comparator = "~"
        elif pre in ("≤", "≤=", "不超过", "不高于", "控制在", "<", "＜") or post in ("以下", "以内"):
            comparator = "<="
        elif pre in (">", "＞", "超过", "高于") and not m.group("hi"):
            comparator = ">"
        else:
            comparator = ">="
        seg_unit = norm_unit(m.group("unit")) or unit
        if annual:
            kind = "annual"
        elif re.search(r"增长|增速|增幅", rest[: m.start("lo")]) and seg_unit == "%":
            kind = "growth"
        elif re.search(r"新增|累计新增|引进", rest[: m.start("lo")]):
            kind = "increment"
        else:
            kind = "level"
        seg = rest[m.start() : m.end()].strip()
        full = (
            text
            if len(out) == 0 and len(list(_CELL_NUM.finditer(rest))) == 1 and not _REL.search(text)
            else seg
        )
        out.append({"value": value, "comparator": comparator, "kind": kind, "text": full, "unit": seg_unit})
    out.sort(key=lambda t: t["value"] is None)
    return out


_DOUBLING_CELL = re.compile(r"^(?:比基期|较基期|实现)?翻([一两二三])番$")


def _doubling_cells(ind: TableIndicator, cells: list[str], roles: list[str], header, tperiod) -> None:
    """A target cell "翻一番" in a row with a base value: the goal is the base times 2 (翻两番: 4)."""
    if not ind.baseline:
        return
    for ix, role in enumerate(roles):
        m = _DOUBLING_CELL.match(squeeze(cells[ix])) if role == "target" else None
        if m:
            factor = {"一": 2, "两": 4, "二": 4, "三": 8}[m.group(1)]
            value = clean_value(ind.baseline["value"] * factor)
            year = column_year(header[ix], role, tperiod)
            ind.targets.append(
                {"year": year, "value": value, "comparator": ">=", "kind": "level", "text": cells[ix]}
            )


def _remark(indicator: TableIndicator, remark: str) -> None:
    remark = squeeze(remark)
    if not remark or remark in _NONE_CELL:
        return
    for m in _ACTUAL_REMARK.finditer(remark):
        value = to_number(m.group(2))
        if value is not None:
            indicator.actuals.append({"year": int(m.group(1)), "value": clean_value(value)})
    if len(remark) <= 12 and _AGENCY.search(remark) and not re.search(r"累计|每年|数据", remark):
        indicator.source = remark
        return
    indicator.note = remark
    if len(remark) <= 8 and re.search(r"每年|年度", remark):
        for t in indicator.targets:
            t["kind"] = "annual"
    elif len(remark) <= 12 and re.search(
        r"新增|引进|新认定|转化|签约", remark
    ):  # "三年累计引进": over the period
        for t in indicator.targets:
            t["kind"] = "increment" if t["kind"] == "level" else t["kind"]


_INCREMENT_ROW = re.compile(r"^(?:新增|新认定|新获批|获批|列入|新引进|引进|新建|累计新增|新培育|新设立|净增)")
_ANNUAL_ROW = re.compile(
    r"^(?:全[区市县省])?年(?![均度底末内份])[\u4e00-\u9fff]|年(?:申请|授权|登记|新增|成交|引进)[量数额]"
)


def kind_from_row_name(name: str, unit: str | None) -> str | None:
    """A row's own name says how its figure counts: 新增…/获批…/列入… over the period, 年申请量 a year.

    累计… and …增加到 are levels (the default).
    """
    if unit in ("%", "个百分点"):
        return None
    if _INCREMENT_ROW.match(name):
        return "increment"
    if _ANNUAL_ROW.search(name):
        return "annual"
    return None


def _header_unit(header: list[str], roles: list[str]) -> str | None:
    """A unit written once in the value columns' headers ("2025年目标值（%）") applies to every row."""
    units = set()
    for h, role in zip(header, roles, strict=False):
        if role in ("target", "baseline", "actual"):
            units.add(split_name_unit(h)[1])
    units.discard(None)
    return units.pop() if len(units) == 1 else None


def read_indicator_table(table: Table, plan: tuple[int, int] | None) -> list[TableIndicator] | None:
    """Indicators of one table, or None when the table is not an indicator table."""
    header, first = merged_header(table)
    tperiod = table_period_of(table, header, plan)
    roles = [column_role(h, plan, tperiod) for h in header]
    if "name" not in roles:
        # a table whose name column has no header word: first text column after code/category
        for ix, role in enumerate(roles):
            if role in ("other", "empty") and any(
                re.search(r"[\u4e00-\u9fff]", r[ix]) for r in table.rows[first:] if ix < len(r)
            ):
                roles[ix] = "name"
                break
    if "name" not in roles or not any(r in ("target", "actual") for r in roles):
        return None
    completion = is_completion(header, table)
    name_col = roles.index("name")
    header_unit = _header_unit(header, roles)
    out: list[TableIndicator] = []
    category = None
    for row in table.rows[first:]:
        cells = [squeeze(c) if i != name_col else c for i, c in enumerate(row)]
        filled = [c for c in cells if c.strip()]
        if not filled:
            continue
        label = row[name_col].strip() if name_col < len(row) else ""
        if len(filled) == 1 and not re.search(r"\d", filled[0]):
            category = re.sub(r"^[一二三四五六七八九十\d]+[、.．]\s*", "", filled[0])
            continue
        if not label:
            continue
        name, unit = split_name_unit(label)
        ind = TableIndicator(name=name, unit=unit, evidence=" | ".join(c for c in cells if c))
        for ix, role in enumerate(roles):
            cell = cells[ix] if ix < len(cells) else ""
            if role == "category":
                if cell:
                    category = cell
            elif role == "unit" and cell and not ind.unit:
                ind.unit = norm_unit(cell.strip("()（）"))
            elif role == "attribute" and cell:
                ind.attribute = cell
            elif role == "source" and cell:
                ind.source = cell
        ind.unit = ind.unit or header_unit
        ind.category = category if "category" in roles else None
        for ix, role in enumerate(roles):
            cell = cells[ix] if ix < len(cells) else ""
            if role == "target":
                year = column_year(header[ix], role, tperiod)
                for t in parse_target_cell(cell, ind.unit):
                    if ind.unit is None and t["unit"]:
                        ind.unit = t["unit"]
                    t.pop("unit")
                    t["year"] = year
                    t["value"] = clean_value(t["value"])
                    ind.targets.append(t)
            elif role == "baseline":
                value = to_number(re.sub(r"[^\d.,\-]", "", cell)) if cell not in _NONE_CELL else None
                year = column_year(header[ix], role, tperiod)
                if value is not None and year:
                    ind.baseline = {"year": year, "value": clean_value(value)}
            elif role == "actual":
                value = to_number(re.sub(r"[^\d.,]", "", cell)) if cell not in _NONE_CELL else None
                year = column_year(header[ix], role, tperiod)
                if value is not None and year:
                    ind.actuals.append({"year": year, "value": clean_value(value)})
        _doubling_cells(
            ind, [cells[ix] if ix < len(cells) else "" for ix in range(len(roles))], roles, header, tperiod
        )
        for ix, role in enumerate(roles):
            if role == "remark" and ix < len(cells):
                _remark(ind, cells[ix])
        if completion and not ind.note:
            ind.note = table.caption or None
        if ind.unit == "%" and _GROWTH_NAME.search(ind.name):  # a rate-of-growth row sets growth goals
            for t in ind.targets:
                t["kind"] = "growth" if t["kind"] == "level" else t["kind"]
        row_kind = kind_from_row_name(ind.name, ind.unit)
        if row_kind and not re.search(r"累计数|存量", ind.note or ""):
            for t in ind.targets:
                t["kind"] = row_kind if t["kind"] == "level" else t["kind"]
        ind.targets = [
            {k: t[k] for k in ("year", "value", "comparator", "kind", "text")} for t in ind.targets
        ]
        if ind.targets or ind.actuals or ind.baseline:
            out.append(ind)
    return out
