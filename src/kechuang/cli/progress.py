"""`kechuang progress PLAN_ID [--at YYYY-MM-DD] [--json]`: how far each target of a plan has come."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
from typing import Any


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "progress",
        help="计算规划各目标的进展",
        description="计算规划每个目标的完成率、时序进度、增长率、目标年预测和状态（字段见 docs/cli.md）；"
        "目标年已过的目标给出完成结论（已完成/基本完成/未完成/待数据）",
    )
    parser.add_argument("plan_id", type=int, help="规划编号（见 kechuang plan list）")
    parser.add_argument("--at", metavar="YYYY-MM-DD", help="评估日期（默认今天）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出，每个目标一个对象")
    parser.add_argument(
        "--earlier",
        action="store_true",
        help="只输出上期完成情况：规划文件所列早于本规划期的目标（不计入本规划的状态）",
    )
    parser.set_defaults(func=progress_command)


def _clean(value: Any) -> Any:
    """JSON has no NaN or infinity: a non-finite number is written as null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _num(value: float | None) -> str:
    from kechuang.common.numbers import format_number

    return format_number(None if value is None else round(value, 4))


def progress_command(args: argparse.Namespace) -> int:
    as_of = dt.date.today()  # noqa: DTZ011 - the user's calendar day, before Django's timezone exists
    if args.at:
        try:
            as_of = dt.date.fromisoformat(args.at)
        except ValueError:
            print(f"错误：日期“{args.at}”无效，应为 YYYY-MM-DD 格式，如 2024-06-30", file=sys.stderr)
            return 2
    from kechuang.cli.django_setup import setup_django

    setup_django()
    from kechuang.observations.monitoring import judge_plan
    from kechuang.plans.models import Plan

    plan = Plan.objects.select_related("area").filter(pk=args.plan_id).first()
    if plan is None:
        print(f"错误：规划编号 {args.plan_id} 不存在", file=sys.stderr)
        return 1
    judged = judge_plan(plan, as_of=as_of)
    # The plan's own targets; those dated before its period are its record of the previous
    # period, never among its statuses, and only printed on request (--earlier).
    rows = judged.earlier if args.earlier else list(judged)
    if args.json:
        data = [{k: _clean(v) for k, v in row.to_dict().items()} for row in rows]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(
        f"{plan.title}（{plan.area.name}，{plan.period_start}–{plan.period_end}年）评估日期 {as_of.isoformat()}"
    )
    if args.earlier:
        print("上期完成情况（规划文件所列早于本规划期的目标，不计入本规划的状态）")
    if not rows:
        print("该规划没有上期目标。" if args.earlier else "该规划没有目标值。")
        return 0
    header = (
        "指标",
        "目标",
        "最新值",
        "完成率",
        "时序进度",
        "需年均增长",
        "实际年均增长",
        "预测值",
        "达标概率",
        "状态",
    )
    print("\t".join(header))
    for row in rows:
        p, inp, ind = row.progress, row.spec.input, row.indicator
        target = (
            f"{inp.year}年{row.target.get_comparator_display()}{'' if inp.value is None else _num(inp.value)}"
        )
        if p.stretch_value is not None:
            target += f"（挑战值{_num(p.stretch_value)}）"
        latest = "暂无" if p.latest_value is None else f"{_num(p.latest_value)}（{p.latest_period}）"
        forecast = "—"
        if p.forecast_value is not None:
            forecast = f"{_num(p.forecast_value)}（{_num(p.forecast_low)}～{_num(p.forecast_high)}）"
        cells = (
            f"{ind.name}（{ind.unit}）" if ind.unit else ind.name,
            target,
            latest,
            _pct(p.completion_shown),
            _pct(p.expected_shown),
            _pct(p.required_growth),
            _pct(p.achieved_growth),
            forecast,
            _pct(p.likelihood),
            p.status,
        )
        print("\t".join(cells))
    if not args.earlier and judged.earlier:
        print(f"另有上期完成情况 {len(judged.earlier)} 项，不计入本规划的状态（用 --earlier 查看）。")
    return 0
