"""Values the evaluator enters by hand, with their evidence (issue 15: "a value entered by the evaluator
with evidence"): safety incidents, false reporting, a plot's energy use — figures no report or registry holds.

One row per (district, scheme name, year, unit, indicator): a scheme's new version keeps the values
entered for the old one, since the name stays. Every change is audited (collect.py / entries.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kechuang.common.models import StoredFile, TimeStamped
from kechuang.tenancy.models.areas import Area


class EnteredValue(TimeStamped):
    """One figure an evaluator typed for one unit, with a note saying what it rests on."""

    area = models.ForeignKey(Area, verbose_name="所属地区", on_delete=models.PROTECT, related_name="+")
    scheme_name = models.CharField("方案名称", max_length=200)
    year = models.PositiveIntegerField("评价年度")
    unit_key = models.CharField("参评单位", max_length=40)
    unit_name = models.CharField("参评单位名称", max_length=200, blank=True)
    code = models.CharField("指标代码", max_length=64)
    value = models.FloatField("数值")
    evidence_note = models.TextField("依据说明")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "评价录入值"
        verbose_name_plural = "评价录入值"
        ordering = ["area__code", "scheme_name", "-year", "unit_key", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "scheme_name", "year", "unit_key", "code"],
                name="evaluation_entered_value_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_name or self.unit_key} {self.year} 年录入值"


class EvidenceFile(StoredFile):
    """A supporting file of an entered value (a PDF, an image or a workbook), stored like every attachment."""

    entered_value = models.ForeignKey(
        EnteredValue, verbose_name="录入值", on_delete=models.CASCADE, related_name="evidence_files"
    )

    class Meta:
        verbose_name = "评价依据文件"
        verbose_name_plural = "评价依据文件"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
