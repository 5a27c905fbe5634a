"""A district's review settings: whether liaisons review their town's reports, the large-change threshold."""

from __future__ import annotations

from django.db import transaction

from kechuang.collection.models import ReviewSettings
from kechuang.tenancy.domain.audit import record_audit
from kechuang.tenancy.models import Area


def settings_for(district: Area) -> ReviewSettings:
    """The district's settings, or the defaults (unsaved) when it never changed them."""
    return ReviewSettings.objects.filter(district=district).first() or ReviewSettings(district=district)


@transaction.atomic
def save_review_settings(
    district: Area, *, liaison_review: bool, change_threshold: int, acting_user: object
) -> dict[str, list[object]]:
    """Store the district's settings; returns what changed (field label → [old, new]).

    Side effects: writes ``ReviewSettings`` and one audit entry naming each change in
    Chinese; nothing when nothing changed. Callers have checked the user administers
    the district.
    """
    row = ReviewSettings.objects.select_for_update().filter(district=district).first()
    old = row or ReviewSettings(district=district)
    changes: dict[str, list[object]] = {}
    if old.liaison_review != liaison_review:
        label = str(ReviewSettings._meta.get_field("liaison_review").verbose_name)
        changes[label] = ["开启" if old.liaison_review else "关闭", "开启" if liaison_review else "关闭"]
    if old.change_threshold != change_threshold:
        label = str(ReviewSettings._meta.get_field("change_threshold").verbose_name)
        changes[label] = [f"{old.change_threshold}%", f"{change_threshold}%"]
    if not changes:
        return {}
    row = old
    row.liaison_review = liaison_review
    row.change_threshold = change_threshold
    row.full_clean()
    row.save()
    record_audit(
        acting_user=acting_user,
        action="update",
        obj=row,
        object_repr=f"{district.name}月报审核设置",
        changes=changes,
        area=district,
    )
    return changes
