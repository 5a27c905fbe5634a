"""Relative targets: "高于全市平均增幅", "不低于全市水平" (methods.md §1.4).

The status is a comparison with the reference area, not a completion rate. For growth
targets (增幅) the two areas' average annual growth over the same years is compared: from the
latest common year at or before the base year (else the earliest common year) to the latest
common year. For level targets the two values of the latest common year are compared.
Plans do not say whether equality is enough ("不低于" vs "高于"), so ties count as holding.
Once the target year is over, only that year counts: 已完成 or 未完成, 待数据 until both areas'
figures for it are in.
"""

from __future__ import annotations

from .growth import cagr
from .series import Obs, base_year
from .types import TargetInput, TargetProgress


def _annual(series: list[Obs]) -> dict[int, float]:
    """Year → value for full-year points only (an in-year reading is not comparable)."""
    return {o.year: o.value for o in series if o.x == o.year}


def judge_relative(
    target: TargetInput,
    series: list[Obs],
    reference: list[Obs],
    out: TargetProgress,
    notes: list[str],
    *,
    year_over: bool = False,
) -> None:
    """Fill status and comparison fields of `out` for a relative target."""
    if not reference:
        out.set_status("awaiting_data" if year_over else "undeterminable")
        notes.append("相对目标缺少对照地区（如全市平均）的数据，无法判断")
        return
    if not series:
        out.set_status("awaiting_data" if year_over else "no_data")
        notes.append("本地区尚无数据")
        return
    mine, theirs = _annual(series), _annual(reference)
    common = sorted(y for y in set(mine) & set(theirs) if y <= target.year)
    if not common:
        out.set_status("awaiting_data" if year_over else "undeterminable")
        notes.append("本地区与对照地区没有同一年份的数据，无法比较")
        return
    y1 = common[-1]
    if year_over and y1 != target.year:
        out.set_status("awaiting_data")
        notes.append(f"目标年（{target.year}年）本地区或对照地区数据尚未取得，待数据后评定")
        return
    side = -1 if target.direction == "lower" else 1
    if target.kind == "growth":
        earlier = [y for y in common if y < y1]
        if not earlier:
            out.set_status("undeterminable")
            notes.append("需要两个共同年份才能比较增幅")
            return
        at_base = [y for y in earlier if y <= base_year(target)]
        y0 = at_base[-1] if at_base else earlier[0]
        g_mine = cagr(mine[y0], mine[y1], y1 - y0)
        g_ref = cagr(theirs[y0], theirs[y1], y1 - y0)
        if g_mine is None or g_ref is None:
            out.set_status("undeterminable")
            notes.append("数值非正，无法计算年均增幅")
            return
        out.achieved_growth, out.required_growth, out.comparator_value = g_mine, g_ref, g_ref
        mine_v, ref_v = g_mine, g_ref
        what = f"{y0}—{y1}年年均增幅 {g_mine:.2%}，对照 {g_ref:.2%}"
    else:
        mine_v, ref_v = mine[y1], theirs[y1]
        out.comparator_value = ref_v
        what = f"{y1}年 本地区 {mine_v:g}，对照 {ref_v:g}"
    holds = side * (mine_v - ref_v) >= 0
    if holds:
        out.set_status("met" if y1 >= target.year else "on_track")
        notes.append(what + ("，达到相对目标" if y1 >= target.year else "，目前符合相对目标"))
    else:
        out.set_status("missed" if year_over else "behind")
        notes.append(what + "，未达到相对目标")
