"""Entering a plan's figures as a grid: the plan's indicators × years (or months), one area at a time.

The page shows what is saved and posts every cell back with what it showed (the value
as text and the figure's version); ``save_grid`` saves only the cells the person
changed, all in one transaction or none: every cell is checked first (a bad number,
a cleared figure) and every problem named; a correction of a saved figure needs a
reason; a cell someone else changed since the page was loaded stops the whole save and
is named, with who changed it to what. Each change goes through ``record_observation``,
which writes its revision (who, when, old → new, why).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from kechuang.common.numbers import format_number, plain_number
from kechuang.common.periods import Period
from kechuang.observations.domain import ObservationError, StaleObservation, record_observation
from kechuang.observations.imports.validating import parse_number
from kechuang.observations.models import Observation, ObservationRevision
from kechuang.plans.models import Indicator, Plan
from kechuang.tenancy.access import can_change_area
from kechuang.tenancy.models import Area

YEAR, MONTH = "year", "month"
REASON_REQUIRED = "更正已有数值时须填写修改原因"


def grid_periods(plan: Plan, mode: str = YEAR, year: int | None = None) -> list[Period]:
    """The grid's columns: every year of the plan period (and the base year before it when an
    indicator states one), or the twelve months of one year of the plan."""
    if mode == MONTH:
        y = year if year in plan_years(plan) else plan.period_start
        return [Period(y, "month", m) for m in range(1, 13)]
    return [Period(y, "year") for y in plan_years(plan)]


def plan_years(plan: Plan) -> list[int]:
    """The plan's years, with the base year (the one before the period) when an indicator names it."""
    start = plan.period_start
    if plan.indicators.filter(baseline_year=start - 1).exists():
        start -= 1
    return list(range(start, plan.period_end + 1))


def cell_text(value: float | None) -> str:
    """A saved value as the grid shows and posts it back: plain digits, no grouping (exact round trip)."""
    return "" if value is None else str(plain_number(value))


@dataclass(frozen=True)
class CellInput:
    """One cell as posted: what the person typed now, and what the page showed them (value, version; 0 = none)."""

    indicator: Indicator
    period: Period
    text: str
    original: str
    version: int

    @property
    def label(self) -> str:
        return f"{self.indicator.name} {self.period.display}"


@dataclass
class GridResult:
    created: int = 0
    updated: int = 0
    labels: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        if not self.labels:
            return "没有改动的单元格，未保存任何数据"
        return f"已保存 {len(self.labels)} 个单元格（新增 {self.created}，更正 {self.updated}）"


class GridError(ObservationError):
    """The grid cannot be saved as posted; nothing was. ``cells`` maps (indicator id, period label) to why."""

    def __init__(self, message: str, cells: dict[tuple[int, str], str] | None = None) -> None:
        super().__init__(message)
        self.cells = cells or {}


class StaleGrid(GridError):
    """Cells someone else changed after the page was loaded; nothing was saved.

    ``current`` maps each such cell to (saved value text, who changed it), so the page can
    show theirs beside the person's own input and take the current versions.
    """

    def __init__(self, stale: list[tuple[CellInput, Observation | None, str]]) -> None:
        cells: dict[tuple[int, str], str] = {}
        self.current: dict[tuple[int, str], tuple[str, int]] = {}
        names = []
        for cell, obs, who in stale:
            key = (cell.indicator.pk, cell.period.label)
            now = f"已被{who or '其他用户'}改为 {format_number(obs.value)}" if obs else "已被删除"
            cells[key] = f"{now}，您的输入为 {cell.text}"
            self.current[key] = (cell_text(obs.value) if obs else "", obs.version if obs else 0)
            names.append(cell.label)
        super().__init__(
            f"以下数据在您打开本页后已被他人修改，本次没有保存任何数据：{'、'.join(names)}。"
            "请核对后再次保存（再次保存将以您的输入为准）",
            cells,
        )


def _parse(text: str) -> float | None:
    return None if not text.strip() else parse_number(text)


def _changed_cells(cells: list[CellInput]) -> tuple[list[tuple[CellInput, float]], dict]:
    """The cells whose typed value differs from what the page showed, with every bad cell's reason."""
    changed: list[tuple[CellInput, float]] = []
    errors: dict[tuple[int, str], str] = {}
    for cell in cells:
        key = (cell.indicator.pk, cell.period.label)
        try:
            value = _parse(cell.text)
        except ValueError as exc:
            errors[key] = str(exc)
            continue
        try:
            shown = _parse(cell.original)
        except ValueError:
            shown = None  # a tampered page: treat the cell as new, the version check still holds
        if value == shown:
            continue
        if value is None:
            errors[key] = "已有数值不能清空；如需删除请联系管理员"
            continue
        changed.append((cell, value))
    return changed, errors


def _last_changer(obs: Observation) -> str:
    last = ObservationRevision.objects.filter(observation=obs).order_by("-changed_at", "-pk").first()
    return last.changed_by_name if last else ""


@transaction.atomic
def save_grid(
    *,
    plan: Plan,
    area: Area,
    cells: list[CellInput],
    source: str,
    status: str,
    reason: str,
    acting_user: object,
) -> GridResult:
    """Save the changed cells of a plan's grid for one area, all in one transaction or none.

    Raises ``GridError`` (cells with a bad number, a cleared figure, a correction without
    a reason, an area outside the plan or the person's scope) or ``StaleGrid`` (cells
    changed by someone else since the page was loaded); in both cases nothing is written.
    Side effects: one ``record_observation`` per changed cell, each writing its revision
    with ``reason``.
    """
    if area.pk not in set(plan.area.descendant_ids()) or not can_change_area(acting_user, area):
        raise GridError(f"无权录入地区“{area.name}”的数据")
    if any(cell.indicator.plan_id != plan.pk for cell in cells):
        raise GridError("表格中有不属于本规划的指标")
    changed, errors = _changed_cells(cells)
    if errors:
        names = [c.label for c in cells if (c.indicator.pk, c.period.label) in errors]
        shown = "、".join(names[:5]) + ("等" if len(names) > 5 else "")
        raise GridError(
            f"有 {len(errors)} 个单元格填写有误（{shown}），本次没有保存任何数据，请修改后再保存", errors
        )
    saved = {
        (o.indicator_id, o.period): o
        for o in Observation.objects.select_for_update().filter(
            indicator_id__in={c.indicator.pk for c, _ in changed},
            area=area,
            period__in={c.period.label for c, _ in changed},
        )
    }
    stale = []
    corrections = []
    for cell, value in list(changed):
        obs = saved.get((cell.indicator.pk, cell.period.label))
        if obs is not None and obs.value == value and obs.source == source and obs.status == status:
            changed.remove((cell, value))  # already saved as typed (by someone else): nothing to lose
            continue
        if (obs.version if obs else 0) != cell.version:
            stale.append((cell, obs, _last_changer(obs) if obs else ""))
        elif obs is not None:
            corrections.append(cell)
    if stale:
        raise StaleGrid(stale)
    if corrections and not reason.strip():
        raise GridError(
            f"{REASON_REQUIRED}：{'、'.join(c.label for c in corrections)}",
            {(c.indicator.pk, c.period.label): "更正已有数值，须填写修改原因" for c in corrections},
        )
    result = GridResult()
    for cell, value in changed:
        try:
            recorded = record_observation(
                indicator=cell.indicator,
                area=area,
                period=cell.period,
                value=value,
                source=source,
                status=status,
                reason=reason.strip(),
                acting_user=acting_user,
                expected_version=cell.version,
            )
        except StaleObservation as exc:  # changed between our check and this write
            raise StaleGrid([(cell, exc.current, exc.changed_by)]) from exc
        if recorded.created:
            result.created += 1
        elif recorded.changed:
            result.updated += 1
        else:
            continue
        result.labels.append(cell.label)
    return result
