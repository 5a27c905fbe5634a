"""Writing checked workbook rows: bulk creates and updates, one audit entry and the derived figures, in one transaction."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from kechuang.common.busy import is_busy_error
from kechuang.registry.figures import refresh_registry_observations
from kechuang.registry.imports.preview import diff_rows
from kechuang.registry.imports.reading import _EnterpriseRow, _QualificationRow, read_workbook
from kechuang.registry.imports.workbook import (
    COMPARED,
    LOOKUP_CHUNK,
    ImportFailed,
    ImportResult,
    PreviewChanged,
)
from kechuang.registry.models import Enterprise, LadderStage, Qualification
from kechuang.tenancy.domain.audit import record_audit
from kechuang.tenancy.models import Membership, Role

logger = logging.getLogger(__name__)


def _chunks(items: list, size: int) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


PREVIEW_CHANGED = (
    "预览之后数据已有变化（他人修改了其中的企业或资质），本次没有写入任何数据，请核对新的预览后再确认"
)


def import_enterprises(
    data: bytes, *, user: object, filename: str = "", expected_digest: str | None = None
) -> ImportResult:
    """Import a workbook of enterprises and qualifications, and the figures derived from them; all or nothing.

    Why: liaisons keep their lists in Excel; the registry must take them whole or
    tell them every row to fix, and the monitoring figures computed from the
    registry must never disagree with what was saved. Side effects, in one
    transaction: creates and updates enterprises, qualifications and ladder
    history; one ``AuditEntry`` with the counts when anything changed; recomputes
    the registry's observations for the years the file touches, on every import
    (a re-import that changes no row still repairs stale figures; see
    ``figures.refresh_registry_observations``). When the figures cannot be
    recomputed nothing is saved and ``ImportFailed`` says so in Chinese.

    A person confirming a preview passes its ``expected_digest``; when the data no
    longer gives that preview, nothing is written and ``PreviewChanged`` is raised.
    """
    enterprise_rows, qualification_rows = read_workbook(data, user=user)
    try:
        with transaction.atomic():
            if (
                expected_digest is not None
                and diff_rows(enterprise_rows, qualification_rows).digest != expected_digest
            ):
                raise PreviewChanged([PREVIEW_CHANGED])
            result = _write(enterprise_rows, qualification_rows, user=user, filename=filename)
            for year in sorted(result.years):
                result.figures_changed += refresh_registry_observations(year=year, acting_user=user)
    except PreviewChanged:
        raise
    except Exception as exc:
        if is_busy_error(exc):
            raise ImportFailed(
                ["系统正忙（其他用户正在写入数据），本次导入没有写入任何数据，请稍后重新上传"]
            ) from exc
        logger.exception("企业导入失败，已全部撤销：%s", filename)
        raise ImportFailed(
            [
                "导入时出错，本次导入没有写入任何数据（企业、资质和由登记库汇总的监测数据均未改变），"
                "请稍后重试；如仍失败请联系管理员"
            ]
        ) from exc
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
    result.years.add(today.year)  # stages and carriers count as of now
    if result.changed:
        record_audit(
            acting_user=user,
            action="import",
            model="registry.enterprise",
            object_id="",
            object_repr=f"Excel 导入 {filename}"[:200],
            changes=result.counts(),
            area=_importer_area(user),
        )
    return result


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
        # Unchanged rows touch their years too, so a re-import recomputes (and repairs) those figures.
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


def _importer_area(user: object) -> object | None:
    """The area a bulk import is filed under in the audit trail: the importer's own, when they have one.

    A superuser's import spans areas and stays visible to superusers only.
    """
    areas = (
        {
            m.area
            for m in Membership.objects.filter(
                user=user, role__in=[Role.DISTRICT_ADMIN, Role.LIAISON]
            ).select_related("area")
        }
        if getattr(user, "is_authenticated", False)
        else set()
    )
    return areas.pop() if len(areas) == 1 else None
