"""The area tree every figure belongs to, and who holds which role in it."""

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
        db_table = "registry_area"  # kept from when areas lived in the registry app
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
