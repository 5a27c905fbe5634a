"""Appeals against a confirmed run, the district's decisions, and a run's effective results.

Rules (issue 15):
- Only a confirmed run can be appealed, and only by the unit itself: a carrier's operator for a
  carrier unit, the liaison of that town or park for an area unit. One pending appeal per unit.
- Only the district decides: a district administrator of the run's area, or a superuser. A
  rejection needs a reason; an acceptance needs a reason and a new score and/or rating.
- The run never changes: an accepted appeal writes a ``RunAdjustment``; ``effective_results``
  applies the adjustments, recomputes the ranks and marks each adjusted unit “经申诉调整”.
- Every filing, decision and adjustment goes to the audit trail; filer and district are told
  through the notification inbox.
"""

from __future__ import annotations

import copy
import math
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kechuang.common.attachments import delete_stored, store_upload
from kechuang.common.users import display_name
from kechuang.evaluation.models import (
    Appeal,
    AppealEvidence,
    AppealStatus,
    EvaluationRun,
    RunAdjustment,
    RunStatus,
)
from kechuang.evaluation.units import parse_unit_key
from kechuang.notifications.domain import notify
from kechuang.notifications.recipients import area_role_holders
from kechuang.tenancy.access import administered_area_ids, operated_carrier_ids
from kechuang.tenancy.domain.audit import RuleError, record_audit
from kechuang.tenancy.models import Membership, Role

ADJUSTED = "经申诉调整"
NOT_CONFIRMED = "该次评价尚未确认，不能申诉；评价结果确认后方可提出申诉"
NOT_YOUR_UNIT = "只能对本单位的评价结果提出申诉"
ONLY_DISTRICT = "只有区科委（本区管理员）可以处理申诉"
MAX_TEXT = 5000


# --- who ---------------------------------------------------------------------------------------


def liaison_area_ids(user: object) -> set[int]:
    """The towns and parks a user is liaison of (the area itself, not those below it)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        Membership.objects.filter(user=user, role=Role.LIAISON, carrier__isnull=True).values_list(
            "area_id", flat=True
        )
    )


def speaks_for(user: object, unit: str) -> bool:
    """Whether the user is the unit: its carrier's operator, or the liaison of that area."""
    ref = parse_unit_key(unit)
    if ref is None:
        return False
    if ref.kind == "carrier":
        return ref.pk in operated_carrier_ids(user)
    if ref.kind == "area":
        return ref.pk in liaison_area_ids(user)
    return False


def can_decide(user: object, run: EvaluationRun) -> bool:
    """The district decides: an administrator of the run's area, or a superuser."""
    ids = administered_area_ids(user)
    return ids is None or run.area_id in ids


def unit_result(run: EvaluationRun, unit: str) -> dict[str, Any] | None:
    return next((r for r in run.results if r.get("unit") == unit), None)


def unit_name(run: EvaluationRun, unit: str) -> str:
    return str((run.units.get(unit) or {}).get("name") or unit)


def check_can_file(user: object, run: EvaluationRun, unit: str) -> None:
    """Refuse (Chinese reason) a filing that is not allowed; 404 for a unit not in the run."""
    if unit_result(run, unit) is None:
        raise Http404("该次评价中没有这个参评单位")
    if not speaks_for(user, unit):
        raise PermissionDenied(NOT_YOUR_UNIT)
    if run.status != RunStatus.CONFIRMED:
        raise RuleError(NOT_CONFIRMED)


def visible_appeals(user: object) -> QuerySet[Appeal]:
    """Appeals a user may read: their own unit's (as filer, operator or liaison), or their district's."""
    qs = Appeal.objects.select_related("run", "run__area", "run__scheme")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    ids = administered_area_ids(user)
    if ids is None:
        return qs
    units = [f"carrier:{pk}" for pk in operated_carrier_ids(user)]
    units += [f"area:{pk}" for pk in liaison_area_ids(user)]
    return qs.filter(Q(run__area_id__in=ids) | Q(unit__in=units) | Q(filed_by=user))


def get_appeal_for_user(user: object, pk: int) -> Appeal:
    appeal = visible_appeals(user).filter(pk=pk).first()
    if appeal is None:
        raise Http404("申诉不存在或无权查看")
    return appeal


def get_run_for_decider(user: object, pk: int) -> EvaluationRun:
    """A run the user decides appeals for; 404 otherwise (another district's run is not acknowledged)."""
    run = EvaluationRun.objects.select_related("area", "scheme").filter(pk=pk).first()
    if run is None or not getattr(user, "is_authenticated", False) or not can_decide(user, run):
        raise Http404("评价不存在或无权访问")
    return run


# --- filing ------------------------------------------------------------------------------------


def _text(value: object, label: str, *, required: bool) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise RuleError(f"{label}：不能为空")
    if len(text) > MAX_TEXT:
        raise RuleError(f"{label}：不能超过 {MAX_TEXT} 字")
    return text


def file_appeal(
    run: EvaluationRun,
    unit: str,
    *,
    acting_user: object,
    reason: str,
    evidence_text: str = "",
    upload: object | None = None,
) -> Appeal:
    """Record a unit's objection (with optional evidence file) and tell the district.

    Raises ``RuleError`` (draft run, empty reason, a pending appeal already), ``PermissionDenied``
    (not the user's unit), ``AttachmentRefused`` (a file of the wrong type or too large);
    nothing is saved then. Side effects: ``Appeal`` (+ ``AppealEvidence``), audit, notifications.
    """
    check_can_file(acting_user, run, unit)
    reason = _text(reason, "申诉理由", required=True)
    evidence_text = _text(evidence_text, "证据说明", required=False)
    if Appeal.objects.filter(run=run, unit=unit, status=AppealStatus.PENDING).exists():
        raise RuleError("本单位已有一件待处理的申诉，请等待区科委处理后再提出")
    stored = store_upload(upload) if upload else None
    try:
        with transaction.atomic():
            result = unit_result(run, unit) or {}
            appeal = Appeal.objects.create(
                run=run,
                unit=unit,
                unit_name=unit_name(run, unit)[:200],
                reason=reason,
                evidence_text=evidence_text,
                filed_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
                filed_by_name=display_name(acting_user),
            )
            changes: dict[str, Any] = {"reason": [None, reason], "原得分": result.get("score")}
            if result.get("rating"):
                changes["原评级"] = result.get("rating")
            if stored is not None:
                AppealEvidence.objects.create(
                    appeal=appeal,
                    original_name=stored.original_name,
                    stored_name=stored.stored_name,
                    kind=stored.kind,
                    size=stored.size,
                    sha256=stored.sha256,
                    uploaded_by=appeal.filed_by,
                    uploaded_by_name=appeal.filed_by_name,
                )
                changes["证据文件"] = stored.original_name
            record_audit(acting_user=acting_user, action="appeal", obj=appeal, changes=changes)
            notify(
                area_role_holders(run.area, [Role.DISTRICT_ADMIN]),
                "appeal_filed",
                f"{appeal.unit_name}对{run.year}年评价结果提出申诉",
                f"评价：{run.scheme.name}（{run.year}年）\n申诉理由：{reason[:300]}",
                f"/evaluation/appeals/{appeal.pk}/",
                exclude=acting_user,
            )
    except IntegrityError:
        if stored is not None:
            delete_stored(stored.stored_name)
        raise RuleError("本单位已有一件待处理的申诉，请等待区科委处理后再提出") from None
    except BaseException:
        if stored is not None:
            delete_stored(stored.stored_name)
        raise
    return appeal


# --- deciding ----------------------------------------------------------------------------------


def rating_labels(run: EvaluationRun) -> list[str]:
    """The ratings the run's scheme gives, best first (an adjusted rating must be one of them)."""
    ratings = (run.scheme.definition or {}).get("ratings") or {}
    labels = [c.get("label") for c in ratings.get("cutoffs") or [] if c.get("label")]
    if ratings.get("otherwise"):
        labels.append(ratings["otherwise"])
    return labels


def _lock_pending(appeal: Appeal, user: object) -> Appeal:
    if not can_decide(user, appeal.run):
        raise PermissionDenied(ONLY_DISTRICT)
    locked = Appeal.objects.select_for_update().select_related("run", "run__scheme").get(pk=appeal.pk)
    if locked.status != AppealStatus.PENDING:
        raise RuleError("该申诉已处理，不能再次处理")
    return locked


def _tell_filer(appeal: Appeal, acting_user: object, what: str) -> None:
    people = [appeal.filed_by_id] if appeal.filed_by_id else []
    notify(
        people,
        "appeal_decided",
        f"您对{appeal.run.year}年评价结果的申诉{what}",
        f"处理意见：{appeal.decision_reason[:300]}",
        f"/evaluation/appeals/{appeal.pk}/",
        exclude=acting_user,
    )


def reject_appeal(appeal: Appeal, *, acting_user: object, reason: str) -> Appeal:
    """The district turns the objection down, with its reason; the result stands."""
    reason = _text(reason, "处理意见", required=True)
    with transaction.atomic():
        locked = _lock_pending(appeal, acting_user)
        locked.status = AppealStatus.REJECTED
        locked.decision_reason = reason
        locked.decided_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
        locked.decided_by_name = display_name(acting_user)
        locked.decided_at = timezone.now()
        locked.save()
        record_audit(
            acting_user=acting_user,
            action="appeal_reject",
            obj=locked,
            changes={"status": [AppealStatus.PENDING, AppealStatus.REJECTED], "reason": [None, reason]},
        )
        _tell_filer(locked, acting_user, "已被驳回")
    appeal.refresh_from_db()
    return appeal


def parse_score(raw: object) -> float | None:
    """An adjusted score from a form: empty = unchanged; else a number within 0–100."""
    text = str(raw if raw is not None else "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise RuleError(f"调整后得分：“{text}”不是数字") from None
    if not math.isfinite(value) or not 0 <= value <= 100:
        raise RuleError(f"调整后得分：应在 0 至 100 之间（{text}）")
    return round(value, 6)


def accept_appeal(
    appeal: Appeal,
    *,
    acting_user: object,
    reason: str,
    score: object = None,
    rating: str = "",
) -> RunAdjustment:
    """The district accepts the objection and sets the unit's score and/or rating, with its reason."""
    reason = _text(reason, "处理意见", required=True)
    new_score = parse_score(score)
    rating = str(rating or "").strip()
    labels = rating_labels(appeal.run)
    if rating and rating not in labels:
        choices = "、".join(labels) or "（该方案没有评级）"
        raise RuleError(f"调整后评级：“{rating}”不是该方案的评级，可选：{choices}")
    if new_score is None and not rating:
        raise RuleError("调整后得分、调整后评级：采纳申诉时至少填写一项")
    with transaction.atomic():
        locked = _lock_pending(appeal, acting_user)
        run = locked.run
        before = effective_result(run, locked.unit) or {}
        locked.status = AppealStatus.ACCEPTED
        locked.decision_reason = reason
        locked.decided_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
        locked.decided_by_name = display_name(acting_user)
        locked.decided_at = timezone.now()
        locked.save()
        adjustment = RunAdjustment.objects.create(
            run=run,
            appeal=locked,
            unit=locked.unit,
            old_score=before.get("score"),
            old_rating=before.get("rating") or "",
            score=new_score if new_score is not None else before.get("score"),
            rating=rating or before.get("rating") or "",
            reason=reason,
            decided_by=locked.decided_by,
        )
        record_audit(
            acting_user=acting_user,
            action="appeal_accept",
            obj=locked,
            changes={"status": [AppealStatus.PENDING, AppealStatus.ACCEPTED], "reason": [None, reason]},
        )
        record_audit(
            acting_user=acting_user,
            action="adjust",
            obj=adjustment,
            changes={
                "score": [adjustment.old_score, adjustment.score],
                "rating": [adjustment.old_rating, adjustment.rating],
                "reason": [None, reason],
            },
        )
        _tell_filer(locked, acting_user, "已被采纳，评价结果已调整")
    appeal.refresh_from_db()
    return adjustment


# --- effective results -------------------------------------------------------------------------


def _rank(results: list[dict[str, Any]]) -> None:
    """Competition ranks (1, 2, 2, 4) by score among the ranked units, as the engine ranks (9 decimals)."""
    ranked = [r for r in results if r.get("rank") is not None and r.get("score") is not None]
    ranked.sort(key=lambda r: -float(r["score"]))
    previous: float | None = None
    for position, r in enumerate(ranked, 1):
        score = round(float(r["score"]), 9)
        if previous is None or score != previous:
            rank = position
            previous = score
        r["rank"] = rank


def effective_results(run: EvaluationRun) -> list[dict[str, Any]]:
    """The run's results with accepted appeals applied: ranks recomputed, adjusted units marked.

    The latest accepted adjustment of a unit stands. Each adjusted unit gets ``adjusted`` (True),
    ``note`` (经申诉调整), ``adjustment_reason`` and ``original`` (score, rank, rating as run).
    A unit without a rank (disqualified, excluded) keeps none.
    """
    results = copy.deepcopy(list(run.results))
    adjustments: dict[str, RunAdjustment] = {}
    for adj in RunAdjustment.objects.filter(run=run).order_by("pk"):
        adjustments[adj.unit] = adj
    for r in results:
        r.setdefault("name", unit_name(run, r.get("unit", "")))
        adj = adjustments.get(r.get("unit"))
        r["adjusted"] = adj is not None
        if adj is None:
            continue
        r["original"] = {"score": r.get("score"), "rank": r.get("rank"), "rating": r.get("rating")}
        if adj.score is not None:
            r["score"] = adj.score
        if adj.rating:
            r["rating"] = adj.rating
        r["note"] = ADJUSTED
        r["adjustment_reason"] = adj.reason
    if adjustments:
        _rank(results)
    results.sort(key=lambda r: (r.get("rank") is None, r.get("rank") or 0, str(r["name"])))
    return results


def effective_result(run: EvaluationRun, unit: str) -> dict[str, Any] | None:
    return next((r for r in effective_results(run) if r.get("unit") == unit), None)
