"""Who changed what in the registry, and the API tokens that let other systems in."""

from __future__ import annotations

import hashlib

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

# How the trail names each kind of change; an action not listed is shown as 其他操作, never as a code.
ACTION_LABELS = {
    "create": "新增",
    "update": "修改",
    "review": "审核修改",
    "merge": "合并指标",
    "unmerge": "撤销合并",
    "drop": "删除指标",
    "undrop": "撤销删除",
    "accept_task": "采纳建议任务",
    "import": "批量导入",
    "drop_out": "退出培育",
    "issue_token": "签发接口令牌",
    "revoke_token": "吊销接口令牌",
    "submit": "提交审核",
    "publish": "发布",
    "withdraw": "撤回",
    "revise": "中期调整",
    "supersede": "被新版本取代",
    "replace": "替换原草稿",
    "version": "作为新版本上传",
    "cancel_upload": "取消上传",
}


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
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_name} {self.action_label} {self.model_label} {self.object_repr}"

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, "其他操作")

    def _model_class(self) -> type[models.Model] | None:
        try:
            return apps.get_model(self.model)
        except (LookupError, ValueError):
            return None

    @property
    def model_label(self) -> str:
        """The record's kind as people say it (企业, 规划 …), from the model's Chinese verbose name."""
        model = self._model_class()
        return str(model._meta.verbose_name) if model is not None else "记录"

    @property
    def changes_labelled(self) -> list[tuple[str, object]]:
        """The changes as people read them: fields by their Chinese label, choices by their label,
        linked records by name rather than id; a field that stayed empty is left out."""
        model = self._model_class()
        fields = {}
        if model is not None:
            for f in model._meta.concrete_fields:
                fields[f.name] = f
                fields[f.attname] = f
        rows = []
        for key, pair in (self.changes or {}).items():
            field = fields.get(key)
            if isinstance(pair, list | tuple) and len(pair) == 2:
                old, new = (_readable(field, v) for v in pair)
                if old in (None, "") and new in (None, ""):
                    continue
                pair = [old, new]
            rows.append((str(field.verbose_name) if field is not None else key, pair))
        return rows


def _readable(field: models.Field | None, value: object) -> object:
    """A stored value as the page shows it: a choice's label, a linked record's name."""
    if field is None or value in (None, ""):
        return value
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation and field.related_model is not None:
        try:
            related = field.related_model._default_manager.filter(pk=value).first()
        except (ValueError, TypeError, ValidationError):
            return value  # recorded by code (a qualification type's code), already readable enough
        return str(related) if related is not None else "（已删除）"
    return value


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
