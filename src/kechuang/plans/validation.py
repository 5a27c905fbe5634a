"""Validation of a plan in the extraction format, naming the field and position of each fault.

The format is the one in ``extraction-schema.md``; a plan that fails here is not
written at all, so the message must let a person find the fault in their file.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from kechuang.common.periods import MAX_YEAR, MIN_YEAR
from kechuang.plans.enums import Comparator, TargetKind

COMPARATORS = tuple(Comparator.values)
KINDS = tuple(TargetKind.values)
ATTRIBUTES = ("预期性", "约束性")


class PlanFormatError(ValueError):
    """The plan data is malformed; ``path`` locates the field (``indicators[2].targets[0].year``)."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}：{message}" if path else message)


def _require_dict(value: Any, path: str) -> dict:
    if not isinstance(value, dict):
        raise PlanFormatError(path, "应为对象（{…}）")
    return value


def _require_list(value: Any, path: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise PlanFormatError(path, "应为数组（[…]）")
    return value


def _optional_text(value: Any, path: str, max_len: int = 300) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise PlanFormatError(path, "应为文本或 null")
    if len(value) > max_len:
        raise PlanFormatError(path, f"文本过长（超过 {max_len} 字）")
    return value.strip()


def _required_text(value: Any, path: str, max_len: int = 300) -> str:
    text = _optional_text(value, path, max_len)
    if not text:
        raise PlanFormatError(path, "不能为空")
    return text


def _year(value: Any, path: str, *, required: bool = True) -> int | None:
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise PlanFormatError(path, f"年份“{value}”应为整数")
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise PlanFormatError(path, f"年份 {value} 超出合理范围（{MIN_YEAR}–{MAX_YEAR}）")
    return value


def _number(value: Any, path: str, *, required: bool = True) -> float | None:
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise PlanFormatError(path, f"数值“{value}”不是数字")
    return value


def _point(raw: Any, path: str) -> dict:
    raw = _require_dict(raw, path)
    return {
        "year": _year(raw.get("year"), f"{path}.year"),
        "value": _number(raw.get("value"), f"{path}.value"),
    }


def validate_plan_data(data: Any) -> dict:
    """Check every field and return a cleaned copy; raise :class:`PlanFormatError` at the first fault."""
    data = _require_dict(data, "")
    doc = _require_dict(data.get("document"), "document")
    period = _require_dict(doc.get("period"), "document.period")
    start = _year(period.get("start"), "document.period.start")
    end = _year(period.get("end"), "document.period.end")
    if end < start:
        raise PlanFormatError("document.period", f"终止年 {end} 早于起始年 {start}")
    issued = doc.get("issued")
    if issued is not None:
        try:
            issued = dt.date.fromisoformat(_optional_text(issued, "document.issued"))
        except ValueError:
            raise PlanFormatError("document.issued", f"日期“{issued}”应为 YYYY-MM-DD") from None
    clean_doc = {
        "title": _required_text(doc.get("title"), "document.title"),
        "issuer": _optional_text(doc.get("issuer"), "document.issuer", 200),
        "region": _optional_text(doc.get("region"), "document.region", 100),
        "doc_number": _optional_text(doc.get("doc_number"), "document.doc_number", 100),
        "issued": issued,
        "period": {"start": start, "end": end},
    }
    indicators = []
    for i, raw in enumerate(_require_list(data.get("indicators"), "indicators")):
        p = f"indicators[{i}]"
        raw = _require_dict(raw, p)
        attribute = _optional_text(raw.get("attribute"), f"{p}.attribute", 16)
        if attribute and attribute not in ATTRIBUTES:
            raise PlanFormatError(f"{p}.attribute", f"属性“{attribute}”无效，可选：{'、'.join(ATTRIBUTES)}")
        baseline = raw.get("baseline")
        targets = []
        for j, t in enumerate(_require_list(raw.get("targets"), f"{p}.targets")):
            tp = f"{p}.targets[{j}]"
            t = _require_dict(t, tp)
            comparator = t.get("comparator")
            if comparator not in COMPARATORS:
                raise PlanFormatError(
                    f"{tp}.comparator", f"比较方式“{comparator}”无效，可选：{'、'.join(COMPARATORS)}"
                )
            kind = t.get("kind")
            if kind not in KINDS:
                raise PlanFormatError(f"{tp}.kind", f"目标类型“{kind}”无效，可选：{'、'.join(KINDS)}")
            targets.append(
                {
                    "year": _year(t.get("year"), f"{tp}.year"),
                    "value": _number(t.get("value"), f"{tp}.value", required=False),
                    "stretch": _number(t.get("stretch"), f"{tp}.stretch", required=False),
                    "comparator": comparator,
                    "kind": kind,
                    "text": _optional_text(t.get("text"), f"{tp}.text", 2000),
                    "evidence": _optional_text(t.get("evidence"), f"{tp}.evidence", 5000),
                }
            )
        indicators.append(
            {
                "name": _required_text(raw.get("name"), f"{p}.name"),
                "category": _optional_text(raw.get("category"), f"{p}.category", 100),
                "unit": _optional_text(raw.get("unit"), f"{p}.unit", 32),
                "attribute": attribute,
                "source": _optional_text(raw.get("source"), f"{p}.source", 200),
                "note": _optional_text(raw.get("note"), f"{p}.note", 2000),
                "baseline": _point(baseline, f"{p}.baseline") if baseline is not None else None,
                "targets": targets,
                "actuals": [
                    _point(a, f"{p}.actuals[{k}]")
                    for k, a in enumerate(_require_list(raw.get("actuals"), f"{p}.actuals"))
                ],
                "catalog": _optional_text(raw.get("catalog"), f"{p}.catalog", 64),
                "evidence": _optional_text(raw.get("evidence"), f"{p}.evidence", 5000),
            }
        )
    series = []
    for i, raw in enumerate(_require_list(data.get("series"), "series")):
        p = f"series[{i}]"
        raw = _require_dict(raw, p)
        series.append(
            {
                "name": _required_text(raw.get("name"), f"{p}.name"),
                "unit": _optional_text(raw.get("unit"), f"{p}.unit", 32),
                "points": [
                    _point(pt, f"{p}.points[{k}]")
                    for k, pt in enumerate(_require_list(raw.get("points"), f"{p}.points"))
                ],
            }
        )
    tasks = []
    for i, raw in enumerate(_require_list(data.get("tasks"), "tasks")):
        p = f"tasks[{i}]"
        raw = _require_dict(raw, p)
        owners = _require_list(raw.get("owners"), f"{p}.owners")
        for k, owner in enumerate(owners):
            _required_text(owner, f"{p}.owners[{k}]", 100)
        goal = _optional_text(raw.get("goal"), f"{p}.goal", 5000)
        title = _optional_text(raw.get("title"), f"{p}.title", 300)
        if not goal and not title:
            raise PlanFormatError(f"{p}.goal", "任务的目标与标题不能同时为空")
        code = raw.get("code")
        tasks.append(
            {
                "code": _optional_text(str(code) if isinstance(code, int) else code, f"{p}.code", 32),
                "goal": goal,
                "title": title,
                "owners": [o.strip() for o in owners],
                "deadline": _year(raw.get("deadline"), f"{p}.deadline", required=False),
            }
        )
    return {
        "document": clean_doc,
        "indicators": indicators,
        "series": series,
        "tasks": tasks,
        "task_suggestions": _suggestions(data.get("task_suggestions")),
    }


def _suggestions(raw_list: Any) -> list[dict]:
    """The task chapter's headings the reader offers as tasks (optional; not tasks until accepted)."""
    out = []
    for i, raw in enumerate(_require_list(raw_list, "task_suggestions")):
        p = f"task_suggestions[{i}]"
        raw = _require_dict(raw, p)
        owners = _require_list(raw.get("owners"), f"{p}.owners")
        for k, owner in enumerate(owners):
            _required_text(owner, f"{p}.owners[{k}]", 100)
        code = raw.get("code")
        out.append(
            {
                "title": _required_text(raw.get("title"), f"{p}.title", 300),
                "chapter": _optional_text(raw.get("chapter"), f"{p}.chapter", 300),
                "group": _optional_text(raw.get("group"), f"{p}.group", 300),
                "code": _optional_text(str(code) if isinstance(code, int) else code, f"{p}.code", 32),
                "text": _optional_text(raw.get("text"), f"{p}.text", 2000),
                "owners": list(dict.fromkeys(o.strip() for o in owners)),
            }
        )
    return out
