"""Importing an area tree from a table (code, name, kind, parent): all rows checked, then all written.

Why: every district has its own towns, streets and parks, and a fresh install
has no areas at all. The file may list rows in any order and refer to areas
already stored; a second import of the same (or a corrected) file updates names
and parents and never creates a second area with the same code. Every change is
written to the audit trail. Nothing is written when any row is wrong.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction

from kechuang.tenancy.domain.audit import record_audit, snapshot
from kechuang.tenancy.models import Area, AreaKind

KIND_BY_LABEL: dict[str, str] = {
    "国家": AreaKind.COUNTRY,
    "省": AreaKind.PROVINCE,
    "省级": AreaKind.PROVINCE,
    "市": AreaKind.CITY,
    "区县": AreaKind.DISTRICT,
    "区": AreaKind.DISTRICT,
    "县": AreaKind.DISTRICT,
    "街镇": AreaKind.TOWN,
    "街道": AreaKind.TOWN,
    "镇": AreaKind.TOWN,
    "乡": AreaKind.TOWN,
    "园区": AreaKind.PARK,
    "分园": AreaKind.SUBPARK,
}
KIND_NAMES = "省、市、区县、街镇、园区、分园"
# Levels of the tree: a parent may not sit below its child (a county under a town).
RANK = {
    AreaKind.COUNTRY: 0,
    AreaKind.PROVINCE: 1,
    AreaKind.CITY: 2,
    AreaKind.DISTRICT: 3,
    AreaKind.TOWN: 4,
    AreaKind.PARK: 4,
    AreaKind.SUBPARK: 5,
}
# Kinds whose codes are GB/T 2260 administrative codes: six digits.
NATIONAL_KINDS = {AreaKind.PROVINCE, AreaKind.CITY, AreaKind.DISTRICT}
SIX_DIGITS = re.compile(r"\d{6}")
HEADERS = {
    "code": "code",
    "代码": "code",
    "地区代码": "code",
    "name": "name",
    "名称": "name",
    "地区名称": "name",
    "kind": "kind",
    "类型": "kind",
    "parent": "parent",
    "上级": "parent",
    "上级代码": "parent",
}
REQUIRED = ("code", "name", "kind", "parent")
MAX_ERRORS = 50
MAX_ROWS = 20_000


class AreaImportError(ValueError):
    """The file was refused; ``errors`` are row-numbered Chinese messages. Nothing was written."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("；".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class AreaRow:
    """One row of an area file as written (``line``: its row number in the file)."""

    line: int
    code: str
    name: str
    kind: str
    parent: str


@dataclass
class AreaImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"新增 {len(self.created)} 个，更新 {len(self.updated)} 个，未变 {len(self.unchanged)} 个"


def _text(value: object, *, as_written: bool = False) -> str:
    """A cell as text; codes and labels folded to half-width (NFKC), names kept as written (（新）)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text if as_written else unicodedata.normalize("NFKC", text).strip()


def rows_from_table(table: Sequence[tuple[int, Sequence[object]]]) -> list[AreaRow]:
    """The area rows of a table read from a file: first non-blank row is the header ``code,name,kind,parent``."""
    table = [(n, values) for n, values in table if any(_text(v) for v in values)]
    if not table:
        raise AreaImportError(["文件为空：第一行应为表头 code,name,kind,parent"])
    header_line, header = table[0]
    columns: dict[str, int] = {}
    for position, cell in enumerate(header):
        key = HEADERS.get(_text(cell).lower())
        if key is not None:
            if key in columns:
                raise AreaImportError([f"第 {header_line} 行：表头中“{_text(cell)}”列重复"])
            columns[key] = position
    missing = [k for k in REQUIRED if k not in columns]
    if missing:
        raise AreaImportError(
            [f"第 {header_line} 行：表头缺少列 {'、'.join(missing)}；表头应为 code,name,kind,parent"]
        )
    if len(table) - 1 > MAX_ROWS:
        raise AreaImportError([f"文件超过 {MAX_ROWS} 行上限，请拆分后导入"])

    def cell(values: Sequence[object], key: str) -> str:
        position = columns[key]
        return _text(values[position], as_written=key == "name") if position < len(values) else ""

    return [
        AreaRow(
            line=n, code=cell(v, "code"), name=cell(v, "name"), kind=cell(v, "kind"), parent=cell(v, "parent")
        )
        for n, v in table[1:]
    ]


@dataclass
class _Plan:
    rows: list[tuple[AreaRow, str]]  # (row, kind code) in parents-first order
    existing: dict[str, Area]


def _check(rows: Sequence[AreaRow], allowed_area_ids: set[int] | None = None) -> _Plan:
    """Every problem of every row, or the rows in the order they can be written (parents first).

    ``allowed_area_ids``: the areas the importing person administers (``None``: any). Then every
    row must change an area inside them or add one below them (directly or below another row).
    """
    errors: list[str] = []
    kinds: dict[str, str] = {}
    first_line: dict[str, int] = {}
    for row in rows:
        where = f"第 {row.line} 行"
        if not row.code:
            errors.append(f"{where}：代码不能为空")
            continue
        if row.code in first_line:
            errors.append(f"{where}：代码“{row.code}”与第 {first_line[row.code]} 行重复")
            continue
        first_line[row.code] = row.line
        if not row.name:
            errors.append(f"{where}：名称不能为空")
        if len(row.code) > 32 or len(row.name) > 100:
            errors.append(f"{where}：代码最长 32 个字符，名称最长 100 个字符")
        kind = KIND_BY_LABEL.get(row.kind)
        if kind is None:
            reason = f"类型“{row.kind}”无法识别" if row.kind else "类型不能为空"
            errors.append(f"{where}：{reason}，应为{KIND_NAMES}之一")
            continue
        kinds[row.code] = kind
        if kind in NATIONAL_KINDS and not SIX_DIGITS.fullmatch(row.code):
            label = dict(AreaKind.choices)[kind]
            errors.append(
                f"{where}：{label}“{row.name}”的代码“{row.code}”应为六位数字（GB/T 2260 行政区划代码）"
            )
        if row.parent == row.code:
            errors.append(f"{where}：地区“{row.name}”的上级不能是它自己")

    codes = {r.code for r in rows if r.code} | {r.parent for r in rows if r.parent}
    existing = {a.code: a for a in Area.objects.filter(code__in=codes).select_related("parent")}
    by_code = {r.code: r for r in rows if r.code and first_line.get(r.code) == r.line}
    for code, area in existing.items():
        if code in kinds and area.kind != kinds[code]:
            row = by_code[code]
            errors.append(
                f"第 {row.line} 行：地区“{area.name}”（{code}）已存在，类型为“{area.get_kind_display()}”，"
                f"与文件中的“{row.kind}”不符；类型不能通过导入修改"
            )
    # The tree after the import: stored parents, overridden by the file.
    parent_of: dict[str, str] = dict(
        Area.objects.filter(parent__isnull=False).values_list("code", "parent__code")
    )
    kind_of: dict[str, str] = dict(Area.objects.values_list("code", "kind"))
    name_of = {code: area.name for code, area in existing.items()} | {c: r.name for c, r in by_code.items()}
    for code, row in by_code.items():
        parent_of.pop(code, None)
        if row.parent:
            parent_of[code] = row.parent
        if code in kinds:
            kind_of[code] = kinds[code]
    for code, row in by_code.items():
        if row.parent and row.parent != code and row.parent not in by_code and row.parent not in existing:
            errors.append(f"第 {row.line} 行：上级代码“{row.parent}”既不在文件中，也不是已有地区")
        elif row.parent in existing and existing[row.parent].ended_on is not None:
            errors.append(f"第 {row.line} 行：上级“{existing[row.parent].label}”已撤并，不能再挂下级地区")
        elif (
            row.parent
            and code in kinds
            and kind_of.get(row.parent) in RANK
            and RANK[kind_of[row.parent]] > RANK[kinds[code]]
        ):
            errors.append(
                f"第 {row.line} 行：{row.kind}“{row.name}”不能挂在"
                f"{dict(AreaKind.choices)[kind_of[row.parent]]}“{name_of.get(row.parent, row.parent)}”之下"
            )
    if allowed_area_ids is not None:
        errors.extend(_outside(by_code, existing, allowed_area_ids))
    errors.extend(_cycles(by_code, parent_of))
    errors.sort(key=_line_of)
    if errors:
        raise AreaImportError(
            errors[:MAX_ERRORS]
            + ([f"……另有 {len(errors) - MAX_ERRORS} 处错误"] if len(errors) > MAX_ERRORS else [])
        )

    def depth(code: str) -> int:
        n, node = 0, code
        while node in parent_of:
            node, n = parent_of[node], n + 1
        return n

    ordered = sorted(by_code.values(), key=lambda r: (depth(r.code), r.line))
    return _Plan(rows=[(r, kinds[r.code]) for r in ordered], existing=existing)


def _outside(by_code: dict[str, AreaRow], existing: dict[str, Area], allowed: set[int]) -> list[str]:
    """Rows reaching outside the areas a district administrator may change."""
    errors = []
    for code, row in by_code.items():
        where = f"第 {row.line} 行"
        if code in existing and existing[code].pk not in allowed:
            errors.append(f"{where}：地区“{existing[code].name}”不在您管理的范围内，不能修改")
        elif code in existing and _parent_code(existing[code]) == row.parent:
            continue  # renamed in place: its parent may lie above the administrator's district
        elif not row.parent:
            errors.append(f"{where}：只有系统管理员可以导入没有上级的地区")
        elif row.parent in existing and row.parent not in by_code and existing[row.parent].pk not in allowed:
            errors.append(f"{where}：上级“{existing[row.parent].name}”不在您管理的范围内")
    return errors


def _parent_code(area: Area) -> str:
    return area.parent.code if area.parent_id else ""


def _line_of(message: str) -> int:
    """The first row number a message names, to list messages in file order."""
    match = re.match(r"第 (\d+)", message)
    return int(match.group(1)) if match else 0


def _cycles(by_code: dict[str, AreaRow], parent_of: dict[str, str]) -> list[str]:
    """One message per loop of parents that passes through the file (A → B → A)."""
    errors, reported = [], set()
    for start in by_code:
        path, node = [], start
        seen: set[str] = set()
        while node in parent_of and node not in seen:
            seen.add(node)
            path.append(node)
            node = parent_of[node]
            if node == start and len(path) > 1 and not reported & set(path):
                reported.update(path)
                lines = "、".join(str(by_code[c].line) for c in path if c in by_code)
                chain = " → ".join([*path, start])
                errors.append(f"第 {lines} 行：上级关系形成循环（{chain}）")
                break
    return errors


def check_area_rows(rows: Sequence[AreaRow], *, allowed_area_ids: set[int] | None = None) -> list[str]:
    """Row-numbered problems of ``rows`` (empty when the import would go through); writes nothing."""
    try:
        _check(rows, allowed_area_ids)
    except AreaImportError as exc:
        return exc.errors
    return []


def import_areas(
    rows: Sequence[AreaRow],
    *,
    acting_user: object | None = None,
    update_existing: bool = True,
    allowed_area_ids: set[int] | None = None,
) -> AreaImportResult:
    """Create or update every area of ``rows`` in one transaction, auditing each change.

    With ``update_existing=False`` areas already stored are left as they are (loading the
    national list never undoes a renaming made since). Raises :class:`AreaImportError`.
    """
    with transaction.atomic():
        plan = _check(rows, allowed_area_ids)
        result = AreaImportResult()
        stored: dict[str, Area] = dict(plan.existing)
        parents_needed = {r.parent for r, _ in plan.rows if r.parent} - set(stored)
        stored.update({a.code: a for a in Area.objects.filter(code__in=parents_needed)})
        for row, kind in plan.rows:
            parent = stored[row.parent] if row.parent else None
            area = stored.get(row.code)
            if area is None:
                area = Area.objects.create(code=row.code, name=row.name, kind=kind, parent=parent)
                stored[row.code] = area
                new = snapshot(area, ["code", "name", "kind", "parent"])
                record_audit(
                    acting_user=acting_user,
                    action="create",
                    obj=area,
                    changes={k: [None, v] for k, v in new.items()},
                    area=area,
                )
                result.created.append(row.code)
                continue
            if not update_existing or (
                area.name == row.name and area.parent_id == (parent.pk if parent else None)
            ):
                result.unchanged.append(row.code)
                continue
            before = snapshot(area, ["name", "parent"])
            area.name, area.parent = row.name, parent
            area.save(update_fields=["name", "parent", "updated_at"])
            after = snapshot(area, ["name", "parent"])
            record_audit(
                acting_user=acting_user,
                action="update",
                obj=area,
                changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
                area=area,
            )
            result.updated.append(row.code)
        return result


@dataclass
class AreaPreview:
    """What an import would do, row by row, for the page that asks the uploader to confirm."""

    created: list[dict[str, object]] = field(default_factory=list)
    updated: list[dict[str, object]] = field(default_factory=list)
    unchanged: list[dict[str, object]] = field(default_factory=list)

    def summary(self) -> str:
        return f"将新增 {len(self.created)} 个地区，更新 {len(self.updated)} 个，{len(self.unchanged)} 个不变"


def preview_areas(rows: Sequence[AreaRow], *, allowed_area_ids: set[int] | None = None) -> AreaPreview:
    """Sort the rows into new, changed (old → new name and parent) and unchanged; writes nothing."""
    plan = _check(rows, allowed_area_ids)
    names = dict(Area.objects.filter(code__in={r.parent for r, _ in plan.rows}).values_list("code", "name"))
    names |= {r.code: r.name for r, _ in plan.rows}
    preview = AreaPreview()
    for row, kind in sorted(plan.rows, key=lambda item: item[0].line):
        line = {
            "line": row.line,
            "code": row.code,
            "name": row.name,
            "kind": dict(AreaKind.choices)[kind],
            "parent": names.get(row.parent, "") if row.parent else "（无）",
        }
        area = plan.existing.get(row.code)
        if area is None:
            preview.created.append(line)
            continue
        changes = []
        if area.name != row.name:
            changes.append(("名称", area.name, row.name))
        if (area.parent.code if area.parent else "") != row.parent:
            changes.append(("上级", area.parent.name if area.parent else "（无）", line["parent"]))
        (preview.updated if changes else preview.unchanged).append({**line, "changes": changes})
    return preview


def rows_of(records: Iterable[tuple[str, str, str, str]], *, first_line: int = 2) -> list[AreaRow]:
    """``AreaRow``s from (code, name, kind label, parent) tuples, numbered as in a file with a header."""
    return [AreaRow(first_line + i, *record) for i, record in enumerate(records)]
