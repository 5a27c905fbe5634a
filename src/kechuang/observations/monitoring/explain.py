"""Saying why: each status's rule with the thresholds in force, and why a target is an alert.

The legend on every monitoring page, the method pages and the alert lists read their words
from here, so that a threshold changed in the settings form changes every explanation at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from kechuang.observations.monitoring import TargetRow
from kechuang.observations.progress import CEILING_STATES, STATUS_WORDS, Thresholds


def share(value: float) -> str:
    """0.95 → "95%", 1.1 → "110%", 0.955 → "95.5%"."""
    text = f"{value * 100:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"


@dataclass(frozen=True)
class LegendEntry:
    code: str
    word: str
    rule: str


@dataclass(frozen=True)
class LegendGroup:
    title: str
    entries: tuple[LegendEntry, ...]


def status_rules(th: Thresholds) -> dict[str, str]:
    """Each status code → the short rule that gives it, with the thresholds in force."""
    nearly = share(th.nearly_met)
    return {
        "met": "达到目标",
        "nearly_met": f"达到目标的{nearly}及以上",
        "missed": f"达到目标不足{nearly}",
        "awaiting_data": "目标年数据尚未取得",
        "ahead": f"进度比≥{share(th.ahead)}",
        "on_track": f"进度比{share(th.on_track)}～{share(th.ahead)}",
        "behind": f"进度比{share(th.behind)}～{share(th.on_track)}",
        "seriously_behind": f"进度比<{share(th.behind)}或反向变化",
        "within_ceiling": "未超上限且较上年未上升",
        "ceiling_rising": "未超上限但较上年上升",
        "over_ceiling": "已超过上限",
        "no_data": "尚无数据或基期后不足一年",
        "undeterminable": "缺少基期值或对照数据",
        "not_applicable": "非数值目标，按任务评估",
    }


def legend(th: Thresholds) -> tuple[LegendGroup, ...]:
    """The compact legend: verdicts, pace, ceilings, each with its rule."""
    rules = status_rules(th)

    def group(title: str, codes: tuple[str, ...]) -> LegendGroup:
        return LegendGroup(title, tuple(LegendEntry(c, STATUS_WORDS[c], rules[c]) for c in codes))

    return (
        group("目标年已过", ("met", "nearly_met", "missed", "awaiting_data")),
        group("目标年未到", ("ahead", "on_track", "behind", "seriously_behind")),
        group("不超过类目标", ("within_ceiling", "ceiling_rising", "over_ceiling")),
    )


def alert_note(th: Thresholds) -> str:
    """When a target is an alert, for the legend's last line."""
    return (
        f"预警：状态较上年同期下降、预测达标概率低于{share(th.likelihood_warn)}或上限趋势上升；"
        f"红色预警：未完成、超出上限或预测达标概率低于{share(th.likelihood_red)}"
    )


def _plain_slip(row: TargetRow) -> bool:
    """A slip worth its own words: not a ceiling moving between its own states, whose status
    already says it rose (未超上限 → 未超上限，但趋势上升)."""
    if not row.slipped or row.previous is None:
        return False
    return not (row.status_code in CEILING_STATES and row.previous.status_code in CEILING_STATES)


def alert_reasons(row: TargetRow) -> list[str]:
    """Why a target is listed as an alert, one plain clause each, agreeing with its status."""
    p, code = row.progress, row.status_code
    reasons: list[str] = []
    year = row.spec.input.year
    if code == "missed":
        reached = f"，仅达到目标的{share(p.attainment)}" if p.attainment is not None else ""
        reasons.append(f"{year}年目标未完成{reached}")
    elif code == "nearly_met":
        reached = f"达到目标的{share(p.attainment)}" if p.attainment is not None else ""
        reasons.append(f"{year}年目标基本完成，{reached}，未全部达到".replace("，，", "，"))
    elif code == "over_ceiling":
        reasons.append("已超过上限")
    elif code == "ceiling_rising":
        reasons.append("未超上限，但较上年上升")
    if _plain_slip(row):
        reasons.append(f"状态由“{row.previous.status}”降为“{p.status}”")
    if row.forecast_miss and p.likelihood is not None:
        if code == "awaiting_data":
            reasons.append(f"目标年数据待取得，预测达标概率 {share(p.likelihood)}")
        else:
            reasons.append(f"预测{year}年达标概率 {share(p.likelihood)}")
    return reasons


def alert_badges(row: TargetRow) -> list[tuple[str, str]]:
    """Short labels for the alerts table, (level, word): what kind of alert, at a glance."""
    p, code = row.progress, row.status_code
    badges: list[tuple[str, str]] = []
    words = {
        "missed": ("red", "目标年未完成"),
        "over_ceiling": ("red", "超出上限"),
        "ceiling_rising": ("warn", "上限趋势上升"),
    }
    if code in words:
        badges.append(words[code])
    if _plain_slip(row):
        badges.append(("warn", "状态下降"))
    if row.forecast_miss and p.likelihood is not None:
        # The row is red for its likelihood alone unless its status already made it red.
        red = row.alert == "red" and code not in words
        badges.append(("red" if red else "warn", "预计难以完成"))
    return badges
