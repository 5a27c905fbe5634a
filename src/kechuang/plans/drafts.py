"""Draft plans: a document read into a draft, reviewed and corrected by staff, then published.

Nothing a reader produces counts until a person has looked at it: an uploaded
document becomes a plan with status ``draft``; every correction below is refused
once the plan is published; ``publish_plan`` is the only way out of draft.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from kechuang.common.periods import MAX_YEAR, MIN_YEAR
from kechuang.common.uploads import too_large
from kechuang.plans.catalog import infer_direction
from kechuang.plans.enums import Attribute, Comparator, PlanStatus, TargetKind
from kechuang.plans.models import CatalogIndicator, Indicator, Plan, Target
from kechuang.registry.access import can_change_area, visible_area_ids, writable_area_ids
from kechuang.registry.domain import AreaNotFound, find_area
from kechuang.registry.models import Area

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
    """The document's type judged by its bytes — ``pdf``, ``docx`` or ``txt`` — whatever its name says.

    Why by content: a name is whatever the uploader typed; a PNG renamed .pdf or a
    zip renamed .docx must be refused with a clear reason, not handed to a parser.
    """
    if not data:
        raise DraftError("文件为空")
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            raise DraftError("文件不是有效的 Word（.docx）文档") from None
        if "word/document.xml" not in names:
            raise DraftError("压缩文件不是 Word（.docx）文档，请上传 .docx、.pdf 或 .txt 文件")
        return "docx"
    if _looks_like_text(data):
        return "txt"
    raise DraftError("无法识别的文件类型，请上传 .docx、.pdf 或文本（.txt）格式的规划文件")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _looks_like_text(data: bytes) -> bool:
    """Text in one of the encodings Chinese plans come in, without the control bytes binaries carry."""
    sample = data[: 64 * 1024]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        if b"\x00" in sample:
            return False
        encodings = ["utf-8-sig", "gb18030"]
    for encoding in encodings:
        try:
            # A cut in the middle of a multi-byte character is not a fault of the file.
            text = sample.decode(encoding) if len(sample) == len(data) else _decode_prefix(sample, encoding)
        except UnicodeDecodeError:
            continue
        if not text.strip():
            return False
        return len(_CONTROL.findall(text)) <= len(text) // 1000
    return False


def _decode_prefix(sample: bytes, encoding: str) -> str:
    for cut in range(4):
        try:
            return sample[: len(sample) - cut].decode(encoding)
        except UnicodeDecodeError:
            if cut == 3:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _safe_name(filename: str, kind: str) -> str:
    """The stored file name: the uploader's stem, made safe, with the suffix its content earned."""
    stem = PurePath(filename.replace("\\", "/")).stem
    stem = re.sub(r"[^\w\-\u4e00-\u9fff]+", "_", stem).strip("._")[:80] or "plan"
    return f"{stem}.{kind}"


def _resolve_area(extraction: dict, area: Area | None) -> Area:
    if area is not None:
        return area
    region = ((extraction.get("document") or {}).get("region") or "").strip()
    if not region:
        raise DraftError("文件未写明地区，请在上传时选择地区")
    try:
        return find_area(region)
    except AreaNotFound as exc:
        raise DraftError(f"文件所写地区：{exc}，请在上传时选择地区") from None


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
    if not years:
        raise DraftError("未能识别规划期：文件中没有写明年份（如“2024—2026年”或“到2026年”）")
    end = max(years)
    issued = str(doc.get("issued") or "")[:4]
    start = int(issued) if issued.isdigit() and int(issued) <= end else min(min(years), end)
    doc["period"] = {"start": start, "end": end}


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
    bytes, a reader error, an area the user may not change, a plan that already
    exists — raises :class:`DraftError` and writes nothing.
    """
    from kechuang.plans.transfer import PlanImportError, import_plan
    from kechuang.reader import ReaderError, extract_bytes

    limit = settings.KECHUANG_MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    too_big = too_large(data, limit)
    if too_big:
        raise DraftError(too_big)
    kind = sniff_document(data)
    name = _safe_name(filename, kind)
    try:
        extraction = extract_bytes(data, name, max_bytes=limit, timeout_s=timeout_s)
    except ReaderError as exc:
        raise DraftError(str(exc) or "无法读取该文件") from None
    _complete_document(extraction, filename)
    target_area = _resolve_area(extraction, area)
    if not can_change_area(acting_user, target_area):
        raise DraftError(f"您无权在“{target_area.name}”建立规划，请选择您负责的地区")
    doc = extraction.get("document") or {}
    period = doc.get("period") or {}
    existing = Plan.objects.filter(
        area=target_area,
        title=doc.get("title"),
        period_start=period.get("start"),
        period_end=period.get("end"),
    ).first()
    if existing is not None:
        raise DraftError(
            f"规划“{existing.title}”（{target_area.name}，{existing.period_start}–{existing.period_end}）"
            f"已存在（编号 {existing.pk}，{existing.get_status_display()}）"
        )
    try:
        with transaction.atomic():
            plan = import_plan(extraction, area=target_area, status=PlanStatus.DRAFT, acting_user=acting_user)
            plan.source_file.save(name, ContentFile(data), save=True)
    except PlanImportError as exc:
        raise DraftError(f"读取结果无法导入：{exc}") from None
    except OSError:
        raise DraftError("原始文件无法保存，请联系管理员检查存储目录") from None
    return plan


# --- who sees drafts ------------------------------------------------------------------------------


def plans_visible_to(user: object) -> QuerySet[Plan]:
    """Plans a user may read, where a draft counts only for those who may change its area.

    Why: a draft is the reader's unchecked guess; showing it to read-only users
    would let unreviewed figures pass for the plan.
    """
    qs = Plan.objects.select_related("area")
    visible = visible_area_ids(user)
    if visible is not None:
        qs = qs.filter(area_id__in=visible)
    writable = writable_area_ids(user)
    if writable is not None:
        qs = qs.filter(Q(status=PlanStatus.PUBLISHED) | Q(area_id__in=writable))
    return qs


# --- review ---------------------------------------------------------------------------------------


def _lock_draft(plan: Plan) -> Plan:
    """The plan row, locked and re-read, so that a publish in between cannot be edited past."""
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    if current.status != PlanStatus.DRAFT:
        raise DraftError("规划已发布，不能再修改")
    return current


def _text(value: object, label: str, max_len: int, *, required: bool = False) -> str:
    text = "" if value is None else " ".join(str(value).split())
    if required and not text:
        raise DraftError(f"{label}不能为空")
    if len(text) > max_len:
        raise DraftError(f"{label}过长（不超过 {max_len} 字）")
    return text


@transaction.atomic
def update_indicator(
    indicator: Indicator,
    *,
    name: str,
    unit: str,
    category: str,
    attribute: str,
    catalog: CatalogIndicator | None,
    acting_user: object,
) -> Indicator:
    """Correct what the reader made of an indicator and map it to the catalogue.

    Side effects: saves the indicator; its direction follows the new name or
    catalogue entry; figures already attached to it are relabelled with the new
    catalogue entry so that cross-area comparisons see them.
    """
    _lock_draft(indicator.plan)
    clean_name = _text(name, "指标名称", 300, required=True)
    clean_unit = _text(unit, "单位", 32)
    clean_category = _text(category, "指标类别", 100)
    attribute = attribute or ""
    if attribute and attribute not in Attribute.values:
        raise DraftError(f"属性“{attribute}”无效，可选：{'、'.join(Attribute.labels)}")
    catalog_changed = indicator.catalog_id != (catalog.pk if catalog else None)
    indicator.name = clean_name
    indicator.unit = clean_unit
    indicator.category = clean_category
    indicator.attribute = attribute
    indicator.catalog = catalog
    indicator.direction = infer_direction(clean_name, catalog)
    indicator.save(update_fields=["name", "unit", "category", "attribute", "catalog", "direction"])
    if catalog_changed:
        indicator.observations.update(catalog=catalog)
    return indicator


def _year(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise DraftError(f"年份“{value}”应为整数")
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise DraftError(f"年份 {value} 超出合理范围（{MIN_YEAR}–{MAX_YEAR}）")
    return value


def _value(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise DraftError(f"目标值“{value}”不是有效数字")
    return float(value)


@transaction.atomic
def update_target(
    target: Target, *, year: int, value: float | None, comparator: str, kind: str, acting_user: object
) -> Target:
    """Correct a target's year, value, comparator or kind. Side effect: saves the target."""
    _lock_draft(target.indicator.plan)
    clean_year, clean_value = _year(year), _value(value)
    if comparator not in Comparator.values:
        raise DraftError(f"比较方式“{comparator}”无效，可选：{'、'.join(Comparator.labels)}")
    if kind not in TargetKind.values:
        raise DraftError(f"目标类型“{kind}”无效，可选：{'、'.join(TargetKind.labels)}")
    target.year, target.value = clean_year, clean_value
    target.comparator = comparator
    target.kind = kind
    target.save(update_fields=["year", "value", "comparator", "kind"])
    return target


def _join_evidence(a: str, b: str) -> str:
    if not b or b in a:
        return a
    if not a or a in b:
        return b
    return f"{a}\n{b}"


@transaction.atomic
def merge_indicators(keep: Indicator, drop: Indicator, *, acting_user: object) -> Indicator:
    """Make two entries one indicator, as when a table and a sentence state the same goal.

    Side effects: ``drop``'s targets and figures move to ``keep`` (a target equal
    to one ``keep`` has is discarded; a figure for a period ``keep`` already has
    must agree with it, else nothing changes); fields ``keep`` leaves empty are
    filled from ``drop``; evidence of both is kept; ``drop`` is deleted.
    """
    if keep.pk == drop.pk:
        raise DraftError("不能把指标合并到它自己")
    if keep.plan_id != drop.plan_id:
        raise DraftError("只能合并同一规划中的指标")
    _lock_draft(keep.plan)
    keep_figures = {(o.area_id, o.period): o for o in keep.observations.all()}
    for obs in drop.observations.all():
        twin = keep_figures.get((obs.area_id, obs.period))
        if twin is not None and twin.value != obs.value:
            raise DraftError(
                f"两项指标 {obs.period} 的数值不一致（{twin.value:g} 与 {obs.value:g}），请先核对后再合并"
            )
    for obs in drop.observations.all():
        if (obs.area_id, obs.period) in keep_figures:
            obs.delete()  # the same figure is already on the kept indicator
        else:
            obs.indicator = keep
            obs.catalog = keep.catalog
            obs.save(update_fields=["indicator", "catalog"])

    existing = {(t.year, t.value, t.comparator, t.kind): t for t in keep.targets.all()}
    next_position = (keep.targets.aggregate(m=Max("position"))["m"] or 0) + 1
    for target in drop.targets.order_by("year", "position", "pk"):
        twin = existing.get((target.year, target.value, target.comparator, target.kind))
        if twin is not None:
            twin.evidence = _join_evidence(twin.evidence, target.evidence)
            twin.text = twin.text or target.text
            twin.save(update_fields=["evidence", "text"])
            continue
        target.indicator = keep
        target.position = next_position
        next_position += 1
        target.save(update_fields=["indicator", "position"])

    for field in ("unit", "category", "attribute", "note", "data_source"):
        if not getattr(keep, field):
            setattr(keep, field, getattr(drop, field))
    if keep.baseline_value is None and drop.baseline_value is not None:
        keep.baseline_year, keep.baseline_value = drop.baseline_year, drop.baseline_value
    if keep.catalog_id is None and drop.catalog_id is not None:
        keep.catalog_id = drop.catalog_id
        keep.observations.update(catalog_id=drop.catalog_id)
    keep.evidence = _join_evidence(keep.evidence, drop.evidence)
    keep.save()
    drop.delete()
    return keep


@transaction.atomic
def drop_indicator(indicator: Indicator, *, acting_user: object) -> None:
    """Remove an entry the reader should not have made (a subsidy amount, a scope statement).

    Side effects: deletes the indicator, its targets, and the figures the
    document itself reported for it. Figures people or statistics supplied are
    never deleted this way: such an indicator is refused.
    """
    _lock_draft(indicator.plan)
    if indicator.observations.exclude(source=_PLAN_DOCUMENT_SOURCE).exists():
        raise DraftError(f"指标“{indicator.name}”已有录入的数据，不能删除")
    indicator.observations.all().delete()
    indicator.delete()


@transaction.atomic
def publish_plan(plan: Plan, *, acting_user: object) -> Plan:
    """Release a reviewed draft: from now on it is monitored, reported and shown publicly.

    Side effects: status becomes ``published``; who published and when are recorded.
    A plan with neither indicators nor tasks is refused — there would be nothing to monitor.
    """
    current = _lock_draft(plan)
    if not current.indicators.exists() and not current.tasks.exists():
        raise DraftError("规划没有任何指标或任务，不能发布")
    current.status = PlanStatus.PUBLISHED
    current.published_at = timezone.now()
    current.published_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    current.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    plan.refresh_from_db()
    return plan
