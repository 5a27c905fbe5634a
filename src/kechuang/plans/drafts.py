"""Draft plans: a document read into a draft, reviewed and corrected by staff, then published.

Nothing a reader produces counts until a person has looked at it: an uploaded
document becomes a plan with status ``draft``; corrections are refused once the plan is
published; it leaves draft only through ``kechuang.plans.lifecycle`` (submitted for
approval, published by the district).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from kechuang.common.untrusted import LimitExceeded, untrusted_parser
from kechuang.common.uploads import too_large
from kechuang.plans.enums import PlanStatus
from kechuang.plans.models import Plan
from kechuang.tenancy.access import can_change_area, writable_area_ids
from kechuang.tenancy.domain import AreaAmbiguous, AreaNotFound, find_area
from kechuang.tenancy.models import Area

# The reader stops itself after this long; a web request must never wait longer.
READ_TIMEOUT_S = 20.0
# Figures a plan document brought in; the observations app names this source "plan_document".
_PLAN_DOCUMENT_SOURCE = "plan_document"


class DraftError(ValueError):
    """A draft cannot be made or changed as asked; the message is one Chinese line and nothing was written."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(str(message).split()))


# --- reading a document ---------------------------------------------------------------------------


def sniff_document(data: bytes) -> str:
    """The document's type judged by its bytes — ``pdf``, ``docx``, ``doc``, ``rtf``, ``html`` or ``txt`` —
    whatever its name says.

    Why by content: a name is whatever the uploader typed; a PNG renamed .pdf or a
    zip renamed .docx must be refused with a clear reason, not handed to a parser.
    The reader's own detection decides (one place), so the upload accepts exactly
    what the reader reads; whether a "text" is text is judged as it is decoded.
    """
    from kechuang.reader import ReaderError
    from kechuang.reader.formats import detect_format

    if not data:
        raise DraftError("文件为空")
    try:
        kind = detect_format(data)
    except ReaderError as exc:
        raise DraftError(str(exc)) from None
    return "txt" if kind == "text" else kind


def _safe_name(filename: str, kind: str) -> str:
    """The stored file name: the uploader's stem, made safe, with the suffix its content earned.

    A WPS file is a Word 97–2003 file inside, so either name fits it: the uploader's is kept.
    """
    path = PurePath(filename.replace("\\", "/"))
    stem = re.sub(r"[^\w\-\u4e00-\u9fff]+", "_", path.stem).strip("._")[:80] or "plan"
    suffix = "wps" if kind == "doc" and path.suffix.lower() == ".wps" else kind
    return f"{stem}.{suffix}"


def _narrowest_named(area: Area, doc: dict) -> Area:
    """The most specific area below ``area`` that the title or issuer names (“金山区朱泾镇…” is 朱泾镇's).

    The reader takes the first district-like name; a town or park named right after it is the
    plan's real owner. Two towns named at once leave it at the level above.
    """
    text = f"{doc.get('title') or ''} {doc.get('issuer') or ''}"
    found, frontier = area, [area]
    while frontier:
        named = [c for c in Area.objects.filter(parent__in=frontier) if c.name and c.name in text]
        if len(named) != 1:
            break
        found, frontier = named[0], named
    return found


def document_area(extraction: dict, *, within: Collection[int] | None = None) -> Area | None:
    """The area the document itself names, or None when it names none we know; a name several
    areas share is settled by `within` (the uploader's areas) or refused (`AreaAmbiguous`)."""
    doc = extraction.get("document") or {}
    region = (doc.get("region") or "").strip()
    if not region:
        return None
    try:
        return _narrowest_named(find_area(region, within=within), doc)
    except AreaAmbiguous:
        raise
    except AreaNotFound:
        return None


def _scope_names(user: object) -> str:
    from kechuang.tenancy.access import member_areas

    return "、".join(a.name for a in member_areas(user)) or "任何地区"


def _resolve_area(extraction: dict, area: Area | None, acting_user: object) -> Area:
    """The plan's area: the one its document names, never silently another.

    A document naming an area the uploader may not change is refused with both areas named (a
    town's liaison cannot file the district's plan under the town); a document naming another
    area than the one chosen is refused too. Only a document that names no known area takes
    the chosen one.
    """
    within = set(area.descendant_ids()) if area is not None else writable_area_ids(acting_user)
    try:
        named = document_area(extraction, within=within)
    except AreaAmbiguous as exc:
        raise DraftError(f"{exc}；也可在上传时选择地区") from None
    region = ((extraction.get("document") or {}).get("region") or "").strip()
    if named is None:
        if area is not None:
            return area
        if region:
            raise DraftError(f"文件所写地区“{region}”不在地区库中，请在上传时选择地区")
        raise DraftError("文件未写明地区，请在上传时选择地区")
    if not can_change_area(acting_user, named):
        yours = area.name if area is not None else _scope_names(acting_user)
        relabel = f"，也不会改记到“{area.name}”名下" if area is not None else ""
        raise DraftError(
            f"文件所写地区为“{named.name}”，不在您负责的“{yours}”范围内，不能由您上传{relabel}；"
            f"“{named.name}”的规划请由该地区的区级管理员或联络员上传"
        )
    if area is not None and area.pk != named.pk:
        raise DraftError(
            f"文件所写地区为“{named.name}”，与所选的“{area.name}”不一致，规划不会改记到其他地区；"
            f"请选择“{named.name}”或“按文件所写地区识别”后重新上传"
        )
    return named


def _complete_document(extraction: dict, filename: str) -> None:
    """Fill a title and period the document does not state, so a short note still becomes a draft.

    The title falls back to the file name; the period ends at the latest goal or task year
    and starts at the issue year (or that end year). The reviewer sees both on the review page.
    """
    doc = extraction.setdefault("document", {})
    if not doc.get("title"):
        stem = PurePath(filename or "").stem.strip()
        doc["title"] = stem or "未命名规划"
    if doc.get("period"):
        return
    years = [t["year"] for ind in extraction.get("indicators") or [] for t in ind.get("targets") or []]
    years += [t["deadline"] for t in extraction.get("tasks") or [] if t.get("deadline")]
    if not years:  # a page with no goals still becomes a draft: the reviewer fills the period in
        issued = str(doc.get("issued") or "")[:4]
        year = int(issued) if issued.isdigit() else timezone.localdate().year
        doc["period"] = {"start": year, "end": year}
        return
    end = max(years)
    issued = str(doc.get("issued") or "")[:4]
    start = int(issued) if issued.isdigit() and int(issued) <= end else min(min(years), end)
    doc["period"] = {"start": start, "end": end}


@untrusted_parser
def read_document(data: bytes, filename: str, *, max_bytes: int, timeout_s: float) -> tuple[str, dict]:
    """The document's type and what the reader found in it, read in a limited child process.

    Why a child: a Word file of a megabyte can unpack to gigabytes, and a text
    of short lines can keep the reader busy for minutes; the child takes the
    blow (see ``kechuang.common.untrusted``). Raises :class:`DraftError`.
    """
    from kechuang.reader import ReaderError, extract_bytes

    kind = sniff_document(data)
    try:
        return kind, extract_bytes(data, _safe_name(filename, kind), max_bytes=max_bytes, timeout_s=timeout_s)
    except ReaderError as exc:
        raise DraftError(str(exc) or "无法读取该文件") from None


def create_draft_from_document(
    data: bytes,
    filename: str,
    *,
    area: Area | None,
    acting_user: object,
    max_bytes: int | None = None,
    timeout_s: float = READ_TIMEOUT_S,
) -> Plan:
    """Read a plan document into a draft plan for review.

    The type is judged by content; the reader runs with a size and time limit.
    Side effects, all or nothing: the plan (status ``draft``) with its indicators,
    targets, tasks and the figures the document reports (via ``import_plan``),
    and the document itself saved as ``Plan.source_file``. Any fault — unreadable
    bytes, a reader error, a document naming an area the user may not change or
    another area than the one chosen — raises :class:`DraftError` and writes nothing.
    A document that is likely a plan already here (``kechuang.plans.duplicates``)
    becomes a draft marked ``duplicate_of``, which waits for its uploader's decision.
    """
    import kechuang.reader  # noqa: F401 - imported once here, so that every reading child inherits it
    from kechuang.plans.transfer import PlanImportError, import_plan

    limit = settings.KECHUANG_MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    too_big = too_large(data, limit)
    if too_big:
        raise DraftError(too_big)
    try:
        kind, extraction = read_document(data, filename, max_bytes=limit, timeout_s=timeout_s)
    except LimitExceeded as exc:
        raise DraftError(str(exc)) from None
    name = _safe_name(filename, kind)
    _complete_document(extraction, filename)
    target_area = _resolve_area(extraction, area, acting_user)
    if not can_change_area(acting_user, target_area):
        raise DraftError(f"您无权在“{target_area.name}”建立规划，请选择您负责的地区")
    likely = likely_duplicates(extraction, target_area, acting_user)
    try:
        with transaction.atomic():
            plan = import_plan(
                extraction,
                area=target_area,
                status=PlanStatus.DRAFT,
                acting_user=acting_user,
                duplicate_of=likely[0] if likely else None,
            )
            plan.source_file.save(name, ContentFile(data), save=True)
    except PlanImportError as exc:
        raise DraftError(f"读取结果无法导入：{exc}") from None
    except OSError:
        raise DraftError("原始文件无法保存，请联系管理员检查存储目录") from None
    return plan


def likely_duplicates(extraction: dict, area: Area, user: object) -> list[Plan]:
    """Plans the uploader may see that this document likely repeats (same title once written
    alike, same area with overlapping period or the same period)."""
    from kechuang.plans.access import plan_filter
    from kechuang.plans.duplicates import matching_plans, visible_matches
    from kechuang.plans.titles import title_key

    doc = extraction.get("document") or {}
    period = doc.get("period") or {}
    found = matching_plans(
        area=area,
        key=title_key(doc.get("title") or "", doc.get("issuer") or ""),
        period_start=period.get("start"),
        period_end=period.get("end"),
    )
    return visible_matches(found, plan_filter(user))


# --- review ---------------------------------------------------------------------------------------
