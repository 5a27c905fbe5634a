"""What an enterprise workbook would do, before it does it: enterprises and qualifications to add, to change, unchanged.

The comparison is the writer's own (``COMPARED``, a new stage, a qualification
keyed by type + issue date or type + year, a new certificate number), so the preview
says exactly what confirming writes. Its ``digest`` names it: the confirmation writes
only while the data still gives the same preview.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from kechuang.registry.imports.reading import _EnterpriseRow, _QualificationRow, read_workbook
from kechuang.registry.imports.workbook import COMPARED, LOOKUP_CHUNK
from kechuang.registry.models import Enterprise, Qualification, Stage
from kechuang.tenancy.models import Area

ADD, CHANGE, SAME = "add", "change", "same"
FIELD_LABELS = {
    "name": "企业名称",
    "area_id": "所在地区",
    "industry": "所属行业",
    "address": "地址",
    "contact_name": "联系人",
    "contact_phone": "联系电话",
}
_STAGES = dict(Stage.choices)


@dataclass(frozen=True)
class EnterpriseLine:
    """One enterprise row; ``changes`` lists (field, old, new) in words people read."""

    row: int
    uscc: str
    name: str
    area: str
    kind: str
    changes: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class QualificationLine:
    """One qualification row; ``old_certificate`` is set when the certificate number changes."""

    row: int
    uscc: str
    qualification: str
    when: str
    certificate: str
    kind: str
    old_certificate: str = ""


@dataclass
class RegistryPreview:
    enterprises: dict[str, list[EnterpriseLine]] = field(
        default_factory=lambda: {ADD: [], CHANGE: [], SAME: []}
    )
    qualifications: dict[str, list[QualificationLine]] = field(
        default_factory=lambda: {ADD: [], CHANGE: [], SAME: []}
    )

    @property
    def digest(self) -> str:
        """A fingerprint of everything shown: equal digests mean the same writes."""
        h = hashlib.sha256()
        for group in (self.enterprises, self.qualifications):
            for kind in (ADD, CHANGE, SAME):
                for line in group[kind]:
                    h.update(repr(line).encode())
        return h.hexdigest()

    @property
    def summary(self) -> str:
        e, q = self.enterprises, self.qualifications
        return (
            f"企业：新增 {len(e[ADD])} 家，变更 {len(e[CHANGE])} 家，未变 {len(e[SAME])} 家；"
            f"资质：新增 {len(q[ADD])} 条，变更 {len(q[CHANGE])} 条，未变 {len(q[SAME])} 条"
        )


def _chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def diff_rows(
    enterprise_rows: list[_EnterpriseRow], qualification_rows: list[_QualificationRow]
) -> RegistryPreview:
    """Sort checked rows by what writing them would do, against what is saved now. Reads only."""
    preview = RegistryPreview()
    codes = list({r.uscc for r in enterprise_rows} | {r.uscc for r in qualification_rows})
    found: dict[str, Enterprise] = {}
    for chunk in _chunks(codes, LOOKUP_CHUNK):
        found.update({e.uscc: e for e in Enterprise.objects.filter(uscc__in=chunk)})
    area_names = dict(Area.objects.values_list("pk", "name"))
    for r in enterprise_rows:
        values = {k: v for k, v in r.fields.items() if k != "area"}
        values["area_id"] = r.fields["area"].pk
        e = found.get(r.uscc)
        base = {"row": r.row, "uscc": r.uscc, "name": values["name"], "area": r.fields["area"].name}
        if e is None:
            preview.enterprises[ADD].append(EnterpriseLine(kind=ADD, **base))
            continue
        changes = []
        for k in COMPARED:
            old, new = getattr(e, k), values[k]
            if old != new:
                if k == "area_id":
                    old, new = area_names.get(old, ""), area_names.get(new, "")
                changes.append((FIELD_LABELS[k], str(old or "（空）"), str(new or "（空）")))
        if r.stage and r.stage != e.stage:
            changes.append(("培育阶段", _STAGES.get(e.stage, "（空）"), _STAGES[r.stage]))
        kind = CHANGE if changes else SAME
        preview.enterprises[kind].append(EnterpriseLine(kind=kind, changes=tuple(changes), **base))
    ids = {uscc: e.pk for uscc, e in found.items()}
    have: dict[tuple, Qualification] = {}
    for chunk in _chunks(list(ids.values()), LOOKUP_CHUNK):
        for q in Qualification.objects.filter(enterprise_id__in=chunk):
            have[_key(q.enterprise_id, q.type_id, q.issued_on, q.year)] = q
    in_file: dict[tuple, str] = {}
    for r in qualification_rows:
        key = _key(ids.get(r.uscc, r.uscc), r.qtype.pk, r.issued_on, r.year)
        base = {
            "row": r.row,
            "uscc": r.uscc,
            "qualification": r.qtype.name,
            "when": f"{r.year}年度" if r.year is not None else f"{r.issued_on:%Y-%m-%d}",
            "certificate": r.certificate_no,
        }
        old = have[key].certificate_no if key in have else in_file.get(key)
        if old is None:
            preview.qualifications[ADD].append(QualificationLine(kind=ADD, **base))
            in_file[key] = r.certificate_no
        elif r.certificate_no and r.certificate_no != old:
            preview.qualifications[CHANGE].append(QualificationLine(kind=CHANGE, old_certificate=old, **base))
            in_file[key] = r.certificate_no
        else:
            preview.qualifications[SAME].append(QualificationLine(kind=SAME, **base))
    return preview


def _key(enterprise: int | str, type_id: int, issued_on: object, year: int | None) -> tuple:
    return (enterprise, type_id, year) if year is not None else (enterprise, type_id, issued_on)


def preview_enterprises(data: bytes, *, user: object) -> RegistryPreview:
    """What importing this workbook would do; raises ``ImportRefused`` with every row error. Writes nothing."""
    enterprise_rows, qualification_rows = read_workbook(data, user=user)
    return diff_rows(enterprise_rows, qualification_rows)
