"""An indicator's public figures as CSV, XLSX and JSON: the table its page shows, nothing more.

The CSV and XLSX go through ``common.exports`` (formula-like text neutralised, units in headers);
the JSON carries the same rows plus the indicator's definition and targets, for re-use.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from kechuang.common.exports import CSV_TYPE, XLSX_TYPE, Column, csv_bytes, xlsx_bytes
from kechuang.observations.models import Observation
from kechuang.plans.models import Indicator

FORMATS = ("csv", "xlsx", "json")


def columns(indicator: Indicator) -> list[Column]:
    return [
        Column("地区"),
        Column("期间"),
        Column("数值", indicator.unit),
        Column("数据来源"),
        Column("数据截止日期"),
        Column("更新日期"),
    ]


def rows(indicator: Indicator, figures: list[Observation]) -> list[list[object]]:
    area = indicator.plan.area.name
    return [
        [area, f.period, f.value, f.get_source_display(), f.period_end, timezone.localdate(f.updated_at)]
        for f in figures
    ]


def title(indicator: Indicator) -> str:
    return f"{indicator.name}_公开数据"


def _json(indicator: Indicator, page: dict[str, Any]) -> bytes:
    targets = [
        {
            "目标年": r.spec.input.year,
            "目标值": r.spec.input.value,
            "比较方式": r.target.get_comparator_display() if r.target is not None else "",
            "状态": r.progress.status,
        }
        for r in page["rows"]
    ]
    body = {
        "指标": indicator.name,
        "单位": indicator.unit,
        "规划": indicator.plan.title,
        "地区": indicator.plan.area.name,
        "定义": page["definition"],
        "评估日期": page["as_of"].isoformat(),
        "目标": targets,
        "数据": [
            dict(zip([c.header for c in columns(indicator)], r, strict=True))
            for r in rows(indicator, page["figures"])
        ],
    }
    return json.dumps(body, ensure_ascii=False, indent=2, default=_default).encode("utf-8")


def _default(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def file_bytes(indicator: Indicator, page: dict[str, Any], fmt: str) -> tuple[bytes, str]:
    """(body, content type) of the indicator's figures in ``fmt``."""
    table = rows(indicator, page["figures"])
    if fmt == "csv":
        return csv_bytes(columns(indicator), table), CSV_TYPE
    if fmt == "xlsx":
        notes = [
            f"评估日期：{page['as_of']:%Y-%m-%d}",
            "仅含已发布规划的最终统计数据，不含初步数和模拟数据",
            f"数据来源：科创规划监测评估平台·{indicator.plan.title}",
        ]
        return xlsx_bytes(title(indicator), columns(indicator), table, notes), XLSX_TYPE
    return _json(indicator, page), "application/json; charset=utf-8"


def response(indicator: Indicator, page: dict[str, Any], fmt: str) -> HttpResponse:
    body, content_type = file_bytes(indicator, page, fmt)
    resp = HttpResponse(body, content_type=content_type)
    name = f"{title(indicator)}.{fmt}"
    resp["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    resp["X-Content-Type-Options"] = "nosniff"
    return resp
