"""Monthly report pages (孵化动态月报)."""

from django.urls import path

from kechuang.collection import month_views, upload_views, views

app_name = "collection"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("completeness/", views.completeness, name="completeness"),
    path("completeness/remind/", views.chase, name="chase"),
    path("carriers/<int:carrier_id>/open/", views.open_report, name="open"),
    path("carriers/<int:carrier_id>/months/", month_views.carrier_months, name="months"),
    path("settings/<int:district_id>/", month_views.review_settings, name="settings"),
    path("reports/<int:pk>/attachments/", month_views.upload_attachment, name="attach"),
    path("attachments/<int:pk>/", month_views.download_attachment, name="attachment"),
    path("attachments/<int:pk>/delete/", month_views.delete_attachment, name="detach"),
    path("reports/<int:pk>/", views.report_detail, name="detail"),
    path("reports/<int:pk>/review/", views.review_report, name="review"),
    path("reports/<int:pk>/correct/", views.correct_report, name="correct"),
    path("reports/<int:pk>/template.xlsx", views.download_template, name="template"),
    path("reports/<int:pk>/upload/", upload_views.upload_template, name="upload"),
    path("reports/<int:pk>/upload/confirm/", upload_views.upload_confirm, name="upload_confirm"),
]
