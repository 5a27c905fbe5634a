from django.contrib import admin

from kechuang.reports.models import ReportTemplate


@admin.register(ReportTemplate)
class ReportTemplateAdmin(admin.ModelAdmin):
    """Administrators replace a report's Word template here; the model's clean() checks the upload."""

    list_display = ("name", "kind", "active", "uploaded_at")
    list_filter = ("kind", "active")
