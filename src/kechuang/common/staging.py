"""Uploaded files held between an import's preview and its confirmation.

Every import shows what it would do (rows to add, rows that change, rows unchanged)
and writes only when the uploader confirms. The file waits here, keyed by a random
token that is bound to the uploader and to what the import is for (``kind`` and
``scope``, e.g. ``observations`` and a plan id); it expires after ``PENDING_TTL``.
The digest of the preview that was shown travels with it, so the confirmation can
tell whether the data changed in between (then the new preview is shown instead).
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kechuang.common.models import PendingUpload

PENDING_TTL = dt.timedelta(hours=2)


class PendingUploadMissing(LookupError):
    """The token names no file waiting for this confirmation (expired, already used, or never made)."""

    def __init__(self) -> None:
        super().__init__("导入预览已过期或已确认过，请重新上传文件")


def stash_upload(*, user: object, kind: str, scope: str, filename: str, data: bytes, digest: str) -> str:
    """Keep ``data`` until the uploader confirms its preview; return the token the page posts back.

    Side effects: removes expired files (everyone's) and this person's earlier pending
    file for the same import, so at most one waits per person and target.
    """
    now = timezone.now()
    PendingUpload.objects.filter(expires_at__lte=now).delete()
    PendingUpload.objects.filter(user=user, kind=kind, scope=scope).delete()
    token = secrets.token_urlsafe(32)
    PendingUpload.objects.create(
        token=token,
        user=user,
        kind=kind,
        scope=scope,
        filename=filename[:255],
        data=bytes(data),
        digest=digest,
        expires_at=now + PENDING_TTL,
    )
    return token


def load_upload(*, user: object, kind: str, scope: str, token: str) -> PendingUpload:
    """The file waiting behind ``token`` for this person and target.

    Raises ``PermissionDenied`` when it was uploaded by someone else (a confirmation is
    the uploader's own), ``PendingUploadMissing`` when there is none or it expired.
    """
    pending = PendingUpload.objects.filter(token=str(token or "")[:64], kind=kind, scope=scope).first()
    if pending is None or pending.expires_at <= timezone.now():
        raise PendingUploadMissing()
    if pending.user_id != getattr(user, "pk", None):
        raise PermissionDenied("该导入由其他用户上传，只能由上传人确认")
    return pending


def refresh_digest(pending: PendingUpload, digest: str) -> None:
    """The preview shown again (the data changed since): the confirmation now means this one."""
    pending.digest = digest
    pending.save(update_fields=["digest"])


def discard_upload(pending: PendingUpload) -> None:
    """The import was confirmed (or cancelled): the file is not kept."""
    pending.delete()
