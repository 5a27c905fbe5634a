"""Which Word template a report kind uses, and whether an uploaded one can serve."""

from __future__ import annotations

from kechuang.reports.models import ReportTemplate
from kechuang.reports.render.docx import TEMPLATE_LIMIT, TemplateInvalid, validate_template


def check_template_file(file: object) -> str | None:
    """The Chinese reason a stored or uploaded file cannot be a report template, or None."""
    name = getattr(file, "name", "") or ""
    if not name.lower().endswith(".docx"):
        return "模板须为 Word 文档（.docx）；.doc 请先在 Word 或 WPS 中另存为 .docx"
    size = getattr(file, "size", None)
    if size is not None and size > TEMPLATE_LIMIT:
        return f"模板文件过大，上限为 {TEMPLATE_LIMIT // (1024 * 1024)} MB"
    try:
        file.seek(0)
        data = file.read()
        file.seek(0)
    except (OSError, ValueError):
        return "模板文件无法读取，请重新上传"
    try:
        validate_template(data)
    except TemplateInvalid as exc:
        return str(exc)
    return None


def template_for(kind: str) -> bytes | None:
    """The newest active template's bytes for ``kind``; None = the built-in look."""
    row = ReportTemplate.objects.filter(kind=kind, active=True).order_by("-uploaded_at", "-pk").first()
    if row is None:
        return None
    with row.file.open("rb") as fh:
        return fh.read()
