"""Validating raw observation rows: areas, indicators, periods, values, sources, duplicates."""

from __future__ import annotations

import math
import unicodedata

from kechuang.common.periods import PeriodError, parse_period
from kechuang.observations.enums import ObservationStatus
from kechuang.observations.imports.reading import _blank
from kechuang.observations.imports.rows import (
    NOTE_MAX,
    SOURCE_ALIASES,
    STATUS_ALIASES,
    CleanRow,
    RawRow,
    RowError,
)
from kechuang.plans.enums import IndicatorRole
from kechuang.plans.models import CatalogIndicator, Indicator, Plan
from kechuang.tenancy.access import writable_area_ids
from kechuang.tenancy.domain import AreaNotFound, find_area
from kechuang.tenancy.models import Area


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an area code typed as a number in Excel
    return unicodedata.normalize("NFKC", str(value)).strip() if value is not None else ""


def parse_number(value: object) -> float:
    """A number as people type it in a sheet or a form (1,234 or 1234.5); Chinese reason when it is not."""
    if isinstance(value, bool):
        raise ValueError(f"数值“{value}”不是数字")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = _text(value).replace(",", "").replace(" ", "")
        if not text:
            raise ValueError("数值不能为空")
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"数值“{_text(value)}”不是数字") from None
    if not math.isfinite(number):
        raise ValueError(f"数值“{_text(value)}”不是有效数字")
    return number


class _IndicatorIndex:
    """Resolves what a row calls an indicator: a name in the plan, or a catalogue entry's name or code."""

    def __init__(self, plan: Plan) -> None:
        self.by_name: dict[str, list[Indicator]] = {}
        self.by_catalog: dict[int, list[Indicator]] = {}
        for ind in plan.indicators.select_related("catalog"):
            names = {_text(ind.name)}
            if ind.unit:
                names.add(_text(f"{ind.name}（{ind.unit}）"))
            for name in names:
                self.by_name.setdefault(name, []).append(ind)
            if ind.catalog_id:
                self.by_catalog.setdefault(ind.catalog_id, []).append(ind)
        # People write the catalogue's Chinese name; other systems its code. Both are accepted.
        self.catalog: dict[str, CatalogIndicator] = {}
        for c in CatalogIndicator.objects.all():
            self.catalog.setdefault(_text(c.name_zh), c)
            self.catalog[c.code.lower()] = c

    @staticmethod
    def _one(candidates: list[Indicator]) -> Indicator | None:
        if len(candidates) == 1:
            return candidates[0]
        goals = [i for i in candidates if i.role == IndicatorRole.GOAL]
        return goals[0] if len(goals) == 1 else None

    def resolve(self, ref: str) -> tuple[Indicator | None, CatalogIndicator | None]:
        if not ref:
            raise ValueError("指标不能为空")
        if candidates := self.by_name.get(ref):
            found = self._one(candidates)
            if found is None:
                raise ValueError(f"规划中有多个名为“{ref}”的指标，请改用标准指标名称")
            return found, None
        catalog = self.catalog.get(ref) or self.catalog.get(ref.lower())
        if catalog is None:
            raise ValueError(f"指标“{ref}”不在本规划中，也不是标准指标")
        candidates = self.by_catalog.get(catalog.pk, [])
        if not candidates:
            return None, catalog  # a catalogue-level figure, comparable across plans
        found = self._one(candidates)
        if found is None:
            raise ValueError(f"规划中有多个指标对应标准指标“{catalog.name_zh}”，请改用指标名称")
        return found, None


def validate_rows(
    rows: list[RawRow], *, plan: Plan, user: object | None
) -> tuple[list[CleanRow], list[RowError]]:
    """Check every row and report every problem, so one upload shows everything to fix.

    ``user=None`` is the system (the command line without ``--user``) and is not
    scoped; any other user must be allowed to change each row's area. Rows must
    name an area inside the plan's area, and no (indicator, area, period) may
    appear twice. Reads only; writes nothing.
    """
    indicators = _IndicatorIndex(plan)
    plan_area_ids = set(plan.area.descendant_ids())
    writable = writable_area_ids(user) if user is not None else None
    areas: dict[str, Area | str] = {}
    seen: dict[tuple, int] = {}
    clean: list[CleanRow] = []
    errors: list[RowError] = []

    for raw in rows:
        row_errors: list[RowError] = []

        def fail(column: str | None, message: str, raw: RawRow = raw, row_errors: list = row_errors) -> None:
            row_errors.append(RowError(raw.row, column, message))

        area = None
        area_ref = _text(raw.area)
        if area_ref not in areas:
            try:
                areas[area_ref] = find_area(area_ref, within=plan_area_ids)  # a shared name: the plan's
            except AreaNotFound as exc:
                areas[area_ref] = str(exc)
        found_area = areas[area_ref]
        if isinstance(found_area, str):
            fail("area", found_area)
        elif found_area.pk not in plan_area_ids:
            fail("area", f"地区“{found_area.name}”不属于本规划的地区（{plan.area.name}）")
        elif writable is not None and found_area.pk not in writable:
            fail("area", f"无权修改地区“{found_area.name}”的数据")
        else:
            area = found_area

        indicator = catalog = None
        try:
            indicator, catalog = indicators.resolve(_text(raw.indicator))
        except ValueError as exc:
            fail("indicator", str(exc))

        period = None
        if _blank(raw.period):
            fail("period", "期间不能为空")
        else:
            try:
                period = parse_period(raw.period if not isinstance(raw.period, str) else _text(raw.period))
            except PeriodError as exc:
                fail("period", str(exc))

        value = None
        try:
            value = parse_number(raw.value)
        except ValueError as exc:
            fail("value", str(exc))

        source_text = _text(raw.source)
        source = SOURCE_ALIASES.get(source_text.lower())
        if not source_text:
            fail("source", "来源不能为空")
        elif source is None:
            fail("source", f"来源“{source_text}”无效，可选：统计数据、月度报表、登记库、手工录入、规划文件")

        status_text = _text(raw.status)
        status = STATUS_ALIASES.get(status_text.lower()) if status_text else ObservationStatus.FINAL
        if status is None:
            fail("status", f"状态“{status_text}”无效，可选：最终数、初步数")

        note = _text(raw.note)
        if len(note) > NOTE_MAX:
            fail("note", f"说明不能超过 {NOTE_MAX} 字")

        if row_errors:
            errors.extend(row_errors)
            continue
        target = ("indicator", indicator.pk) if indicator is not None else ("catalog", catalog.pk)
        key = (target, area.pk, period.label)
        if key in seen:
            errors.append(
                RowError(raw.row, None, f"与第 {seen[key]} 行重复（同一指标、地区、期间 {period.label}）")
            )
            continue
        seen[key] = raw.row
        clean.append(
            CleanRow(
                row=raw.row,
                area=area,
                indicator=indicator,
                catalog=catalog,
                period=period,
                value=value,
                source=str(source),
                status=str(status),
                note=note,
            )
        )
    return clean, errors
