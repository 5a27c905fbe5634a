"""Who changed what in the registry, and the API tokens that let other systems in."""

from __future__ import annotations

import datetime as dt
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
    "stage": "调整阶段",
    "attach": "上传附件",
    "detach": "删除附件",
    "remind": "催报",
    "alert_acknowledge": "确认预警",
    "alert_assign": "指派预警",
    "alert_comment": "预警备注",
    "alert_close": "关闭预警",
    "alert_reopen": "重新打开预警",
    "lock": "锁定账号",
    "unlock": "解锁账号",
    "area_rename": "区划调整：改名",
    "area_merge": "区划调整：合并",
    "area_move": "区划调整：改属",
    "area_apply": "区划调整生效",
    "confirm": "确认冻结",
    "appeal": "提出申诉",
    "appeal_reject": "驳回申诉",
    "appeal_accept": "采纳申诉",
    "adjust": "申诉调整结果",
    "compute": "计算支付清单",
    "approve": "审批",
}

# Keys the trail records that are not fields of the audited record: (label, model whose id the
# values hold, "date" for ISO dates, or "" for plain values). A label of None hides the key: an
# internal id with nothing a person could act on (the entry's text already names the record).
EXTRA_KEYS: dict[str, tuple[str | None, str]] = {
    "merged": ("合并", ""),
    "merged_id": (None, ""),
    "removal": (None, ""),
    "replaced": (None, ""),
    "targets": ("目标", ""),
    "restored": ("恢复指标", ""),
    "from": ("原合并于", ""),
    "reason": ("理由", ""),
    "since": ("起始日期", "date"),
    "previous": ("上一版本", "plans.plan"),
    "next_version": ("新版本", "plans.plan"),
    "matched_indicators": ("与上一版对应的指标数", ""),
    "enterprises_created": ("新增企业", ""),
    "enterprises_updated": ("更新企业", ""),
    "qualifications_created": ("新增资质", ""),
    "qualifications_updated": ("更新资质", ""),
    "stages_changed": ("阶段变更", ""),
    "rows": ("读取行数", ""),
    "period": ("月份", ""),
    "reminded": ("通知人数", ""),
    "effective_on": ("生效日期", "date"),
    "merged_into": ("并入", "tenancy.area"),
    "change_note": ("说明", ""),
    "scheduled": ("状态", ""),
    "units": ("参评单位数", ""),
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
        "tenancy.Area",
        verbose_name="地区",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        db_table = "registry_auditentry"  # kept from when areas lived in the registry app
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
    def object_label(self) -> str:
        """The record by name: as recorded, else its current name; never its model and id."""
        if self.object_repr:
            return self.object_repr
        model = self._model_class()
        if model is not None and self.object_id:
            return str(_name_of(model, self.object_id)) if self.object_id else ""
        return "—"

    @property
    def changes_labelled(self) -> list[tuple[str, object]]:
        """The changes as people read them: fields by their Chinese label, choices by their label,
        linked records by name rather than id; a field that stayed empty is left out, and so are
        internal ids (``EXTRA_KEYS``). A key nobody labelled is shown as 其他, never as a code."""
        model = self._model_class()
        fields: dict[str, models.Field] = {}
        if model is not None:
            for f in model._meta.concrete_fields:
                fields[f.name] = f
                fields[f.attname] = f
        rows = []
        for key, pair in (self.changes or {}).items():
            field = fields.get(key)
            if field is not None:
                label, related = str(field.verbose_name), ""
            elif key in EXTRA_KEYS:
                label, related = EXTRA_KEYS[key]
                if label is None:
                    continue
            else:
                label, related = (key if _is_chinese(key) else "其他"), ""
            if isinstance(pair, list | tuple) and len(pair) == 2:
                old, new = (_readable(field, v, related) for v in pair)
                if old in (None, "") and new in (None, ""):
                    continue
                pair = [old, new]
            else:
                pair = _readable(field, pair, related)
            rows.append((label, pair))
        return rows

    @property
    def changes_shown(self) -> list[tuple[str, str]]:
        """Each change as one line of text for the page: 「原值 → 新值」, or the value itself."""

        def text(value: object) -> str:
            return "—" if value in (None, "") else str(value)

        def line(label: str, pair: object) -> str:
            if not isinstance(pair, list):
                return text(pair)
            if pair[0] in (None, "") and (self.action == "create" or label in _EXTRA_LABELS):
                return text(pair[1])  # a new record, or a note such as 理由: the value, not "— → value"
            return f"{text(pair[0])} → {text(pair[1])}"

        return [(label, line(label, pair)) for label, pair in self.changes_labelled]


_EXTRA_LABELS = {label for label, _ in EXTRA_KEYS.values() if label} | {"责任单位"}


def _is_chinese(text: str) -> bool:
    """Whether a key was written as the label itself (责任单位, 进度阈值…), not as a code."""
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _name_of(model: type[models.Model], value: object) -> object:
    """A linked record by its name: a person by full name, anything else by its str()."""
    try:
        related = model._default_manager.filter(pk=value).first()
    except (ValueError, TypeError, ValidationError):
        related = None
        if any(f.name == "code" for f in model._meta.concrete_fields):  # recorded by code
            related = model._default_manager.filter(code=value).first()
        if related is None:
            return value
    if related is None:
        return "（已删除）"
    if hasattr(related, "get_full_name"):
        return related.get_full_name() or related.get_username()
    return str(related)


def _readable(field: models.Field | None, value: object, related: str = "") -> object:
    """A stored value as the page shows it: a choice's label, a linked record's name, 是/否,
    a list joined with 、."""
    if value in (None, ""):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(str(_readable(field, v, related)) for v in value)
    if field is not None and field.choices:
        return dict(field.flatchoices).get(value, value)
    if (
        isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)
    ) or related == "date":
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError:
            return value
        return f"{day.year}年{day.month}月{day.day}日"  # as every other date on the site
    if field is not None and field.is_relation and field.related_model is not None:
        return _name_of(field.related_model, value)
    if related:
        try:
            return _name_of(apps.get_model(related), value)
        except LookupError:
            return value
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
        db_table = "registry_apitoken"  # kept from when areas lived in the registry app
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"
