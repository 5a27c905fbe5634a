"""Shared model mixins."""

from django.conf import settings
from django.db import models


class TimeStamped(models.Model):
    """Creation and modification times, kept on every record people edit."""

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class DemoRecord(models.Model):
    """A record the demo loader created: the demo touches these and nothing else.

    Why: `kechuang demo` may run again on a database people have used; it adds
    simulated figures only to plans it loaded itself and never changes a plan,
    carrier, enterprise or account someone else created, even one of the same name.
    Generic (content type and id) so that shared plumbing names no domain app.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name="数据类型", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField("数据编号")
    source = models.CharField("演示来源", max_length=200, blank=True)
    digest = models.CharField("来源文件摘要", max_length=64, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "演示数据记录"
        verbose_name_plural = "演示数据记录"
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="demo_record_unique_object")
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id}"


class StoredFile(models.Model):
    """An attachment's facts (``kechuang.common.attachments``): the file itself lies under the data folder.

    Why abstract: each app links its attachments to its own records (a monthly report,
    a task update) and checks access through its own rules, while the storage and its
    checks stay one.
    """

    original_name = models.CharField("文件名", max_length=120)
    stored_name = models.CharField("存储名", max_length=40, unique=True, editable=False)
    kind = models.CharField(
        "类型",
        max_length=8,
        choices=[("pdf", "PDF 文件"), ("png", "PNG 图片"), ("jpeg", "JPEG 图片"), ("xlsx", "Excel 表格")],
    )
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("校验值", max_length=64, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_by_name = models.CharField("上传人姓名", max_length=150, blank=True)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    @property
    def size_label(self) -> str:
        from kechuang.common.uploads import size_label

        return size_label(self.size)


class PendingUpload(models.Model):
    """An uploaded file held between its preview and the uploader's confirmation (``common.staging``).

    Why: an import writes only what the person saw in its preview and confirmed; the
    file stays on the server in between (never sent back through the browser), bound
    to the person who uploaded it and to what it imports into, and expires.
    """

    token = models.CharField("凭据", max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("导入类型", max_length=32)
    scope = models.CharField("导入对象", max_length=64, blank=True)
    filename = models.CharField("文件名", max_length=255, blank=True)
    data = models.BinaryField("文件内容")
    digest = models.CharField("预览摘要", max_length=64)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    expires_at = models.DateTimeField("过期时间")

    class Meta:
        verbose_name = "待确认的导入"
        verbose_name_plural = "待确认的导入"

    def __str__(self) -> str:
        return self.filename or self.kind
