"""The area tree every figure belongs to."""

from __future__ import annotations

from django.db import models

from kechuang.common.models import TimeStamped


class AreaKind(models.TextChoices):
    COUNTRY = "country", "国家"
    PROVINCE = "province", "省级"
    CITY = "city", "市"
    DISTRICT = "district", "区县"
    TOWN = "town", "街镇"
    PARK = "park", "园区"
    SUBPARK = "subpark", "分园"


class Area(TimeStamped):
    """A city, district, town, park or sub-park: the unit plans and figures belong to."""

    code = models.CharField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=16, choices=AreaKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级地区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = "地区"
        verbose_name_plural = "地区"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list[Area]:
        """From the root down to the parent; used for breadcrumbs and scope checks."""
        chain: list[Area] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def descendant_ids(self) -> list[int]:
        """This area and everything below it, for scoping queries to a liaison's area."""
        ids = [self.pk]
        frontier = [self.pk]
        while frontier:
            frontier = list(Area.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            ids.extend(frontier)
        return ids
