"""Who changed what in the registry, and the API tokens that let other systems in."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """One change to a registry record or a reviewed plan: who, when, what, old and new values."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.SET_NULL
    )
    user_name = models.CharField("操作人姓名", max_length=150)
    action = models.CharField("操作", max_length=20)
    model = models.CharField("对象类型", max_length=64)
    object_id = models.CharField("对象编号", max_length=64)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)
    # The area the record belongs to, so an administrator sees only their own district's trail.
    area = models.ForeignKey(
        "registry.Area",
        verbose_name="地区",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "变更记录"
        verbose_name_plural = "变更记录"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["model", "object_id"], name="audit_model_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_name} {self.action} {self.model}#{self.object_id}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """A bearer token for a park's own system; only its SHA-256 is stored, the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("名称", max_length=100)
    key_hash = models.CharField("令牌摘要", max_length=64, unique=True)
    prefix = models.CharField("令牌前缀", max_length=8, blank=True)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    last_used = models.DateTimeField("最近使用", null=True, blank=True)
    # Every token ends: a leaked one stops working by itself (``domain.tokens.issue_api_token``).
    expires = models.DateTimeField("到期时间")
    revoked = models.BooleanField("已吊销", default=False)  # also when its user's password changes

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"
