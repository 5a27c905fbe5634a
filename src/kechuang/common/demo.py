"""Which records the demo created (``DemoRecord``): the demo loaders touch only these."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models

from kechuang.common.models import DemoRecord


def mark_demo(obj: models.Model, *, source: str = "", digest: str = "") -> None:
    """Record that the demo created ``obj`` (``source``: e.g. the shipped document it came from)."""
    DemoRecord.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=obj.pk,
        defaults={"source": source, "digest": digest},
    )


def is_demo(obj: models.Model) -> bool:
    """True when the demo created ``obj``; a record someone else created is never the demo's."""
    return DemoRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True), object_id=obj.pk
    ).exists()


def demo_ids(model: type[models.Model]) -> set[int]:
    """The ids of the ``model`` rows the demo created."""
    ct = ContentType.objects.get_for_model(model, for_concrete_model=True)
    return set(DemoRecord.objects.filter(content_type=ct).values_list("object_id", flat=True))
