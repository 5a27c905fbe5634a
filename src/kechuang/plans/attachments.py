"""Evidence files filed with a task progress report, and who may download them.

A file is added together with the progress report it supports (by whoever may report on
the task); it is downloaded by those who may see the task, and 404 for anyone else.
"""

from __future__ import annotations

from django.db import transaction
from django.http import Http404

from kechuang.common.attachments import delete_stored, store_upload
from kechuang.common.users import display_name
from kechuang.plans.access import visible_tasks
from kechuang.plans.models import TaskUpdate, TaskUpdateAttachment


def add_task_attachment(update: TaskUpdate, upload: object, *, acting_user: object) -> TaskUpdateAttachment:
    """Check and store ``upload`` as evidence of ``update``; ``AttachmentRefused`` says why not.

    Callers have checked that the user may report on the task. Run it in the transaction
    that records the update, so a refused file leaves no update behind either.
    """
    stored = store_upload(upload)
    try:
        with transaction.atomic():
            return TaskUpdateAttachment.objects.create(
                update=update,
                original_name=stored.original_name,
                stored_name=stored.stored_name,
                kind=stored.kind,
                size=stored.size,
                sha256=stored.sha256,
                uploaded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
                uploaded_by_name=display_name(acting_user),
            )
    except BaseException:
        delete_stored(stored.stored_name)
        raise


def get_task_attachment_for_user(user: object, pk: int) -> TaskUpdateAttachment:
    """The attachment of a task the user may see, else 404."""
    attachment = (
        TaskUpdateAttachment.objects.select_related("update__task")
        .filter(pk=pk, update__task__in=visible_tasks(user).values("pk"))
        .first()
    )
    if attachment is None:
        raise Http404("附件不存在或无权访问")
    return attachment
