"""Report templates: the .docx an administrator uploads to give a report kind its look."""

from __future__ import annotations

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
        from kechuang.reports.templates import check_template_file

        if self.file:
            message = check_template_file(self.file)
            if message:
                raise ValidationError({"file": message})
