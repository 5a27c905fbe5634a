"""The bulletin's sentences, each composed from the month's figures by a fixed rule (no report text)."""

from __future__ import annotations

from kechuang.collection.enums import Aggregation, FieldType
from kechuang.registry.models import ExitReason
from kechuang.reports.bulletin_figures import BulletinFigures, FieldTotal
from kechuang.reports.shared import change_clause, month_display, number, with_unit


def rate(part: int, whole: int) -> float | None:
    return round(part / whole * 100, 1) if whole else None


def filing_sentence(f: BulletinFigures) -> str:
    missing = len(f.missing)
    late_filed = sum(1 for m in f.late if m.filed)
    text = (
        f"{month_display(f.period)}，{f.area.name}应报孵化动态月报的科创载体 {f.due} 家，"
        f"已报 {f.filed} 家（报送率 {number(rate(f.filed, f.due))}%），"
        f"其中审核通过 {f.approved_count} 家、待审核 {f.awaiting} 家；未报 {missing} 家"
    )
    if missing:
        passed = "已过，均为逾期未报" if f.deadline_passed else "未到"
        text += f"（截止日 {f.deadline:%Y-%m-%d} {passed}）"
    return text + f"；逾期提交 {late_filed} 家；退回 {len(f.returned)} 次。"


def field_clause(t: FieldTotal) -> str:
    """ "在孵企业数合计 40 家，较上月增加 2 家（+5.3%）" — one main field in words."""
    word = "平均" if t.field.aggregation == Aggregation.MEAN else "合计"
    head = f"{t.field.label}{word} {with_unit(t.current, t.field.unit)}"
    if t.previous is None:
        return f"{head}（上月无审核通过数据）"
    points = t.field.type == FieldType.PERCENT
    return f"{head}，{change_clause(t.current, t.previous, t.field.unit, points=points)}"


def registry_sentence(f: BulletinFigures) -> str:
    entered = sum(len(t.entered) for t in f.tenants)
    graduated = sum(1 for t in f.tenants for x in t.left if x.exit_reason == ExitReason.GRADUATED)
    other = sum(len(t.left) for t in f.tenants) - graduated
    at_end = sum(t.at_end for t in f.tenants)
    added = sum(1 for c in f.carrier_changes if c.what == "新登记")
    stopped = sum(1 for c in f.carrier_changes if c.what == "停止运营")
    text = (
        f"据登记库，本月新入驻企业 {entered} 家、毕业 {graduated} 家、其他退出 {other} 家，"
        f"月末在孵企业 {at_end} 家；新登记载体 {added} 家"
    )
    if stopped:
        text += f"，停止运营 {stopped} 家"
    return text + "。"


def narrative(f: BulletinFigures) -> str:
    """The bulletin's opening paragraph, composed from the figures by fixed rules."""
    parts = [filing_sentence(f)]
    known = [t for t in f.main if t.current is not None]
    if known:
        parts.append("审核通过的月报显示：" + "；".join(field_clause(t) for t in known) + "。")
    else:
        parts.append("本月尚无审核通过的月报，主要指标暂无汇总数。")
    parts.append(registry_sentence(f))
    return "".join(parts)


def late_sentence(f: BulletinFigures) -> str:
    late_filed = [m for m in f.late if m.filed]
    overdue = [m for m in f.late if not m.filed]
    text = f"本月月报截止日为 {f.deadline:%Y-%m-%d}。逾期提交 {len(late_filed)} 家"
    if f.deadline_passed:
        text += f"，逾期未报 {len(overdue)} 家"
    else:
        text += "，截止日未到，尚未报送的不计为逾期"
    reports = len({r.carrier.pk for r in f.returned})
    return text + f"；审核退回 {len(f.returned)} 次，涉及 {reports} 家载体。"
