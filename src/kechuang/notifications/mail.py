"""E-mail for notifications: queued as rows with the action, sent after it commits, retried until sent.

A send that fails keeps the row 待发送 with the error and a later ``next_try_at`` (5 minutes,
then doubling, at most 6 hours); after ``KECHUANG_EMAIL_MAX_ATTEMPTS`` it is 失败 and stays in the
admin's list (待发邮件) until someone sends it again. ``kechuang run-scheduled`` calls
``send_due`` every few minutes. A sender holds a row by moving its ``next_try_at`` ahead in one
conditional UPDATE before sending, so two senders at once never send the same mail twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from kechuang.notifications.enums import Status
from kechuang.notifications.models import Notification, OutgoingEmail

log = logging.getLogger(__name__)

HOLD = dt.timedelta(minutes=15)  # longer than any SMTP timeout: the row is this sender's meanwhile
FIRST_RETRY = dt.timedelta(minutes=5)
LONGEST_RETRY = dt.timedelta(hours=6)
SUBJECT_PREFIX = "【科创平台】"


def absolute(link: str) -> str:
    """A site path as the address a mail reader can open (``KECHUANG_SITE_URL``), else the path."""
    base = getattr(settings, "KECHUANG_SITE_URL", "").rstrip("/")
    return f"{base}{link}" if base and link.startswith("/") else link


def compose(note: Notification) -> tuple[str, str]:
    """Subject and plain-text body: the notification's own words and link, nothing more."""
    lines = [note.title, ""]
    if note.body:
        lines += [note.body, ""]
    if note.link:
        lines += [f"查看详情：{absolute(note.link)}", ""]
    lines += [
        "——",
        "本邮件由科创规划监测评估平台自动发送，请勿直接回复。",
        f"如不需要此类邮件，可在“通知设置”中关闭：{absolute('/notifications/settings/')}",
    ]
    return SUBJECT_PREFIX + note.title, "\n".join(lines)


def queue_email(note: Notification) -> OutgoingEmail:
    """A row for the notification's e-mail, in the caller's transaction."""
    subject, body = compose(note)
    return OutgoingEmail.objects.create(
        notification=note, to_address=note.recipient.email, subject=subject[:300], body=body
    )


_waiting = (
    threading.local()
)  # this thread's e-mails queued since the last send, and whether sending is deferred


def send_after_commit(ids: list[int]) -> None:
    """Try these e-mails once the action's transaction has committed (unless sending is left to the
    scheduled run: ``KECHUANG_EMAIL_IMMEDIATE=0``, or inside ``sending_deferred``). Errors are kept on
    the rows, never raised.

    One action may notify many people in many calls (催报 reaches every late carrier): the first
    callback after the commit sends everything this thread queued, over one connection, and the
    later ones find nothing left.
    """
    if (
        not ids
        or not getattr(settings, "KECHUANG_EMAIL_IMMEDIATE", True)
        or getattr(_waiting, "deferred", False)
    ):
        return
    if not hasattr(_waiting, "ids"):
        _waiting.ids = []
    _waiting.ids.extend(ids)
    transaction.on_commit(_send_waiting)


def _send_waiting() -> None:
    ids, _waiting.ids = getattr(_waiting, "ids", []), []
    if not ids:
        return
    try:
        send_due(ids=ids)
    except Exception:  # the action is saved; the scheduled run will try the mail again
        log.exception("通知邮件发送出错，将由定时任务重试")


@contextmanager
def sending_deferred() -> Iterator[None]:
    """Queue without sending: for the scheduled run, which sends everything due at its end."""
    _waiting.deferred = True
    try:
        yield
    finally:
        _waiting.deferred = False


def retry_delay(attempts: int) -> dt.timedelta:
    """How long to wait after the ``attempts``-th failure: 5, 10, 20 … minutes, at most 6 hours."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_RETRY)


@dataclass
class SendResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def _claim(pk: int, now: dt.datetime) -> bool:
    """Hold one due row for this sender; False if another sender has it or it is not due."""
    return bool(
        OutgoingEmail.objects.filter(pk=pk, status=Status.PENDING, next_try_at__lte=now).update(
            next_try_at=now + HOLD
        )
    )


def send_due(
    *, ids: Iterable[int] | None = None, now: dt.datetime | None = None, limit: int = 500
) -> SendResult:
    """Send the pending e-mails that are due (or those of ``ids`` among them), one SMTP connection.

    Side effects: each row ends 已发送, or 待发送 with ``last_error`` and a later ``next_try_at``,
    or 失败 after the last allowed attempt.
    """
    now = now or timezone.now()
    due = OutgoingEmail.objects.filter(status=Status.PENDING, next_try_at__lte=now)
    if ids is not None:
        due = due.filter(pk__in=list(ids))
    result = SendResult()
    candidates = list(due.order_by("next_try_at", "pk").values_list("pk", flat=True)[:limit])
    mine = [pk for pk in candidates if _claim(pk, now)]
    if not mine:
        return result
    max_attempts = int(getattr(settings, "KECHUANG_EMAIL_MAX_ATTEMPTS", 8))
    rows = list(OutgoingEmail.objects.filter(pk__in=mine).order_by("pk"))
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except Exception as exc:  # the server is unreachable: every row of the batch waits for the next try
        for row in rows:
            _failed(row, exc, max_attempts, result)
        return result
    try:
        for row in rows:
            message = EmailMessage(
                row.subject, row.body, settings.DEFAULT_FROM_EMAIL, [row.to_address], connection=connection
            )
            try:
                message.send(fail_silently=False)
            except Exception as exc:  # a refused address, a dropped connection: kept on the row
                _failed(row, exc, max_attempts, result)
            else:
                row.attempts += 1
                row.status = Status.SENT
                row.sent_at = timezone.now()
                row.last_error = ""
                row.save(update_fields=["attempts", "status", "last_error", "sent_at"])
                result.sent += 1
    finally:
        try:
            connection.close()
        except Exception:  # closing a broken connection may fail too; nothing is lost
            log.debug("关闭邮件连接出错", exc_info=True)
    return result


def _failed(row: OutgoingEmail, exc: Exception, max_attempts: int, result: SendResult) -> None:
    """Keep the error on the row for the administrator; wait longer each time, give up at the last try."""
    row.attempts += 1
    row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    if row.attempts >= max_attempts:
        row.status = Status.FAILED
        result.failed += 1
    else:
        row.next_try_at = timezone.now() + retry_delay(row.attempts)
        result.retrying += 1
    row.save(update_fields=["attempts", "status", "last_error", "next_try_at"])


def undelivered_count() -> int:
    """E-mails that failed at least once and are not sent yet: the administrator's to look at."""
    return OutgoingEmail.objects.exclude(status=Status.SENT).filter(attempts__gt=0).count()


def resend(rows: Iterable[OutgoingEmail]) -> int:
    """Put failed or waiting e-mails back in the queue for the next run (the admin's 重新发送)."""
    pks = [r.pk for r in rows]
    return (
        OutgoingEmail.objects.filter(pk__in=pks)
        .exclude(status=Status.SENT)
        .update(status=Status.PENDING, attempts=0, next_try_at=timezone.now())
    )
