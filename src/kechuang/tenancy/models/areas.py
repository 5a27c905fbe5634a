"""The area tree every figure belongs to, and who holds which role in it."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
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


def chinese_date(day: dt.date) -> str:
    """A date as every page writes it: 2026年1月1日."""
    return f"{day.year}年{day.month}月{day.day}日"


class AreaQuerySet(models.QuerySet):
    def in_use(self) -> AreaQuerySet:
        """Areas not merged away (区划调整): the ones offered for new plans, imports and changes."""
        return self.filter(ended_on__isnull=True)


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
    # Set when the area was merged into another (区划调整): its plans and figures stay with it,
    # it stays visible for history, but it is no longer offered for new records.
    ended_on = models.DateField("撤并日期", null=True, blank=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        db_table = "registry_area"  # kept from when areas lived in the registry app
        verbose_name = "地区"
        verbose_name_plural = "地区"
        ordering = ["code"]
        # The towns and parks of a scope, in order, read without scanning a nation's counties.
        indexes = [models.Index(fields=["kind", "code"], name="area_kind_code")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name as lists show it: a merged area says so (金山区（已撤并，2026年1月1日）)."""
        if self.ended_on is None:
            return self.name
        return f"{self.name}（已撤并，{chinese_date(self.ended_on)}）"

    def ancestors(self) -> list[Area]:
        """From the root down to the parent; used for breadcrumbs and scope checks."""
        chain: list[Area] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def district(self) -> Area | None:
        """The district this area lies in (itself if it is one); ``None`` above district level.

        Why: a district's science commission owns the records of its towns and parks, so
        rules that must not cross a district boundary (attaching tenants) ask here.
        """
        node: Area | None = self
        while node is not None:
            if node.kind == AreaKind.DISTRICT:
                return node
            node = node.parent
        return None

    def descendant_ids(self) -> list[int]:
        """This area and everything below it, for scoping queries to a liaison's area."""
        ids = [self.pk]
        frontier = [self.pk]
        while frontier:
            frontier = list(Area.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            ids.extend(frontier)
        return ids


class AreaChangeKind(models.TextChoices):
    RENAME = "rename", "改名"
    MERGE = "merge", "合并"
    MOVE = "move", "改属"


class AreaChange(models.Model):
    """One boundary change (区划调整) with the date it takes effect.

    Why: figures and plans stay with the area they were made for, so an area is never
    rewritten into another; history pages ask these rows what the area was called then.
    A change dated in the future waits (``applied_at`` empty) until ``kechuang run-scheduled``.
    """

    area = models.ForeignKey(
        Area, verbose_name="调整的地区", on_delete=models.PROTECT, related_name="changes"
    )
    kind = models.CharField("调整类型", max_length=8, choices=AreaChangeKind.choices)
    effective_on = models.DateField("生效日期")
    old_name = models.CharField("原名称", max_length=100)
    new_name = models.CharField("新名称", max_length=100, blank=True)
    old_parent = models.ForeignKey(
        Area, verbose_name="原上级", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    new_parent = models.ForeignKey(
        Area, verbose_name="新上级", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    merged_into = models.ForeignKey(
        Area, verbose_name="并入地区", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField("说明", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.SET_NULL
    )
    recorded_by_name = models.CharField("登记人姓名", max_length=150, blank=True)
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    applied_at = models.DateTimeField("执行时间", null=True, blank=True)

    class Meta:
        verbose_name = "区划调整"
        verbose_name_plural = "区划调整"
        ordering = ["effective_on", "pk"]
        indexes = [models.Index(fields=["applied_at", "effective_on"], name="areachange_due")]

    def __str__(self) -> str:
        return f"{chinese_date(self.effective_on)} {self.old_name}{self.get_kind_display()}"


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", "区级管理员"
    LIAISON = "liaison", "科技联络员"
    CARRIER_OPERATOR = "carrier_operator", "载体运营方"
    VIEWER = "viewer", "只读用户"


class Membership(TimeStamped):
    """A user's role in an area: what they may see and change is scoped by it."""

    user = models.ForeignKey(
        "auth.User", verbose_name="用户", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    area = models.ForeignKey(Area, verbose_name="地区", on_delete=models.CASCADE, related_name="memberships")
    carrier = models.ForeignKey(
        "registry.Carrier",
        verbose_name="载体",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
        help_text="仅载体运营方：其所运营的载体",
    )

    class Meta:
        db_table = "registry_membership"  # kept from when areas lived in the registry app
        verbose_name = "用户角色"
        verbose_name_plural = "用户角色"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "area"],
                condition=models.Q(carrier__isnull=True),
                name="membership_unique",
            ),
            models.UniqueConstraint(
                fields=["user", "carrier"],
                condition=models.Q(carrier__isnull=False),
                name="membership_carrier_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.area}"
