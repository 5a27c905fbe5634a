"""Report templates (the .docx an administrator uploads to give a report kind its look) and the
reports the office generated and keeps: the file as it was made, who asked, the figures used."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


def kind_choices() -> list[tuple[str, str]]:
    """The registered report kinds (``kinds.KINDS``), for the admin's choice list."""
    from kechuang.reports.kinds import load_kinds

    return [(k.code, k.label) for k in load_kinds().values()]


class ReportTemplate(models.Model):
    """A Word template for one report kind: its styles (标题 1–3, 正文), page setup and cover.

    The newest active template of a kind is used; without one the built-in look applies.
    A cover may carry the placeholders {{标题}} {{副标题}} {{发文单位}} {{日期}} {{提示}}.
    """

    kind = models.CharField("报告类型", max_length=32, choices=kind_choices)
    name = models.CharField("名称", max_length=100)
    file = models.FileField("Word 模板（.docx）", upload_to="report_templates/")
    active = models.BooleanField("启用", default=True)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "报告模板"
        verbose_name_plural = "报告模板"
        ordering = ("kind", "-uploaded_at")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from kechuang.reports.word_templates import check_template_file

        if self.file:
            message = check_template_file(self.file)
            if message:
                raise ValidationError({"file": message})


class ReportFormat(models.TextChoices):
    DOCX = "docx", "Word 文档"
    PDF = "pdf", "PDF 文件"
    XLSX = "xlsx", "Excel 表格"


class GeneratedReport(models.Model):
    """One generated report file. The file is kept unchanged, so it downloads later exactly as it
    was signed, and ``snapshot`` holds the tables it was made from (what figures it used)."""

    kind = models.CharField("报告类型", max_length=20)
    kind_label = models.CharField("报告类型名称", max_length=60)
    title = models.CharField("标题", max_length=300)
    params = models.JSONField("生成参数", default=dict)
    fmt = models.CharField("格式", max_length=8, choices=ReportFormat.choices)
    as_of = models.DateField("数据截至")
    # The area the report is about, so a user sees the reports of the areas they may see.
    area = models.ForeignKey("tenancy.Area", verbose_name="地区", on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(
        "plans.Plan", verbose_name="规划", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="生成人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_by_name = models.CharField("生成人姓名", max_length=150, blank=True)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    file_name = models.CharField("文件名", max_length=200)
    stored_name = models.CharField("存储名", max_length=60, unique=True, editable=False)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("校验值", max_length=64, editable=False)
    simulated = models.BooleanField("含模拟数据", default=False)
    snapshot = models.JSONField("所用数据", default=dict, blank=True)

    class Meta:
        verbose_name = "已生成的报告"
        verbose_name_plural = "已生成的报告"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_fmt_display()}）"
