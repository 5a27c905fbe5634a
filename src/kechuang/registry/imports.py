"""Enterprise and qualification import from Excel: all-or-nothing, row-numbered errors, re-import is a no-op.

The workbook has two sheets, “企业” and “资质” (``build_template`` writes an empty
one with instructions). Everything is read and checked first; only a file without
a single error is written, in one transaction, with bulk inserts and updates in
batches. The audit trail gets one ``AuditEntry`` per import with the counts
(not one per row: at 10⁵ rows the trail would dwarf the data); a re-import that
changes nothing writes no entry.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from kechuang.common.uploads import too_large, xlsx_problem
from kechuang.registry import access
from kechuang.registry.domain.audit import record_audit
from kechuang.registry.models import Area, Enterprise, LadderStage, Qualification, QualificationType, Stage
from kechuang.registry.uscc import USCCError, validate_uscc

ENTERPRISE_SHEET = "企业"
QUALIFICATION_SHEET = "资质"
ENTERPRISE_COLUMNS = [
    ("uscc", "统一社会信用代码", True),
    ("name", "企业名称", True),
    ("area", "所在地区", True),
    ("industry", "所属行业", False),
    ("address", "地址", False),
    ("contact_name", "联系人", False),
    ("contact_phone", "联系电话", False),
    ("stage", "培育阶段", False),
    ("stage_since", "阶段起始日期", False),
]
QUALIFICATION_COLUMNS = [
    ("uscc", "统一社会信用代码", True),
    ("type", "资质类型", True),
    ("certificate_no", "证书/登记编号", False),
    ("issued_on", "发证/认定日期", False),
    ("year", "登记年度", False),
]
MAX_ERRORS = 200
# SQLite allows 32 766 bound parameters since 3.32; stay far below for IN (...) look-ups.
LOOKUP_CHUNK = 900
STAGE_BY_LABEL = {label: value for value, label in Stage.choices} | {v: v for v in Stage.values}


class ImportRefused(ValueError):
    """The file was refused; ``errors`` lists every reason with its sheet and row."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("；".join(errors[:3]))
        self.errors = errors


@dataclass
class ImportResult:
    enterprises_created: int = 0
    enterprises_updated: int = 0
    qualifications_created: int = 0
    qualifications_updated: int = 0
    stages_changed: int = 0
    rows: int = 0
    years: set[int] = field(default_factory=set)

    @property
    def changed(self) -> bool:
        return any(
            (
                self.enterprises_created,
                self.enterprises_updated,
                self.qualifications_created,
                self.qualifications_updated,
                self.stages_changed,
            )
        )

    def counts(self) -> dict[str, int]:
        return {
            "enterprises_created": self.enterprises_created,
            "enterprises_updated": self.enterprises_updated,
            "qualifications_created": self.qualifications_created,
            "qualifications_updated": self.qualifications_updated,
            "stages_changed": self.stages_changed,
            "rows": self.rows,
        }


# --- template ---------------------------------------------------------------


def build_template() -> bytes:
    """An empty import workbook with the two sheets, their headers and an instructions sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = ENTERPRISE_SHEET
    ws.append([label for _, label, _ in ENTERPRISE_COLUMNS])
    ws2 = wb.create_sheet(QUALIFICATION_SHEET)
    ws2.append([label for _, label, _ in QUALIFICATION_COLUMNS])
    for sheet in (ws, ws2):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for col in "ABCDEFGHI":
            sheet.column_dimensions[col].width = 20
    notes = wb.create_sheet("说明")
    types = "、".join(f"{t.code}（{t.name}）" for t in QualificationType.objects.all())
    for line in [
        "企业表：统一社会信用代码、企业名称、所在地区（地区代码或名称）为必填；统一社会信用代码按 GB 32100-2015 校验。",
        f"培育阶段可填：{'、'.join(Stage.labels)}；阶段起始日期缺省为导入当天。",
        f"资质表：资质类型填代码或名称：{types}。",
        "有有效期的资质（如高新技术企业，3 年）须填发证/认定日期；按年度登记的资质（科技型中小企业）须填登记年度。",
        "资质表中的企业须在企业表中或已在系统中登记。",
        "整份文件校验通过才会写入；有任何错误时不写入任何数据，并列出所有错误的行号。重复导入同一文件不会产生变化。",
        "示例：91310116MA1J8Y4X1K | 上海某某科技有限公司 | 朱泾镇 | 新材料",
    ]:
        notes.append([line])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- reading ----------------------------------------------------------------


def check_xlsx(data: bytes, *, max_bytes: int | None = None) -> None:
    """Refuse anything that is not an .xlsx (a zip with ``xl/workbook.xml``) or is too large."""
    limit = max_bytes or getattr(settings, "KECHUANG_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
    problem = too_large(data, limit) or xlsx_problem(data)
    if problem:
        raise ImportRefused([problem])


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


def _rows(wb: object, sheet: str, columns: list[tuple[str, str, bool]], errors: list[str]) -> Iterator:
    """(row number, {key: raw value}) for each non-empty row; header checked by label."""
    if sheet not in wb.sheetnames:
        if sheet == QUALIFICATION_SHEET:
            return
        errors.append(f"缺少工作表“{sheet}”")
        return
    ws = wb[sheet]
    it = ws.iter_rows(values_only=True)
    header = [_text(v) for v in next(it, ())]
    positions: dict[str, int] = {}
    for key, label, required in columns:
        if label in header:
            positions[key] = header.index(label)
        elif required:
            errors.append(f"“{sheet}”表缺少列“{label}”")
    if len(positions) < sum(1 for *_, r in columns if r):
        return
    for number, row in enumerate(it, start=2):
        if row is None or all(v is None or _text(v) == "" for v in row):
            continue
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
        self.writable = access.writable_area_ids(user)

    def resolve(self, ref: str) -> Area:
        area = self.by_key.get(ref)
        if area is None:
            raise ValueError(f"地区“{ref}”不存在")
        if self.writable is not None and area.pk not in self.writable:
            raise ValueError(f"无权在“{area.name}”登记企业")
        return area


def read_workbook(data: bytes, *, user: object) -> tuple[list[_EnterpriseRow], list[_QualificationRow]]:
    """Parse and check the whole file; raise ``ImportRefused`` with every row error (up to 200)."""
    check_xlsx(data)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise ImportRefused([f"无法读取 Excel 文件：{exc}"]) from exc
    errors: list[str] = []
    areas = _AreaResolver(user)
    enterprises: list[_EnterpriseRow] = []
    seen: dict[str, int] = {}
    try:
        for number, raw in _rows(wb, ENTERPRISE_SHEET, ENTERPRISE_COLUMNS, errors):
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
        qualifications = _read_qualifications(wb, seen, errors, user)
    finally:
        wb.close()
    if errors:
        raise ImportRefused(errors[:MAX_ERRORS])
    return enterprises, qualifications


def _check_existing_scope(rows: dict[str, int], errors: list[str], user: object) -> None:
    """An enterprise already registered outside the importer's areas may not be changed by the import."""
    writable = access.writable_area_ids(user)
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


def _read_qualifications(wb: object, in_file: dict[str, int], errors: list[str], user: object) -> list:
    types: dict[str, QualificationType] = {}
    for t in QualificationType.objects.all():
        types[t.code] = t
        types[t.name] = t
    out: list[_QualificationRow] = []
    unknown: dict[str, list[int]] = {}
    for number, raw in _rows(wb, QUALIFICATION_SHEET, QUALIFICATION_COLUMNS, errors):
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
        writable = access.writable_area_ids(user)
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


# --- writing ----------------------------------------------------------------


def _chunks(items: list, size: int) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def import_enterprises(data: bytes, *, user: object, filename: str = "") -> ImportResult:
    """Import a workbook of enterprises and qualifications; all or nothing.

    Why: liaisons keep their lists in Excel; the registry must take them whole or
    tell them every row to fix. Side effects: creates and updates enterprises,
    qualifications and ladder history in one transaction; one ``AuditEntry`` with
    the counts when anything changed; refreshes the registry's observations for
    the years touched (see ``figures.refresh_registry_observations``).
    """
    enterprise_rows, qualification_rows = read_workbook(data, user=user)
    result = _write(enterprise_rows, qualification_rows, user=user, filename=filename)
    if result.changed:
        # Imported here, not at module top, to keep registry.figures' upward reach at call time only.
        from kechuang.registry.figures import refresh_registry_observations  # noqa: PLC0415

        for year in sorted(result.years):
            refresh_registry_observations(year=year, acting_user=user)
    return result


@transaction.atomic
def _write(
    enterprise_rows: list[_EnterpriseRow],
    qualification_rows: list[_QualificationRow],
    *,
    user: object,
    filename: str,
) -> ImportResult:
    """Write checked rows chunk by chunk; model instances live for one chunk only (memory stays flat)."""
    result = ImportResult(rows=len(enterprise_rows) + len(qualification_rows))
    today = timezone.localdate()
    now = timezone.now()
    ids: dict[str, int] = {}  # uscc → pk, for the qualification sheet
    for rows in _chunks(enterprise_rows, LOOKUP_CHUNK):
        _write_enterprises(rows, ids, result, today=today, now=now)
    missing = list({r.uscc for r in qualification_rows} - set(ids))
    for chunk in _chunks(missing, LOOKUP_CHUNK):
        ids.update(Enterprise.objects.filter(uscc__in=chunk).values_list("uscc", "pk"))
    for rows in _chunks(qualification_rows, LOOKUP_CHUNK):
        _write_qualifications(rows, ids, result, today=today, now=now)
    if result.changed:
        result.years.add(today.year)
        record_audit(
            acting_user=user,
            action="import",
            model="registry.enterprise",
            object_id="",
            object_repr=f"Excel 导入 {filename}"[:200],
            changes=result.counts(),
        )
    return result


COMPARED = ["name", "area_id", "industry", "address", "contact_name", "contact_phone"]


def _write_enterprises(
    rows: list[_EnterpriseRow], ids: dict[str, int], result: ImportResult, *, today: dt.date, now: dt.datetime
) -> None:
    found = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=[r.uscc for r in rows])}
    to_create: list[Enterprise] = []
    to_update: list[Enterprise] = []
    staged: list[tuple[_EnterpriseRow, Enterprise]] = []
    restage: dict[str, list[int]] = {}
    for r in rows:
        values = {k: v for k, v in r.fields.items() if k != "area"}
        values["area_id"] = r.fields["area"].pk
        e = found.get(r.uscc)
        if e is None:
            # A new enterprise gets its stage with the insert.
            e = Enterprise(uscc=r.uscc, stage=r.stage, created_at=now, updated_at=now, **values)
            to_create.append(e)
            if r.stage:
                staged.append((r, e))
            continue
        if any(getattr(e, k) != values[k] for k in COMPARED):
            for k in COMPARED:
                setattr(e, k, values[k])
            e.updated_at = now
            to_update.append(e)
        # Ladder: a new stage appends history; the same stage again does nothing.
        if r.stage and r.stage != e.stage:
            staged.append((r, e))
            restage.setdefault(r.stage, []).append(e.pk)
    Enterprise.objects.bulk_create(to_create)
    if to_create and to_create[0].pk is None:  # backends without RETURNING ids
        found.update({e.uscc: e for e in Enterprise.objects.filter(uscc__in=[e.uscc for e in to_create])})
        staged = [(r, found[r.uscc]) for r, _ in staged]
    if to_update:
        Enterprise.objects.bulk_update(to_update, ["name", "area", *COMPARED[2:], "updated_at"])
    # One UPDATE per stage value rather than a CASE per row.
    for stage, pks in restage.items():
        Enterprise.objects.filter(pk__in=pks).update(stage=stage)
    LadderStage.objects.bulk_create(
        [LadderStage(enterprise_id=e.pk, stage=r.stage, since=r.stage_since or today) for r, e in staged]
    )
    for e in [*to_create, *found.values()]:
        ids[e.uscc] = e.pk
    result.enterprises_created += len(to_create)
    result.enterprises_updated += len(to_update)
    result.stages_changed += len(staged)


def _write_qualifications(
    rows: list[_QualificationRow],
    ids: dict[str, int],
    result: ImportResult,
    *,
    today: dt.date,
    now: dt.datetime,
) -> None:
    # Keyed as in add_qualification: type + issue date, or type + year for per-year types.
    have = {
        _qkey(q.enterprise_id, q.type_id, q.issued_on, q.year): q
        for q in Qualification.objects.filter(enterprise_id__in={ids[r.uscc] for r in rows})
    }
    to_create: list[Qualification] = []
    to_update: list[Qualification] = []
    for r in rows:
        enterprise_id = ids[r.uscc]
        key = _qkey(enterprise_id, r.qtype.pk, r.issued_on, r.year)
        q = have.get(key)
        if q is None:
            q = Qualification(
                enterprise_id=enterprise_id,
                type=r.qtype,
                certificate_no=r.certificate_no,
                issued_on=r.issued_on,
                year=r.year,
                created_at=now,
                updated_at=now,
            )
            q.compute_validity()
            to_create.append(q)
            have[key] = q
        elif r.certificate_no and q.certificate_no != r.certificate_no:
            q.certificate_no = r.certificate_no
            q.updated_at = now
            to_update.append(q)
        else:
            continue
        for d in (q.issued_on, q.valid_until):
            if d is not None and today.year - 5 <= d.year <= today.year:
                result.years.add(d.year)
    Qualification.objects.bulk_create(to_create)
    if to_update:
        Qualification.objects.bulk_update(to_update, ["certificate_no", "updated_at"])
    result.qualifications_created += len(to_create)
    result.qualifications_updated += len(to_update)


def _qkey(enterprise_id: int, type_id: int, issued_on: dt.date | None, year: int | None) -> tuple:
    return (enterprise_id, type_id, year) if year is not None else (enterprise_id, type_id, issued_on)
