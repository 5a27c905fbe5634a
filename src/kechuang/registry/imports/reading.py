"""Reading and checking the import workbook: every row validated, every error collected, nothing written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings

from kechuang.common.untrusted import LimitExceeded, untrusted_parser
from kechuang.common.uploads import MAX_COLUMNS, UploadProblem, read_sheets, too_large
from kechuang.registry.imports.workbook import (
    ENTERPRISE_COLUMNS,
    ENTERPRISE_SHEET,
    LOOKUP_CHUNK,
    MAX_ERRORS,
    MAX_ROWS,
    QUALIFICATION_COLUMNS,
    QUALIFICATION_SHEET,
    STAGE_BY_LABEL,
    ImportRefused,
)
from kechuang.registry.models import Enterprise, QualificationType, Stage
from kechuang.registry.uscc import USCCError, validate_uscc
from kechuang.tenancy import access as area_access
from kechuang.tenancy.models import Area

Sheets = dict[str, list[tuple[int, tuple]]]


@untrusted_parser
def read_sheet_rows(data: bytes, *, upload_limit: int) -> Sheets:
    """The non-blank rows of the two sheets, read in a limited child process (plain values only).

    Raises ``UploadProblem`` for a file that is not a workbook, unpacks too
    large, or has more than ``MAX_ROWS`` rows in a sheet.
    """
    return read_sheets(
        data,
        upload_limit=upload_limit,
        names=(ENTERPRISE_SHEET, QUALIFICATION_SHEET),
        max_rows=MAX_ROWS,
        header_rows=1,
        max_cols=MAX_COLUMNS,
    )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = (
        _text(value)
        .replace("年", "-")
        .replace("月", "-")
        .replace("日", "")
        .replace("/", "-")
        .replace(".", "-")
    )
    try:
        return dt.date.fromisoformat("-".join(part.zfill(2) for part in raw.split("-")))
    except ValueError as exc:
        raise ValueError(f"日期“{_text(value)}”无法识别，请写成 2024-03-01") from exc


def _rows(sheets: Sheets, sheet: str, columns: list[tuple[str, str, bool]], errors: list[str]) -> Iterator:
    """(row number, {key: raw value}) for each non-empty row; the header (first non-empty row) checked by label."""
    if sheet not in sheets:
        if sheet == QUALIFICATION_SHEET:
            return
        errors.append(f"缺少工作表“{sheet}”")
        return
    it = iter(sheets[sheet])
    header = [_text(v) for v in next(it, (0, ()))[1]]
    positions: dict[str, int] = {}
    for key, label, required in columns:
        if label in header:
            positions[key] = header.index(label)
        elif required:
            errors.append(f"“{sheet}”表缺少列“{label}”")
    if len(positions) < sum(1 for *_, r in columns if r):
        return
    for number, row in it:
        yield number, {k: (row[i] if i < len(row) else None) for k, i in positions.items()}


@dataclass(slots=True)
class _EnterpriseRow:
    row: int
    uscc: str
    fields: dict[str, object]
    stage: str
    stage_since: dt.date | None


@dataclass(slots=True)
class _QualificationRow:
    row: int
    uscc: str
    qtype: QualificationType
    certificate_no: str
    issued_on: dt.date | None
    year: int | None


class _AreaResolver:
    def __init__(self, user: object) -> None:
        self.by_key: dict[str, Area] = {}
        names: dict[str, list[Area]] = {}
        for area in Area.objects.all():
            self.by_key[area.code] = area
            names.setdefault(area.name, []).append(area)
        for name, areas in names.items():
            if len(areas) == 1:
                self.by_key.setdefault(name, areas[0])
        self.writable = area_access.writable_area_ids(user)

    def resolve(self, ref: str) -> Area:
        area = self.by_key.get(ref)
        if area is None:
            raise ValueError(f"地区“{ref}”不存在")
        if self.writable is not None and area.pk not in self.writable:
            raise ValueError(f"无权在“{area.name}”登记企业")
        return area


def read_workbook(data: bytes, *, user: object) -> tuple[list[_EnterpriseRow], list[_QualificationRow]]:
    """Parse and check the whole file; raise ``ImportRefused`` with every row error (up to 200).

    The bytes are read in a limited child process (``read_sheet_rows``); the
    rows are checked here, against the database.
    """
    limit = getattr(settings, "KECHUANG_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
    problem = too_large(data, limit)
    if problem:
        raise ImportRefused([problem])
    try:
        sheets = read_sheet_rows(data, upload_limit=limit)
    except (UploadProblem, LimitExceeded) as exc:
        raise ImportRefused([str(exc)]) from None
    errors: list[str] = []
    areas = _AreaResolver(user)
    enterprises: list[_EnterpriseRow] = []
    seen: dict[str, int] = {}
    for number, raw in _rows(sheets, ENTERPRISE_SHEET, ENTERPRISE_COLUMNS, errors):
        if len(errors) >= MAX_ERRORS:
            break
        row_errors: list[str] = []
        prefix = f"第 {number} 行"
        try:
            uscc = validate_uscc(_text(raw.get("uscc")))
        except USCCError as exc:
            row_errors.append(f"{prefix} 统一社会信用代码：{exc}")
            uscc = ""
        if uscc and uscc in seen:
            row_errors.append(f"{prefix} 统一社会信用代码：与第 {seen[uscc]} 行重复")
        name = _text(raw.get("name"))
        if not name:
            row_errors.append(f"{prefix} 企业名称：不能为空")
        area = None
        try:
            area = areas.resolve(_text(raw.get("area")))
        except ValueError as exc:
            row_errors.append(f"{prefix} 所在地区：{exc}")
        stage_text = _text(raw.get("stage"))
        stage = STAGE_BY_LABEL.get(stage_text, "") if stage_text else ""
        if stage_text and not stage:
            row_errors.append(f"{prefix} 培育阶段：“{stage_text}”无效，可选：{'、'.join(Stage.labels)}")
        since = None
        if _text(raw.get("stage_since")):
            try:
                since = _date(raw.get("stage_since"))
            except ValueError as exc:
                row_errors.append(f"{prefix} 阶段起始日期：{exc}")
        if row_errors:
            errors.extend(row_errors)
            continue
        seen[uscc] = number
        fields = {
            "name": name,
            "area": area,
            **{k: _text(raw.get(k)) for k in ("industry", "address", "contact_name", "contact_phone")},
        }
        enterprises.append(_EnterpriseRow(number, uscc, fields, stage, since))
    _check_existing_scope(seen, errors, user)
    qualifications = _read_qualifications(sheets, seen, errors, user)
    if errors:
        raise ImportRefused(errors[:MAX_ERRORS])
    return enterprises, qualifications


def _check_existing_scope(rows: dict[str, int], errors: list[str], user: object) -> None:
    """An enterprise already registered outside the importer's areas may not be changed by the import."""
    writable = area_access.writable_area_ids(user)
    if writable is None or not rows:
        return
    codes = list(rows)
    for i in range(0, len(codes), LOOKUP_CHUNK):
        outside = (
            Enterprise.objects.filter(uscc__in=codes[i : i + LOOKUP_CHUNK])
            .exclude(area_id__in=writable)
            .values_list("uscc", flat=True)
        )
        for uscc in outside:
            errors.append(f"第 {rows[uscc]} 行 统一社会信用代码：该企业已登记在其他地区，无权修改")


def _read_qualifications(sheets: Sheets, in_file: dict[str, int], errors: list[str], user: object) -> list:
    types: dict[str, QualificationType] = {}
    for t in QualificationType.objects.all():
        types[t.code] = t
        types[t.name] = t
    out: list[_QualificationRow] = []
    unknown: dict[str, list[int]] = {}
    for number, raw in _rows(sheets, QUALIFICATION_SHEET, QUALIFICATION_COLUMNS, errors):
        if len(errors) >= MAX_ERRORS:
            break
        prefix = f"资质表第 {number} 行"
        row_errors: list[str] = []
        try:
            uscc = validate_uscc(_text(raw.get("uscc")))
        except USCCError as exc:
            row_errors.append(f"{prefix} 统一社会信用代码：{exc}")
            uscc = ""
        type_text = _text(raw.get("type"))
        qtype = types.get(type_text)
        if qtype is None:
            row_errors.append(f"{prefix} 资质类型：“{type_text}”不存在")
        issued_on = year = None
        if _text(raw.get("issued_on")):
            try:
                issued_on = _date(raw.get("issued_on"))
            except ValueError as exc:
                row_errors.append(f"{prefix} 发证/认定日期：{exc}")
        if _text(raw.get("year")):
            try:
                year = int(float(_text(raw.get("year")).removesuffix("年")))
            except ValueError:
                row_errors.append(f"{prefix} 登记年度：“{_text(raw.get('year'))}”不是年份")
        if qtype is not None and not row_errors:
            if qtype.per_year:
                year = year or (issued_on.year if issued_on else None)
                if not year:
                    row_errors.append(f"{prefix} 登记年度：{qtype.name}须填写登记年度")
                elif not 1990 <= year <= 2100:
                    row_errors.append(f"{prefix} 登记年度：{year} 不合理")
            else:
                year = None
                if issued_on is None:
                    row_errors.append(f"{prefix} 发证/认定日期：{qtype.name}须填写")
        if row_errors:
            errors.extend(row_errors)
            continue
        if uscc not in in_file:
            unknown.setdefault(uscc, []).append(number)
        out.append(_QualificationRow(number, uscc, qtype, _text(raw.get("certificate_no")), issued_on, year))
    if unknown:
        # Qualifications may name enterprises already registered (and writable by the importer).
        writable = area_access.writable_area_ids(user)
        known: set[str] = set()
        codes = list(unknown)
        for i in range(0, len(codes), LOOKUP_CHUNK):
            qs = Enterprise.objects.filter(uscc__in=codes[i : i + LOOKUP_CHUNK])
            if writable is not None:
                qs = qs.filter(area_id__in=writable)
            known.update(qs.values_list("uscc", flat=True))
        for uscc, numbers in unknown.items():
            if uscc not in known:
                for number in numbers:
                    errors.append(
                        f"资质表第 {number} 行 统一社会信用代码：{uscc} 不在企业表中，也未在系统中登记"
                    )
    return out
