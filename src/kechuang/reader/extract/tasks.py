"""Task and project lists with the units that carry them out (实施单位 / 责任单位).

``goal`` is the row's own goal or project cell, ``title`` the heading it falls
under (a merged 目标 cell, copied down), ``owners`` the units split on 、 and commas.
"""

from __future__ import annotations

import re

from kechuang.reader.blocks import Table
from kechuang.reader.extract.numbers import squeeze
from kechuang.reader.extract.tables import merged_header

_OWNER = re.compile(
    r"实施单位|责任单位|牵头单位|责任部门|牵头部门|主责单位|承担单位|责任主体|负责单位|实施主体|牵头"
)
_GOAL = re.compile(
    r"重点项目|项目名称|项目|具体任务|重点任务|工作任务|主要任务|任务名称|任务|工作目标|目标任务"
)
_TITLE = re.compile(r"^(目标|类别|领域|方向|分类|板块|任务类别|重点领域|总体目标|专项|行动)$|类别$|领域$")
_CONTENT = re.compile(r"内容|举措|措施|描述|要求|说明")
_DEADLINE = re.compile(r"完成时限|时间节点|完成时间|进度安排|时限|完成年份|时间")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def task_columns(header: list[str]) -> dict[str, int] | None:
    cols: dict[str, int] = {}
    for ix, h in enumerate(header):
        h = h.replace(" ", "")
        if not h:
            continue
        if _OWNER.search(h) and "配合" not in h:
            # A second unit column (牵头单位 then 责任单位) names more units carrying the task.
            cols.setdefault("owners" if "owners" not in cols else "partners", ix)
        elif re.search(r"配合单位|配合部门|协同单位|协办单位|参与单位", h):
            cols.setdefault("partners", ix)
        elif _DEADLINE.search(h):
            cols.setdefault("deadline", ix)
        elif h in ("序号", "编号"):
            cols.setdefault("code", ix)
        elif _TITLE.search(h):
            cols.setdefault("title", ix)
        elif _CONTENT.search(h):
            cols.setdefault("content", ix)
        elif _GOAL.search(h) or h == "目标":
            cols.setdefault("goal", ix)
    if "owners" not in cols:
        return None
    if "goal" not in cols:
        if "title" in cols:
            cols["goal"] = cols.pop("title")
        elif "content" in cols:
            cols["goal"] = cols["content"]
        else:
            return None
    return cols


def split_owners(text: str) -> list[str]:
    """'区科委、各镇(园区)，高新区' → ['区科委', '各镇(园区)', '高新区']; brackets are kept whole."""
    out, depth, buf = [], 0, []
    for ch in squeeze(text):
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        if ch in "、，,；;/ " and depth == 0:
            out.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    out.append("".join(buf))
    owners = [_OWNER_LABEL.sub("", o).strip() for o in out]  # "牵头单位：A；配合单位：B、C"
    return [o for o in owners if o]


_OWNER_LABEL = re.compile(
    r"^(?:牵头|配合|责任|协办|参与|主责|承办|协同|支持)(?:单位|部门|科室|处室|主体)?[:：]"
)


def read_tasks(table: Table, plan_end: int | None) -> list[dict] | None:
    """Tasks of a table, or None when the table is not a task list."""
    header, first = merged_header(table)
    cols = task_columns(header)
    if cols is None:
        return None
    tasks: list[dict] = []
    title = None
    last_code = 0
    for row in table.rows[first:]:
        cell = {k: squeeze(row[ix]) if ix < len(row) else "" for k, ix in cols.items()}
        if "title" in cols and cell["title"]:
            title = cell["title"]
        goal = cell.get("goal", "")
        if not goal:
            continue
        code = cell.get("code") or str(last_code + 1)
        if re.fullmatch(r"(\d)\1", code) and int(code[0]) == last_code + 1:
            code = code[0]
        last_code = int(code) if code.isdigit() else last_code + 1
        deadline = None
        for text in (goal, cell.get("deadline", "")):
            m = _YEAR.search(text or "")
            if m:
                deadline = int(m.group(1))
                break
        tasks.append(
            {
                "code": code,
                "goal": goal,
                "title": title if "title" in cols else None,
                # supporting units carry the task too: the schema lists every unit named
                "owners": list(
                    dict.fromkeys(
                        split_owners(cell.get("owners", "")) + split_owners(cell.get("partners", ""))
                    )
                ),
                "deadline": deadline or plan_end,
                "content": cell.get("content")
                if "content" in cols and cols.get("content") != cols["goal"]
                else None,
                "evidence": " | ".join(squeeze(c) for c in row if c.strip()),
            }
        )
    return tasks
