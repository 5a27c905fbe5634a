"""`kechuang evaluate index --scheme SCHEME.json --data VALUES.csv [--json] [--draws N]`: a composite
index scored from files, without the database (the engine is kechuang.evaluation.index)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path
from typing import Any


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是正整数") from None
    if value < 1 or value > 100_000:
        raise argparse.ArgumentTypeError("抽样次数应在 1 到 100000 之间")
    return value


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是数字") from None
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError("扰动幅度应不小于 0 且小于 1，如 0.25 表示 ±25%")
    return value


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "evaluate", help="绩效评价与综合指数", description="按评价方案计算综合指数得分、排名和评级"
    )
    ev_sub = parser.add_subparsers(dest="evaluate_command", metavar="ACTION", required=True)
    idx = ev_sub.add_parser(
        "index",
        help="按方案文件和数据文件计算综合指数",
        description="读取评价方案（JSON）和指标数据（CSV：unit,indicator,value），计算每个参评单位的"
        "标准化值、维度得分、总分（0–100）、排名和评级；--draws 给出蒙特卡洛敏感性分析的名次区间。不需要数据库",
    )
    idx.add_argument("--scheme", type=Path, required=True, metavar="SCHEME.json", help="评价方案文件（JSON）")
    idx.add_argument(
        "--data",
        type=Path,
        required=True,
        metavar="VALUES.csv",
        help="指标数据（CSV，列 unit,indicator,value）",
    )
    idx.add_argument("--json", action="store_true", help="以 JSON 输出，每个参评单位一个对象")
    idx.add_argument(
        "--draws",
        type=_positive,
        metavar="N",
        help="蒙特卡洛抽样次数（如 1000），输出名次区间和评级是否可能变化",
    )
    idx.add_argument(
        "--share", type=_share, default=0.25, metavar="S", help="权重扰动幅度（默认 0.25，即 ±25%%）"
    )
    idx.add_argument("--seed", type=int, metavar="SEED", help="随机数种子（默认固定，结果可重复）")
    idx.set_defaults(func=index_command)
    run = ev_sub.add_parser(
        "run",
        help="按已保存的方案评价本区某一年度",
        description="按数据库中的评价方案（编号见方案页面），从已审核月报、登记库、观测值和录入值取数，"
        "计算得分、排名和评级，保存为一次草稿评价",
    )
    run.add_argument("scheme_id", type=int, metavar="SCHEME_ID", help="评价方案编号")
    run.add_argument("--year", type=int, required=True, metavar="YYYY", help="评价年度")
    run.add_argument("--json", action="store_true", help="以 JSON 输出，每个参评单位一个对象")
    run.add_argument(
        "--draws", type=_positive, default=1000, metavar="N", help="蒙特卡洛抽样次数（默认 1000）"
    )
    run.set_defaults(func=run_command)
    load = ev_sub.add_parser(
        "load-schemes",
        help="载入随软件附带的区级评价方案",
        description="把随软件附带的区级评价方案（综合/专业孵化器、众创空间、镇（园区）、分园、亩均）导入为本区的方案；"
        "已有同名方案的不再导入",
    )
    load.add_argument("--area", metavar="CODE", help="区县代码（只有一个区县时可省略）")
    load.set_defaults(func=load_schemes_command)


def _fail(lines: list[str]) -> int:
    for line in lines:
        print(line if line.startswith(("第 ", "错误")) else f"错误：{line}", file=sys.stderr)
    print("未输出任何结果", file=sys.stderr)
    return 1


def _read(path: Path, what: str) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError as exc:
        print(f"错误：无法读取{what} {path}：{exc.strerror}", file=sys.stderr)
        return None


def index_command(args: argparse.Namespace) -> int:
    from kechuang.evaluation.index import (
        DataError,
        SchemeError,
        evaluate,
        parse_scheme,
        read_values,
        sensitivity,
    )
    from kechuang.evaluation.index.data import check_coverage, decode
    from kechuang.evaluation.index.sensitivity import DEFAULT_SEED

    scheme_bytes = _read(args.scheme, "方案文件")
    data_bytes = _read(args.data, "数据文件")
    if scheme_bytes is None or data_bytes is None:
        return 1
    try:
        raw = json.loads(scheme_bytes.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return _fail([f"方案文件不是有效的 JSON（{getattr(exc, 'lineno', '?')} 行）"])
    try:
        scheme = parse_scheme(raw)
    except SchemeError as exc:
        return _fail([f"方案 {e}" for e in exc.errors])
    try:
        values = read_values(csv.reader(io.StringIO(decode(data_bytes))), scheme.codes())
        check_coverage(values, [(i.code, i.name) for i in scheme.indicators])
    except DataError as exc:
        return _fail(exc.errors)
    results = evaluate(scheme, values)
    if args.draws:
        seed = DEFAULT_SEED if args.seed is None else args.seed
        sens = sensitivity(scheme, values, draws=args.draws, share=args.share, seed=seed)
        for r in results:
            entry = sens["units"].get(r.unit)
            if entry is not None:
                r.sensitivity = {
                    **entry,
                    "draws": sens["draws"],
                    "weight_share": sens["weight_share"],
                    "normalisations": sens["normalisations"],
                    "seed": sens["seed"],
                }
    if args.json:
        out = []
        for r in results:
            item = r.to_dict()
            if r.sensitivity is not None:
                item["rank_interval"] = [r.sensitivity["rank_p5"], r.sensitivity["rank_p95"]]
            out.append(item)
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    _print_table(scheme, results, draws=args.draws, share=args.share)
    return 0


def run_command(args: argparse.Namespace) -> int:
    from kechuang.cli.django_setup import setup_django

    setup_django()
    from kechuang.evaluation.collect import CollectError, unit_names
    from kechuang.evaluation.index import parse_scheme
    from kechuang.evaluation.index.engine import UnitResult
    from kechuang.evaluation.models import EvaluationScheme
    from kechuang.evaluation.runs import run_for_year

    scheme = EvaluationScheme.objects.select_related("area").filter(pk=args.scheme_id).first()
    if scheme is None:
        print(f"错误：没有编号为 {args.scheme_id} 的评价方案", file=sys.stderr)
        return 1
    if not 1900 < args.year < 2200:
        print(f"错误：年度“{args.year}”不合理", file=sys.stderr)
        return 1
    try:
        run = run_for_year(scheme, args.year, draws=args.draws)
    except CollectError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        print("未保存评价", file=sys.stderr)
        return 1
    names = unit_names([r["unit"] for r in run.results], run.units)
    if args.json:
        out = []
        for item in run.results:
            item = {**item, "name": names[item["unit"]]}
            sens = item.get("sensitivity")
            if sens:
                item["rank_interval"] = [sens["rank_p5"], sens["rank_p95"]]
            out.append(item)
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    parsed = parse_scheme(scheme.definition)
    results = []
    for item in run.results:
        r = UnitResult(
            unit=names[item["unit"]],
            score=item["score"],
            base_score=item["base_score"],
            bonus=item["bonus"] or 0.0,
            rank=item["rank"],
            rating=item["rating"],
            pillars=item["pillars"],
            normalised=item["normalised"],
            explanation=item["explanation"],
            missing=item["missing"],
            excluded=item["excluded"],
            disqualified=item["disqualified"],
            vetoes=item["vetoes"],
            sensitivity=(
                {**item["sensitivity"], "normalisations": run.options.get("normalisations", [])}
                if item.get("sensitivity")
                else None
            ),
        )
        results.append(r)
    print(f"{scheme.area.name} {run.year} 年 {scheme}：已保存为草稿评价（编号 {run.pk}）")
    _print_table(parsed, results, draws=args.draws, share=run.options.get("share", 0.25))
    return 0


def load_schemes_command(args: argparse.Namespace) -> int:
    from kechuang.cli.django_setup import setup_django

    setup_django()
    from kechuang.evaluation.runs import default_district, load_schemes
    from kechuang.tenancy.models import Area, AreaKind

    if args.area:
        area = Area.objects.filter(code=args.area).first()
        if area is None:
            print(f"错误：没有代码为 {args.area} 的地区", file=sys.stderr)
            return 1
        if area.kind != AreaKind.DISTRICT:
            print(f"错误：{area.name}不是区县，评价方案属于区县", file=sys.stderr)
            return 1
    else:
        area = default_district()
        if area is None:
            print("错误：请用 --area 指定区县代码（本系统中没有或有多个区县）", file=sys.stderr)
            return 1
    for scheme, new in load_schemes(area):
        print(f"{'已导入' if new else '已存在，未改动'}：{scheme}（编号 {scheme.pk}）")
    return 0


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _print_table(scheme: Any, results: list, *, draws: int | None, share: float) -> None:
    from kechuang.evaluation.index import AGGREGATIONS, MISSING_RULES, NORMALISATIONS

    print(
        f"{scheme.name}：{NORMALISATIONS[scheme.normalisation]}，{AGGREGATIONS[scheme.aggregation]}，"
        f"{MISSING_RULES[scheme.missing]}；参评单位 {len(results)} 个"
    )
    header = ["名次", "参评单位", "总分", "评级", *[p.name for p in scheme.pillars]]
    if draws:
        header += ["名次区间（5%–95%）", "评级可能变化"]
    print("\t".join(header))
    for r in results:
        cells = [
            "—" if r.rank is None else str(r.rank),
            r.unit,
            _fmt(r.score),
            r.rating or "—",
            *[_fmt(r.pillars.get(p.name)) for p in scheme.pillars],
        ]
        if draws:
            s = r.sensitivity
            cells += (
                [f"{s['rank_p5']}–{s['rank_p95']}", "是" if s.get("rating_may_change") else "否"]
                if s
                else ["—", "—"]
            )
        print("\t".join(cells))
    names = {i.code: i.name for i in scheme.indicators}

    def named(codes: list[str]) -> str:
        return "、".join(names.get(c, c) for c in codes)

    for r in results:
        if r.excluded:
            print(f"{r.unit}：缺少 {named(r.missing['indicators'])}，按方案规则不参加评分和排名")
        elif r.disqualified:
            print(f"{r.unit}：触发否决项（{'、'.join(r.vetoes)}），不参加排名")
        elif r.missing["indicators"]:
            print(f"{r.unit}：{r.missing['note']}（{named(r.missing['indicators'])}）")
    sampled = next((r.sensitivity for r in results if r.sensitivity), None)
    if draws and sampled:
        methods = "、".join(NORMALISATIONS[m] for m in sampled["normalisations"])
        print(f"敏感性分析：{draws} 次抽样，权重扰动 ±{share * 100:g}%，标准化方法随机取 {methods}")
