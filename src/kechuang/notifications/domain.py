"""``notify``: the one way any app tells people something; and the inbox's reads and marks.

Why one function: the inbox row and the queued e-mail are written in the caller's transaction,
so a notification exists exactly when the action that caused it was saved, and a mail server
that is down delays the e-mail (``mail.send_due``) but never undoes or blocks the action.
Callers choose the recipients (each app knows who may see its records) and write title and
body with nothing a recipient may not see.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from kechuang.common.rows import fetch_prepared, grand_total
from kechuang.notifications.enums import KIND_INFO, Kind
from kechuang.notifications.models import EmailPreference, Notification
from kechuang.notifications.recipients import active_users


def notify(
    users: Iterable[object],
    kind: str,
    title: str,
    body: str = "",
    link: str = "",
    dedupe_key: str | None = None,
    *,
    exclude: object | None = None,
) -> list[Notification]:
    """Put a notification in each user's inbox and queue its e-mail where the user wants e-mail.

    ``users``: users or user ids (inactive accounts are skipped, each person once); ``exclude``:
    the person who acted, who need not be told what they just did. ``link``: a path on this site.
    ``dedupe_key``: a scheduled reminder's identity; a user who already has a notification with
    that key gets nothing, so a job run twice (or twice at once) reminds once.
    Returns the notifications created. Side effects: ``Notification`` and ``OutgoingEmail`` rows;
    the e-mail is sent after the caller's transaction commits (``mail.send_after_commit``).
    """
    from kechuang.notifications import mail

    kind = Kind(kind)
    skip = getattr(exclude, "pk", exclude)
    people = [u for u in active_users(users) if u.pk != skip]
    if dedupe_key:
        have = set(
            Notification.objects.filter(recipient__in=people, dedupe_key=dedupe_key).values_list(
                "recipient_id", flat=True
            )
        )
        people = [u for u in people if u.pk not in have]
    if not people:
        return []
    wanted = email_kinds_for(people, kind)
    created: list[Notification] = []
    for user in people:
        note = Notification(
            recipient=user,
            kind=kind,
            title=title[:200],
            body=body,
            link=link[:300],
            dedupe_key=dedupe_key or "",
        )
        if dedupe_key:
            try:
                with transaction.atomic():  # a concurrent run may have just written the same reminder
                    note.save()
            except IntegrityError:
                continue
        else:
            note.save()
        created.append(note)
    queued = [mail.queue_email(n) for n in created if n.recipient_id in wanted and n.recipient.email]
    mail.send_after_commit([e.pk for e in queued])
    return created


def email_kinds_for(users: list[object], kind: str) -> set[int]:
    """The ids of ``users`` who want ``kind`` by e-mail: their own choice, else the kind's default."""
    chosen = dict(EmailPreference.objects.filter(user__in=users, kind=kind).values_list("user_id", "enabled"))
    default = KIND_INFO[kind].email
    return {u.pk for u in users if chosen.get(u.pk, default)}


def email_preferences(user: object) -> dict[str, bool]:
    """Each kind → whether ``user`` receives it by e-mail (for the settings page)."""
    chosen = dict(EmailPreference.objects.filter(user=user).values_list("kind", "enabled"))
    return {kind: chosen.get(kind, info.email) for kind, info in KIND_INFO.items()}


@transaction.atomic
def set_email_preferences(user: object, choices: dict[str, bool]) -> None:
    """Store the user's choice for each kind given; kinds not given keep their setting."""
    for kind, enabled in choices.items():
        EmailPreference.objects.update_or_create(
            user=user, kind=Kind(kind), defaults={"enabled": bool(enabled)}
        )


def inbox(user: object) -> QuerySet[Notification]:
    """The user's own notifications, newest first; nobody reads another's."""
    return Notification.objects.filter(recipient=user)


def unread_count(user: object) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    # On every page (the header's count): compiled once per user and process (`fetch_prepared`).
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    rows = fetch_prepared(("unread", user.pk), lambda: grand_total(unread, n=Count("*")))
    return rows[0][0] if rows else 0


def mark_read(user: object, pk: int) -> Notification | None:
    """Mark one of the user's notifications read; ``None`` if it is not theirs (or not there)."""
    note = inbox(user).filter(pk=pk).first()
    if note is not None and note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    return note


def mark_all_read(user: object) -> int:
    """Mark every unread notification of the user read; returns how many."""
    return inbox(user).filter(read_at__isnull=True).update(read_at=timezone.now())


def users_by_id(ids: Iterable[int]) -> list[object]:
    return list(get_user_model().objects.filter(pk__in=set(ids), is_active=True))
