"""What the evaluation pages show, built from stored runs: rows, Chinese field paths and chart options.

Kept apart from the views so the API and the pages name things the same way.
"""

from __future__ import annotations

import re
from typing import Any

from kechuang.evaluation.appeals import effective_results
from kechuang.evaluation.collect import describe_source, unit_names
from kechuang.evaluation.index import AGGREGATIONS, MISSING_RULES, NORMALISATIONS, parse_scheme
from kechuang.evaluation.models import EvaluationRun, EvaluationScheme

INDEXED = {
    "pillars": "第 {} 个维度",
    "indicators": "第 {} 个指标",
    "items": "第 {} 个加分项",
    "vetoes": "第 {} 个否决项",
    "cutoffs": "第 {} 档评级",
    "bands": "第 {} 档",
    "points": "第 {} 名分数",
}
FIELD_NAMES = {
    "name": "名称",
    "weight": "权重",
    "code": "代码",
    "direction": "方向",
    "target": "目标值",
    "scoring": "计分方式",
    "kind": "计分类型",
    "bands": "分档",
    "points": "分数",
    "max": "满分",
    "min_score": "分数线",
    "max_share": "比例上限",
    "label": "评级名称",
    "effect": "否决效果",
    "cap": "封顶评级",
    "normalisation": "标准化方法",
    "aggregation": "汇总方法",
    "missing": "缺失数据规则",
    "ratings": "评级",
    "bonus": "加分项",
    "vetoes": "否决项",
    "pillars": "维度",
    "indicators": "指标",
    "otherwise": "最低评级",
    "方案": "方案",
}


def chinese_error(error: str) -> str:
    """A SchemeError line ("pillars[0].weight：…") with its field path in Chinese words."""
    path, sep, reason = error.partition("：")
    if not sep:
        return error
    parts = path.split(".")
    words = []
    for n, part in enumerate(parts):
        m = re.fullmatch(r"(\w+)((?:\[\d+\])*)", part)
        if not m:
            words.append(part)
            continue
        name, indexes = m.group(1), [int(x) for x in re.findall(r"\d+", m.group(2))]
        if not indexes and name in ("ratings", "bonus") and n + 1 < len(parts):
            continue  # "ratings.cutoffs[1]" reads as "第 2 档评级"
        if indexes and name in INDEXED:
            words.append(INDEXED[name].format(indexes[0] + 1))
        else:
            words.append(FIELD_NAMES.get(name, name))
        words.extend(f"第 {k + 1} 项" for k in indexes[1:])
    # choice codes in the reason ("应为 minmax（最小-最大标准化）…") keep only their Chinese name
    reason = re.sub(r"\b[a-z_]+（([^）]*)）", r"\1", reason)
    return f"{' › '.join(words)}：{reason}"


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def scheme_view(scheme: EvaluationScheme) -> dict[str, Any]:
    """The scheme in readable Chinese: pillars with weights, indicators with effective weights and sources."""
    parsed = parse_scheme(scheme.definition)
    pillars = []
    for p in parsed.pillars:
        pillars.append(
            {
                "name": p.name,
                "weight": _pct(p.weight),
                "indicators": [
                    {
                        "name": i.name,
                        "weight": _pct(i.weight),
                        "total_weight": _pct(i.weight * p.weight),
                        "direction": "越小越好" if i.direction == "lower" else "越大越好",
                        "unit": i.extra.get("unit", ""),
                        "source": describe_source(i.extra.get("source")),
                        "target": i.target,
                    }
                    for i in p.indicators
                ],
            }
        )
    return {
        "parsed": parsed,
        "pillars": pillars,
        "normalisation": NORMALISATIONS[parsed.normalisation],
        "aggregation": AGGREGATIONS[parsed.aggregation],
        "missing": MISSING_RULES[parsed.missing],
        "bonus": [
            {
                "name": b.name,
                "points": b.points,
                "max": b.max,
                "source": describe_source(b.extra.get("source")),
            }
            for b in parsed.bonus
        ],
        "bonus_cap": parsed.bonus_cap,
        "vetoes": [
            {
                "name": v.name,
                "effect": "取消评级资格" if v.effect == "disqualify" else f"评级最高为“{v.cap}”",
                "source": describe_source(v.extra.get("source")),
            }
            for v in parsed.vetoes
        ],
        "cutoffs": [
            {
                "label": c.label,
                "min_score": c.min_score,
                "max_share": _pct(c.max_share) if c.max_share else "",
            }
            for c in parsed.cutoffs
        ],
        "otherwise": parsed.otherwise,
        "description": scheme.definition.get("description", ""),
    }


def result_rows(run: EvaluationRun) -> list[dict[str, Any]]:
    """One row per unit of a run, best first, with its display name and rank interval."""
    names = unit_names([r["unit"] for r in run.results], run.units)
    rows = []
    # A confirmed run is shown with accepted appeals applied (the run itself never changes).
    for r in effective_results(run) if run.frozen else run.results:
        sens = r.get("sensitivity") or {}
        ref = r["unit"].split(":")
        rows.append(
            {
                **r,
                "name": names[r["unit"]],
                "kind": ref[0] if len(ref) == 2 else "",
                "unit_id": ref[1] if len(ref) == 2 else "",
                "interval": f"{sens['rank_p5']}–{sens['rank_p95']}" if sens else "",
                "may_change": bool(sens.get("rating_may_change")),
                "pillar_list": list(r.get("pillars", {}).values()),
            }
        )
    return rows


def pillar_names(run: EvaluationRun) -> list[str]:
    return [p["name"] for p in run.scheme.definition.get("pillars", [])]


def radar_option(pillars: list[str], series: list[tuple[str, list[float | None]]], title: str) -> dict:
    """An ECharts radar of pillar scores (0–100) for the named series."""
    return {
        "title": {"text": title, "textStyle": {"fontSize": 14}},
        "tooltip": {},
        "legend": {"bottom": 0, "type": "scroll"},
        "radar": {"indicator": [{"name": p, "max": 100} for p in pillars], "radius": "60%"},
        "series": [
            {
                "type": "radar",
                "data": [
                    {"name": name, "value": [round(v or 0.0, 2) for v in values]} for name, values in series
                ],
            }
        ],
    }


def interval_option(rows: list[dict[str, Any]]) -> dict | None:
    """Rank intervals (5th–95th percentile of the Monte Carlo) as floating bars, the rank as a dot."""
    shown = [r for r in rows if r.get("sensitivity")]
    if not shown:
        return None
    shown = shown[:40]
    names = [r["name"] for r in shown][::-1]
    base = [r["sensitivity"]["rank_p5"] - 0.4 for r in shown][::-1]
    span = [r["sensitivity"]["rank_p95"] - r["sensitivity"]["rank_p5"] + 0.8 for r in shown][::-1]
    ranks = [r["rank"] for r in shown][::-1]
    return {
        "title": {"text": "名次区间（5%–95%）", "textStyle": {"fontSize": 14}},
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 140, "right": 20, "top": 40, "bottom": 30},
        "xAxis": {"type": "value", "name": "名次", "minInterval": 1, "inverse": False},
        "yAxis": {"type": "category", "data": names},
        "series": [
            {
                "type": "bar",
                "stack": "区间",
                "data": base,
                "itemStyle": {"color": "transparent"},
                "name": "起点",
            },
            {
                "type": "bar",
                "stack": "区间",
                "data": span,
                "name": "名次区间",
                "itemStyle": {"color": "#9ec5e8"},
            },
            {"type": "scatter", "data": ranks, "name": "本次名次", "itemStyle": {"color": "#c23531"}},
        ],
    }


def explanation_rows(run: EvaluationRun, result: dict[str, Any]) -> list[dict[str, Any]]:
    """Each indicator of one unit: value, where it came from, normalised value, weight, contribution."""
    sources = run.sources.get(result["unit"], {})
    units = {}
    for p in run.scheme.definition.get("pillars", []):
        for i in p.get("indicators", []):
            units[i.get("code")] = i.get("unit", "")
    rows = []
    for row in result.get("explanation", []):
        rows.append(
            {
                **row,
                "unit_label": units.get(row["code"], ""),
                "source": sources.get(row["code"], "无数据" if row.get("missing") else ""),
                "weight_pct": _pct(row["weight"]),
            }
        )
    return rows


def pillar_means(run: EvaluationRun) -> list[float]:
    """The mean of each pillar over the scored units (what one unit's radar is drawn against)."""
    names = pillar_names(run)
    scored = [r for r in run.results if not r.get("excluded")]
    if not scored:
        return [0.0] * len(names)
    return [sum(r["pillars"].get(n) or 0.0 for r in scored) / len(scored) for n in names]
