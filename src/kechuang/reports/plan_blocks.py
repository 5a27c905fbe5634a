"""The plan report's tables and charts from judged rows: what each cell holds, as numbers.

Split from ``plan_report.py`` (which decides the chapters and who sees what) to keep modules small.
"""

from __future__ import annotations

from kechuang.observations.monitoring import TargetRow, dashboard, explain
from kechuang.reports.document import Chart, Column, Series, Table

TARGET_COLUMNS = [
    Column("指标"),
    Column("单位"),
    Column("目标"),
    Column("基期值", numeric=True),
    Column("最新值", numeric=True),
    Column("数据年份"),
    Column("完成率", "%", numeric=True, digits=1),
    Column("时序进度", "%", numeric=True, digits=1),
    Column("状态"),
    Column("目标年预测", numeric=True),
    Column("达标概率", "%", numeric=True, digits=0),
    Column("备注"),
]


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def _num(value: float | None) -> float | int | None:
    if value is None:
        return None
    value = round(value, 4)
    return int(value) if float(value).is_integer() else value


def _forecast(row: TargetRow) -> float | int | None:
    """The forecast as the page shows it (whole for counts, two places otherwise), as a number."""
    text = row.cells.forecast
    if text in ("—", ""):
        return None
    number = float(text.replace(",", ""))
    return int(number) if number.is_integer() else number


def _remark(row: TargetRow) -> str:
    words = []
    if row.alert:
        words.append(explain_alert(row.alert))
    if row.simulated:
        words.append("模拟数据")
    if row.points_source == "catalog":
        words.append("标准指标数据")
    return "、".join(words)


def explain_alert(level: str) -> str:
    return "红色预警" if level == "red" else "预警"


def target_table(rows: list[TargetRow]) -> Table:
    out, marks = [], []
    for r in rows:
        p, ind, c = r.progress, r.indicator, r.cells
        out.append(
            [
                ind.name,
                ind.unit or "",
                c.target + (f"（{c.stretch}）" if c.stretch else ""),
                _num(p.baseline_value),
                _num(p.latest_value),
                p.latest_period or "",
                _pct(p.completion_shown),
                None if p.year_over else _pct(p.expected_shown),
                p.status,
                _forecast(r),
                None if p.likelihood is None else round(p.likelihood * 100),
                _remark(r),
            ]
        )
        marks.append(
            "red" if r.alert == "red" else "alert" if r.alert else "simulated" if r.simulated else ""
        )
    return Table(
        title="表 1 规划目标完成情况",
        columns=TARGET_COLUMNS,
        rows=out,
        marks=marks,
        sheet="目标完成情况",
        note="完成率：目标年已过的为达到目标的比例，未过的为自基期以来完成应增量的比例；时序进度：按预期路径应完成的比例；"
        "达标概率：按近年走势预测目标年达到目标的可能性。",
    )


def indicator_chart(row: TargetRow) -> Chart:
    """The indicator page's chart (ECharts option) as the report's series."""
    option = dashboard.indicator_chart(row.indicator, row, row.points)
    axis = option["xAxis"]["data"]
    by_name = {s["name"]: s["data"] for s in option["series"]}

    def pts(data: list) -> list[tuple[int, float]]:
        return [(int(x), v) for x, v in zip(axis, data, strict=True) if v is not None]

    series = [Series("实际值", pts(by_name["实际值"]))]
    if "目标路径" in by_name:
        series.append(Series("目标路径", pts(by_name["目标路径"]), kind="dashed"))
    if "预测区间" in by_name:
        low = pts(by_name["预测区间下限"])
        width = dict(pts(by_name["预测区间"]))
        high = [(x, v + width.get(x, 0)) for x, v in low]
        series.append(Series("预测区间", low, kind="band", points2=high))
    if "预测值" in by_name:
        series.append(Series("预测值", pts(by_name["预测值"]), kind="dotted"))
    if "目标值" in by_name:
        series.append(Series("目标值", pts(by_name["目标值"]), kind="marker"))
    ind = row.indicator
    return Chart(title=ind.name, unit=ind.unit or "", series=series, key=f"indicator:{ind.pk}")


def earlier_table(rows: list[TargetRow]) -> Table:
    out = []
    for r in rows:
        p, inp = r.progress, r.spec.input
        reached = p.latest_value is not None and p.latest_period == str(inp.year)
        out.append(
            [
                r.indicator.name,
                r.indicator.unit or "",
                r.cells.target,
                _num(p.latest_value) if reached else None,
                p.status,
            ]
        )
    return Table(
        title="表 上期规划目标完成情况",
        columns=[
            Column("指标"),
            Column("单位"),
            Column("目标"),
            Column("结果", numeric=True),
            Column("是否完成"),
        ],
        rows=out,
        sheet="上期完成情况",
        note="规划文件所列上一规划期的目标及完成情况，仅作记录，不计入本规划的状态统计。",
    )


def alerts_table(alerts: list[TargetRow]) -> Table:
    return Table(
        title="表 预警目标",
        columns=[Column("指标"), Column("目标"), Column("级别"), Column("类型"), Column("原因")],
        rows=[
            [
                r.indicator.name,
                r.cells.target,
                explain_alert(r.alert or "warn"),
                "、".join(word for _, word in explain.alert_badges(r)),
                "；".join(explain.alert_reasons(r)),
            ]
            for r in alerts
        ],
        marks=["red" if r.alert == "red" else "alert" for r in alerts],
        sheet="预警",
    )
