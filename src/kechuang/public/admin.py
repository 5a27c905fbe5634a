from django.contrib import admin

from kechuang.public.models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ("plan", "created", "state", "answer_public")
    list_filter = ("state", "answer_public")
    search_fields = ("message", "answer", "plan__title")
    raw_id_fields = ("plan", "answered_by")
    readonly_fields = ("created", "answered_at")
