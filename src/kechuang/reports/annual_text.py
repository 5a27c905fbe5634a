"""The annual report's sentences, each composed from figures by a fixed rule (no document text)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kechuang.observations.monitoring import count_by_status
from kechuang.observations.monitoring.dashboard import alert_rows
from kechuang.observations.progress import STATUS_WORDS
from kechuang.registry.models import CarrierKind, CarrierLevel
from kechuang.registry.queries import FunnelRow
from kechuang.reports.annual_figures import IndicatorComparison
from kechuang.reports.shared import change_clause, with_unit
from kechuang.tenancy.models import Area


@dataclass
class Ladder:
    funnel: list[FunnelRow]
    hnte_start: int
    hnte_end: int
    renewals: list
    year: int

    def any(self) -> bool:
        moved = any(r.at_start or r.at_end or r.entered or r.dropped for r in self.funnel)
        return moved or bool(self.hnte_start or self.hnte_end or self.renewals)


@dataclass
class Carriers:
    counts: dict[str, dict[str, int]]
    tenants: int
    graduates: int

    @property
    def total(self) -> int:
        return sum(sum(levels.values()) for levels in self.counts.values())


def status_words(rows: list) -> str:
    """ "超前 2 项、严重滞后 1 项" in display order; "" when there are no targets."""
    counts = count_by_status(rows)
    return "、".join(f"{STATUS_WORDS[c]} {n} 项" for c, n in counts.items() if n)


def plan_sentence(plan: object, rows: list, as_of: dt.date) -> str:
    head = f"《{plan.title}》（{plan.period_start}—{plan.period_end}年）"
    if not rows:
        return f"{head}没有设定目标值的指标。"
    alerts = len(alert_rows(rows))
    return f"{head}共 {len(rows)} 项目标，截至{as_of:%Y年%m月%d日}：{status_words(rows)}；预警 {alerts} 项。"


def indicator_sentence(c: IndicatorComparison, area: Area, year: int, peer_words: str) -> str:
    e = c.entry
    latest = next((y for y in reversed(c.years) if c.value(area, y) is not None), None)
    if latest is None:
        return f"{e.name_zh}：{area.name}暂无数据。"
    value = c.value(area, latest)
    when = f"{latest}年" if latest == year else f"最新数据（{latest}年）"
    text = f"{e.name_zh}：{area.name}{when}为 {with_unit(value, e.unit)}"
    before = c.value(area, latest - 1)
    if before is not None:
        points = e.unit == "%"
        text += "，" + change_clause(value, before, e.unit, points=points, than="上年")
    rank = c.rank(area, latest)
    if rank is not None:
        lower = "，数值越低排名越前" if e.direction == "lower" else ""
        text += f"；在{peer_words}中居第 {rank[0]} 位（{latest}年共 {rank[1]} 个有数据{lower}）"
    return text + "。"


def ladder_sentence(ladder: Ladder) -> str:
    end = sum(r.at_end for r in ladder.funnel)
    entered = sum(r.entered for r in ladder.funnel)
    moved = sum(r.moved_up for r in ladder.funnel)
    dropped = sum(r.dropped for r in ladder.funnel)
    hnte = f"年末有效高新技术企业 {ladder.hnte_end} 家"
    if ladder.hnte_start:
        hnte += "，" + change_clause(ladder.hnte_end, ladder.hnte_start, "家", than="年初")
    else:
        hnte += "（年初 0 家）"
    return (
        f"{hnte}；{ladder.year + 1}年到期需重新认定的 {len(ladder.renewals)} 家。"
        f"梯度培育库年末在库企业 {end} 家，本年新进入 {entered} 家次，其中晋级 {moved} 家次，退出 {dropped} 家次。"
    )


def carrier_sentence(c: Carriers) -> str:
    kinds = [f"{k.label} {n} 家" for k in CarrierKind if (n := sum(c.counts.get(k.value, {}).values()))]
    levels = [
        f"{lv.label} {n} 家"
        for lv in CarrierLevel
        if (n := sum(levels.get(lv.value, 0) for levels in c.counts.values()))
    ]
    text = f"登记在运营的科创载体 {c.total} 家"
    if kinds:
        text += f"，其中{'、'.join(kinds)}；按级别，{'、'.join(levels)}"
    return text + f"。年末在孵企业 {c.tenants} 家，本年毕业企业 {c.graduates} 家。"


def alert_sentence(alerts: list, year: int) -> str:
    if not alerts:
        return f"截至{year}年末，没有预警的指标。"
    red = sum(1 for r in alerts if r.alert == "red")
    return f"截至{year}年末，预警指标 {len(alerts)} 项，其中红色预警 {red} 项。"


def narrative(
    area: Area,
    year: int,
    as_of: dt.date,
    plans: list,
    rows_by_plan: dict,
    comparisons: list[IndicatorComparison],
    ladder: Ladder,
    carriers: Carriers,
    peer_words: str,
) -> list[str]:
    """The report's opening paragraphs: plans, main indicators, enterprises, carriers."""
    rows = [r for plan_rows in rows_by_plan.values() for r in plan_rows]
    out = []
    if plans:
        alerts = alert_rows(rows)
        red = sum(1 for r in alerts if r.alert == "red")
        text = (
            f"{year}年，{area.name}在实施的已发布规划 {len(plans)} 项，共 {len(rows)} 项目标。"
            f"截至{as_of:%Y年%m月%d日}，{status_words(rows) or '尚无可评估的目标'}；预警 {len(alerts)} 项"
        )
        out.append(text + (f"（红色预警 {red} 项）。" if red else "。"))
    else:
        out.append(f"{year}年，{area.name}没有在实施的已发布规划。")
    sentences = [indicator_sentence(c, area, year, peer_words) for c in comparisons[:5]]
    sentences = [s for s in sentences if "暂无数据" not in s]
    if sentences:
        out.append("主要指标方面，" + "".join(sentences))
    out.append(ladder_sentence(ladder) + carrier_sentence(carriers))
    return out
