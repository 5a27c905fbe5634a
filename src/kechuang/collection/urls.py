"""Monthly report pages (孵化动态月报)."""

from django.urls import path

from kechuang.collection import upload_views, views

app_name = "collection"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("completeness/", views.completeness, name="completeness"),
    path("carriers/<int:carrier_id>/open/", views.open_report, name="open"),
    path("reports/<int:pk>/", views.report_detail, name="detail"),
    path("reports/<int:pk>/review/", views.review_report, name="review"),
    path("reports/<int:pk>/correct/", views.correct_report, name="correct"),
    path("reports/<int:pk>/template.xlsx", views.download_template, name="template"),
    path("reports/<int:pk>/upload/", upload_views.upload_template, name="upload"),
    path("reports/<int:pk>/upload/confirm/", upload_views.upload_confirm, name="upload_confirm"),
]
